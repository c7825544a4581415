import { describe, expect, it } from 'vitest';
import { chooseShippingMethod } from '../../src/cart/choose-shipping-method.ts';
import { emptyCart } from '../../src/cart/types.ts';
import {
  BRISTOL, DAY, NOW, cartWith, context, coupon, fee, flatRate, freeShipping, lineOf, localPickup, onSale, price, shipTo, simple, taxRate, virtual, zone,
  type ContextOptions,
} from './builders.ts';

const beanie = simple(1, 1800, { name: 'Beanie' });
const scarf = simple(2, 1250, { name: 'Scarf' });
const pin = simple(3, 333, { name: 'Pin' });
const poster = simple(9, 999, { name: 'Poster' });
const ebook = virtual(4, 1000, { name: 'E-book' });
const products = [beanie, scarf, pin, ebook, poster];
const make = (over: ContextOptions = {}) => context({ products, ...over });
const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);

describe('priceCart: without taxes', () => {
  const ctx = make();
  const cart = cartWith(ctx, [{ id: 1, quantity: 2 }, { id: 2, quantity: 1 }]);

  it('prices each line at unit × quantity, and the cart at their sum: 2 × £18.00 + £12.50 = £48.50', () => {
    const p = price(cart, ctx);
    expect(p.lines.map((l) => [l.product.name, l.unitPrice, l.totals.subtotal, l.totals.total])).toEqual([
      ['Beanie', 1800, 3600, 3600],
      ['Scarf', 1250, 1250, 1250],
    ]);
    expect(p.totals).toEqual({
      subtotal: 4850, subtotal_tax: 0, fee_total: 0, fee_tax: 0, discount_total: 0, discount_tax: 0, shipping_total: 0, shipping_tax: 0, total: 4850, total_tax: 0,
    });
  });

  it('makes line totals add up to the cart’s', () => {
    const p = price(cart, ctx);
    expect(sum(p.lines.map((l) => l.totals.subtotal))).toBe(p.totals.subtotal);
    expect(sum(p.lines.map((l) => l.totals.total))).toBe(p.totals.subtotal - p.totals.discount_total);
  });

  it('hashes the cart: 32 hex, changing with a quantity, empty for an empty cart', () => {
    const p = price(cart, ctx);
    expect(p.hash).toMatch(/^[0-9a-f]{32}$/);
    expect(price(cartWith(ctx, [{ id: 1, quantity: 1 }], cart), ctx).hash).not.toBe(p.hash);
    expect(price(emptyCart(), ctx).hash).toBe('');
  });

  it('leaves out a line whose product has gone', () => {
    const gone = { ...cart, lines: [...cart.lines, { ...cart.lines[0], key: 'x'.repeat(32), id: 999, productId: 999 }] };
    expect(price(gone, ctx).totals.total).toBe(4850);
  });
});

describe('priceCart: sale prices', () => {
  const hat = onSale(5, 2000, 1500, { from: NOW - DAY, to: NOW + DAY }, { name: 'Hat' });

  it('charges the sale price while the sale runs, and the regular price before and after', () => {
    const at = (now: number) => {
      const ctx = context({ products: [hat], now });
      return price(cartWith(ctx, [{ id: 5, quantity: 2 }]), ctx).totals.total;
    };
    expect(at(NOW)).toBe(3000);
    expect(at(NOW - 2 * DAY)).toBe(4000);
    expect(at(NOW + 2 * DAY)).toBe(4000);
  });

  it('charges an undated sale price always', () => {
    const ctx = context({ products: [onSale(6, 2000, 1500)] });
    expect(price(cartWith(ctx, [{ id: 6, quantity: 1 }]), ctx).totals.total).toBe(1500);
  });
});

