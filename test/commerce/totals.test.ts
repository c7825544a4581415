import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyCoupons } from '../../src/commerce/discounts.ts';
import { calcTax, findRates } from '../../src/commerce/tax.ts';
import { calculateTotals, type TotalsInput, type TotalsLine } from '../../src/commerce/totals.ts';
import type { Coupon, Location, TaxRate, TaxSettings } from '../../src/commerce/types.ts';

const GB: Location = { country: 'GB', state: '', postcode: 'BS1 4XX', city: 'Bristol' };

function rate(r: Partial<TaxRate> & Pick<TaxRate, 'id' | 'rate'>): TaxRate {
  return { country: 'GB', state: '', postcodes: [], cities: [], name: 'VAT', priority: 1, compound: false, shipping: true, order: 0, taxClass: '', ...r };
}

function coupon(c: Partial<Coupon> & Pick<Coupon, 'code' | 'discountType' | 'amount'>): Coupon {
  return {
    id: 1, status: 'publish', description: '', expiresAt: null, usageCount: 0, individualUse: false, productIds: [], excludedProductIds: [],
    usageLimit: null, usageLimitPerUser: null, limitUsageToXItems: null, freeShipping: false, productCategories: [], excludedProductCategories: [],
    excludeSaleItems: false, minimumAmount: null, maximumAmount: null, emailRestrictions: [], usedBy: [], createdAt: 0, modifiedAt: 0, ...c,
  };
}

const TAX: TaxSettings = {
  enabled: true, pricesIncludeTax: false, basedOn: 'shipping', shippingTaxClass: 'inherit', roundAtSubtotal: false, adjustNonBaseLocationPrices: true,
  displayCart: 'excl', totalDisplay: 'itemized',
};

function line(key: string, unitPrice: number, quantity = 1, extra: Partial<TotalsLine> = {}): TotalsLine {
  return { key, unitPrice, quantity, taxStatus: 'taxable', taxClass: '', needsShipping: true, ...extra };
}

function input(over: Partial<TotalsInput>): TotalsInput {
  return {
    lines: [], tax: TAX, taxRates: [rate({ id: 1, rate: 20 })], taxClassOrder: ['reduced-rate', 'zero-rate'], taxLocation: GB, baseLocation: GB, vatExempt: false,
    coupons: [], couponLines: () => new Set(), sequentialDiscounts: false, shipping: () => [], fees: () => [], ...over,
  };
}

