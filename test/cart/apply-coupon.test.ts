import { describe, expect, it } from 'vitest';
import { applyCoupon, couponCode } from '../../src/cart/apply-coupon.ts';
import { DAY, NOW, cartWith, context, coupon, onSale, price, refusal, shipTo, simple, type ContextOptions } from './builders.ts';

const products = [simple(1, 2250, { name: 'Beanie' }), simple(2, 1000, { name: 'Scarf' }), onSale(3, 2000, 1500, {}, { name: 'Sale hat' })];
const coupons = [
  coupon('save10', 'percent', 10),
  coupon('fiver', 'fixed_cart', 500),
  coupon('old', 'percent', 10, { expiresAt: NOW - DAY }),
  coupon('big-spender', 'fixed_cart', 1000, { minimumAmount: 5000 }),
  coupon('solo', 'percent', 20, { individualUse: true }),
  coupon('scarves', 'percent', 50, { productIds: [2] }),
  coupon('no-sales', 'fixed_cart', 500, { excludeSaleItems: true }),
  coupon('staff', 'percent', 30, { emailRestrictions: ['*@example.com'] }),
  coupon('once', 'percent', 5, { usageLimitPerUser: 1, usedBy: ['7'] }),
  coupon('draft', 'percent', 5, { status: 'draft' }),
];
const make = (over: ContextOptions = {}) => context({ products, coupons, ...over });
const ctx = make();
const cart = cartWith(ctx, [{ id: 1, quantity: 2 }]);

describe('applyCoupon: a coupon that holds', () => {
  it('is applied under its lower-case code, with a success notice', () => {
    const applied = applyCoupon(cart, '  SAVE10 ', ctx);
    expect(applied.coupons).toEqual(['save10']);
    expect(applied.notices).toEqual([{ type: 'success', msgid: 'Coupon code applied successfully.', args: [] }]);
    expect(couponCode(' Save10 ')).toBe('save10');
  });

  it('then discounts the cart: 10 % of 2 × £22.50 is £4.50', () => {
    const applied = applyCoupon(cart, 'save10', ctx);
    expect(price(applied, ctx).totals).toMatchObject({ subtotal: 4500, discount_total: 450, total: 4050 });
  });

  it('goes beside coupons already applied', () => {
    const both = applyCoupon(applyCoupon(cart, 'save10', ctx), 'fiver', ctx);
    expect(both.coupons).toEqual(['save10', 'fiver']);
  });
});