describe('priceCart: taxes on prices entered without tax (20 % VAT)', () => {
  const ctx = make({ taxes: true });

  it('adds the tax per line, rounded half up: 3 × £3.33 = £9.99 carries £2.00 (199.8p)', () => {
    const p = price(cartWith(ctx, [{ id: 3, quantity: 3 }, { id: 2, quantity: 1 }]), ctx);
    expect(p.lines.map((l) => [l.totals.subtotal, l.totals.subtotalTax, l.totals.total, l.totals.tax])).toEqual([
      [999, 200, 999, 200],
      [1250, 250, 1250, 250],
    ]);
    expect(p.totals).toMatchObject({ subtotal: 2249, subtotal_tax: 450, total_tax: 450, total: 2699 });
    expect(p.taxes.map((t) => [t.rate.id, t.amount])).toEqual([[1, 450]]);
  });

  it('rounds once per rate at the subtotal when the store says so: two lines of 33p carry 7p + 7p per line, 13p at the subtotal', () => {
    const lines = [{ id: 7, quantity: 1, itemData: { n: 1 } }, { id: 7, quantity: 1, itemData: { n: 2 } }];
    const perLine = context({ products: [simple(7, 33)], taxes: true });
    // 33 × 20 % = 6.6p a line: 7p each, 14p in all.
    expect(price(cartWith(perLine, lines), perLine).totals).toMatchObject({ subtotal: 66, total_tax: 14, total: 80 });
    // 13.2p over the cart: 13p.
    const atSubtotal = context({ products: [simple(7, 33)], taxes: true, tax: { roundAtSubtotal: true } });
    expect(price(cartWith(atSubtotal, lines), atSubtotal).totals).toMatchObject({ subtotal: 66, total_tax: 13, total: 79 });
  });

  it('taxes a product in another class at that class’s rate, and a non-taxable one not at all', () => {
    const c = context({
      products: [simple(8, 1000, { taxClass: 'reduced-rate' }), simple(9, 1000, { taxStatus: 'none' })],
      taxRates: [taxRate(1, 20), taxRate(2, 5, { taxClass: 'reduced-rate', name: 'Reduced' })],
      taxes: true,
    });
    const p = price(cartWith(c, [{ id: 8, quantity: 1 }, { id: 9, quantity: 1 }]), c);
    expect(p.lines.map((l) => l.totals.tax)).toEqual([50, 0]);
    expect(p.totals).toMatchObject({ subtotal: 2000, total_tax: 50, total: 2050 });
  });

  it('taxes at the customer’s address: none for a country without rates', () => {
    const cart = shipTo(cartWith(ctx, [{ id: 1, quantity: 1 }]), { country: 'US', state: 'CA', postcode: '90210' });
    expect(price(cart, ctx).totals).toMatchObject({ total_tax: 0, total: 1800 });
  });
});

