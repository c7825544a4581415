import { PhpObject, type PhpValue } from '../../../src/sessions/legacy/php-unserialize.ts';

/**
 * A small PHP `serialize` for tests: what WordPress writes, lengths in UTF-8 bytes. JS arrays are PHP
 * lists, plain objects and Maps are PHP arrays, integers are `i:`, other numbers and `float(n)` are `d:`.
 */

export class PhpFloat {
  constructor(readonly value: number) {}
}
export const float = (n: number) => new PhpFloat(n);

export type Serializable = PhpValue | PhpFloat | undefined | Serializable[] | { [key: string]: Serializable } | Map<string | number, Serializable>;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function floatText(n: number): string {
  if (Number.isNaN(n)) return 'NAN';
  if (n === Infinity) return 'INF';
  if (n === -Infinity) return '-INF';
  // PHP writes 1.0E+25 where JS writes 1e+25; both read back the same.
  return String(n).replace(/e([+-])/, '.0E$1').replace(/^(-?\d+)\.(\d+)\.0E/, '$1.$2E');
}

function key(k: string | number): string {
  if (typeof k === 'number' || /^(0|-?[1-9]\d*)$/.test(k)) return `i:${k};`;
  return `s:${bytes(k)}:"${k}";`;
}

function entries(list: Iterable<[string | number, Serializable]>): string {
  let out = '';
  let n = 0;
  for (const [k, v] of list) {
    out += key(k) + serialize(v);
    n++;
  }
  return `${n}:{${out}}`;
}

export function serialize(value: Serializable): string {
  if (value === null || value === undefined) return 'N;';
  if (typeof value === 'boolean') return `b:${value ? 1 : 0};`;
  if (typeof value === 'bigint') return `i:${value};`;
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? `i:${value};` : `d:${floatText(value)};`;
  if (value instanceof PhpFloat) return `d:${floatText(value.value)};`;
  if (typeof value === 'string') return `s:${bytes(value)}:"${value}";`;
  if (value instanceof PhpObject) {
    if (value.custom !== null) return `C:${bytes(value.className)}:"${value.className}":${bytes(value.custom)}:{${value.custom}}`;
    return `O:${bytes(value.className)}:"${value.className}":${entries(value.properties as Map<string | number, Serializable>)}`;
  }
  if (Array.isArray(value)) return `a:${entries(value.map((v, i) => [i, v] as [number, Serializable]))}`;
  if (value instanceof Map) return `a:${entries(value)}`;
  return `a:${entries(Object.entries(value))}`;
}