describe('applyCoupon: refusals carry WooCommerce’s reason as the code, kind invalid', () => {
  it('an unknown code: woocommerce_coupon_not_exist (E_WC_COUPON_NOT_EXIST 105)', () => {
    const err = refusal(() => applyCoupon(cart, 'Nope', ctx));
    expect(err).toMatchObject({ code: 'woocommerce_coupon_not_exist', kind: 'invalid', msgid: 'Coupon "%s" does not exist!', args: ['nope'], data: { wc_error_code: 105 } });
  });

  it('an unpublished coupon does not exist either', () => {
    expect(refusal(() => applyCoupon(cart, 'draft', ctx))).toMatchObject({ code: 'woocommerce_coupon_not_exist', kind: 'invalid' });
  });

  it('an empty code: woocommerce_coupon_please_enter', () => {
    expect(refusal(() => applyCoupon(cart, '   ', ctx))).toMatchObject({ code: 'woocommerce_coupon_please_enter', kind: 'invalid' });
  });

  it('an expired coupon: woocommerce_coupon_expired', () => {
    expect(refusal(() => applyCoupon(cart, 'old', ctx))).toMatchObject({ code: 'woocommerce_coupon_expired', kind: 'invalid', data: { wc_error_code: 107 } });
  });

  it('a coupon expiring tomorrow holds today and not the day after', () => {
    const c = make({ coupons: [coupon('soon', 'percent', 10, { expiresAt: NOW + DAY })] });
    expect(applyCoupon(cart, 'soon', c).coupons).toEqual(['soon']);
    const later = make({ coupons: [coupon('soon', 'percent', 10, { expiresAt: NOW + DAY })], now: NOW + 2 * DAY });
    expect(refusal(() => applyCoupon(cart, 'soon', later))).toMatchObject({ code: 'woocommerce_coupon_expired' });
  });

  it('below the minimum spend: woocommerce_coupon_min_spend_limit_not_met, naming the minimum in the store’s money', () => {
    const err = refusal(() => applyCoupon(cart, 'big-spender', ctx));
    expect(err).toMatchObject({ code: 'woocommerce_coupon_min_spend_limit_not_met', kind: 'invalid', args: ['£50.00'], data: { wc_error_code: 108 } });
    const more = cartWith(ctx, [{ id: 2, quantity: 1 }], cart);
    expect(applyCoupon(more, 'big-spender', ctx).coupons).toEqual(['big-spender']);
  });

  it('compares the minimum with the subtotal as displayed: £45.00 + 20 % VAT shown incl. tax is £54.00, enough for £50', () => {
    const excl = make({ taxes: true, tax: { displayCart: 'excl' } });
    expect(refusal(() => applyCoupon(cart, 'big-spender', excl))).toMatchObject({ code: 'woocommerce_coupon_min_spend_limit_not_met' });
    const incl = make({ taxes: true, tax: { displayCart: 'incl' } });
    expect(applyCoupon(cart, 'big-spender', incl).coupons).toEqual(['big-spender']);
  });

  it('for products the cart does not hold: woocommerce_coupon_not_applicable', () => {
    expect(refusal(() => applyCoupon(cart, 'scarves', ctx))).toMatchObject({ code: 'woocommerce_coupon_not_applicable', kind: 'invalid' });
  });

  it('a cart coupon excluding sale items on a cart with one: woocommerce_coupon_not_valid_sale_items', () => {
    const withSale = cartWith(ctx, [{ id: 3, quantity: 1 }], cart);
    expect(refusal(() => applyCoupon(withSale, 'no-sales', ctx))).toMatchObject({ code: 'woocommerce_coupon_not_valid_sale_items', kind: 'invalid' });
    expect(applyCoupon(cart, 'no-sales', ctx).coupons).toEqual(['no-sales']);
  });

  it('already applied: woocommerce_coupon_already_applied', () => {
    const once = applyCoupon(cart, 'save10', ctx);
    expect(refusal(() => applyCoupon(once, 'SAVE10', ctx))).toMatchObject({ code: 'woocommerce_coupon_already_applied', kind: 'invalid' });
  });

  it('coupons switched off: woocommerce_rest_cart_coupon_disabled (not_found)', () => {
    const off = make({ pricing: { couponsEnabled: false } });
    expect(refusal(() => applyCoupon(cart, 'save10', off))).toMatchObject({ code: 'woocommerce_rest_cart_coupon_disabled', kind: 'not_found' });
  });

  it('restricted to e-mails: refused for a guest with none, accepted for a shopper whose account matches', () => {
    const err = refusal(() => applyCoupon(cart, 'staff', ctx));
    expect(err).toMatchObject({ code: 'woocommerce_coupon_not_yours_removed', kind: 'invalid', msgid: 'Please enter a valid email at checkout to use coupon code "%s".' });
    const wrong = shipTo(cart, { email: 'jo@elsewhere.org' });
    expect(refusal(() => applyCoupon(wrong, 'staff', ctx))).toMatchObject({ msgid: 'Please enter a valid email to use coupon code "%s".' });
    const signedIn = make({ shopper: { id: 3, email: 'jo@example.com' } });
    expect(applyCoupon(cart, 'staff', signedIn).coupons).toEqual(['staff']);
    expect(applyCoupon(shipTo(cart, { email: 'ann@example.com' }), 'staff', ctx).coupons).toEqual(['staff']);
  });

  it('used up by this shopper: woocommerce_coupon_usage_limit_reached', () => {
    const seven = make({ shopper: { id: 7, email: 'seven@example.com' } });
    expect(refusal(() => applyCoupon(cart, 'once', seven))).toMatchObject({ code: 'woocommerce_coupon_usage_limit_reached', kind: 'invalid' });
    const eight = make({ shopper: { id: 8, email: 'eight@example.com' } });
    expect(applyCoupon(cart, 'once', eight).coupons).toEqual(['once']);
  });
});

describe('applyCoupon: individual use', () => {
  it('an individual-use coupon replaces the coupons applied before it', () => {
    const two = applyCoupon(applyCoupon(cart, 'save10', ctx), 'fiver', ctx);
    expect(applyCoupon(two, 'solo', ctx).coupons).toEqual(['solo']);
  });

  it('another coupon after an individual-use one is refused with woocommerce_coupon_already_applied_indiv_use_only, naming it', () => {
    const solo = applyCoupon(cart, 'solo', ctx);
    const err = refusal(() => applyCoupon(solo, 'save10', ctx));
    expect(err).toMatchObject({ code: 'woocommerce_coupon_already_applied_indiv_use_only', kind: 'invalid', args: ['solo'], data: { wc_error_code: 104 } });
  });
});