describe('taxes (WC_Tax)', () => {
  it('adds 20 % to a price entered without tax: £10.00 carries £2.00', () => {
    const r = calculateTotals(input({ lines: [line('a', 1000)] }));
    expect(r.totals).toMatchObject({ subtotal: 1000, subtotal_tax: 200, total_tax: 200, total: 1200 });
  });

  it('takes 20 % out of a price entered with tax: £12.00 is £10.00 + £2.00', () => {
    const r = calculateTotals(input({ lines: [line('a', 1200)], tax: { ...TAX, pricesIncludeTax: true } }));
    expect(r.lines.get('a')).toMatchObject({ subtotal: 1000, subtotalTax: 200, total: 1000, tax: 200 });
    expect(r.totals.total).toBe(1200);
  });

  it('applies a compound rate on top of the price and the earlier tax: 5 % then 10 % compound on £10 is 50 + 105', () => {
    const rates = [rate({ id: 1, rate: 5, country: 'CA', priority: 1 }), rate({ id: 2, rate: 10, country: 'CA', priority: 2, compound: true })];
    const taxes = calcTax(1000, rates, false);
    expect(taxes.get(1)).toBeCloseTo(50);
    expect(taxes.get(2)).toBeCloseTo(105);
    // And back out of an inclusive £11.55: the same two amounts.
    const inclusive = calcTax(1155, rates, true);
    expect(inclusive.get(1)).toBeCloseTo(50);
    expect(inclusive.get(2)).toBeCloseTo(105);
  });

  it('keeps one rate per priority, the first in WooCommerce’s order, and matches postcodes, cities and wildcards', () => {
    const rates = [
      rate({ id: 1, country: 'US', state: 'CA', rate: 7.25, priority: 1 }),
      rate({ id: 2, country: 'US', state: 'CA', rate: 1, priority: 1, order: 1 }),
      rate({ id: 3, country: 'US', state: 'CA', rate: 2.25, priority: 2, postcodes: ['90001...90099'], cities: ['Los Angeles'] }),
      rate({ id: 4, country: 'US', rate: 3, priority: 3, postcodes: ['902*'] }),
    ];
    const la = { country: 'US', state: 'CA', postcode: '90012', city: 'los angeles' };
    expect(findRates(rates, la, '').map((r) => r.id)).toEqual([1, 3]);
    expect(findRates(rates, { ...la, postcode: '90210', city: 'Beverly Hills' }, '').map((r) => r.id)).toEqual([1, 4]);
    expect(findRates(rates, { ...la, state: 'NY' }, '').map((r) => r.id)).toEqual([]);
  });

  it('charges a customer taxed elsewhere the net price plus their own tax when prices include the shop’s tax', () => {
    // £12.00 incl. 20 % GB VAT is £10.00 net; a French customer pays 10 % → £11.00.
    const rates = [rate({ id: 1, rate: 20 }), rate({ id: 2, country: 'FR', rate: 10, name: 'TVA' })];
    const r = calculateTotals(input({ lines: [line('a', 1200)], taxRates: rates, tax: { ...TAX, pricesIncludeTax: true }, taxLocation: { country: 'FR', state: '', postcode: '', city: '' } }));
    expect(r.totals).toMatchObject({ subtotal: 1000, total_tax: 100, total: 1100 });
  });

  it('rounds per line by default, and once per rate at the subtotal when asked', () => {
    // Three lines of £0.05 at 10 %: 0.5p each. Per line: 1p × 3 = 3p. At subtotal: 1.5p → 2p.
    const lines = [line('a', 5), line('b', 5), line('c', 5)];
    const rates = [rate({ id: 1, rate: 10 })];
    expect(calculateTotals(input({ lines, taxRates: rates })).totals.total_tax).toBe(3);
    expect(calculateTotals(input({ lines, taxRates: rates, tax: { ...TAX, roundAtSubtotal: true } })).totals.total_tax).toBe(2);
  });

  it('taxes shipping with the class of the items (inherit) and leaves untaxed items and tax-free shipping alone', () => {
    const rates = [rate({ id: 1, rate: 20 }), rate({ id: 2, rate: 5, taxClass: 'reduced-rate' })];
    const r = calculateTotals(
      input({
        lines: [line('a', 1000, 1, { taxClass: 'reduced-rate' })],
        taxRates: rates,
        shipping: () => [{ cost: 500, taxable: true }],
      }),
    );
    // 1000 + 5 % (50) + shipping 500 + 5 % of it (25).
    expect(r.totals).toMatchObject({ shipping_total: 500, shipping_tax: 25, total_tax: 75, total: 1575 });
    const none = calculateTotals(input({ lines: [line('a', 1000, 1, { taxStatus: 'none' })], shipping: () => [{ cost: 500, taxable: true }] }));
    expect(none.totals).toMatchObject({ total_tax: 0, shipping_tax: 0, total: 1500 });
  });
});

