import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { COUNTRIES } from '../../src/commerce/address.ts';
import { storeCountries } from '../../src/settings/countries.ts';
import { SettingsSchema, type Settings } from '../../src/settings/schema.ts';

/** Where a store sells and ships, as WooCommerce's get_allowed_countries() and get_shipping_countries() work it out. */

function store(locations: Partial<Settings['locations']>, enable_shipping = true): Settings {
  const s = Value.Create(SettingsSchema) as Settings;
  return { ...s, locations: { ...s.locations, ...locations }, shipping: { ...s.shipping, enable_shipping } };
}

const EVERY = Object.keys(COUNTRIES);

describe('storeCountries', () => {
  it('sells and ships everywhere by default', () => {
    const c = storeCountries(store({}));
    expect(c.selling).toEqual(EVERY);
    expect(c.shipping).toEqual(EVERY);
    expect(c.sells('FR') && c.shipsTo('NZ')).toBe(true);
  });

  it('sells to all but the excepted countries; an empty exception list is every country', () => {
    expect(storeCountries(store({ allowed_countries: 'all_except', all_except_countries: ['FR', 'DE'] })).selling).toEqual(EVERY.filter((c) => c !== 'FR' && c !== 'DE'));
    expect(storeCountries(store({ allowed_countries: 'all_except' })).selling).toEqual(EVERY);
  });

  it('sells only to the specific countries, in the country list’s order; none listed is nowhere', () => {
    const c = storeCountries(store({ allowed_countries: 'specific', specific_allowed_countries: ['GB', 'IE'] }));
    expect(c.selling).toEqual(['IE', 'GB']);
    expect(c.sells('FR')).toBe(false);
    expect(storeCountries(store({ allowed_countries: 'specific' })).selling).toEqual([]);
  });

  it('ships where it sells unless told otherwise, and nowhere with shipping off', () => {
    const selling: Partial<Settings['locations']> = { allowed_countries: 'specific', specific_allowed_countries: ['GB'] };
    expect(storeCountries(store(selling)).shipping).toEqual(['GB']);
    expect(storeCountries(store({ ...selling, ship_to_countries: 'all' })).shipping).toEqual(EVERY);
    expect(storeCountries(store({ ...selling, ship_to_countries: 'specific', specific_ship_to_countries: ['FR'] })).shipping).toEqual(['FR']);
    const off = storeCountries(store({ ship_to_countries: 'all' }, false));
    expect(off.shipping).toEqual([]);
    expect(off.shipsTo('GB')).toBe(false);
  });

  it('works a settings object out once', () => {
    const s = store({});
    expect(storeCountries(s)).toBe(storeCountries(s));
  });
});
