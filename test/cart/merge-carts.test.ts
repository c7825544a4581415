import { describe, expect, it } from 'vitest';
import { mergeCarts } from '../../src/cart/merge-carts.ts';
import { removeItem } from '../../src/cart/remove-item.ts';
import { cartWith, context, lineOf, shipTo, simple } from './builders.ts';

const ctx = context({ products: [simple(1, 1800, { name: 'Beanie' }), simple(2, 1200, { name: 'Scarf' }), simple(3, 900, { name: 'Mug' }), simple(4, 500, { name: 'Pin' })] });

/** The customer's own cart: 1 beanie, 2 scarves, a removed pin, their details, a coupon and a shipping choice. */
const ownBase = cartWith(ctx, [{ id: 1, quantity: 1 }, { id: 2, quantity: 2 }, { id: 4, quantity: 1 }]);
const own = {
  ...shipTo(removeItem(ownBase, lineOf(ownBase, 4).key, ctx).cart, { first_name: 'Jo', country: 'GB', postcode: 'BS1 4XX', email: 'jo@example.com' }),
  coupons: ['loyal'],
  chosenShipping: ['flat_rate:1'],
  notices: [{ type: 'info' as const, msgid: 'own', args: [] }],
};
/** The guest cart they built before logging in: 5 scarves, a mug, a pin again, a phone number and a coupon. */
const guestBase = cartWith(ctx, [{ id: 2, quantity: 5 }, { id: 3, quantity: 1 }, { id: 4, quantity: 2 }]);
const guest = {
  ...shipTo(guestBase, { first_name: 'Guest', phone: '0117 496 0000', city: 'Bristol' }),
  coupons: ['welcome', 'loyal'],
  chosenShipping: [],
  notices: [{ type: 'info' as const, msgid: 'guest', args: [] }],
};
const quantities = (lines: { id: number; quantity: number }[]) => lines.map((l) => [l.id, l.quantity]);

describe("mergeCarts('merge')", () => {
  const merged = mergeCarts('merge', guest, own);

  it('holds the union of both carts’ lines, the customer’s first', () => {
    expect(quantities(merged.lines)).toEqual([[1, 1], [2, 5], [3, 1], [4, 2]]);
  });

  it('lets the guest’s line win on the same item key: 5 scarves, not 2 + 5', () => {
    expect(lineOf(merged, 2)).toEqual(lineOf(guest, 2));
  });

  it('drops a removed item that is back in the cart', () => {
    expect(merged.removed).toEqual([]);
  });

  it('keeps the customer’s details, filling blanks from the guest’s', () => {
    expect(merged.customer.billing).toMatchObject({ first_name: 'Jo', email: 'jo@example.com', country: 'GB', phone: '0117 496 0000', city: 'Bristol' });
  });

  it('applies the coupons of both, once each', () => {
    expect(merged.coupons).toEqual(['loyal', 'welcome']);
  });

  it('keeps the customer’s shipping choice when the guest made none, the guest’s otherwise', () => {
    expect(merged.chosenShipping).toEqual(['flat_rate:1']);
    expect(mergeCarts('merge', { ...guest, chosenShipping: ['local_pickup:3'] }, own).chosenShipping).toEqual(['local_pickup:3']);
  });

  it('keeps the notices of both', () => {
    expect(merged.notices.map((n) => n.msgid)).toEqual(['own', 'guest']);
  });
});

describe("mergeCarts('guest-replaces')", () => {
  const merged = mergeCarts('guest-replaces', guest, own);

  it('takes the guest’s lines, removed items, coupons and shipping choice', () => {
    expect(quantities(merged.lines)).toEqual([[2, 5], [3, 1], [4, 2]]);
    expect(merged.removed).toEqual(guest.removed);
    expect(merged.coupons).toEqual(['welcome', 'loyal']);
    expect(merged.chosenShipping).toEqual([]);
  });

  it('keeps the customer’s details, filling blanks from the guest’s', () => {
    expect(merged.customer.billing).toMatchObject({ first_name: 'Jo', email: 'jo@example.com', phone: '0117 496 0000' });
  });
});

describe("mergeCarts('keep-customer')", () => {
  it('returns the customer’s cart as it was, dropping the guest’s', () => {
    expect(mergeCarts('keep-customer', guest, own)).toBe(own);
  });
});