describe('coupons (WC_Discounts)', () => {
  it('spreads a £10.00 fixed-cart coupon over three £10.00 items as 334 + 333 + 333, so the lines add up to the discount', () => {
    const r = calculateTotals(
      input({ lines: [line('a', 1000), line('b', 1000), line('c', 1000)], taxRates: [], coupons: [coupon({ code: 'ten', discountType: 'fixed_cart', amount: 1000 })] }),
    );
    expect([...r.lines.values()].map((l) => l.subtotal - l.total)).toEqual([334, 333, 333]);
    expect(r.totals).toMatchObject({ discount_total: 1000, total: 2000 });
  });

  it('gives the percent coupon’s rounding remainder a cent at a time: 15 % of three £0.33 items is 15p, not 12p', () => {
    // floor(33 × 0.15) = 4 per line → 12; the whole is round(99 × 0.15) = 15; 3 cents are handed out.
    const lines = [line('a', 33), line('b', 33), line('c', 33)];
    const all = new Set(['a', 'b', 'c']);
    const r = calculateTotals(input({ lines, taxRates: [], coupons: [coupon({ code: 'p', discountType: 'percent', amount: 15 })], couponLines: () => all }));
    expect(r.totals.discount_total).toBe(15);
  });

  it('limits a fixed-product coupon to the items it applies to and to X items', () => {
    const d = applyCoupons(
      [{ key: 'a', price: 3000, quantity: 3 }, { key: 'b', price: 500, quantity: 1 }],
      [coupon({ code: 'fp', discountType: 'fixed_product', amount: 200, limitUsageToXItems: 2 })],
      () => new Set(['a']),
      false,
    );
    expect(d.byLine.get('a')).toBe(400);
    expect(d.byLine.get('b')).toBe(0);
  });

  it('never discounts a line below zero and applies fixed-product before percent before fixed-cart', () => {
    const d = applyCoupons(
      [{ key: 'a', price: 1000, quantity: 1 }],
      [
        coupon({ id: 3, code: 'cart', discountType: 'fixed_cart', amount: 5000 }),
        coupon({ id: 2, code: 'pct', discountType: 'percent', amount: 50 }),
        coupon({ id: 1, code: 'fp', discountType: 'fixed_product', amount: 100 }),
      ],
      () => new Set(['a']),
      true,
    );
    // fixed product 100 → 900 left; 50 % of 900 (sequential) = 450 → 450 left; fixed cart takes the rest.
    expect(d.byCoupon.get('fp')!.get('a')).toBe(100);
    expect(d.byCoupon.get('pct')!.get('a')).toBe(450);
    expect(d.byCoupon.get('cart')!.get('a')).toBe(450);
    expect(d.byLine.get('a')).toBe(1000);
  });

  it('reports each coupon’s saving without tax and its tax, for prices entered with tax', () => {
    // £12.00 incl. 20 %, 50 % off: £6.00 incl. = £5.00 + £1.00 tax.
    const r = calculateTotals(
      input({ lines: [line('a', 1200)], tax: { ...TAX, pricesIncludeTax: true }, coupons: [coupon({ code: 'half', discountType: 'percent', amount: 50 })], couponLines: () => new Set(['a']) }),
    );
    expect(r.coupons.get('half')).toEqual({ discount: 500, tax: 100 });
    expect(r.totals).toMatchObject({ discount_total: 500, discount_tax: 100, total: 600 });
  });
});

