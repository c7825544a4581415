import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeCarts, MERGE_STRATEGIES } from '../../src/cart/merge-carts.ts';
import { removeItem } from '../../src/cart/remove-item.ts';
import { restoreItem } from '../../src/cart/restore-item.ts';
import { itemCount } from '../../src/cart/types.ts';
import { BRISTOL, cartWith, context, coupon, fee, flatRate, price, shipTo, simple, zone, type LineSpec } from './builders.ts';

const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);

interface Shop {
  prices: number[];
  adds: { index: number; quantity: number; gift: boolean }[];
}
interface Store {
  taxes: 'off' | 'excl' | 'incl';
  roundAtSubtotal: boolean;
  percent: number | null;
  fixedCart: number | null;
  shipping: boolean;
  fixedFee: number | null;
  percentFee: number | null;
  taxableFees: boolean;
}

/** Up to 6 simple products with random prices, and a run of adds drawing on them (the same one may come back). */
const shop: fc.Arbitrary<Shop> = fc
  .array(fc.integer({ min: 1, max: 50_000 }), { minLength: 1, maxLength: 6 })
  .chain((prices) =>
    fc.record({
      prices: fc.constant(prices),
      adds: fc.array(
        fc.record({
          index: fc.integer({ min: 0, max: prices.length - 1 }),
          quantity: fc.integer({ min: 1, max: 20 }),
          // Item data makes a separate line of the same product.
          gift: fc.boolean(),
        }),
        { minLength: 1, maxLength: 10 },
      ),
    }),
  );

const store: fc.Arbitrary<Store> = fc.record({
  taxes: fc.constantFrom<Store['taxes']>('off', 'excl', 'incl'),
  roundAtSubtotal: fc.boolean(),
  percent: fc.option(fc.integer({ min: 1, max: 100 }), { nil: null }),
  fixedCart: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }),
  shipping: fc.boolean(),
  fixedFee: fc.option(fc.integer({ min: 1, max: 5_000 }), { nil: null }),
  percentFee: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
  taxableFees: fc.boolean(),
});

/** No taxes, coupons, shipping or fees. */
const PLAIN: Store = { taxes: 'off', roundAtSubtotal: false, percent: null, fixedCart: null, shipping: false, fixedFee: null, percentFee: null, taxableFees: false };

function setUp(s: Shop, o: Store) {
  const ctx = context({
    products: s.prices.map((p, i) => simple(i + 1, p)),
    taxes: o.taxes !== 'off',
    pricesIncludeTax: o.taxes === 'incl',
    tax: { roundAtSubtotal: o.roundAtSubtotal },
    coupons: [coupon('pc', 'percent', o.percent ?? 10, { id: 1 }), coupon('fc', 'fixed_cart', o.fixedCart ?? 100, { id: 2 })],
    shippingZones: [zone(1, ['GB'], [flatRate(1, '3 + [qty]')])],
    fees: [
      ...(o.fixedFee === null ? [] : [fee(1, 'Fixed', 'fixed', o.fixedFee, { taxable: o.taxableFees })]),
      ...(o.percentFee === null ? [] : [fee(2, 'Percent', 'percent', o.percentFee, { taxable: o.taxableFees })]),
    ],
  });
  const lines: LineSpec[] = s.adds.map((a) => ({ id: a.index + 1, quantity: a.quantity, itemData: a.gift ? { gift: true } : undefined }));
  let cart = cartWith(ctx, lines);
  cart = { ...cart, coupons: [...(o.percent === null ? [] : ['pc']), ...(o.fixedCart === null ? [] : ['fc'])] };
  if (o.shipping) cart = shipTo(cart, BRISTOL);
  return { ctx, cart };
}

