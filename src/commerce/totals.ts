import { applyCoupons } from './discounts.ts';
import { calcTax, findRates, roundHalfUp, shippingTaxRates } from './tax.ts';
import type { Coupon, Location, TaxRate, TaxSettings } from './types.ts';

/**
 * Cart totals in the order WooCommerce works them out (WC_Cart_Totals): line subtotals and their tax,
 * coupon discounts, line totals and their tax, shipping, fees, then the grand total. All integer
 * minor units. Every cart figure is the sum of its parts, so
 * items total + items tax + shipping + shipping tax + fees + fee tax = total, always.
 */

export interface TotalsLine {
  key: string;
  /** Unit price as entered in the catalogue (incl. tax when the store enters prices with tax). */
  unitPrice: number;
  quantity: number;
  /** `taxable`: the item is taxed; `shipping`: only its shipping is; `none`: neither. */
  taxStatus: 'taxable' | 'shipping' | 'none';
  taxClass: string;
  needsShipping: boolean;
}

export interface LineTotals {
  /** Before discounts, excl. tax. */
  subtotal: number;
  subtotalTax: number;
  /** After discounts, excl. tax. */
  total: number;
  tax: number;
  /** Tax per rate id after discounts (rounded per line unless rounding at subtotal). */
  taxes: Map<number, number>;
  /** Tax per rate id before discounts, likewise. */
  subtotalTaxes: Map<number, number>;
}

/** A shipping rate chosen for a package, excl. tax. */
export interface ChosenRate {
  cost: number;
  taxable: boolean;
}

export interface FeeCharge {
  id: string;
  name: string;
  amount: number;
  taxable: boolean;
  taxClass: string;
}

export interface FeeTotals extends FeeCharge {
  tax: number;
}

export interface ShippingTotals {
  cost: number;
  tax: number;
  taxes: Map<number, number>;
}

export interface CartTotals {
  subtotal: number;
  subtotal_tax: number;
  fee_total: number;
  fee_tax: number;
  discount_total: number;
  discount_tax: number;
  shipping_total: number;
  shipping_tax: number;
  total: number;
  total_tax: number;
}

export const TOTALS_KEYS: readonly (keyof CartTotals)[] = [
  'subtotal', 'subtotal_tax', 'fee_total', 'fee_tax', 'discount_total', 'discount_tax', 'shipping_total', 'shipping_tax', 'total', 'total_tax',
];

export interface CouponTotals {
  /** Discount excl. tax and its tax. */
  discount: number;
  tax: number;
}

export interface TotalsInput {
  lines: readonly TotalsLine[];
  tax: TaxSettings;
  taxRates: readonly TaxRate[];
  /** The store's additional tax classes in their order (for shipping's `inherit`). */
  taxClassOrder: readonly string[];
  /** Where the customer is taxed. */
  taxLocation: Location;
  /** The store's address, whose rates are inside tax-inclusive prices. */
  baseLocation: Location;
  coupons: readonly Coupon[];
  /** The lines a percent or fixed-product coupon applies to. */
  couponLines: (coupon: Coupon) => ReadonlySet<string>;
  sequentialDiscounts: boolean;
  /** Chooses shipping once line totals are known (flat-rate costs and free-shipping minimums read them). */
  shipping: (items: ItemsSummary) => readonly ChosenRate[];
  /** Fees, likewise worked out from the line totals. */
  fees: (items: ItemsSummary) => readonly FeeCharge[];
}

/** What shipping and fee rules may read: line totals and cart subtotals after discounts. */
export interface ItemsSummary {
  lines: Map<string, LineTotals>;
  subtotal: number;
  subtotalTax: number;
  discount: number;
  discountTax: number;
  total: number;
  totalTax: number;
}

export interface TotalsResult {
  lines: Map<string, LineTotals>;
  coupons: Map<string, CouponTotals>;
  shipping: ShippingTotals[];
  fees: FeeTotals[];
  /** Tax per rate id over items, shipping and fees. */
  taxes: Map<number, number>;
  /** The same, for each part (WooCommerce's cart_contents_taxes, shipping_taxes, fee_taxes). */
  taxesByPart: { items: Map<number, number>; shipping: Map<number, number>; fees: Map<number, number> };
  totals: CartTotals;
}

function add(into: Map<number, number>, from: Map<number, number>): void {
  for (const [id, v] of from) into.set(id, (into.get(id) ?? 0) + v);
}

function sameRates(a: readonly TaxRate[], b: readonly TaxRate[]): boolean {
  return a.length === b.length && a.every((r, i) => r.id === b[i].id);
}