describe('as WooCommerce computes it', () => {
  const AU = { country: 'AU', state: 'SA', postcode: '5000', city: 'Adelaide' };

  it('WC_Tax::sort_rates_callback: a rate for postcodes 5000...5999 beats a country-wide rate of the same priority, whatever their ids', () => {
    const rates = [
      rate({ id: 1, country: 'AU', rate: 10, name: 'GST' }),
      rate({ id: 2, country: 'AU', rate: 12.5, name: 'Adelaide', postcodes: ['5000...5999'] }),
    ];
    expect(findRates(rates, AU, '').map((r) => r.id)).toEqual([2]);
    // Shipping follows the same choice (find_shipping_rates filters after it).
    expect(findRates(rates, AU, '', true).map((r) => r.id)).toEqual([2]);
    expect(findRates(rates, { ...AU, postcode: '6000' }, '').map((r) => r.id)).toEqual([1]);
    // £100.00 in Adelaide carries 12.5 %: £12.50, not the country's £10.00.
    const r = calculateTotals(input({ lines: [line('a', 10000)], taxRates: rates, taxLocation: AU, baseLocation: AU, shipping: () => [{ cost: 1000, taxable: true }] }));
    expect(r.totals).toMatchObject({ subtotal_tax: 1250, shipping_tax: 125, total: 12375 });
  });

  it('WC_Tax::sort_rates_callback: a named country and state before any, then more cities, then the older id', () => {
    const rates = [
      rate({ id: 1, country: '', rate: 1 }),
      rate({ id: 2, country: 'AU', rate: 2 }),
      rate({ id: 3, country: 'AU', state: 'SA', rate: 3, priority: 2 }),
      rate({ id: 4, country: 'AU', state: '', rate: 4, priority: 2 }),
      rate({ id: 5, country: 'AU', rate: 5, priority: 3 }),
      rate({ id: 6, country: 'AU', rate: 6, priority: 3, cities: ['Adelaide', 'Glenelg'] }),
    ];
    expect(findRates(rates, AU, '').map((r) => r.id)).toEqual([2, 3, 6]);
    // No country, no rates (find_rates returns none).
    expect(findRates(rates, { ...AU, country: '' }, '')).toEqual([]);
  });

  it('calc_inclusive_tax + calculate_item_subtotals: £10.03 incl. 5 % and 10 % compound is £8.68 + £1.34 = £10.02, the net from the unrounded taxes', () => {
    const rates = [rate({ id: 1, country: 'CA', rate: 5, name: 'GST' }), rate({ id: 2, country: 'CA', rate: 10, name: 'PST', priority: 2, compound: true })];
    const CA = { country: 'CA', state: '', postcode: '', city: '' };
    const r = calculateTotals(input({ lines: [line('a', 1003)], taxRates: rates, tax: { ...TAX, pricesIncludeTax: true }, taxLocation: CA, baseLocation: CA }));
    // The compound rate comes out first: 1003 − 1003 / 1.10 = 91.181818, leaving 911.818182, of which
    // GST is 5/105 = 43.419913. Net: 1003 − 134.601731 = 868.398269 → 868. Taxes round half down per
    // rate: 43 + 91 = 134. WooCommerce's total is 868 + 134 = 1002 (rounding the taxes first gave 869).
    expect(r.lines.get('a')).toMatchObject({ subtotal: 868, subtotalTax: 134, total: 868, tax: 134 });
    expect(r.totals).toMatchObject({ subtotal: 868, subtotal_tax: 134, total: 1002 });
  });

  it('wc_get_tax_rounding_mode: half down with prices entered incl. tax (£9.99 → £8.33 + £1.66), half up without (£0.25 at 10 % → 3p)', () => {
    const incl = calculateTotals(input({ lines: [line('a', 999)], tax: { ...TAX, pricesIncludeTax: true } }));
    // 999 × 20/120 = 166.5 → 166 (half down); net 999 − 166.5 = 832.5 → 833 (half up).
    expect(incl.totals).toMatchObject({ subtotal: 833, subtotal_tax: 166, total: 999 });
    const excl = calculateTotals(input({ lines: [line('a', 25)], taxRates: [rate({ id: 1, rate: 10 })] }));
    // 25 × 10 % = 2.5 → 3 (half up).
    expect(excl.totals).toMatchObject({ subtotal_tax: 3, total: 28 });
  });

  it('WC_Cart_Totals::calculate_discounts: a £10 fixed-cart coupon over three £10 lines at 20 % carries £2.00 of tax, the sum of calc_tax on each share', () => {
    const r = calculateTotals(
      input({ lines: [line('a', 1000), line('b', 1000), line('c', 1000)], coupons: [coupon({ code: 'tenner', discountType: 'fixed_cart', amount: 1000 })] }),
    );
    // Shares 334 + 333 + 333; their tax 66.8 + 66.6 + 66.6 = 200. (The lines' tax fell from 600 to
    // 133 + 133 + 133 = 399, by 201: the difference of totals is a unit off WooCommerce's figure.)
    expect(r.coupons.get('tenner')).toEqual({ discount: 1000, tax: 200 });
    expect(r.totals).toMatchObject({ subtotal: 3000, subtotal_tax: 600, discount_total: 1000, discount_tax: 200, total_tax: 399, total: 2399 });
  });

  it('wc_round_discount: a percent coupon’s cart-level figure rounds half down: 5 % of £10.10 is 50.5p → 50p', () => {
    const d = applyCoupons([{ key: 'a', price: 1010, quantity: 1 }], [coupon({ code: 'five', discountType: 'percent', amount: 5 })], () => new Set(['a']), false);
    // floor(1010 × 0.05) = 50 on the line; the whole, 50.5, rounds half down to 50: no remainder cent.
    expect(d.byLine.get('a')).toBe(50);
  });

  it('adjust_non_base_location_price: £12.50 incl. 20 % GB VAT to France at 10 % stays inclusive at £11.46, so a £5 fixed coupon comes off the gross', () => {
    const rates = [rate({ id: 1, rate: 20 }), rate({ id: 2, country: 'FR', rate: 10, name: 'TVA' })];
    const FR = { country: 'FR', state: '', postcode: '75001', city: 'Paris' };
    const r = calculateTotals(
      input({
        lines: [line('a', 1250)],
        taxRates: rates,
        tax: { ...TAX, pricesIncludeTax: true },
        taxLocation: FR,
        coupons: [coupon({ code: 'fiver', discountType: 'fixed_cart', amount: 500 })],
      }),
    );
    // Net of GB VAT: 1250 − 208.333333 = 1041.666667; plus 10 %: 1145.833333, still incl. tax.
    // Before the coupon: tax 104.166667 → 104, net 1041.666667 → 1042.
    // After: 1145.833333 − 500 = 645.833333 incl. 10 %: tax 58.712121 → 58 (half down), net 587.121212 → 587.
    // The coupon's tax is calc_tax(500, 10 % incl.) = 45.454545 → 45, its discount 500 − 45.45 = 454.55 → 455.
    expect(r.totals).toMatchObject({ subtotal: 1042, subtotal_tax: 104, discount_total: 455, discount_tax: 45, total_tax: 59, total: 646 });
    // The setting off (woocommerce_adjust_non_base_location_prices false): the shelf price, with France's tax inside.
    const flat = calculateTotals(input({ lines: [line('a', 1250)], taxRates: rates, tax: { ...TAX, pricesIncludeTax: true, adjustNonBaseLocationPrices: false }, taxLocation: FR }));
    // 1250 × 10/110 = 113.636364 → 114; net 1136.363636 → 1136.
    expect(flat.totals).toMatchObject({ subtotal: 1136, subtotal_tax: 114, total: 1250 });
  });

  it('woocommerce_tax_round_at_subtotal: shipping and fee taxes round once with the rest: £3.33 shipping and a £3.33 fee at 20 % carry £1.33, not £1.34', () => {
    const parts = { lines: [line('a', 1000)], shipping: () => [{ cost: 333, taxable: true }], fees: () => [{ id: 'f', name: 'F', amount: 333, taxable: true, taxClass: '' }] };
    // 333 × 20 % = 66.6 each. Per line each rounds: 67 + 67 = 134. At the subtotal together: 133.2 → 133.
    expect(calculateTotals(input(parts)).totals).toMatchObject({ shipping_tax: 67, fee_tax: 67, total_tax: 334 });
    const once = calculateTotals(input({ ...parts, tax: { ...TAX, roundAtSubtotal: true } }));
    expect(once.totals).toMatchObject({ shipping_tax: 67, fee_tax: 66, total_tax: 333, total: 1000 + 333 + 333 + 333 });
  });

  it('the README’s worked cart: 3 × £3.33 and £5.00, 10 % off, £4.99 shipping at 20 % is £22.18', () => {
    const r = calculateTotals(
      input({
        lines: [line('pins', 333, 3), line('scarf', 500)],
        coupons: [coupon({ code: 'save10', discountType: 'percent', amount: 10 })],
        couponLines: () => new Set(['pins', 'scarf']),
        shipping: () => [{ cost: 499, taxable: true }],
      }),
    );
    // floor(99.9) + floor(50) = 149 per line; 10 % of 1499 = 149.9 → 150, the last penny to the pins.
    expect([r.lines.get('pins')!.subtotal - r.lines.get('pins')!.total, r.lines.get('scarf')!.subtotal - r.lines.get('scarf')!.total]).toEqual([100, 50]);
    // Tax before: 199.8 → 200 + 100; after: 179.8 → 180 + 90; the coupon's: 20 + 10; shipping 99.8 → 100.
    expect(r.coupons.get('save10')).toEqual({ discount: 150, tax: 30 });
    expect(r.totals).toEqual({
      subtotal: 1499, subtotal_tax: 300, discount_total: 150, discount_tax: 30, shipping_total: 499, shipping_tax: 100,
      fee_total: 0, fee_tax: 0, total_tax: 370, total: 2218,
    });
  });

  it('WC_Customer::get_is_vat_exempt: an exempt customer pays no tax, and a price entered incl. tax loses the shop’s (remove_item_base_taxes): £12.00 → £10.00', () => {
    const excl = calculateTotals(input({ lines: [line('a', 1000)], vatExempt: true, shipping: () => [{ cost: 500, taxable: true }] }));
    expect(excl.totals).toMatchObject({ subtotal: 1000, total_tax: 0, shipping_tax: 0, total: 1500 });
    // 1200 − 1200 × 20/120 = 1000, and no tax on it; a coupon's tax is none either.
    const incl = calculateTotals(
      input({ lines: [line('a', 1200)], vatExempt: true, tax: { ...TAX, pricesIncludeTax: true }, coupons: [coupon({ code: 'half', discountType: 'percent', amount: 50 })], couponLines: () => new Set(['a']) }),
    );
    expect(incl.totals).toMatchObject({ subtotal: 1000, subtotal_tax: 0, discount_total: 500, discount_tax: 0, total_tax: 0, total: 500 });
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties: whatever the cart, rates and coupons, every total agrees to the cent.

const arbRates = fc
  .array(
    fc.record({ rate: fc.integer({ min: 0, max: 300000 }).map((n) => n / 10000), compound: fc.boolean(), shipping: fc.boolean(), taxClass: fc.constantFrom('', 'reduced-rate') }),
    { maxLength: 4 },
  )
  .map((list) => list.map((r, i) => rate({ id: i + 1, priority: i + 1, ...r })));

const arbLines = fc
  .array(
    fc.record({
      unitPrice: fc.integer({ min: 0, max: 500000 }),
      quantity: fc.integer({ min: 1, max: 50 }),
      taxStatus: fc.constantFrom('taxable', 'taxable', 'shipping', 'none') as fc.Arbitrary<TotalsLine['taxStatus']>,
      taxClass: fc.constantFrom('', 'reduced-rate'),
      needsShipping: fc.boolean(),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((list) => list.map((l, i) => ({ key: `line${i}`, ...l })));

const arbCoupons = fc
  .array(
    fc.record({
      discountType: fc.constantFrom('percent', 'fixed_cart', 'fixed_product') as fc.Arbitrary<Coupon['discountType']>,
      percent: fc.integer({ min: 0, max: 100 }),
      fixed: fc.integer({ min: 0, max: 100000 }),
      limit: fc.option(fc.integer({ min: 1, max: 10 })),
      only: fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 4 }),
    }),
    { maxLength: 3 },
  )
  .map((list) =>
    list.map((c, i) => ({
      coupon: coupon({ id: i + 1, code: `c${i}`, discountType: c.discountType, amount: c.discountType === 'percent' ? c.percent : c.fixed, limitUsageToXItems: c.limit }),
      only: c.only,
    })),
  );

const arbCase = fc.record({
  lines: arbLines,
  rates: arbRates,
  coupons: arbCoupons,
  inclusive: fc.boolean(),
  roundAtSubtotal: fc.boolean(),
  sequential: fc.boolean(),
  shipping: fc.option(fc.record({ cost: fc.integer({ min: 0, max: 5000 }), taxable: fc.boolean() })),
  fee: fc.option(fc.record({ amount: fc.integer({ min: 0, max: 5000 }), taxable: fc.boolean() })),
});

type Case = typeof arbCase extends fc.Arbitrary<infer T> ? T : never;

function run(c: Case) {
  return calculateTotals(
    input({
      lines: c.lines,
      taxRates: c.rates,
      tax: { ...TAX, pricesIncludeTax: c.inclusive, roundAtSubtotal: c.roundAtSubtotal },
      coupons: c.coupons.map((x) => x.coupon),
      couponLines: (cp) => {
        const only = c.coupons.find((x) => x.coupon.code === cp.code)!.only;
        return new Set(c.lines.filter((_, i) => !only.length || only.includes(i)).map((l) => l.key));
      },
      sequentialDiscounts: c.sequential,
      shipping: () => (c.shipping ? [c.shipping] : []),
      fees: () => (c.fee ? [{ id: 'fee', name: 'Fee', taxClass: '', ...c.fee }] : []),
    }),
  );
}

describe('totals properties (fast-check)', () => {
  it('total = items after discounts + shipping + fees + every tax, and every figure is a whole, non-negative amount', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const r = run(c);
        const { totals } = r;
        let items = 0;
        for (const l of r.lines.values()) items += l.total;
        // Rounding at the subtotal the items are rounded once, so they may differ from the lines' sum by
        // the lines' rounding; per line they are that sum.
        const itemsTotal = totals.total - totals.shipping_total - totals.fee_total - totals.total_tax;
        expect(Math.abs(itemsTotal - items)).toBeLessThanOrEqual(c.roundAtSubtotal ? c.lines.length : 0);
        // discount_total is WooCommerce's figure (each coupon's discount less its tax), not subtotal − total.
        expect(Math.abs(totals.subtotal - totals.discount_total - itemsTotal)).toBeLessThanOrEqual(c.lines.length + 1);
        expect([...r.taxes.values()].reduce((s, v) => s + v, 0)).toBe(totals.total_tax);
        for (const v of Object.values(totals)) {
          expect(Number.isInteger(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('rounding per line: the lines add up to the cart’s subtotal, total and taxes exactly', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const r = run({ ...c, roundAtSubtotal: false });
        const lines = [...r.lines.values()];
        const sum = (f: (l: (typeof lines)[number]) => number) => lines.reduce((s, l) => s + f(l), 0);
        expect(sum((l) => l.subtotal)).toBe(r.totals.subtotal);
        expect(sum((l) => l.subtotalTax)).toBe(r.totals.subtotal_tax);
        expect(sum((l) => l.total) + r.totals.shipping_total + r.totals.fee_total + r.totals.total_tax).toBe(r.totals.total);
        expect(sum((l) => l.tax) + r.totals.shipping_tax + r.totals.fee_tax).toBe(r.totals.total_tax);
      }),
      { numRuns: 400 },
    );
  });

  it('the coupons’ savings and their tax, each rounded on its own, add up to discount_total and discount_tax within a unit per coupon', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const r = run(c);
        const savings = [...r.coupons.values()];
        expect(Math.abs(savings.reduce((s, x) => s + x.discount, 0) - r.totals.discount_total)).toBeLessThanOrEqual(savings.length);
        expect(Math.abs(savings.reduce((s, x) => s + x.tax, 0) - r.totals.discount_tax)).toBeLessThanOrEqual(savings.length);
      }),
      { numRuns: 400 },
    );
  });

  it('the coupons’ per-line discounts never exceed a line’s price and add up to each coupon’s discount', () => {
    fc.assert(
      fc.property(arbLines, arbCoupons, fc.boolean(), (lines, coupons, sequential) => {
        const items = lines.map((l) => ({ key: l.key, price: l.unitPrice * l.quantity, quantity: l.quantity }));
        const d = applyCoupons(items, coupons.map((c) => c.coupon), () => new Set(lines.map((l) => l.key)), sequential);
        for (const item of items) {
          expect(d.byLine.get(item.key)!).toBeLessThanOrEqual(item.price);
          let perCoupon = 0;
          for (const m of d.byCoupon.values()) perCoupon += m.get(item.key) ?? 0;
          expect(perCoupon).toBe(d.byLine.get(item.key));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a single fixed-cart coupon discounts exactly its amount, or the whole cart when that is less', () => {
    fc.assert(
      fc.property(arbLines, fc.integer({ min: 0, max: 1_000_000 }), (lines, amount) => {
        const items = lines.map((l) => ({ key: l.key, price: l.unitPrice * l.quantity, quantity: l.quantity }));
        const d = applyCoupons(items, [coupon({ code: 'fc', discountType: 'fixed_cart', amount })], () => new Set(), false);
        const given = [...d.byLine.values()].reduce((s, v) => s + v, 0);
        expect(given).toBe(Math.min(amount, items.reduce((s, i) => s + i.price, 0)));
      }),
      { numRuns: 400 },
    );
  });
});