describe('properties of a priced cart', () => {
  it('the item count is the sum of the quantities added, however the adds fell into lines', () => {
    fc.assert(
      fc.property(shop, (s) => {
        const { cart } = setUp(s, PLAIN);
        expect(itemCount(cart.lines)).toBe(sum(s.adds.map((a) => a.quantity)));
        expect(new Set(cart.lines.map((l) => l.key)).size).toBe(cart.lines.length);
      }),
      { numRuns: 100 },
    );
  });

  it('items after discounts + shipping + fees + taxes = total, and every part is the sum of its lines', () => {
    fc.assert(
      fc.property(shop, store, (s, o) => {
        const { ctx, cart } = setUp(s, o);
        const p = price(cart, ctx);
        const t = p.totals;
        const itemsTotal = t.total - t.shipping_total - t.fee_total - t.total_tax;
        // discount_total is WooCommerce's figure (each coupon's discount less its own tax), which may
        // miss subtotal − items total by the rounding of each line.
        expect(Math.abs(t.subtotal - t.discount_total - itemsTotal)).toBeLessThanOrEqual(p.lines.length + 1);
        expect(sum(p.taxes.map((x) => x.amount))).toBe(t.total_tax);
        expect(sum(p.fees.map((f) => f.amount))).toBe(t.fee_total);
        expect(t.discount_total).toBeGreaterThanOrEqual(0);
        expect(t.discount_total).toBeLessThanOrEqual(t.subtotal + 1);
        for (const l of p.lines) {
          expect(l.totals.total).toBeGreaterThanOrEqual(0);
          expect(l.totals.total).toBeLessThanOrEqual(l.totals.subtotal);
        }
        if (!o.roundAtSubtotal) {
          // Rounding per line: the cart's item figures are exactly the sums of the lines'.
          expect(sum(p.lines.map((l) => l.totals.subtotal))).toBe(t.subtotal);
          expect(sum(p.lines.map((l) => l.totals.subtotalTax))).toBe(t.subtotal_tax);
          expect(sum(p.lines.map((l) => l.totals.total))).toBe(itemsTotal);
          expect(sum(p.lines.map((l) => l.totals.tax)) + t.shipping_tax + t.fee_tax).toBe(t.total_tax);
        }
        // Each coupon's saving and its tax are rounded on their own, the cart's from the unrounded sum.
        expect(Math.abs(sum(p.coupons.map((c) => c.discount)) - t.discount_total)).toBeLessThanOrEqual(p.coupons.length);
        expect(Math.abs(sum(p.coupons.map((c) => c.tax)) - t.discount_tax)).toBeLessThanOrEqual(p.coupons.length);
        if (o.taxes === 'incl' && !o.roundAtSubtotal && ctx.pricing.rules.taxRates.length <= 1) {
          // Prices entered with one rate of tax: before discounts each line costs exactly what the
          // catalogue says (the net rounds half up from the exact tax, the tax half down).
          for (const l of p.lines) expect(l.totals.subtotal + l.totals.subtotalTax).toBe(l.unitPrice * l.line.quantity);
        }
        if (o.taxes === 'off') expect(t.total_tax).toBe(0);
        expect(p.packages.length).toBe(o.shipping ? 1 : 0);
      }),
      { numRuns: 200 },
    );
  });
});

describe('properties of the other use cases', () => {
  it('removing a line and restoring it gives back the same lines', () => {
    fc.assert(
      fc.property(shop, fc.nat(), (s, pick) => {
        const { ctx, cart } = setUp(s, PLAIN);
        const key = cart.lines[pick % cart.lines.length].key;
        const removed = removeItem(cart, key, ctx).cart;
        expect(itemCount(removed.lines)).toBe(itemCount(cart.lines) - cart.lines.find((l) => l.key === key)!.quantity);
        const restored = restoreItem(removed, key, ctx).cart;
        const byKey = (ls: typeof cart.lines) => [...ls].sort((a, b) => a.key.localeCompare(b.key));
        expect(byKey(restored.lines)).toEqual(byKey(cart.lines));
        expect(restored.removed).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('merging keeps every guest line as it was and every customer line the guest did not touch, once each', () => {
    fc.assert(
      fc.property(shop, shop, (a, b) => {
        const prices = a.prices.length >= b.prices.length ? a.prices : b.prices;
        const ctx = context({ products: prices.map((p, i) => simple(i + 1, p)) });
        const linesOf = (s: Shop) =>
          s.adds.map((x) => ({ id: (x.index % prices.length) + 1, quantity: x.quantity, itemData: x.gift ? { gift: true } : undefined }));
        const guest = cartWith(ctx, linesOf(a));
        const own = cartWith(ctx, linesOf(b));
        const merged = mergeCarts('merge', guest, own);
        const guestKeys = new Set(guest.lines.map((l) => l.key));
        expect(new Set(merged.lines.map((l) => l.key)).size).toBe(merged.lines.length);
        for (const l of guest.lines) expect(merged.lines).toContainEqual(l);
        for (const l of own.lines) if (!guestKeys.has(l.key)) expect(merged.lines).toContainEqual(l);
        expect(itemCount(merged.lines)).toBe(itemCount(guest.lines) + itemCount(own.lines.filter((l) => !guestKeys.has(l.key))));
        for (const name of MERGE_STRATEGIES) expect(mergeCarts(name, guest, guest).lines).toEqual(guest.lines);
      }),
      { numRuns: 100 },
    );
  });
});
