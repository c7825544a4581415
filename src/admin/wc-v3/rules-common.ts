import { parseMajor, toMajorString } from '../../commerce/money.ts';
import { CocartError } from '../../errors.ts';
import type { Runtime } from '../../runtime.ts';
import { invalidParam } from '../../catalog/admin/input.ts';

/**
 * What the pricing-rule routes (coupons, taxes, shipping zones, fee rules) share beyond the catalogue
 * routes' helpers in context.ts, access.ts and batch.ts, which they use as they are.
 */


/** The tax class as the wire names it: our '' class is WooCommerce's "standard". */
export const wireClass = (slug: string): string => (slug === '' ? 'standard' : slug);

/** A `class` / `tax_class` from the wire: "standard" or '' for the standard class, else an existing slug. */
export function taxClassFromWire(runtime: Runtime, name: string, value: string): string {
  const slug = value.trim().toLowerCase();
  if (slug === '' || slug === 'standard') return '';
  const known = runtime.rules.current(runtime.settings.get().store.num_decimals).taxClasses.map((c) => c.slug);
  if (!known.includes(slug)) throw invalidParam(name, `${name} is not one of ${['standard', ...known].join(', ')}.`);
  return slug;
}

/**
 * A percentage from the wire ("12.5"): a non-negative decimal of at most 4 places, at most `max`;
 * returned as its shortest decimal text ("12.5"), a 400 naming the field otherwise.
 */
export function parsePercent(name: string, value: string | number, max: number): string {
  const text = String(value).trim();
  const tenThousandths = /^\d*(\.\d{0,4})?$/.test(text) ? parseMajor(text, 4) : null;
  if (tenThousandths === null || tenThousandths < 0) throw invalidParam(name, `${name} is not a valid percentage (up to 4 decimals).`);
  if (tenThousandths > max * 10_000) throw invalidParam(name, `${name} must be at most ${max}.`);
  return toMajorString(tenThousandths, 4).replace(/\.?0+$/, '') || '0';
}

/** A non-negative money amount from the wire in major units ("5.00"), in minor units; a 400 naming the field otherwise. */
export function parseAmount(name: string, value: string | number, decimals: number): number {
  const minor = parseMajor(typeof value === 'number' ? value : value.trim(), decimals);
  if (minor === null || minor < 0) throw invalidParam(name, `${name} is not a valid amount.`);
  return minor;
}

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

/** `Resource does not support trashing` in the wording each WooCommerce controller uses. */
export function trashNotSupported(code: string, message: string): CocartError {
  return new CocartError(code, 'not_implemented', message);
}
