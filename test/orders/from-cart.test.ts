import { describe, expect, it } from 'vitest';
import { addressesOf, orderFromCart, type OrderDraft } from '../../src/orders/from-cart.ts';
import { emptyAddress, needsPayment } from '../../src/orders/order.ts';
import { applyCoupon } from '../../src/cart/apply-coupon.ts';
import { BRISTOL, NOW, cartWith, context, coupon, fee, flatRate, price, shipTo, simple, taxRate, zone } from '../cart/builders.ts';

/** A placed order is the priced cart, line for line: its total is the cart's total at that moment. */

const beanie = simple(1, 1800, { name: 'Beanie', sku: 'BEANIE' });
const scarf = simple(2, 1250, { name: 'Scarf' });
const draft: OrderDraft = {
  key: 'wc_order_test',
  now: NOW,
  currency: 'GBP',
  pricesIncludeTax: false,
  customerId: 0,
  billing: { ...emptyAddress(), first_name: 'Ada', email: 'ada@example.org', country: 'GB' },
  shipping: { ...emptyAddress(), first_name: 'Ada', country: 'GB' },
  paymentMethod: 'bacs',
  paymentMethodTitle: 'Direct bank transfer',
  customerNote: '',
  createdVia: 'checkout',
};
const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);

describe('orderFromCart', () => {
  const ctx = context({
    products: [beanie, scarf],
    taxes: true,
    taxRates: [taxRate(1, 20, { name: 'VAT' })],
    coupons: [coupon('save10', 'percent', 10)],
    shippingZones: [zone(1, ['GB'], [flatRate(1, '5')])],
    fees: [fee(1, 'Small order fee', 'fixed', 150)],
  });
  const cart = applyCoupon(shipTo(cartWith(ctx, [{ id: 1, quantity: 2 }, { id: 2, quantity: 1 }]), BRISTOL), 'save10', ctx);
  const priced = price(cart, ctx);
  const order = orderFromCart(priced, draft);

  it('totals exactly what the cart totals: 2 × £18 + £12.50 − 10 %, + £5 shipping, + 20 % VAT on both, + an untaxed £1.50 fee', () => {
    expect(order.totals).toEqual({
      discountTotal: priced.totals.discount_total,
      discountTax: priced.totals.discount_tax,
      shippingTotal: 500,
      shippingTax: 100,
      cartTax: priced.totals.total_tax - 100,
      total: priced.totals.total,
      totalTax: priced.totals.total_tax,
    });
    // £48.50 − £4.85 = £43.65 of goods + £8.73 VAT, £5 shipping + £1 VAT, £1.50 fee: £59.88.
    expect(order.totals.total).toBe(5988);
  });

  it('keeps each line with its product, SKU, quantity and totals before and after the discount', () => {
    expect(order.lines.map((l) => [l.productId, l.name, l.sku, l.quantity, l.subtotal, l.total, l.subtotalTax, l.tax])).toEqual([
      [1, 'Beanie', 'BEANIE', 2, 3600, 3240, 720, 648],
      [2, 'Scarf', '', 1, 1250, 1125, 250, 225],
    ]);
    expect(order.lines[0].taxes).toEqual([{ rateId: 1, subtotal: 720, total: 648 }]);
    expect(sum(order.lines.map((l) => l.total)) + order.totals.shippingTotal + sum(order.feeLines.map((f) => f.total)) + order.totals.totalTax).toBe(order.totals.total);
  });

  it('keeps the chosen shipping rate, the fee, the coupon and one tax line per rate', () => {
    expect(order.shippingLines).toEqual([
      { id: 0, rateId: 'flat_rate:1', methodId: 'flat_rate', instanceId: 1, methodTitle: 'Flat rate', total: 500, tax: 100, taxes: [{ rateId: 1, total: 100 }] },
    ]);
    expect(order.feeLines).toMatchObject([{ name: 'Small order fee', taxable: false, total: 150, tax: 0 }]);
    expect(order.couponLines).toEqual([
      { id: 0, code: 'save10', discountType: 'percent', nominalAmount: 10, freeShipping: false, discount: 485, discountTax: 97 },
    ]);
    expect(order.taxLines).toEqual([
      { id: 0, rateId: 1, rateCode: 'GB-VAT-1', label: 'VAT', compound: false, taxTotal: order.totals.totalTax - 100, shippingTaxTotal: 100 },
    ]);
  });

  it('starts as a draft that remembers the cart it came from, and needs payment once pending', () => {
    expect(order).toMatchObject({ status: 'checkout-draft', cartHash: priced.hash, key: 'wc_order_test', stockReduced: false, couponUsageRecorded: false });
    expect(needsPayment(order)).toBe(false);
    expect(needsPayment({ ...order, status: 'pending' })).toBe(true);
    expect(needsPayment({ ...order, status: 'failed' })).toBe(true);
    expect(needsPayment({ ...order, status: 'pending', totals: { ...order.totals, total: 0 } })).toBe(false);
  });
});

describe('addressesOf', () => {
  it('takes the billing address, and ships there when no shipping address was given', () => {
    const ctx = context({ products: [beanie] });
    const cart = shipTo(cartWith(ctx, [{ id: 1, quantity: 1 }]), { ...BRISTOL, first_name: 'Ada', email: 'ada@example.org', address_1: '1 Quay St' });
    const { billing, shipping } = addressesOf(cart.customer);
    expect(billing).toMatchObject({ first_name: 'Ada', email: 'ada@example.org', country: 'GB', postcode: 'BS1 4XX', address_1: '1 Quay St' });
    expect(shipping).toMatchObject({ first_name: 'Ada', country: 'GB', postcode: 'BS1 4XX', address_1: '1 Quay St', email: '' });
  });
});
