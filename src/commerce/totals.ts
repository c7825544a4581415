import { applyCoupons } from './discounts.ts';
import { roundHalfUp } from './money.ts';
import { calcTax, ratesAt, roundTax, shippingTaxRates, sumTaxes } from './tax.ts';
import type { Coupon, Location, TaxRate, TaxSettings } from './types.ts';

/**
 * Cart totals in the order WooCommerce works them out (WC_Cart_Totals): line subtotals and their tax,
 * coupon discounts, line totals and their tax, shipping, fees, then the grand total. Amounts are minor
 * units, worked with WooCommerce's unrounded intermediates and rounded where it rounds; every figure
 * given out is whole, and items total + items tax + shipping + shipping tax + fees + fee tax = total,
 * always. The discount figures are WooCommerce's own (each coupon's discount and its tax), which can
 * differ by a minor unit from subtotal − total.
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
  /** WC_Customer::get_is_vat_exempt: no tax at all, and prices entered with tax lose the shop's. */
  vatExempt: boolean;
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

function roundEach(m: Map<number, number>, round: (x: number) => number): Map<number, number> {
  for (const [id, v] of m) m.set(id, round(v));
  return m;
}

const NO_RATES: TaxRate[] = [];

interface Item {
  line: TotalsLine;
  /** The line price the cart works with: may carry a fraction once moved to another location's tax. */
  price: number;
  inclusive: boolean;
  rates: TaxRate[];
  /** Taxes are worked out for this line (taxes on, the item taxable, the customer not exempt). */
  taxed: boolean;
}

/** One line amount split as WC_Cart_Totals does: taxes per rate (line-rounded) and the exact net. */
interface Split {
  net: number;
  taxes: Map<number, number>;
  tax: number;
}