interface Item {
  line: TotalsLine;
  price: number;
  inclusive: boolean;
  rates: TaxRate[];
}

export function calculateTotals(input: TotalsInput): TotalsResult {
  const { tax } = input;
  const round = (x: number) => (tax.roundAtSubtotal ? x : roundHalfUp(x));
  const roundEach = (m: Map<number, number>) => new Map([...m].map(([id, v]) => [id, round(v)]));
  const total = (m: Map<number, number>) => [...m.values()].reduce((s, v) => s + v, 0);

  const items: Item[] = input.lines.map((line) => {
    const price = line.unitPrice * line.quantity;
    if (!tax.enabled || line.taxStatus !== 'taxable') return { line, price, inclusive: false, rates: [] };
    const rates = findRates(input.taxRates, input.taxLocation, line.taxClass);
    if (tax.pricesIncludeTax) {
      // adjust_non_base_location_price: a price entered with the shop's tax is taken net of it for a
      // customer taxed elsewhere, who then pays their own rates on top.
      const base = findRates(input.taxRates, input.baseLocation, line.taxClass);
      if (!sameRates(base, rates)) {
        const net = roundHalfUp(price - total(calcTax(price, base, true)));
        return { line, price: net, inclusive: false, rates };
      }
    }
    return { line, price, inclusive: tax.pricesIncludeTax, rates };
  });

  // Per-line figures: taxes are rounded per line (or kept exact until the cart subtotal), and the
  // excl.-tax amount of an inclusive price is the price less that tax, so the two always add up.
  const split = (item: Item, amount: number) => {
    const taxes = roundEach(calcTax(amount, item.rates, item.inclusive));
    const t = total(taxes);
    return { net: item.inclusive ? amount - t : amount, taxes };
  };

  const discounts = applyCoupons(
    items.map((i) => ({ key: i.line.key, price: i.price, quantity: i.line.quantity })),
    input.coupons,
    input.couponLines,
    input.sequentialDiscounts,
  );

  const lines = new Map<string, LineTotals>();
  const exact = new Map<string, { subtotalTaxes: Map<number, number>; taxes: Map<number, number> }>();
  for (const item of items) {
    const sub = split(item, item.price);
    const after = split(item, item.price - (discounts.byLine.get(item.line.key) ?? 0));
    lines.set(item.line.key, {
      subtotal: roundHalfUp(sub.net),
      subtotalTax: roundHalfUp(total(sub.taxes)),
      total: roundHalfUp(after.net),
      tax: roundHalfUp(total(after.taxes)),
      taxes: after.taxes,
      subtotalTaxes: sub.taxes,
    });
    exact.set(item.line.key, { subtotalTaxes: sub.taxes, taxes: after.taxes });
  }

  // Cart-level item figures. Rounding per line: the sums of the lines. Rounding at subtotal: each
  // rate's exact sum rounded once, and inclusive amounts net of that rounded tax.
  const itemTaxesBefore = new Map<number, number>();
  const itemTaxesAfter = new Map<number, number>();
  for (const e of exact.values()) {
    add(itemTaxesBefore, e.subtotalTaxes);
    add(itemTaxesAfter, e.taxes);
  }
  const roundedBefore = new Map([...itemTaxesBefore].map(([id, v]) => [id, roundHalfUp(v)]));
  const roundedAfter = new Map([...itemTaxesAfter].map(([id, v]) => [id, roundHalfUp(v)]));
  const subtotalTax = total(roundedBefore);
  const itemsTax = total(roundedAfter);
  let gross = 0;
  let grossAfter = 0;
  let exclusiveSubtotal = 0;
  let exclusiveTotal = 0;
  for (const item of items) {
    const after = item.price - (discounts.byLine.get(item.line.key) ?? 0);
    if (item.inclusive) {
      gross += item.price;
      grossAfter += after;
    } else {
      exclusiveSubtotal += item.price;
      exclusiveTotal += after;
    }
  }
  const inclusiveTaxBefore = items.filter((i) => i.inclusive).reduce((s, i) => s + total(exact.get(i.line.key)!.subtotalTaxes), 0);
  const inclusiveTaxAfter = items.filter((i) => i.inclusive).reduce((s, i) => s + total(exact.get(i.line.key)!.taxes), 0);
  const subtotal = tax.roundAtSubtotal
    ? exclusiveSubtotal + roundHalfUp(gross - inclusiveTaxBefore)
    : [...lines.values()].reduce((s, l) => s + l.subtotal, 0);
  const itemsTotal = tax.roundAtSubtotal
    ? exclusiveTotal + roundHalfUp(grossAfter - inclusiveTaxAfter)
    : [...lines.values()].reduce((s, l) => s + l.total, 0);

  const summary: ItemsSummary = {
    lines,
    subtotal,
    subtotalTax,
    discount: subtotal - itemsTotal,
    discountTax: subtotalTax - itemsTax,
    total: itemsTotal,
    totalTax: itemsTax,
  };

  // Coupon savings, excl. tax and their tax. A coupon's tax is the line tax it takes away, coupon by
  // coupon in the order they were applied, so the savings add up to discount_total and discount_tax
  // exactly. (WooCommerce taxes each coupon's discount on its own, which can miss the cart's own
  // figures by a cent: 20 % on 167 + 167 + 166 off is 100, where the lines' tax fell by 99.)
  const accrued = new Map([...discounts.byCoupon.keys()].map((code) => [code, { discount: 0, tax: 0 }]));
  for (const item of items) {
    let left = item.price;
    let taxBefore = total(split(item, left).taxes);
    for (const [code, perLine] of discounts.byCoupon) {
      const d = perLine.get(item.line.key) ?? 0;
      if (!d) continue;
      left -= d;
      const taxAfter = total(split(item, left).taxes);
      const a = accrued.get(code)!;
      a.tax += taxBefore - taxAfter;
      a.discount += item.inclusive ? d - (taxBefore - taxAfter) : d;
      taxBefore = taxAfter;
    }
  }
  const coupons = new Map<string, CouponTotals>([...accrued].map(([code, a]) => [code, { discount: roundHalfUp(a.discount), tax: roundHalfUp(a.tax) }]));

  const shippingTaxes = new Map<number, number>();
  const shipping: ShippingTotals[] = input.shipping(summary).map((rate) => {
    const taxes = shippingRateTaxes(input, rate);
    add(shippingTaxes, taxes);
    return { cost: rate.cost, tax: total(taxes), taxes };
  });

  const feeTaxes = new Map<number, number>();
  const fees: FeeTotals[] = input.fees(summary).map((fee) => {
    if (!tax.enabled || !fee.taxable) return { ...fee, tax: 0 };
    const rates = findRates(input.taxRates, input.taxLocation, fee.taxClass);
    const taxes = new Map([...calcTax(fee.amount, rates, false)].map(([id, v]) => [id, roundHalfUp(v)]));
    add(feeTaxes, taxes);
    return { ...fee, tax: total(taxes) };
  });
  const allTaxes = new Map(roundedAfter);
  add(allTaxes, shippingTaxes);
  add(allTaxes, feeTaxes);

  const shippingTotal = shipping.reduce((s, r) => s + r.cost, 0);
  const shippingTax = shipping.reduce((s, r) => s + r.tax, 0);
  const feeTotal = fees.reduce((s, f) => s + f.amount, 0);
  const feeTax = fees.reduce((s, f) => s + f.tax, 0);
  const totalTax = itemsTax + shippingTax + feeTax;
  const totals: CartTotals = {
    subtotal,
    subtotal_tax: subtotalTax,
    fee_total: feeTotal,
    fee_tax: feeTax,
    discount_total: summary.discount,
    discount_tax: summary.discountTax,
    shipping_total: shippingTotal,
    shipping_tax: shippingTax,
    total: Math.max(0, itemsTotal + shippingTotal + feeTotal + totalTax),
    total_tax: totalTax,
  };
  return { lines, coupons, shipping, fees, taxes: allTaxes, taxesByPart: { items: roundedAfter, shipping: shippingTaxes, fees: feeTaxes }, totals };
}

/** The tax on a shipping rate, per rate id, rounded (WC_Tax::calc_shipping_tax with the shipping tax rates). */
export function shippingRateTaxes(input: Pick<TotalsInput, 'tax' | 'taxRates' | 'taxLocation' | 'taxClassOrder' | 'lines'>, rate: ChosenRate): Map<number, number> {
  if (!input.tax.enabled || !rate.taxable) return new Map();
  const itemClasses = input.lines.filter((l) => l.needsShipping && l.taxStatus !== 'none').map((l) => l.taxClass);
  const rates = shippingTaxRates(input.taxRates, input.taxLocation, input.tax.shippingTaxClass, itemClasses, input.taxClassOrder);
  return new Map([...calcTax(rate.cost, rates, false)].map(([id, v]) => [id, roundHalfUp(v)]));
}
