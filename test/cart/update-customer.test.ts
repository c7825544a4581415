import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { storeAddressRules } from '../../src/cart/service.ts';
import { updateCustomer, type StoreAddressRules } from '../../src/cart/update-customer.ts';
import { emptyCart } from '../../src/cart/types.ts';
import { SettingsSchema, type Settings } from '../../src/settings/schema.ts';
import { cartWith, context, refusal, simple } from './builders.ts';

const ctx = context({ products: [simple(1, 2000)] });
const cart = cartWith(ctx, [{ id: 1, quantity: 1 }]);
/** The address rules of a store in GB with these location settings. */
function rulesWith(locations: Partial<Settings['locations']>): StoreAddressRules {
  const settings = Value.Create(SettingsSchema) as Settings;
  return storeAddressRules({ ...settings, locations: { ...settings.locations, ...locations } });
}
const anywhere = rulesWith({});
const UPDATED = { type: 'success', msgid: 'Cart updated.', args: [] };

describe('updateCustomer: values that are valid are stored', () => {
  it('stores billing fields, normalised, and mirrors them to shipping (all but the phone)', () => {
    const r = updateCustomer(cart, {
      first_name: 'Jo', last_name: '<b>Bloggs</b>', email: 'Jo@Example.COM', phone: '01908.672.352', country: 'gb', postcode: 'bs14xx', city: 'Bristol',
    }, anywhere);
    expect(r.customer.billing).toMatchObject({ first_name: 'Jo', last_name: 'Bloggs', email: 'jo@example.com', phone: '01908-672-352', country: 'GB', postcode: 'BS1 4XX', city: 'Bristol' });
    expect(r.customer.shipping).toMatchObject({ first_name: 'Jo', last_name: 'Bloggs', country: 'GB', postcode: 'BS1 4XX', city: 'Bristol', phone: '' });
    expect(r.customer.shipToDifferentAddress).toBe(false);
    expect(r.notices).toEqual([UPDATED]);
  });

  it('reads billing_… names as well as bare ones, and keeps unknown billing_/shipping_ fields as extras', () => {
    const r = updateCustomer(cart, { billing_first_name: 'Ann', billing_vat_number: 'GB123', shipping_door_code: '42', other: 'x' }, anywhere);
    expect(r.customer.billing.first_name).toBe('Ann');
    expect(r.customer.extra).toEqual({ billing_vat_number: 'GB123', shipping_door_code: '42' });
  });

  it('takes a separate shipping address (s_… or shipping_…) when ship_to_different_address is set', () => {
    const r = updateCustomer(cart, { country: 'GB', postcode: 'BS1 4XX', ship_to_different_address: '1', s_country: 'FR', shipping_postcode: '75001', s_phone: '0102030405' }, anywhere);
    expect(r.customer.shipToDifferentAddress).toBe(true);
    expect(r.customer.billing).toMatchObject({ country: 'GB', postcode: 'BS1 4XX' });
    expect(r.customer.shipping).toMatchObject({ country: 'FR', postcode: '75001', phone: '0102030405' });
  });

  it('takes s_… fields sent without the flag as a separate shipping address (released 4.x has no flag)', () => {
    const r = updateCustomer(cart, { country: 'GB', s_country: 'FR', s_city: 'Paris' }, anywhere);
    expect(r.customer.shipToDifferentAddress).toBe(true);
    expect(r.customer.shipping).toMatchObject({ country: 'FR', city: 'Paris' });
  });

  it('with ship_to_different_address false, the shipping address is the whole billing address, s_… fields ignored', () => {
    const elsewhere = updateCustomer(cart, { city: 'Bristol', s_city: 'Paris', s_postcode: '75001', s_country: 'FR' }, anywhere);
    const same = updateCustomer(elsewhere, { first_name: 'Jo', s_city: 'Lyon', ship_to_different_address: false }, anywhere);
    expect(same.customer.shipToDifferentAddress).toBe(false);
    expect(same.customer.shipping).toEqual({ ...same.customer.billing, email: undefined, phone: '' });
  });

  it('leaves fields that are absent or empty as they were', () => {
    const once = updateCustomer(cart, { first_name: 'Jo', city: 'Bristol' }, anywhere);
    const twice = updateCustomer(once, { first_name: '', last_name: 'Bloggs' }, anywhere);
    expect(twice.customer.billing).toMatchObject({ first_name: 'Jo', last_name: 'Bloggs', city: 'Bristol' });
  });

  it('normalises a state by name or code', () => {
    const r = updateCustomer(cart, { country: 'US', state: 'california', postcode: '90210' }, anywhere);
    expect(r.customer.billing).toMatchObject({ country: 'US', state: 'CA', postcode: '90210' });
  });

  it('keeps the payment method, for fee rules', () => {
    expect(updateCustomer(cart, { payment_method: 'stripe' }, anywhere).paymentMethod).toBe('stripe');
  });

  it('works on a cart whose lines were all removed (restorable items are still a cart)', () => {
    const removedOnly = { ...emptyCart(), removed: cart.lines };
    expect(updateCustomer(removedOnly, { first_name: 'Jo' }, anywhere).customer.billing.first_name).toBe('Jo');
  });
});