export function calculateTotals(input: TotalsInput): TotalsResult {
  const { tax } = input;
  // wc_prices_include_tax() is false whenever taxes are off.
  const inclusive = tax.enabled && tax.pricesIncludeTax;
  const calculate = tax.enabled && !input.vatExempt;
  // WC_Item_Totals: round_line_tax rounds each rate's line tax with the tax rounding mode and
  // round_item_subtotal each line amount half up — neither when rounding at the subtotal.
  const lineTax = (x: number) => (tax.roundAtSubtotal ? x : roundTax(x, inclusive));
  const itemRound = (x: number) => (tax.roundAtSubtotal ? x : roundHalfUp(x));
  const taxRound = (x: number) => roundTax(x, inclusive);

  const customerRates = ratesAt(input.taxRates, input.taxLocation);
  const baseRates = ratesAt(input.taxRates, input.baseLocation);

  const items: Item[] = input.lines.map((line) => {
    let price = line.unitPrice * line.quantity;
    const taxable = tax.enabled && line.taxStatus === 'taxable';
    const rates = taxable ? customerRates(line.taxClass) : NO_RATES;
    let lineInclusive = inclusive;
    if (inclusive && taxable) {
      if (input.vatExempt) {
        // remove_item_base_taxes: the shop's tax comes out of the price (the customer's own rates when
        // prices are not adjusted by location), and the rest is a price without tax.
        const base = tax.adjustNonBaseLocationPrices ? baseRates(line.taxClass) : rates;
        price = roundHalfUp(price - sumTaxes(calcTax(price, base, true)));
        lineInclusive = false;
      } else if (tax.adjustNonBaseLocationPrices) {
        // adjust_non_base_location_price: net of the shop's tax plus the customer's own, unrounded,
        // and still a price that includes tax.
        const base = baseRates(line.taxClass);
        if (!sameRates(base, rates)) {
          const net = price - sumTaxes(calcTax(price, base, true));
          price = net + sumTaxes(calcTax(net, rates, false));
        }
      }
    }
    return { line, price, inclusive: lineInclusive, rates, taxed: calculate && taxable };
  });

  const split = (item: Item, amount: number): Split => {
    if (!item.taxed) return { net: amount, taxes: new Map(), tax: 0 };
    const taxes = calcTax(amount, item.rates, item.inclusive);
    // The net of an inclusive amount comes from the unrounded taxes, as WooCommerce keeps it.
    const net = item.inclusive ? amount - sumTaxes(taxes) : amount;
    roundEach(taxes, lineTax);
    return { net, taxes, tax: sumTaxes(taxes) };
  };

  const discounts = applyCoupons(
    items.map((i) => ({ key: i.line.key, price: i.price, quantity: i.line.quantity })),
    input.coupons,
    input.couponLines,
    input.sequentialDiscounts,
  );

  const lines = new Map<string, LineTotals>();
  const itemTaxesBefore = new Map<number, number>();
  const itemTaxesAfter = new Map<number, number>();
  let subtotalExact = 0;
  let totalExact = 0;
  for (const item of items) {
    const sub = split(item, item.price);
    const after = split(item, item.price - (discounts.byLine.get(item.line.key) ?? 0));
    subtotalExact += itemRound(sub.net);
    totalExact += itemRound(after.net);
    add(itemTaxesBefore, sub.taxes);
    add(itemTaxesAfter, after.taxes);
    lines.set(item.line.key, {
      subtotal: roundHalfUp(sub.net),
      subtotalTax: taxRound(sub.tax),
      total: roundHalfUp(after.net),
      tax: taxRound(after.tax),
      taxes: after.taxes,
      subtotalTaxes: sub.taxes,
    });
  }
  // Per line these are already whole; rounding at the subtotal, each rate's sum is rounded once here.
  const roundedBefore = roundEach(new Map(itemTaxesBefore), taxRound);
  const roundedAfter = roundEach(new Map(itemTaxesAfter), taxRound);
  const subtotal = roundHalfUp(subtotalExact);
  const itemsTotal = roundHalfUp(totalExact);
  const subtotalTax = sumTaxes(roundedBefore);
  const itemsTax = sumTaxes(roundedAfter);

  // WC_Cart_Totals::calculate_discounts: each coupon's tax is calc_tax on each line's share of its
  // discount, summed unrounded; with prices entered incl. tax that tax comes out of the discount.
  // So discount_tax can differ by a minor unit from what the lines' tax fell by, as in WooCommerce.
  const coupons = new Map<string, CouponTotals>();
  let discountExact = 0;
  let discountTaxExact = 0;
  for (const [code, perLine] of discounts.byCoupon) {
    let discount = 0;
    let couponTax = 0;
    for (const item of items) {
      const d = perLine.get(item.line.key) ?? 0;
      discountExact += d;
      discount += d;
      if (!d || !item.taxed) continue;
      const t = sumTaxes(calcTax(d, item.rates, item.inclusive));
      couponTax += t;
      if (item.inclusive) discount -= t;
    }
    discountTaxExact += couponTax;
    coupons.set(code, { discount: roundHalfUp(discount), tax: taxRound(couponTax) });
  }
  if (inclusive) discountExact -= discountTaxExact;

  const summary: ItemsSummary = {
    lines,
    subtotal,
    subtotalTax,
    discount: roundHalfUp(discountExact),
    discountTax: taxRound(discountTaxExact),
    total: itemsTotal,
    totalTax: itemsTax,
  };

  const shippingTaxes = new Map<number, number>();
  const shipping: ShippingTotals[] = input.shipping(summary).map((rate) => {
    const taxes = shippingRateTaxes(input, rate);
    add(shippingTaxes, taxes);
    return { cost: rate.cost, tax: roundHalfUp(sumTaxes(taxes)), taxes };
  });

  const feeTaxes = new Map<number, number>();
  const fees: FeeTotals[] = input.fees(summary).map((fee) => {
    if (!calculate || !fee.taxable) return { ...fee, tax: 0 };
    const taxes = roundEach(calcTax(fee.amount, customerRates(fee.taxClass), false), lineTax);
    add(feeTaxes, taxes);
    return { ...fee, tax: taxRound(sumTaxes(taxes)) };
  });
  // Per line, shipping taxes are already rounded half up (round_item_subtotal) and fee taxes as line
  // taxes. At the subtotal, calculate_totals rounds shipping and fee taxes together, half up; here per
  // rate, the shipping part first, so every figure stays the sum of its rates.
  if (tax.roundAtSubtotal) {
    for (const [id, v] of feeTaxes) {
      const ship = shippingTaxes.get(id) ?? 0;
      feeTaxes.set(id, roundHalfUp(ship + v) - roundHalfUp(ship));
    }
    roundEach(shippingTaxes, roundHalfUp);
  }
  const allTaxes = new Map(roundedAfter);
  add(allTaxes, shippingTaxes);
  add(allTaxes, feeTaxes);

  let shippingTotal = 0;
  for (const r of shipping) shippingTotal += r.cost;
  let feeTotal = 0;
  for (const f of fees) feeTotal += f.amount;
  const shippingTax = sumTaxes(shippingTaxes);
  const feeTax = sumTaxes(feeTaxes);
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

/**
 * The tax on a shipping rate, per rate id (WC_Tax::calc_shipping_tax with the shipping tax rates), rounded
 * half up per rate unless the store rounds at the subtotal.
 */
export function shippingRateTaxes(
  input: Pick<TotalsInput, 'tax' | 'taxRates' | 'taxLocation' | 'taxClassOrder' | 'lines' | 'vatExempt'>,
  rate: ChosenRate,
): Map<number, number> {
  // WC_Shipping_Method::is_taxable: never for a VAT-exempt customer.
  if (!input.tax.enabled || !rate.taxable || input.vatExempt) return new Map();
  const itemClasses = input.lines.filter((l) => l.needsShipping && l.taxStatus !== 'none').map((l) => l.taxClass);
  const rates = shippingTaxRates(input.taxRates, input.taxLocation, input.tax.shippingTaxClass, itemClasses, input.taxClassOrder);
  const taxes = calcTax(rate.cost, rates, false);
  return input.tax.roundAtSubtotal ? taxes : roundEach(taxes, roundHalfUp);
}
