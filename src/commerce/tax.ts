import { roundHalfDown, roundHalfUp } from './money.ts';
import { normalizePostcode, postcodeMatches } from './postcode.ts';
import type { Location, TaxRate } from './types.ts';

/**
 * WooCommerce's tax arithmetic (WC_Tax): which rates apply to a location and tax class, and how much
 * tax a price carries. Amounts are minor units; taxes come back unrounded, per rate, so the caller
 * rounds per line or once at the subtotal as the store says.
 */

interface Matched {
  rate: TaxRate;
  /** The rows WooCommerce's query counts for the rate's postcodes and cities (it sorts by both, which are this one count). */
  locationCount: number;
}

/**
 * Whether a rate applies at a location, and if so its location counts as WooCommerce's rate query
 * counts them (WC_Tax::get_matched_tax_rates joins the rate's locations twice and counts the joined
 * rows): a rate for postcodes alone counts matching postcodes × all its postcodes, one for postcodes
 * and cities the matching postcodes, one for cities alone all its cities. Only the order they give matters.
 */
function match(rate: TaxRate, loc: Location, postcode: string, city: string, taxClass: string): Matched | null {
  if (rate.taxClass !== taxClass) return null;
  if (rate.country && rate.country !== loc.country.toUpperCase()) return null;
  if (rate.state && rate.state.toUpperCase() !== loc.state.toUpperCase()) return null;
  let postcodes = 0;
  for (const p of rate.postcodes) if (postcodeMatches(postcode, p)) postcodes++;
  if (rate.postcodes.length && !postcodes) return null;
  const cityMatches = rate.cities.some((c) => c.trim().toUpperCase() === city);
  if (rate.cities.length && !cityMatches) return null;
  const n = !rate.postcodes.length ? rate.cities.length : rate.cities.length ? postcodes : postcodes * rate.postcodes.length;
  return { rate, locationCount: n };
}

/** `''` (any) after a named country or state, named ones in byte order (strcmp). */
function compareCode(a: string, b: string): number {
  if (a === b) return 0;
  if (!a) return 1;
  if (!b) return -1;
  return a > b ? 1 : -1;
}

/**
 * WC_Tax::sort_rates_callback: priority, then country and state (specific before any), then the rate
 * with more postcodes, then more cities, then the older rate.
 */
function compareMatched(a: Matched, b: Matched): number {
  return (
    a.rate.priority - b.rate.priority ||
    compareCode(a.rate.country, b.rate.country) ||
    compareCode(a.rate.state.toUpperCase(), b.rate.state.toUpperCase()) ||
    b.locationCount - a.locationCount ||
    a.rate.id - b.rate.id
  );
}

/**
 * WC_Tax::find_rates: the rates of the class that match the location, in WooCommerce's order, keeping
 * the first of each priority (one rate per priority applies). No country, no rates. For shipping
 * (find_shipping_rates) the rates that do not apply to shipping are dropped after that choice.
 */
export function findRates(rates: readonly TaxRate[], loc: Location, taxClass: string, forShipping = false): TaxRate[] {
  if (!loc.country) return [];
  const postcode = normalizePostcode(loc.postcode);
  const city = loc.city.trim().toUpperCase();
  const matched: Matched[] = [];
  for (const r of rates) {
    const m = match(r, loc, postcode, city, taxClass);
    if (m) matched.push(m);
  }
  matched.sort(compareMatched);
  const out: TaxRate[] = [];
  let lastPriority = NaN;
  for (const { rate } of matched) {
    if (rate.priority === lastPriority) continue;
    lastPriority = rate.priority;
    if (!forShipping || rate.shipping) out.push(rate);
  }
  return out;
}

/**
 * The rates matching `loc`, one tax class at a time, each class worked out once: pricing a cart asks
 * for the same class on every line, its fees and its displayed prices.
 */
export function ratesAt(rates: readonly TaxRate[], loc: Location): (taxClass: string) => TaxRate[] {
  const found = new Map<string, TaxRate[]>();
  return (taxClass) => {
    let r = found.get(taxClass);
    if (!r) found.set(taxClass, (r = findRates(rates, loc, taxClass)));
    return r;
  };
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

/** WC_Tax::round: each rate's tax is kept to six decimals (half up), which also settles float noise at a tie. */
function keepSixDecimals(x: number): number {
  return roundHalfUp(x * 1e6) / 1e6;
}

/**
 * WC_Tax::calc_tax: the tax per rate id in `price`, which includes tax (`inclusive`, calc_inclusive_tax)
 * or not (calc_exclusive_tax). Inclusive: compound rates come off first, the last one first, and the
 * regular rates then share what is left. Exclusive: regular rates on the price, compound rates on the
 * price plus the taxes before them.
 */
export function calcTax(price: number, rates: readonly TaxRate[], inclusive: boolean): Map<number, number> {
  const taxes = new Map<number, number>();
  for (const r of rates) taxes.set(r.id, 0);
  if (!rates.length || price === 0) return taxes;
  if (inclusive) {
    let nonCompound = price;
    for (let i = rates.length - 1; i >= 0; i--) {
      const r = rates[i];
      if (!r.compound) continue;
      const tax = nonCompound - nonCompound / (1 + r.rate / 100);
      taxes.set(r.id, keepSixDecimals(tax));
      nonCompound -= tax;
    }
    let regularSum = 0;
    for (const r of rates) if (!r.compound) regularSum += r.rate;
    const regularRate = 1 + regularSum / 100;
    for (const r of rates) if (!r.compound) taxes.set(r.id, keepSixDecimals((r.rate / 100 / regularRate) * nonCompound));
    return taxes;
  }
  let preCompound = 0;
  for (const r of rates) {
    if (r.compound) continue;
    const tax = price * (r.rate / 100);
    taxes.set(r.id, keepSixDecimals(tax));
    preCompound += tax;
  }
  for (const r of rates) {
    if (!r.compound) continue;
    const tax = (price + preCompound) * (r.rate / 100);
    taxes.set(r.id, keepSixDecimals(tax));
    preCompound += tax;
  }
  return taxes;
}

/**
 * wc_round_tax_total with wc_get_tax_rounding_mode(): half down when the store enters prices with
 * tax (so a £9.99 price is £8.33 + £1.66, not £8.32 + £1.67), half up otherwise.
 */
export function roundTax(x: number, pricesIncludeTax: boolean): number {
  return pricesIncludeTax ? roundHalfDown(x) : roundHalfUp(x);
}

export function sumTaxes(taxes: Map<number, number>): number {
  let s = 0;
  for (const v of taxes.values()) s += v;
  return s;
}