describe('updateCustomer: invalid values are refused as error notices, not errors', () => {
  it('an invalid e-mail is not stored', () => {
    const before = updateCustomer(cart, { email: 'jo@example.com' }, anywhere);
    const r = updateCustomer(before, { email: 'not-an-email', first_name: 'Jo' }, anywhere);
    expect(r.customer.billing).toMatchObject({ email: 'jo@example.com', first_name: 'Jo' });
    // Only the refusal is said: no "Cart updated." beside it.
    expect(r.notices.slice(before.notices.length)).toEqual([{ type: 'error', msgid: '%s is not a valid email address.', args: ['Billing Email address'] }]);
  });

  it('an unknown country code is not stored', () => {
    const r = updateCustomer(cart, { country: 'XX' }, anywhere);
    expect(r.customer.billing.country).toBe('');
    expect(r.notices).toEqual([{ type: 'error', msgid: "'%s' is not a valid country code.", args: ['XX'] }]);
  });

  it('refuses a billing country the store does not sell to, as WooCommerce’s Store API does', () => {
    const rules = rulesWith({ allowed_countries: 'specific', specific_allowed_countries: ['IE', 'GB'] });
    const err = refusal(() => updateCustomer(cart, { first_name: 'Jo', country: 'FR' }, rules));
    expect(err).toMatchObject({ code: 'woocommerce_rest_invalid_address_country', kind: 'invalid', msgid: 'Sorry, we do not allow orders from the provided country (%s)', args: ['FR'] });
    // In WooCommerce's country order.
    expect(err.data).toEqual({ allowed_countries: ['IE', 'GB'] });
    expect(updateCustomer(cart, { country: 'ie' }, rules).customer.billing.country).toBe('IE');
    const except = rulesWith({ allowed_countries: 'all_except', all_except_countries: ['FR'] });
    expect(refusal(() => updateCustomer(cart, { country: 'FR' }, except)).code).toBe('woocommerce_rest_invalid_address_country');
    expect(updateCustomer(cart, { country: 'DE' }, except).customer.billing.country).toBe('DE');
  });

  it('refuses a shipping country the store does not ship to, but not one that only mirrors billing', () => {
    const rules = rulesWith({ ship_to_countries: 'specific', specific_ship_to_countries: ['GB'] });
    const err = refusal(() => updateCustomer(cart, { country: 'FR', ship_to_different_address: true, s_country: 'FR' }, rules));
    expect(err).toMatchObject({ code: 'woocommerce_rest_invalid_address_country', msgid: 'Sorry, we do not ship orders to the provided country (%s)', args: ['FR'], data: { allowed_countries: ['GB'] } });
    // Sold to but not shipped to: the billing address stands, its mirrored shipping address gets no rates.
    const mirrored = updateCustomer(cart, { country: 'FR' }, rules);
    expect(mirrored.customer.shipping.country).toBe('FR');
  });

  it('a postcode that is not one of the country’s is not stored', () => {
    const r = updateCustomer(cart, { country: 'GB', postcode: '90210' }, anywhere);
    expect(r.customer.billing).toMatchObject({ country: 'GB', postcode: '' });
    expect(r.notices).toEqual([{ type: 'error', msgid: '%s is not a valid postcode / ZIP.', args: ['Billing Postcode / ZIP'] }]);
  });

  it('checks the postcode against the stored country, else the store’s', () => {
    const us = updateCustomer(cart, { country: 'US' }, anywhere);
    expect(updateCustomer(us, { postcode: '90210' }, anywhere).customer.billing.postcode).toBe('90210');
    expect(updateCustomer(cart, { postcode: '90210' }, anywhere).customer.billing.postcode).toBe('');
  });

  it('a state the country does not have is not stored, with the list of states', () => {
    const r = updateCustomer(cart, { country: 'US', state: 'Narnia' }, anywhere);
    expect(r.customer.billing).toMatchObject({ country: 'US', state: '' });
    expect(r.notices[0]).toMatchObject({ type: 'error', msgid: '%1$s is not valid. Please enter one of the following: %2$s' });
    expect(r.notices[0].args[0]).toBe('Billing State / County');
    expect(String(r.notices[0].args[1])).toContain('CA');
  });

  it('a payment method id with odd characters is not stored', () => {
    const r = updateCustomer(cart, { payment_method: 'pay me!' }, anywhere);
    expect(r.paymentMethod).toBe('');
    expect(r.notices).toEqual([{ type: 'error', msgid: '%s is not a valid payment method id.', args: ['payment_method'] }]);
  });
});

describe('updateCustomer: refusal', () => {
  it('refuses a completely empty cart with cocart_cart_empty (not_found)', () => {
    expect(refusal(() => updateCustomer(emptyCart(), { first_name: 'Jo' }, anywhere))).toMatchObject({ code: 'cocart_cart_empty', kind: 'not_found' });
  });
});