describe('priceCart: taxes on prices entered with tax (20 % VAT)', () => {
  const ctx = make({ taxes: true, pricesIncludeTax: true });

  it('takes the tax out of the price: £12.50 is £10.42 + £2.08, and £18.00 is £15.00 + £3.00', () => {
    const p = price(cartWith(ctx, [{ id: 1, quantity: 1 }, { id: 2, quantity: 1 }]), ctx);
    // 1250 × 20/120 = 208.33 → 208; 1800 × 20/120 = 300.
    expect(p.lines.map((l) => [l.totals.subtotal, l.totals.subtotalTax])).toEqual([
      [1500, 300],
      [1042, 208],
    ]);
    expect(p.totals).toMatchObject({ subtotal: 2542, subtotal_tax: 508, total: 3050 });
  });

  it('rounds the tax in an odd amount half down (wc_get_tax_rounding_mode): £9.99 carries 166.5p → £1.66, leaving £8.33', () => {
    const p = price(cartWith(ctx, [{ id: 3, quantity: 3 }]), ctx);
    // 999 × 20/120 = 166.5 exactly: the tax rounds half down to 166 (prices entered with tax), and the
    // net is taken from the unrounded tax, 999 − 166.5 = 832.5, rounded half up to 833.
    expect(p.lines[0].totals).toMatchObject({ subtotal: 833, subtotalTax: 166, total: 833, tax: 166 });
    expect(p.totals.total).toBe(999);
  });

  it('keeps the shelf price when rounding tax per line (WC_Cart_Totals::calculate_item_subtotals): 1 × £9.99 totals £9.99', () => {
    expect(price(cartWith(ctx, [{ id: 9, quantity: 1 }]), ctx).totals).toMatchObject({ subtotal: 833, subtotal_tax: 166, total: 999 });
  });

  it('keeps the shelf price when rounding at the subtotal (woocommerce_tax_round_at_subtotal): £9.99 incl. 20 % is £8.33 + £1.66', () => {
    const c = make({ taxes: true, pricesIncludeTax: true, tax: { roundAtSubtotal: true } });
    const p = price(cartWith(c, [{ id: 9, quantity: 1 }]), c);
    // Unrounded, the cart holds 832.5 + 166.5; the tax rounds once, half down (wc_round_tax_total) to
    // 166, and the subtotal half up to 833, so the customer still pays 999.
    expect(p.totals).toMatchObject({ subtotal: 833, subtotal_tax: 166, total: 999 });
  });

  it('charges a customer taxed elsewhere the net price plus their own rate: £18.00 incl. 20 % to France at 10 % is £16.50', () => {
    const c = make({ pricesIncludeTax: true, taxes: true, taxRates: [taxRate(1, 20), taxRate(2, 10, { country: 'FR', name: 'TVA' })] });
    const cart = shipTo(cartWith(c, [{ id: 1, quantity: 1 }]), { country: 'FR', postcode: '75001', city: 'Paris' });
    expect(price(cart, c).totals).toMatchObject({ subtotal: 1500, total_tax: 150, total: 1650 });
  });
});

describe('priceCart: coupons', () => {
  const coupons = [coupon('save10', 'percent', 10), coupon('tenner', 'fixed_cart', 1000, { id: 2 })];

  it('spreads a percent coupon over the lines, the rounding cent to the larger line: 10 % of £22.49 is £2.25', () => {
    const ctx = make({ coupons });
    const cart = { ...cartWith(ctx, [{ id: 3, quantity: 3 }, { id: 2, quantity: 1 }]), coupons: ['save10'] };
    const p = price(cart, ctx);
    // floor(99.9) = 99 and 125 make 224; 10 % of 2249 is 224.9 → 225, so 1p more to the Pins (£9.99 × 3 ranks first).
    expect(p.lines.map((l) => [l.product.name, l.totals.subtotal - l.totals.total])).toEqual([
      ['Pin', 100],
      ['Scarf', 125],
    ]);
    expect(p.totals).toMatchObject({ subtotal: 2249, discount_total: 225, total: 2024 });
    expect(p.coupons.map((c) => [c.coupon.code, c.discount])).toEqual([['save10', 225]]);
  });

  it('spreads a fixed cart coupon per unit, then the leftover cent: £10 over 2 × £18 and 1 × £12.50', () => {
    const ctx = make({ coupons });
    const cart = { ...cartWith(ctx, [{ id: 1, quantity: 2 }, { id: 2, quantity: 1 }]), coupons: ['tenner'] };
    const p = price(cart, ctx);
    // 1000 / 3 units = 333 each: 666 + 333 = 999, and the last 1p to the Beanies.
    expect(p.lines.map((l) => [l.line.key === lineOf(cart, 1).key, l.totals.subtotal - l.totals.total])).toEqual([[true, 667], [false, 333]]);
    expect(p.totals).toMatchObject({ subtotal: 4850, discount_total: 1000, total: 3850 });
  });

  it('takes the tax off with the discount: 10 % off £36.00 + 20 % VAT is £32.40 + £6.48', () => {
    const ctx = make({ coupons, taxes: true });
    const p = price({ ...cartWith(ctx, [{ id: 1, quantity: 2 }]), coupons: ['save10'] }, ctx);
    expect(p.totals).toMatchObject({ subtotal: 3600, subtotal_tax: 720, discount_total: 360, discount_tax: 72, total_tax: 648, total: 3888 });
    expect(p.coupons[0]).toMatchObject({ discount: 360, tax: 72 });
  });

  it('never discounts past the items: a £10 coupon on a £3.33 pin leaves £0.00', () => {
    const ctx = make({ coupons });
    const p = price({ ...cartWith(ctx, [{ id: 3, quantity: 1 }]), coupons: ['tenner'] }, ctx);
    expect(p.totals).toMatchObject({ discount_total: 333, total: 0 });
  });

  it('reports an applied coupon that no longer holds and leaves it out of the sums', () => {
    const ctx = make({ coupons: [coupon('big', 'fixed_cart', 500, { minimumAmount: 10000 })] });
    const p = price({ ...cartWith(ctx, [{ id: 1, quantity: 1 }]), coupons: ['big'] }, ctx);
    expect(p.invalidCoupons.map((r) => [r.code, r.reason.code])).toEqual([['big', 'woocommerce_coupon_min_spend_limit_not_met']]);
    expect(p.totals).toMatchObject({ discount_total: 0, total: 1800 });
  });
});

