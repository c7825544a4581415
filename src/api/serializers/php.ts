/**
 * PHP's json_encode writes an empty associative array as `[]`. CoCart clients are written against
 * that, so maps that can be empty go through here.
 */
export function emptyMap<T extends object>(map: T): T | unknown[] {
  for (const _ in map) return map;
  return [];
}
