import { COUNTRIES } from '../commerce/address.ts';
import type { Settings } from './schema.ts';

/**
 * The countries the store sells to and ships to, from its location settings, as WooCommerce's
 * `get_allowed_countries()` and `get_shipping_countries()` work them out: "all except" an empty list
 * is every country, "specific" with an empty list is none; shipping follows the selling countries
 * unless it says otherwise, and is nowhere when shipping is off. Worked out once per settings object.
 */

export interface StoreCountries {
  /** Codes in the order of WooCommerce's country list. */
  selling: readonly string[];
  shipping: readonly string[];
  sells(code: string): boolean;
  shipsTo(code: string): boolean;
}

const EVERY_COUNTRY = Object.keys(COUNTRIES);
const worked = new WeakMap<Settings, StoreCountries>();

function only(codes: readonly string[]): string[] {
  const wanted = new Set(codes);
  return EVERY_COUNTRY.filter((c) => wanted.has(c));
}

function sellingCountries(l: Settings['locations']): string[] {
  if (l.allowed_countries === 'all_except') {
    const except = new Set(l.all_except_countries);
    return EVERY_COUNTRY.filter((c) => !except.has(c));
  }
  return l.allowed_countries === 'specific' ? only(l.specific_allowed_countries) : EVERY_COUNTRY;
}

export function storeCountries(settings: Settings): StoreCountries {
  const known = worked.get(settings);
  if (known) return known;
  const l = settings.locations;
  const selling = sellingCountries(l);
  const shipping = !settings.shipping.enable_shipping ? [] : l.ship_to_countries === 'all' ? EVERY_COUNTRY : l.ship_to_countries === 'specific' ? only(l.specific_ship_to_countries) : selling;
  const sellingSet = new Set(selling);
  const shippingSet = new Set(shipping);
  const countries: StoreCountries = { selling, shipping, sells: (c) => sellingSet.has(c), shipsTo: (c) => shippingSet.has(c) };
  worked.set(settings, countries);
  return countries;
}

/** code → name, for the codes given. */
export function countryNames(codes: readonly string[]): Record<string, string> {
  return Object.fromEntries(codes.map((c) => [c, COUNTRIES[c]]));
}
