import { useLocation } from 'preact-iso';

/**
 * A list screen's page, search, filters and order live in the address (`?page=2&search=…`), so the
 * back button, a reload and a shared link all show the same list.
 */
export function useQueryState<K extends string>(defaults: Record<K, string>): [Record<K, string>, (changes: Partial<Record<K, string>>) => void] {
  const { path, query, route } = useLocation();
  const values = { ...defaults } as Record<K, string>;
  for (const key of Object.keys(defaults) as K[]) if (query[key] !== undefined) values[key] = query[key];
  const update = (changes: Partial<Record<K, string>>) => {
    const next = { ...values, ...changes };
    // A new filter or search starts again at the first page.
    if (!('page' in changes) && 'page' in next) (next as Record<string, string>).page = '1';
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(next) as [K, string][]) if (v !== '' && v !== defaults[k]) params.set(k, v);
    const qs = params.toString();
    route(`${path}${qs ? `?${qs}` : ''}`);
  };
  return [values, update];
}
