import { invalidParam } from '../../catalog/admin/input.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { parseMajor, toMajorString } from '../../commerce/money.ts';
import type { Rules } from '../rules.ts';

/** What the pricing rules' administration services share: where they write, and how they read values. */

export interface RulesStore {
  database: DatabaseHandle;
  rules: Rules;
}

/** A `class` / `tax_class` from the wire: "standard" or '' for the standard class, else an existing slug. */
export function taxClassFromWire(rules: Rules, decimals: number, name: string, value: string): string {
  const slug = value.trim().toLowerCase();
  if (slug === '' || slug === 'standard') return '';
  const known = rules.current(decimals).taxClasses.map((c) => c.slug);
  if (!known.includes(slug)) throw invalidParam(name, `${name} is not one of ${['standard', ...known].join(', ')}.`);
  return slug;
}

/**
 * A percentage from the wire ("12.5"): a non-negative decimal of at most 4 places, at most `max`;
 * returned as its shortest decimal text ("12.5"), refused naming the field otherwise.
 */
export function parsePercent(name: string, value: string | number, max: number): string {
  const text = String(value).trim();
  const tenThousandths = /^\d*(\.\d{0,4})?$/.test(text) ? parseMajor(text, 4) : null;
  if (tenThousandths === null || tenThousandths < 0) throw invalidParam(name, `${name} is not a valid percentage (up to 4 decimals).`);
  if (tenThousandths > max * 10_000) throw invalidParam(name, `${name} must be at most ${max}.`);
  return toMajorString(tenThousandths, 4).replace(/\.?0+$/, '') || '0';
}

/** A non-negative money amount from the wire in major units ("5.00"), in minor units; refused naming the field otherwise. */
export function parseAmount(name: string, value: string | number, decimals: number): number {
  const minor = parseMajor(typeof value === 'number' ? value : value.trim(), decimals);
  if (minor === null || minor < 0) throw invalidParam(name, `${name} is not a valid amount.`);
  return minor;
}

/** An amount that is a percentage for percent rules and money in the store's decimals otherwise, as stored. */
export function ruleAmount(percent: boolean, value: string | number, decimals: number): string {
  return percent ? parsePercent('amount', value, 100) : toMajorString(parseAmount('amount', value, decimals), decimals);
}
