/** How the wc/v3 lists (and the cartwright/v1 ones built like them) page and order what they found. */

/** WordPress's collection paging: `offset` wins over `page`. */
export function pageOf<T>(items: readonly T[], args: { page: number; per_page: number; offset?: number }): T[] {
  const offset = args.offset ?? (args.page - 1) * args.per_page;
  return items.slice(offset, offset + args.per_page);
}

/** Compares two sort keys: numbers numerically, text by code point (as MySQL's binary order would not, but stably). */
export function compareKeys(x: string | number, y: string | number): number {
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return String(x).localeCompare(String(y));
}
