import { normalizePostcode, postcodeMatches } from './postcode.ts';
import type { Location, TaxRate } from './types.ts';

/**
 * WooCommerce's tax arithmetic (WC_Tax): which rates apply to a location and tax class, and how much
 * tax a price carries. Amounts are minor units; taxes come back unrounded, per rate, so the caller
 * rounds per line or once at the subtotal as the store says.
 */

function rateMatches(rate: TaxRate, loc: Location, taxClass: string): boolean {
  if (rate.taxClass !== taxClass) return false;
  if (rate.country && rate.country !== loc.country.toUpperCase()) return false;
  if (rate.state && rate.state.toUpperCase() !== loc.state.toUpperCase()) return false;
  if (rate.postcodes.length && !rate.postcodes.some((p) => postcodeMatches(normalizePostcode(loc.postcode), p))) return false;
  if (rate.cities.length && !rate.cities.some((c) => c.trim().toUpperCase() === loc.city.trim().toUpperCase())) return false;
  return true;
}

/**
 * WC_Tax::find_rates: rates of the class that match the location, ordered by priority then order,
 * keeping only the first match of each priority (WooCommerce applies one rate per priority).
 */
export function findRates(rates: readonly TaxRate[], loc: Location, taxClass: string, forShipping = false): TaxRate[] {
  const matched = rates
    .filter((r) => rateMatches(r, loc, taxClass))
    .sort((a, b) => a.priority - b.priority || a.order - b.order || a.id - b.id);
  const seen = new Set<number>();
  const out: TaxRate[] = [];
  for (const r of matched) {
    if (seen.has(r.priority)) continue;
    seen.add(r.priority);
    if (!forShipping || r.shipping) out.push(r);
  }
  return out;
}

/**
 * WC_Tax::get_shipping_tax_rates: the shipping tax class is fixed, or with `inherit` taken from the
 * cart's items — the standard class when any item has it, else the first of the store's additional
 * classes that an item has. Falls back to the standard rates when that finds none.
 */
export function shippingTaxRates(
  rates: readonly TaxRate[],
  loc: Location,
  shippingTaxClass: string,
  itemClasses: readonly string[],
  classOrder: readonly string[],
): TaxRate[] {
  let found: TaxRate[] = [];
  if (shippingTaxClass !== 'inherit') {
    found = findRates(rates, loc, shippingTaxClass === 'standard' ? '' : shippingTaxClass, true);
  } else {
    const classes = [...new Set(itemClasses)];
    if (!classes.length) return [];
    if (classes.length === 1) found = findRates(rates, loc, classes[0], true);
    else if (!classes.includes('')) {
      const first = classOrder.find((c) => classes.includes(c));
      if (first !== undefined) found = findRates(rates, loc, first, true);
    }
  }
  return found.length ? found : findRates(rates, loc, '', true);
}

/** WC_Tax::calc_tax: the tax per rate id in `price`, which includes tax (`inclusive`) or not. */
export function calcTax(price: number, rates: readonly TaxRate[], inclusive: boolean): Map<number, number> {
  const taxes = new Map<number, number>();
  for (const r of rates) taxes.set(r.id, 0);
  if (!rates.length || price === 0) return taxes;
  if (inclusive) {
    // Compound rates come off first, working backwards; then the regular rates share what is left.
    let nonCompound = price;
    for (const r of [...rates].reverse()) {
      if (!r.compound) continue;
      const tax = nonCompound - nonCompound / (1 + r.rate / 100);
      taxes.set(r.id, tax);
      nonCompound -= tax;
    }
    const regular = rates.filter((r) => !r.compound);
    const regularRate = 1 + regular.reduce((s, r) => s + r.rate, 0) / 100;
    for (const r of regular) taxes.set(r.id, (r.rate / 100 / regularRate) * nonCompound);
    return taxes;
  }
  let preCompound = 0;
  for (const r of rates) {
    if (r.compound) continue;
    const tax = (price * r.rate) / 100;
    taxes.set(r.id, tax);
    preCompound += tax;
  }
  for (const r of rates) {
    if (!r.compound) continue;
    const tax = ((price + preCompound) * r.rate) / 100;
    taxes.set(r.id, tax);
    preCompound += tax;
  }
  return taxes;
}

/** Half away from zero, as PHP's round(); the nudge keeps 12.5 from landing on 12.4999999. */
export function roundHalfUp(x: number): number {
  const r = Math.floor(Math.abs(x) + 0.5 + 1e-9);
  return x < 0 ? -r : r;
}

export function sumTaxes(taxes: Map<number, number>): number {
  let s = 0;
  for (const v of taxes.values()) s += v;
  return s;
}
