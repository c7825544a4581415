import { useMemo } from 'preact/hooks';
import { api } from '../api.ts';
import { countryName, locale, t } from '../i18n.ts';
import type { FieldControl } from './field.tsx';
import { SearchableSelect, type SelectOption } from './searchable-select.tsx';
import { useResource } from './use-resource.ts';

/**
 * Country, state, currency and time zone as searchable selects, fed by the server's own lists
 * (`wc/v3/data/countries` and `…/currencies`: what the store checks addresses and prices against), each
 * loaded once per page and named in the page's language where the browser knows the name. Time zones
 * are the IANA names the server's Intl works with, which the browser's Intl lists too.
 */

export interface Country {
  code: string;
  name: string;
  states: { code: string; name: string }[];
}

export interface Currency {
  code: string;
  name: string;
  symbol: string;
}

// Loaded once, whoever asks first; a failure is forgotten so that the next screen asks again.
const cache = new Map<string, Promise<unknown>>();
function once<T>(path: string): Promise<T> {
  let p = cache.get(path) as Promise<T> | undefined;
  if (!p) {
    p = api<T>(path);
    cache.set(path, p);
    p.catch(() => cache.delete(path));
  }
  return p;
}

export function useCountries() {
  return useResource(() => once<Country[]>('/wc/v3/data/countries'), []);
}

export function useCurrencies() {
  return useResource(() => once<Currency[]>('/wc/v3/data/currencies'), []);
}

interface ListSelectProps extends FieldControl {
  value: string;
  onChange: (value: string) => void;
  /** Shown for the empty value, which may then be chosen. */
  emptyLabel?: string;
  disabled?: boolean;
}

const byLabel = (a: SelectOption, b: SelectOption) => a.label.localeCompare(b.label, locale());

export function CountrySelect(props: ListSelectProps) {
  const countries = useCountries();
  const options = useMemo(
    () => (countries.data ?? []).map((c) => ({ value: c.code, label: countryName(c.code) || c.name, keywords: c.name })).sort(byLabel),
    [countries.data, locale()],
  );
  return <SearchableSelect {...props} options={options} />;
}

/**
 * The state of `country`: chosen from its list where the store knows its states, else typed (as
 * WooCommerce asks for a county or region it has no list of).
 */
export function StateSelect(props: ListSelectProps & { country: string }) {
  const countries = useCountries();
  const states = countries.data?.find((c) => c.code === props.country)?.states ?? [];
  const options = useMemo(() => states.map((s) => ({ value: s.code, label: s.name })), [states]);
  const { country: _country, onChange, emptyLabel: _empty, ...control } = props;
  if (!states.length) return <input {...control} value={props.value} autocomplete="address-level1" onInput={(e) => onChange(e.currentTarget.value)} />;
  return <SearchableSelect {...control} onChange={onChange} emptyLabel={props.emptyLabel} options={options} />;
}

export function CurrencySelect(props: ListSelectProps) {
  const currencies = useCurrencies();
  const options = useMemo(() => {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames([locale()], { type: 'currency' });
    } catch {
      names = null;
    }
    return (currencies.data ?? []).map((c) => ({ value: c.code, label: t('%1$s (%2$s)', names?.of(c.code) ?? c.name, c.symbol === c.code ? c.code : `${c.symbol}, ${c.code}`), keywords: c.name })).sort(byLabel);
  }, [currencies.data, locale()]);
  return <SearchableSelect {...props} options={options} />;
}

/** Every IANA time zone the browser knows (the server's Intl knows the same), with UTC. */
export function TimeZoneSelect(props: ListSelectProps) {
  const options = useMemo(() => {
    const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    return ['UTC', ...zones.filter((z) => z !== 'UTC')].map((z) => ({ value: z, label: z.replace(/_/g, ' ') }));
  }, []);
  return <SearchableSelect {...props} options={options} />;
}
