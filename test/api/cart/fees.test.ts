import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { FeeInput } from '../../../src/rules/repository.ts';
import { DATABASES } from '../../helpers/app.ts';
import { call, ok } from './helpers.ts';
import { applyCoupon, cartWith, expectConsistent, makeProduct, readCart, saveFee, setTaxes, storeApp, updateCustomer } from './commerce-helpers.ts';

/**
 * Fees on the cart (the cart's `fees` section, `fee_total`/`fee_tax` in its totals, GET /cart/fees).
 * The demo store charges a "Small order fee" of £1.50 (taxable, standard rate) when the items come to
 * £9.99 or less after discounts and the cart ships; tests add their own rules and switch them off after.
 */

const BRISTOL = { country: 'GB', postcode: 'BS1 4XX', city: 'Bristol' };

describe.each(DATABASES)('cart fees (%s)', (kind) => {
  let app: FastifyInstance;
  /** £5.00, physical, no shipping class. */
  let five: string;
  /** £10.00, physical. */
  let ten: string;
  /** £5.00, virtual. */
  let download: string;

  beforeAll(async () => {
    app = await storeApp(kind);
    five = await makeProduct(app, { name: 'Fee Test Five', regularPrice: 500 });
    ten = await makeProduct(app, { name: 'Fee Test Ten', regularPrice: 1000 });
    download = await makeProduct(app, { name: 'Fee Test Download', regularPrice: 500, virtual: true });
  });
  afterAll(() => app.close());

  /** A fee rule for one test, switched off when it is done. */
  async function withFee(fee: Partial<FeeInput> & Pick<FeeInput, 'name' | 'type' | 'amount'>, test: () => Promise<void>): Promise<void> {
    const rule: FeeInput = {
      enabled: true, taxable: false, taxClass: '', minimumAmount: null, maximumAmount: null, countries: [], paymentMethods: [], requiresShipping: false, ...fee,
    };
    const id = await saveFee(app, rule);
    try {
      await test();
    } finally {
      await saveFee(app, { ...rule, id, enabled: false });
    }
  }

  it('charges the demo small-order fee on a shipped cart under £10, and lists it with GET /cart/fees', async () => {
    await setTaxes(app, { calc_taxes: false });
    const key = await cartWith(app, [[five, 1]]);
    const cart = await updateCustomer(app, key, BRISTOL);
    expect(cart.fees).toEqual({ 'small-order-fee': { name: 'Small order fee', fee: 150 } });
    // 500 items + 499 flat rate + 150 fee = 1149.
    expect(cart.totals).toMatchObject({ subtotal: 500, fee_total: 150, fee_tax: 0, shipping_total: 499, total: 1149 });
    expectConsistent(cart);
    expect(ok(await call(app, { url: '/cart/fees', key }))).toEqual(cart.fees);
    expect(ok(await call(app, { url: '/cart/fees?config[prices]=preformatted', key }))).toEqual({ 'small-order-fee': { name: 'Small order fee', fee: '£1.50' } });
    // A shipped cart with no address yet pays it too: the rule asks only that the cart needs shipping.
    const noAddress = await readCart(app, await cartWith(app, [[five, 1]]));
    expect(noAddress.totals).toMatchObject({ fee_total: 150, shipping_total: 0, total: 650 });
    expectConsistent(noAddress);
  });

  it('does not charge it from £10.00, nor on a cart that does not ship, and answers GET /cart/fees with []', async () => {
    await setTaxes(app, { calc_taxes: false });
    const at = await cartWith(app, [[ten, 1]]);
    expect((await readCart(app, at)).fees).toEqual([]);
    expect(ok(await call(app, { url: '/cart/fees', key: at }))).toEqual([]);
    const virtual = await readCart(app, await cartWith(app, [[download, 1]]));
    expect(virtual.fees).toEqual([]);
    expect(virtual.totals).toMatchObject({ fee_total: 0, total: 500 });
    expectConsistent(virtual);
    expect(ok(await call(app, { url: '/cart/fees' }))).toEqual([]);
  });

  it('counts the items after discounts: a coupon that takes the cart under £10 brings the fee', async () => {
    await setTaxes(app, { calc_taxes: false });
    const key = await cartWith(app, [[ten, 1]]);
    const cart = ok(await applyCoupon(app, key, 'save10'));
    // 1000 − 10 % = 900 ≤ 999: fee 150. Total 900 + 150 = 1050.
    expect(cart.fees).toEqual({ 'small-order-fee': { name: 'Small order fee', fee: 150 } });
    expect(cart.totals).toMatchObject({ discount_total: 100, fee_total: 150, total: 1050 });
    expectConsistent(cart);
  });

  it('taxes a taxable fee at the customer\'s rate: 20 % of £1.50 is 30', async () => {
    await setTaxes(app);
    const key = await cartWith(app, [[five, 1]]);
    const cart = await updateCustomer(app, key, BRISTOL);
    // Items 500 + 100; shipping 499 + 100 (99.8); fee 150 + 30. Total 500 + 499 + 150 + 230 = 1379.
    expect(cart.totals).toMatchObject({ fee_total: 150, fee_tax: 30, shipping_tax: 100, total_tax: 230, total: 1379 });
    expect(cart.taxes).toEqual({ 'GB-VAT-1': { name: 'VAT', price: 230 } });
    expect(cart.fees).toEqual({ 'small-order-fee': { name: 'Small order fee', fee: 150 } });
    expectConsistent(cart);
    // In France: 20 % TVA on it too, and Europe's shipping: 9.99 + 1.50 × 1 = 11.49, 229.8 → 230 tax.
    const fr = await updateCustomer(app, key, { country: 'FR', postcode: '75001', city: 'Paris' });
    expect(fr.totals).toMatchObject({ fee_total: 150, fee_tax: 30, shipping_total: 1149, shipping_tax: 230, total_tax: 360, total: 500 + 1149 + 150 + 360 });
    expect(fr.taxes).toEqual({ 'FR-TVA-1': { name: 'TVA', price: 360 } });
    expectConsistent(fr);
  });

  it('shows fees incl. tax when the cart displays prices incl. tax; totals stay excl.', async () => {
    await setTaxes(app, { tax_display_cart: 'incl' });
    const key = await cartWith(app, [[five, 1]]);
    const cart = await updateCustomer(app, key, BRISTOL);
    // 150 + 30 = 180.
    expect(cart.fees).toEqual({ 'small-order-fee': { name: 'Small order fee', fee: 180 } });
    expect(cart.totals).toMatchObject({ fee_total: 150, fee_tax: 30, total: 1379 });
    expect((await readCart(app, key, '?config[prices]=preformatted')).fees).toEqual({ 'small-order-fee': { name: 'Small order fee', fee: '£1.80' } });
    expectConsistent(cart);
  });

  it('charges a percentage fee rule of the items after discounts, rounded half up, with its own tax class', async () => {
    await setTaxes(app);
    await withFee({ name: 'Card Surcharge', type: 'percent', amount: '2.5', taxable: true, taxClass: 'reduced-rate' }, async () => {
      const key = await cartWith(app, [[ten, 3], [five, 1]]);
      const cart = await updateCustomer(app, key, BRISTOL);
      // Items 3500: 2.5 % = 87.5 → 88; its reduced-rate tax 88 × 5 % = 4.4 → 4.
      expect(cart.fees).toEqual({ 'card-surcharge': { name: 'Card Surcharge', fee: 88 } });
      // Items tax 700; shipping 499 + 100. Total 3500 + 499 + 88 + (700 + 100 + 4) = 4891.
      expect(cart.totals).toMatchObject({ fee_total: 88, fee_tax: 4, total_tax: 804, total: 4891 });
      expectConsistent(cart);
      // After save10: 3500 − 350 = 3150; 2.5 % = 78.75 → 79; tax 3.95 → 4.
      const discounted = ok(await applyCoupon(app, key, 'save10'));
      expect(discounted.fees).toEqual({ 'card-surcharge': { name: 'Card Surcharge', fee: 79 } });
      expect(discounted.totals).toMatchObject({ subtotal: 3500, discount_total: 350, fee_total: 79, fee_tax: 4 });
      expectConsistent(discounted);
    });
  });

  it('applies a fee rule only where its conditions hold: billing country, payment method, spend', async () => {
    await setTaxes(app, { calc_taxes: false });
    await withFee(
      { name: 'Cash on delivery', type: 'fixed', amount: '2.00', countries: ['GB'], paymentMethods: ['cod'], minimumAmount: 1000, maximumAmount: 5000 },
      async () => {
        const key = await cartWith(app, [[ten, 2]]);
        // GB but no payment method yet: no fee.
        expect((await updateCustomer(app, key, BRISTOL)).fees).toEqual([]);
        const cod = await updateCustomer(app, key, { payment_method: 'cod' });
        expect(cod.fees).toEqual({ 'cash-on-delivery': { name: 'Cash on delivery', fee: 200 } });
        // 2000 items + 499 shipping + 200 fee.
        expect(cod.totals).toMatchObject({ fee_total: 200, total: 2699 });
        expectConsistent(cod);
        // Another country: no fee.
        expect((await updateCustomer(app, key, { country: 'FR', postcode: '75001', city: 'Paris' })).fees).toEqual([]);
        // Back in GB, over the £50 maximum: no fee.
        await updateCustomer(app, key, BRISTOL);
        const item = (await readCart(app, key)).items[0];
        const big = ok(await call(app, { method: 'POST', url: `/cart/item/${item.item_key}`, key, body: { quantity: '6' } }));
        expect(big.fees).toEqual([]);
        expectConsistent(big);
      },
    );
  });

  it('keeps fees and their totals out of the digital and shipping presets, and in the *_fees ones', async () => {
    await setTaxes(app, { calc_taxes: false });
    const key = await cartWith(app, [[five, 1]]);
    await updateCustomer(app, key, BRISTOL);
    const digital = await readCart(app, key, '?config[fields]=digital');
    expect(digital.fees).toBeUndefined();
    expect(digital.totals.fee_total).toBeUndefined();
    // The total still includes the fee: 500 + 499 + 150.
    expect(digital.totals.total).toBe(1149);
    const withFees = await readCart(app, key, '?config[fields]=shipping_fees');
    expect(withFees.fees).toEqual({ 'small-order-fee': { name: 'Small order fee', fee: 150 } });
    expect(withFees.totals).toMatchObject({ fee_total: 150, shipping_total: 499, total: 1149 });
  });

  it.each([
    ['/cart/fees'], ['/cart/coupons'], ['/cart/weight'], ['/cart/shipping-methods'],
  ])('GET %s shrugs off odd parameters without a 5xx', async (route) => {
    const key = await cartWith(app, [[five, 1]]);
    for (const query of ['?config=1', '?config[prices]=nonsense', '?thumb=maybe', '?fields=nonsense', '?fields[]=a', `?cart_key=${'x'.repeat(5000)}`, '?default=true']) {
      const r = await call(app, { url: `${route}${query}`, key });
      expect(r.status, `${route}${query}: ${r.res.body.slice(0, 200)}`).toBeLessThan(500);
      if (r.status >= 400) expect(Object.keys(r.body)).toEqual(['code', 'message', 'data']);
    }
  });
});
