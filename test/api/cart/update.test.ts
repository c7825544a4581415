import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES, createTestApp } from '../../helpers/app.ts';
import { addItem, call, expectError, getCart, itemById, newCart, ok } from './helpers.ts';
import { saveFeeRule } from '../../../src/rules/repository.ts';

/**
 * POST /cart/update: the callback dispatcher, `update-cart` and `update-customer` (invalid fields are
 * not stored and come back as error notices); see docs/wire-contract.md#cart-routes.
 */

/** The update-customer payload shown in CoCart v4 Beta 1's release notes, country "UK" included. */
const RELEASE_NOTES_CUSTOMER = {
  first_name: 'Sebastien',
  last_name: 'Dumont',
  email: '',
  phone: '01908672352',
  company: 'Darth Vadar LTD',
  address_1: '70 The Crescent',
  address_2: '',
  city: 'BELFAST',
  state: '',
  country: 'UK',
  postcode: 'BT90 2PU',
};

describe.each(DATABASES)('POST /cart/update (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  const update = (query: string, body: Record<string, unknown> | undefined, key?: string) =>
    call(app, { method: 'POST', url: `/cart/update${query}`, body, key });
  const customer = (body: Record<string, unknown>, key: string) => update('?namespace=update-customer', body, key);

  describe('namespace', () => {
    it('missing → 404 cocart_update_cart_no_namespace_error', async () => {
      const { key } = await newCart(app);
      expectError(await update('', { quantity: {} }, key), 404, 'cocart_update_cart_no_namespace_error');
    });

    it('unknown → 404 cocart_update_cart_no_namespace_error', async () => {
      const { key } = await newCart(app);
      const r = await update('?namespace=update-everything', {}, key);
      expectError(r, 404, 'cocart_update_cart_no_namespace_error');
      expect(r.body.message).toContain('update-everything');
    });

    it('not a string → 404 cocart_update_cart_namespace_error listing the namespaces', async () => {
      const { key } = await newCart(app);
      const r = await update('', { namespace: 5 }, key);
      expectError(r, 404, 'cocart_update_cart_namespace_error');
      expect(r.body.message).toContain('update-cart');
      expect(r.body.message).toContain('update-customer');
    });

    it('may be a body field', async () => {
      const { key, cart } = await newCart(app, { id: '10', quantity: '1' });
      const updated = ok(await update('', { namespace: 'update-cart', quantity: { [cart.items[0].item_key]: '4' } }, key));
      expect(updated.items[0].quantity.value).toBe(4);
    });
  });

  describe('update-cart', () => {
    async function threeLines() {
      const { key } = await newCart(app, { id: '10', quantity: '2' });
      ok(await addItem(app, { id: '29', quantity: '1' }, key));
      const cart = ok(await addItem(app, { id: '32', quantity: '1' }, key));
      return { key, k10: itemById(cart, 10).item_key, k29: itemById(cart, 29).item_key, k32: itemById(cart, 32).item_key };
    }

    it('changes quantities with the success notice "Cart updated."', async () => {
      const { key, k10, k29 } = await threeLines();
      const cart = ok(await update('?namespace=update-cart', { quantity: { [k10]: '5', [k29]: 3 } }, key));
      expect(itemById(cart, 10).quantity.value).toBe(5);
      expect(itemById(cart, 29).quantity.value).toBe(3);
      expect(cart.item_count).toBe(9);
      expect(cart.totals.total).toBe(5 * 1299 + 3 * 2799 + 64900);
      expect(cart.notices).toEqual({ success: ['Cart updated.'] });
    });

    it('skips unknown item keys silently', async () => {
      const { key, k10 } = await threeLines();
      const cart = ok(await update('?namespace=update-cart', { quantity: { ['f'.repeat(32)]: '3', [k10]: '3' } }, key));
      expect(cart.items.map((i: { id: number; quantity: { value: number } }) => [i.id, i.quantity.value])).toEqual([
        [10, 3],
        [29, 1],
        [32, 1],
      ]);
      expect(cart.notices).toEqual({ success: ['Cart updated.'] });
    });

    it('strips non-digits from a quantity', async () => {
      const { key, k10 } = await threeLines();
      expect(itemById(ok(await update('?namespace=update-cart', { quantity: { [k10]: '7 pcs' } }, key)), 10).quantity.value).toBe(7);
    });

    it('0 removes the line, restorably', async () => {
      const { key, k29 } = await threeLines();
      const cart = ok(await update('?namespace=update-cart', { quantity: { [k29]: '0' } }, key));
      expect(cart.items.map((i: { id: number }) => i.id)).toEqual([10, 32]);
      expect(cart.removed_items.map((i: { item_key: string; quantity: number }) => [i.item_key, i.quantity])).toEqual([[k29, 1]]);
      const restored = ok(await call(app, { method: 'PUT', url: `/cart/item/${k29}`, key }));
      expect(itemById(restored, 29).quantity.value).toBe(1);
    });

    it('sold individually above 1 → an error notice, that entry not applied, the others applied, no success notice', async () => {
      const { key, k10, k32 } = await threeLines();
      const r = await update('?namespace=update-cart', { quantity: { [k32]: '2', [k10]: '4' } }, key);
      const cart = ok(r);
      expect(itemById(cart, 32).quantity.value).toBe(1);
      expect(itemById(cart, 10).quantity.value).toBe(4);
      expect(cart.notices).toEqual({ error: ['You can only have 1 Inflatable Dinghy 2.3 m in your cart.'] });
    });

    it('nothing to change → no notice', async () => {
      const { key, k10 } = await threeLines();
      const cart = ok(await update('?namespace=update-cart', { quantity: { [k10]: '2' } }, key));
      expect(cart.notices).toEqual([]);
      expect(itemById(cart, 10).quantity.value).toBe(2);
    });

    it('takes the quantity map as a form body too', async () => {
      const { key, k10 } = await threeLines();
      const r = await call(app, { method: 'POST', url: '/cart/update?namespace=update-cart', key, form: { quantity: { [k10]: '6' } } });
      expect(itemById(ok(r), 10).quantity.value).toBe(6);
    });

    it('on an empty cart → 404 cocart_cart_empty', async () => {
      expectError(await update('?namespace=update-cart', { quantity: {} }), 404, 'cocart_cart_empty');
    });
  });

  describe('update-customer', () => {
    it('on an empty cart → 404 cocart_cart_empty', async () => {
      expectError(await update('?namespace=update-customer', { first_name: 'Ada' }), 404, 'cocart_cart_empty');
    });

    it('on a cart with only removed items is allowed', async () => {
      const { key, cart } = await newCart(app);
      ok(await call(app, { method: 'DELETE', url: `/cart/item/${cart.items[0].item_key}`, key }));
      expect(ok(await customer({ first_name: 'Ada' }, key)).customer.billing_address.billing_first_name).toBe('Ada');
    });

    it('stores valid fields; without ship_to_different_address the shipping address mirrors them', async () => {
      const { key } = await newCart(app);
      const cart = ok(
        await customer(
          {
            first_name: 'Ada', last_name: 'Lovelace', company: 'Engines Ltd', email: 'ada@example.com', phone: '02890 000000',
            address_1: '12 Analytical Row', address_2: 'Flat 2', city: 'Belfast', country: 'GB', postcode: 'bt902pu',
          },
          key,
        ),
      );
      expect(cart.customer.billing_address).toEqual({
        billing_first_name: 'Ada', billing_last_name: 'Lovelace', billing_company: 'Engines Ltd', billing_country: 'GB',
        billing_address_1: '12 Analytical Row', billing_address_2: 'Flat 2', billing_city: 'Belfast', billing_state: '',
        billing_postcode: 'BT90 2PU', billing_phone: '02890 000000', billing_email: 'ada@example.com',
      });
      // The phone is not mirrored: shipping_phone is not a default WooCommerce shipping field.
      expect(cart.customer.shipping_address).toEqual({
        shipping_first_name: 'Ada', shipping_last_name: 'Lovelace', shipping_company: 'Engines Ltd', shipping_country: 'GB',
        shipping_address_1: '12 Analytical Row', shipping_address_2: 'Flat 2', shipping_city: 'Belfast', shipping_state: '',
        shipping_postcode: 'BT90 2PU',
      });
      expect(cart.notices).toEqual({ success: ['Cart updated.'] });
      // Stored, not just echoed.
      expect(ok(await getCart(app, key)).customer.billing_address.billing_postcode).toBe('BT90 2PU');
    });

    it('with ship_to_different_address=true the shipping address comes from the s_* fields', async () => {
      const { key } = await newCart(app);
      const cart = ok(
        await customer(
          {
            first_name: 'Ada', country: 'GB', city: 'Belfast',
            s_first_name: 'Charles', s_address_1: '515 Cherry Drive', s_city: 'San Pablo', s_state: 'california', s_postcode: '94806',
            s_country: 'US', ship_to_different_address: true,
          },
          key,
        ),
      );
      expect(cart.customer.billing_address).toMatchObject({ billing_first_name: 'Ada', billing_country: 'GB', billing_city: 'Belfast' });
      expect(cart.customer.shipping_address).toMatchObject({
        shipping_first_name: 'Charles', shipping_address_1: '515 Cherry Drive', shipping_city: 'San Pablo', shipping_state: 'CA',
        shipping_postcode: '94806', shipping_country: 'US',
      });
      expect(cart.notices).toEqual({ success: ['Cart updated.'] });
    });

    it('s_* fields without ship_to_different_address set the shipping address, as released 4.x (which has no such flag)', async () => {
      const { key } = await newCart(app);
      const cart = ok(await customer({ first_name: 'Ada', country: 'GB', s_first_name: 'Charles', s_city: 'San Pablo', s_country: 'US', s_postcode: '94806' }, key));
      expect(cart.customer.billing_address).toMatchObject({ billing_first_name: 'Ada', billing_country: 'GB' });
      expect(cart.customer.shipping_address).toMatchObject({
        shipping_first_name: 'Charles', shipping_city: 'San Pablo', shipping_country: 'US', shipping_postcode: '94806',
      });
      // Stored as a separate shipping address: a later billing-only update leaves it alone.
      const later = ok(await customer({ city: 'Belfast' }, key));
      expect(later.customer.shipping_address).toMatchObject({ shipping_first_name: 'Charles', shipping_city: 'San Pablo' });
    });

    it('ship_to_different_address=false makes the shipping address the whole billing address: no old field is left beside new ones', async () => {
      const { key } = await newCart(app);
      ok(await customer({ first_name: 'Ada', city: 'Belfast', country: 'GB', s_first_name: 'Charles', s_city: 'San Pablo', s_postcode: '94806', s_country: 'US', ship_to_different_address: true }, key));
      const cart = ok(await customer({ postcode: 'BT1 1AA', s_city: 'Ignored', ship_to_different_address: false }, key));
      expect(cart.customer.shipping_address).toEqual({
        shipping_first_name: 'Ada', shipping_last_name: '', shipping_company: '', shipping_country: 'GB', shipping_address_1: '',
        shipping_address_2: '', shipping_city: 'Belfast', shipping_state: '', shipping_postcode: 'BT1 1AA',
      });
      expect(ok(await getCart(app, key)).customer.shipping_address).toEqual(cart.customer.shipping_address);
    });

    it('the release-notes payload with country "UK": 200, an error notice about the country, the country not stored', async () => {
      const { key } = await newCart(app);
      const r = await customer(RELEASE_NOTES_CUSTOMER, key);
      const cart = ok(r);
      expect(cart.notices).toEqual({ error: ["'UK' is not a valid country code."] });
      expect(cart.customer.billing_address).toEqual({
        billing_first_name: 'Sebastien', billing_last_name: 'Dumont', billing_company: 'Darth Vadar LTD', billing_country: '',
        billing_address_1: '70 The Crescent', billing_address_2: '', billing_city: 'BELFAST', billing_state: '',
        billing_postcode: 'BT90 2PU', billing_phone: '01908672352', billing_email: '',
      });
      expect(cart.customer.shipping_address).toEqual({
        shipping_first_name: 'Sebastien', shipping_last_name: 'Dumont', shipping_company: 'Darth Vadar LTD', shipping_country: '',
        shipping_address_1: '70 The Crescent', shipping_address_2: '', shipping_city: 'BELFAST', shipping_state: '', shipping_postcode: 'BT90 2PU',
      });
    });

    it('an explicit s_phone with ship_to_different_address=true shows as shipping_phone', async () => {
      const { key } = await newCart(app);
      const cart = ok(await customer({ s_first_name: 'Charles', s_phone: '+1 510 555 0100', ship_to_different_address: true }, key));
      expect(cart.customer.shipping_address).toMatchObject({ shipping_first_name: 'Charles', shipping_phone: '+1 510 555 0100' });
    });

    it('the release-notes payload with a separate US shipping address', async () => {
      const { key } = await newCart(app);
      const cart = ok(
        await customer(
          {
            ...RELEASE_NOTES_CUSTOMER,
            s_address_1: '515 Cherry Drive', s_city: 'San Pablo', s_state: 'CA', s_postcode: '94806', s_country: 'US',
            s_company: 'Galaxy Ruler LLC', ship_to_different_address: true,
          },
          key,
        ),
      );
      expect(cart.notices).toEqual({ error: ["'UK' is not a valid country code."] });
      expect(cart.customer.shipping_address).toMatchObject({
        shipping_first_name: '', shipping_company: 'Galaxy Ruler LLC', shipping_country: 'US', shipping_address_1: '515 Cherry Drive',
        shipping_city: 'San Pablo', shipping_state: 'CA', shipping_postcode: '94806',
      });
      expect(cart.customer.billing_address.billing_country).toBe('');
    });

    it('an invalid email → error notice, not stored (the old value stays)', async () => {
      const { key } = await newCart(app, { id: '10', email: 'old@example.com' });
      const cart = ok(await customer({ email: 'not-an-email', first_name: 'Ada' }, key));
      expect(cart.notices).toEqual({ error: ['Billing Email address is not a valid email address.'] });
      expect(cart.customer.billing_address).toMatchObject({ billing_email: 'old@example.com', billing_first_name: 'Ada' });
    });

    it('postcode "bt902pu" with country GB is stored as "BT90 2PU"', async () => {
      const { key } = await newCart(app);
      const cart = ok(await customer({ country: 'GB', postcode: 'bt902pu' }, key));
      expect(cart.customer.billing_address).toMatchObject({ billing_country: 'GB', billing_postcode: 'BT90 2PU' });
      expect(cart.notices).toEqual({ success: ['Cart updated.'] });
    });

    it('an invalid US ZIP → error notice, the ZIP not stored, the country stored', async () => {
      const { key } = await newCart(app);
      const cart = ok(await customer({ country: 'US', postcode: 'BT90 2PU' }, key));
      expect(cart.notices).toEqual({ error: ['Billing Postcode / ZIP is not a valid postcode / ZIP.'] });
      expect(cart.customer.billing_address).toMatchObject({ billing_country: 'US', billing_postcode: '' });
    });

    it('a valid US ZIP+4 is stored formatted', async () => {
      const { key } = await newCart(app);
      const cart = ok(await customer({ country: 'US', postcode: '94806-1234' }, key));
      expect(cart.customer.billing_address.billing_postcode).toBe('94806-1234');
    });

    it('a postcode is checked against the stored country when the request has none', async () => {
      const { key } = await newCart(app);
      ok(await customer({ country: 'US' }, key));
      const cart = ok(await customer({ postcode: 'BT90 2PU' }, key));
      expect(cart.notices).toEqual({ error: ['Billing Postcode / ZIP is not a valid postcode / ZIP.'] });
      expect(cart.customer.billing_address.billing_postcode).toBe('');
    });

    it('US state "california" is stored as "CA"', async () => {
      const { key } = await newCart(app);
      const cart = ok(await customer({ country: 'US', state: 'california' }, key));
      expect(cart.customer.billing_address).toMatchObject({ billing_country: 'US', billing_state: 'CA' });
      expect(cart.notices).toEqual({ success: ['Cart updated.'] });
    });

    it('US state "XX" → error notice, not stored', async () => {
      const { key } = await newCart(app);
      const cart = ok(await customer({ country: 'US', state: 'XX' }, key));
      expect(cart.notices.error).toHaveLength(1);
      expect(cart.notices.error[0]).toMatch(/^Billing State \/ County is not valid\. Please enter one of the following: AL, AK, /);
      expect(cart.notices.success).toBeUndefined();
      expect(cart.customer.billing_address).toMatchObject({ billing_country: 'US', billing_state: '' });
    });

    it('an invalid phone is not stored', async () => {
      const { key } = await newCart(app, { id: '10', phone: '01908 672352' });
      const cart = ok(await customer({ phone: 'call me maybe' }, key));
      expect(cart.customer.billing_address.billing_phone).toBe('01908 672352');
      expect(cart.notices).toEqual({ error: ['Billing Phone is not a valid phone number.'] });
    });

    it('empty values leave stored fields unchanged', async () => {
      const { key } = await newCart(app);
      ok(await customer({ first_name: 'Ada', city: 'Belfast' }, key));
      const cart = ok(await customer({ first_name: '', city: '', last_name: 'Lovelace' }, key));
      expect(cart.customer.billing_address).toMatchObject({ billing_first_name: 'Ada', billing_city: 'Belfast', billing_last_name: 'Lovelace' });
    });

    it('works with a form body', async () => {
      const { key } = await newCart(app);
      const r = await call(app, { method: 'POST', url: '/cart/update?namespace=update-customer', key, form: { first_name: 'Grace', country: 'GB' } });
      expect(ok(r).customer.billing_address).toMatchObject({ billing_first_name: 'Grace', billing_country: 'GB' });
    });
    it('payment_method is kept for fee rules that depend on it; a malformed one is an error notice', async () => {
      await saveFeeRule(app.runtime.database.db, {
        name: 'Cash on delivery', enabled: true, type: 'fixed', amount: '2.00', taxable: false, taxClass: '',
        minimumAmount: null, maximumAmount: null, countries: [], paymentMethods: ['cod'], requiresShipping: false,
      });
      await app.runtime.rules.changed();
      const { key } = await newCart(app, { id: '10', quantity: '1' });
      expect(ok(await getCart(app, key)).fees).not.toHaveProperty('cash-on-delivery');
      const chosen = ok(await customer({ payment_method: 'cod' }, key));
      expect(chosen.fees['cash-on-delivery']).toEqual({ name: 'Cash on delivery', fee: 200 });
      expect(chosen.totals.fee_total).toBe(200);
      const bad = ok(await customer({ payment_method: ['cod'] }, key));
      expect(bad.notices.error).toEqual(['payment_method is not a valid payment method id.']);
      expect(bad.fees['cash-on-delivery']).toBeDefined();
      const cleared = ok(await customer({ payment_method: '' }, key));
      expect(cleared.fees).not.toHaveProperty('cash-on-delivery');
    });
  });
});