describe('priceCart: shipping and fees', () => {
  const zones = [zone(1, ['GB'], [flatRate(1, '5'), freeShipping(2, { requires: 'min_amount', minAmount: 5000 }), localPickup(3, '1')])];

  it('needs no shipping, and works none out, before an address is known', () => {
    const ctx = make({ shippingZones: zones });
    const p = price(cartWith(ctx, [{ id: 1, quantity: 1 }]), ctx);
    expect(p).toMatchObject({ needsShipping: true, hasCalculatedShipping: false, packages: [] });
    expect(p.totals.shipping_total).toBe(0);
  });

  it('charges the first rate until one is chosen, then the chosen one', () => {
    const ctx = make({ shippingZones: zones });
    const cart = shipTo(cartWith(ctx, [{ id: 1, quantity: 1 }]), BRISTOL);
    const p = price(cart, ctx);
    expect(p.packages.map((pkg) => [pkg.index, pkg.chosen, pkg.rates.map((r) => [r.rate.id, r.rate.cost])])).toEqual([
      [0, 'flat_rate:1', [['flat_rate:1', 500], ['local_pickup:3', 100]]],
    ]);
    expect(p.totals).toMatchObject({ shipping_total: 500, total: 2300 });
    expect(price(chooseShippingMethod(cart, 'local_pickup:3', 0, ctx), ctx).totals).toMatchObject({ shipping_total: 100, total: 1900 });
  });

  it('falls back to the first rate when the chosen one is no longer offered', () => {
    const ctx = make({ shippingZones: zones });
    const big = shipTo(cartWith(ctx, [{ id: 1, quantity: 3 }]), BRISTOL);
    const free = chooseShippingMethod(big, 'free_shipping:2', 0, ctx);
    expect(price(free, ctx).totals).toMatchObject({ shipping_total: 0, total: 5400 });
    const smaller = { ...free, lines: free.lines.map((l) => ({ ...l, quantity: 2 })) };
    expect(price(smaller, ctx).packages[0].chosen).toBe('flat_rate:1');
    expect(price(smaller, ctx).totals).toMatchObject({ shipping_total: 500, total: 4100 });
  });

  it('taxes shipping with the items: £18.00 + £5.00 flat rate at 20 % is £27.60', () => {
    const ctx = make({ shippingZones: zones, taxes: true });
    const p = price(shipTo(cartWith(ctx, [{ id: 1, quantity: 1 }]), BRISTOL), ctx);
    expect(p.totals).toMatchObject({ subtotal: 1800, subtotal_tax: 360, shipping_total: 500, shipping_tax: 100, total_tax: 460, total: 2760 });
  });

  it('ships only what is not virtual: a cart of e-books needs no shipping', () => {
    const ctx = make({ shippingZones: zones });
    const p = price(shipTo(cartWith(ctx, [{ id: 4, quantity: 2 }]), BRISTOL), ctx);
    expect(p).toMatchObject({ needsShipping: false, packages: [] });
    expect(p.totals).toMatchObject({ shipping_total: 0, total: 2000 });
  });

  it('counts only shippable lines in the flat rate: 2 × [qty] for 3 beanies and 5 e-books is £6.00', () => {
    const ctx = make({ shippingZones: [zone(1, ['GB'], [flatRate(1, '2 * [qty]')])] });
    const p = price(shipTo(cartWith(ctx, [{ id: 1, quantity: 3 }, { id: 4, quantity: 5 }]), BRISTOL), ctx);
    expect(p.totals.shipping_total).toBe(600);
    expect(p.packages[0].lines.map((l) => l.product.id)).toEqual([1]);
  });

  it('adds fees after discounts: 10 % handling on £36.00 less 10 % is £3.24, plus a £2.50 fixed fee', () => {
    const ctx = make({ coupons: [coupon('save10', 'percent', 10)], fees: [fee(1, 'Handling', 'percent', 10), fee(2, 'Packing', 'fixed', 250)] });
    const p = price({ ...cartWith(ctx, [{ id: 1, quantity: 2 }]), coupons: ['save10'] }, ctx);
    expect(p.fees.map((f) => [f.id, f.amount, f.tax])).toEqual([['handling', 324, 0], ['packing', 250, 0]]);
    expect(p.totals).toMatchObject({ subtotal: 3600, discount_total: 360, fee_total: 574, total: 3814 });
  });

  it('taxes a taxable fee', () => {
    const ctx = make({ taxes: true, fees: [fee(1, 'Packing', 'fixed', 250, { taxable: true })] });
    const p = price(cartWith(ctx, [{ id: 1, quantity: 1 }]), ctx);
    expect(p.totals).toMatchObject({ fee_total: 250, fee_tax: 50, total_tax: 410, total: 2460 });
  });

  it('puts it all together: line totals + shipping + fees + taxes make the total', () => {
    const ctx = make({ shippingZones: zones, taxes: true, coupons: [coupon('tenner', 'fixed_cart', 1000)], fees: [fee(1, 'Packing', 'fixed', 250, { taxable: true })] });
    const cart = shipTo({ ...cartWith(ctx, [{ id: 1, quantity: 2 }, { id: 2, quantity: 1 }, { id: 3, quantity: 3 }]), coupons: ['tenner'] }, BRISTOL);
    const p = price(cart, ctx);
    const lines = sum(p.lines.map((l) => l.totals.total));
    const lineTax = sum(p.lines.map((l) => l.totals.tax));
    expect(lines).toBe(p.totals.subtotal - p.totals.discount_total);
    expect(lineTax + p.totals.shipping_tax + p.totals.fee_tax).toBe(p.totals.total_tax);
    expect(lines + p.totals.shipping_total + p.totals.fee_total + p.totals.total_tax).toBe(p.totals.total);
    // By hand. Items 3600 + 1250 + 999 = 5849. The £10 coupon: 1000 / 6 units = 166 a unit (996), the 4p left one a
    // unit in line-price order (Beanies 2p, then Pins 2p): Beanie 334, Scarf 166, Pin 500. VAT per line on 3266, 1084
    // and 499 is 653.2 → 653, 216.8 → 217, 99.8 → 100. Free shipping wants £50 after discounts (£48.49): flat rate
    // £5.00 + £1.00 VAT. Packing £2.50 + £0.50. 4849 + 970 + 500 + 100 + 250 + 50 = 6719.
    expect(p.lines.map((l) => l.totals.subtotal - l.totals.total)).toEqual([334, 166, 500]);
    expect(p.lines.map((l) => l.totals.tax)).toEqual([653, 217, 100]);
    expect(p.totals).toEqual({
      subtotal: 5849, subtotal_tax: 1170, fee_total: 250, fee_tax: 50, discount_total: 1000, discount_tax: 200, shipping_total: 500, shipping_tax: 100, total: 6719, total_tax: 1120,
    });
  });
});
