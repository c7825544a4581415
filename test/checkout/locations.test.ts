import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { API } from '../helpers/api.ts';
import { DATABASES } from '../helpers/app.ts';
import { basicAuth } from '../helpers/auth.ts';
import { call, ok } from '../api/cart/helpers.ts';
import { cartWith, makeProduct, readCart, saveSettings, storeApp, updateCustomer } from '../api/cart/commerce-helpers.ts';

/**
 * Where the store sells and ships (the locations settings, WooCommerce's "Selling location(s)" and
 * "Shipping location(s)"), enforced through the Cart and Checkout APIs: a billing country the store
 * does not sell to, or a shipping country it does not ship to, is refused with WooCommerce's 400
 * `woocommerce_rest_invalid_address_country` and nothing is stored; a package going where the store
 * does not ship has no rates; "disabled" means no shipping at all; the checkout form offers the lists.
 */

const BILLING = { first_name: 'Ada', last_name: 'Lovelace', address_1: '1 Quay Street', city: 'Bristol', postcode: 'BS1 4XX', country: 'GB', email: 'ada@example.org' };
const DEFAULTS = { allowed_countries: 'all', all_except_countries: [], specific_allowed_countries: [], ship_to_countries: '', specific_ship_to_countries: [] };

describe.each(DATABASES)('selling and shipping locations (%s)', (kind) => {
  let app: FastifyInstance;
  /** £20.00, physical. */
  let parcel: string;
  beforeAll(async () => {
    app = await storeApp(kind);
    parcel = await makeProduct(app, { name: 'Locations Parcel', regularPrice: 2000, weight: 1 });
  });
  afterAll(() => app.close());
  beforeEach(() => saveSettings(app, { locations: DEFAULTS, shipping: { enable_shipping: true } }));

  const customer = (key: string, fields: Record<string, unknown>) => call(app, { method: 'POST', url: '/cart/update?namespace=update-customer', key, body: fields });
  const checkout = (key: string, method: 'POST' | 'PUT', body: object) =>
    app.inject({ method, url: `${API}/checkout`, headers: { 'cocart-api-cart-key': key }, payload: body });
  const orderCount = async () => Number((await app.runtime.database.db.selectFrom('orders').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('refuses, at update-customer, a billing country the store does not sell to, storing nothing', async () => {
    await saveSettings(app, { locations: { allowed_countries: 'specific', specific_allowed_countries: ['GB', 'IE'] } });
    const key = await cartWith(app, [[parcel, 1]]);
    const r = await customer(key, { first_name: 'Jacques', country: 'FR', city: 'Paris' });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      code: 'woocommerce_rest_invalid_address_country',
      message: 'Sorry, we do not allow orders from the provided country (FR)',
      data: { status: 400, allowed_countries: ['IE', 'GB'] },
    });
    expect((await readCart(app, key)).customer.billing_address).toMatchObject({ billing_first_name: '', billing_country: '', billing_city: '' });
    // A country it sells to is taken.
    expect((await updateCustomer(app, key, { country: 'IE' })).customer.billing_address.billing_country).toBe('IE');

    // "All except": every country but those listed.
    await saveSettings(app, { locations: { allowed_countries: 'all_except', all_except_countries: ['FR'] } });
    expect((await customer(key, { country: 'FR' })).status).toBe(400);
    expect((await updateCustomer(app, key, { country: 'DE' })).customer.billing_address.billing_country).toBe('DE');
  });

  it('refuses a shipping country the store does not ship to, and gives no rates where it does not ship', async () => {
    await saveSettings(app, { locations: { ship_to_countries: 'specific', specific_ship_to_countries: ['GB'] } });
    const key = await cartWith(app, [[parcel, 1]]);
    const r = await customer(key, { country: 'GB', ship_to_different_address: true, s_country: 'FR', s_city: 'Paris' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'woocommerce_rest_invalid_address_country', message: 'Sorry, we do not ship orders to the provided country (FR)', data: { allowed_countries: ['GB'] } });
    expect((await readCart(app, key)).customer.shipping_address.shipping_country).toBe('');

    // Sold to France but not shipped there: the mirrored shipping address gets no rates, the UK gets the flat rate.
    const france = await updateCustomer(app, key, { country: 'FR', city: 'Paris', postcode: '75001' });
    expect(france.needs_shipping).toBe(true);
    expect(france.shipping.packages).toEqual([]);
    expect(france.totals.shipping_total).toBe(0);
    const uk = await updateCustomer(app, key, { country: 'GB', postcode: 'BS1 4XX', city: 'Bristol' });
    expect(Object.keys(uk.shipping.packages.default.rates)).toContain('flat_rate:1');

    // '' ships where the store sells: selling to the UK only, France gets no rates either.
    await saveSettings(app, { locations: { ship_to_countries: '', allowed_countries: 'all_except', all_except_countries: ['FR'] } });
    const shipKey = await cartWith(app, [[parcel, 1]]);
    await updateCustomer(app, shipKey, { country: 'GB', postcode: 'BS1 4XX' });
    expect((await customer(shipKey, { ship_to_different_address: true, s_country: 'FR' })).body.message).toBe('Sorry, we do not ship orders to the provided country (FR)');
  });

  it('ships nowhere when shipping is disabled through WooCommerce’s ship-to option', async () => {
    const key = await cartWith(app, [[parcel, 1]]);
    await updateCustomer(app, key, { country: 'GB', postcode: 'BS1 4XX', city: 'Bristol' });
    expect((await readCart(app, key)).needs_shipping).toBe(true);
    const put = await app.inject({
      method: 'PUT',
      url: '/wp-json/wc/v3/settings/general/woocommerce_ship_to_countries',
      headers: { authorization: basicAuth('rules-admin') },
      payload: { value: 'disabled' },
    });
    expect(put.statusCode, put.body).toBe(200);
    const cart = await readCart(app, key);
    expect(cart.needs_shipping).toBe(false);
    expect(cart.shipping).toEqual([]);
    expect(cart.totals.shipping_total).toBe(0);
    expect(ok(await call(app, { url: '/checkout/config' })).countries.shipping_countries).toEqual([]);
  });

  it('reports the lists in the checkout form’s countries', async () => {
    const all = ok(await call(app, { url: '/checkout/config' })).countries;
    expect(Object.keys(all.allowed_countries)).toHaveLength(Object.keys(all.shipping_countries).length);
    expect(all.allowed_countries).toMatchObject({ GB: 'United Kingdom (UK)', FR: 'France' });

    await saveSettings(app, { locations: { allowed_countries: 'specific', specific_allowed_countries: ['GB', 'FR'], ship_to_countries: 'specific', specific_ship_to_countries: ['GB'] } });
    const some = ok(await call(app, { url: '/checkout/config' })).countries;
    expect(some.allowed_countries).toEqual({ FR: 'France', GB: 'United Kingdom (UK)' });
    expect(some.shipping_countries).toEqual({ GB: 'United Kingdom (UK)' });
    expect(some.default_country).toBe('GB');

    await saveSettings(app, { locations: { ship_to_countries: 'all' } });
    expect(Object.keys(ok(await call(app, { url: '/checkout/config' })).countries.shipping_countries).length).toBeGreaterThan(200);
  });

  it('refuses checkout for an address the store no longer sells or ships to, placing no order', async () => {
    const key = await cartWith(app, [[parcel, 1]]);
    const put = await checkout(key, 'PUT', { billing_address: BILLING });
    expect(put.statusCode, put.body).toBe(200);
    const before = await orderCount();

    // The address was accepted; then the store stopped selling to the UK.
    await saveSettings(app, { locations: { allowed_countries: 'specific', specific_allowed_countries: ['IE'] } });
    // The request names no country: the one stored is checked.
    const refused = await checkout(key, 'POST', { billing_address: { email: BILLING.email }, payment_method: 'bacs' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'woocommerce_rest_invalid_address_country', message: 'Sorry, we do not allow orders from the provided country (GB)', data: { allowed_countries: ['IE'] } });
    expect(await orderCount()).toBe(before);

    // Sold to, but not shipped to.
    await saveSettings(app, { locations: { allowed_countries: 'all', ship_to_countries: 'specific', specific_ship_to_countries: ['IE'] } });
    const noShip = await checkout(key, 'POST', { billing_address: { email: BILLING.email }, payment_method: 'bacs' });
    expect(noShip.json()).toMatchObject({ code: 'woocommerce_rest_invalid_address_country', message: 'Sorry, we do not ship orders to the provided country (GB)' });
    expect(await orderCount()).toBe(before);

    // A billing address given with the checkout is refused the same way, and not stored.
    await saveSettings(app, { locations: DEFAULTS });
    const france = await checkout(key, 'PUT', { billing_address: { ...BILLING, country: 'FR', postcode: '75001', city: 'Paris' } });
    expect(france.statusCode).toBe(200);
    await saveSettings(app, { locations: { allowed_countries: 'all_except', all_except_countries: ['DE'] } });
    const germany = await checkout(key, 'PUT', { billing_address: { ...BILLING, country: 'DE', postcode: '10115', city: 'Berlin' } });
    expect(germany.statusCode).toBe(400);
    expect(germany.json().code).toBe('woocommerce_rest_invalid_address_country');
    expect((await readCart(app, key)).customer.billing_address.billing_country).toBe('FR');

    // Where it sells and ships, the order is placed.
    const placed = await checkout(key, 'POST', { billing_address: BILLING, payment_method: 'bacs' });
    expect(placed.statusCode, placed.body).toBe(200);
    expect(await orderCount()).toBe(before + 1);
  });
});
