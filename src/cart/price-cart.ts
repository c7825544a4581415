import { createHash } from 'node:crypto';
import type { CatalogSnapshot } from '../catalog/snapshot.ts';
import type { Product } from '../catalog/types.ts';
import { eligibleLines, revalidateApplied, type CouponCheckContext, type CouponLine, type RemovedCoupon } from '../commerce/coupon-validation.ts';
import { feeCharges } from '../commerce/fees.ts';
import { matchZone, shippingRates, type ShippingRate } from '../commerce/shipping.ts';
import { roundHalfUp } from '../commerce/money.ts';
import { calcTax, ratesAt, roundTax, sumTaxes } from '../commerce/tax.ts';
import { calculateTotals, shippingRateTaxes, type CartTotals, type FeeTotals, type LineTotals, type ItemsSummary, type TotalsInput, type TotalsLine, type TotalsResult } from '../commerce/totals.ts';
import type { Coupon, Location, TaxRate } from '../commerce/types.ts';
import type { Pricing, Shopper } from './context.ts';
import { lineProduct } from './lines.ts';
import type { Cart, CartLine, Customer } from './types.ts';

/** A cart with every line's product, unit price and totals worked out: what responses are built from. */

export interface PricedCartLine {
  line: CartLine;
  product: Product;
  parent: Product;
  /** Unit price as entered in the catalogue (or the accepted custom price). */
  unitPrice: number;
  /** Unit price as the cart shows it (incl. or excl. tax per the display setting); see shownUnitPrice. */
  shownPrice?: number;
  totals: LineTotals;
}

export interface PricedCoupon {
  coupon: Coupon;
  /** Discount excl. tax, and its tax. */
  discount: number;
  tax: number;
}

export interface PricedRate {
  rate: ShippingRate;
  tax: number;
  taxes: Map<number, number>;
}

export interface PricedPackage {
  index: number;
  lines: PricedCartLine[];
  destination: Location;
  /** The destination's street lines (address_1, address_2), for its formatted form. */
  street: string[];
  rates: PricedRate[];
  /** The chosen rate id, '' when there is none. */
  chosen: string;
}

export interface PricedCart {
  cart: Cart;
  lines: PricedCartLine[];
  totals: CartTotals;
  coupons: PricedCoupon[];
  /** Applied coupons that no longer hold, with why; the cart check removes them. */
  invalidCoupons: RemovedCoupon[];
  needsShipping: boolean;
  /** Whether enough of an address is known to work out shipping. */
  hasCalculatedShipping: boolean;
  packages: PricedPackage[];
  fees: FeeTotals[];
  /** Tax per rate, for the itemized taxes section. */
  taxes: { rate: TaxRate; amount: number }[];
  /** Tax per rate id for items, shipping and fees apart (released 4.x's totals). */
  taxesByPart: TotalsResult['taxesByPart'];
  /** CoCart's cart_hash: md5 of the lines and the total; '' for an empty cart. */
  hash: string;
}

function location(address: { country: string; state: string; postcode: string; city: string }): Location {
  return { country: address.country.toUpperCase(), state: address.state.toUpperCase(), postcode: address.postcode, city: address.city };
}

/** Where goods go: the shipping address, or the billing one as the store says or when none was given. */
export function destination(customer: Customer, pricing: Pricing): Location {
  return location(destinationAddress(customer, pricing));
}

function destinationAddress(customer: Customer, pricing: Pricing): Customer['billing'] | Customer['shipping'] {
  const useBilling = pricing.shipToDestination === 'billing_only' || !customer.shipping.country;
  return useBilling ? customer.billing : customer.shipping;
}

/** WC_Customer::get_taxable_address: the base, billing or shipping address, the base when none is known. */
function taxLocation(customer: Customer, pricing: Pricing, shipTo: Location): Location {
  if (pricing.tax.basedOn === 'base') return pricing.base;
  const loc = pricing.tax.basedOn === 'billing' ? location(customer.billing) : shipTo;
  return loc.country ? loc : pricing.base;
}

type ResolvedLine = Omit<PricedCartLine, 'totals' | 'shownPrice'>;

/**
 * WC_Cart::get_product_price(): one unit at the display setting, as wc_get_price_excluding_tax() and
 * wc_get_price_including_tax() work it out for a quantity of one — not the line divided by its
 * quantity, which rounds differently (4 × 1.02 + 20 % shows 1.22 a unit, though the line is 4.90).
 * A VAT-exempt customer is shown prices without tax. Prices entered incl. tax lose the shop's own rates
 * first (woocommerce_adjust_non_base_location_prices), or the customer's when that is off.
 */
function shownUnitPrice(
  unit: number,
  line: TotalsLine,
  pricing: Pricing,
  rates: { own: (taxClass: string) => TaxRate[]; base: (taxClass: string) => TaxRate[] },
  vatExempt: boolean,
): number {
  const t = pricing.tax;
  if (!t.enabled || line.taxStatus !== 'taxable') return unit;
  const excl = t.displayCart === 'excl' || vatExempt;
  const sum = (m: Map<number, number>) => {
    let s = 0;
    for (const v of m.values()) s += t.roundAtSubtotal ? v : roundTax(v, t.pricesIncludeTax);
    return s;
  };
  const own = rates.own(line.taxClass);
  if (!t.pricesIncludeTax) return excl ? unit : roundHalfUp(unit + sum(calcTax(unit, own, false)));
  const base = t.adjustNonBaseLocationPrices ? rates.base(line.taxClass) : own;
  const baseTaxes = calcTax(unit, base, true);
  if (excl) return roundHalfUp(unit - sumTaxes(baseTaxes));
  const same = own.length === base.length && own.every((r, i) => r.id === base[i].id);
  return same ? unit : roundHalfUp(unit - sum(baseTaxes) + sum(calcTax(unit - sumTaxes(baseTaxes), own, false)));
}

/**
 * What coupon rules are checked against: the lines at their entered prices, the shopper's email and
 * account, and the subtotal as the cart displays it (WC_Discounts::get_object_subtotal() is
 * WC_Cart::get_displayed_subtotal(): incl. tax when prices are shown incl. tax), which the minimum and
 * maximum spend compare with.
 */
export function couponContext(
  cart: Cart,
  lines: readonly ResolvedLine[],
  catalog: CatalogSnapshot,
  now: number,
  pricing: Pricing,
  shopper: Shopper | null,
  displayedSubtotal: number,
): CouponCheckContext {
  return {
    now,
    lines: couponLines(lines, catalog, now),
    subtotal: displayedSubtotal,
    email: cart.customer.billing.email.toLowerCase(),
    userId: shopper?.id ?? null,
    accountEmail: shopper?.email,
    formatMoney: pricing.formatMoney,
    categoryName: (id) => catalog.terms.get(id)?.name,
  };
}

/** WC_Cart::get_displayed_subtotal(): the items before discounts, with their tax when the cart shows prices incl. tax. */
export function displayedSubtotal(totals: Pick<CartTotals, 'subtotal' | 'subtotal_tax'>, pricing: Pricing): number {
  return pricing.tax.enabled && pricing.tax.displayCart === 'incl' ? totals.subtotal + totals.subtotal_tax : totals.subtotal;
}

/**
 * wc_get_product_cat_ids(): a product's categories with all their ancestors, so a coupon for
 * "Clothing" covers a product filed under "Clothing › Footwear".
 */
function withAncestors(catalog: CatalogSnapshot, ids: readonly number[]): number[] {
  const out = new Set<number>();
  for (const id of ids) {
    let term: number | undefined = id;
    while (term && !out.has(term)) {
      out.add(term);
      term = catalog.terms.get(term)?.parent;
    }
  }
  return [...out];
}

function couponLines(lines: readonly ResolvedLine[], catalog: CatalogSnapshot, now: number): CouponLine[] {
  return lines.map((l) => ({
    key: l.line.key,
    productId: l.product.id,
    parentId: l.parent.id,
    name: l.product.name,
    categoryIds: withAncestors(catalog, l.product.categoryIds),
    parentCategoryIds: withAncestors(catalog, l.parent.categoryIds),
    onSale: l.line.customPrice === null && catalog.onSale(l.product, now),
    price: l.unitPrice * l.line.quantity,
    quantity: l.line.quantity,
  }));
}

/** The default package: every shippable line, its zone's rates with their tax, and the chosen rate. */
function defaultPackage(
  resolved: readonly ResolvedLine[],
  items: ItemsSummary,
  o: {
    shipTo: Location;
    street: string[];
    pricing: Pricing;
    freeShippingCoupon: boolean;
    /** The rate the shopper chose before; the first rate when it is not offered now. */
    wanted: string | undefined;
    taxesOf: (rate: ShippingRate) => Map<number, number>;
  },
): PricedPackage {
  const { pricing } = o;
  const incl = pricing.tax.displayCart === 'incl';
  // WooCommerce's is_package_shippable(): no rates for a country the store does not ship to.
  const shippable = !o.shipTo.country || pricing.shipsTo(o.shipTo.country);
  const zone = shippable ? matchZone(pricing.rules.shippingZones, o.shipTo) : null;
  const lines = resolved.filter((r) => !r.product.virtual);
  const rates = zone
    ? shippingRates(
        zone,
        {
          destination: o.shipTo,
          lines: lines.map((r) => ({
            key: r.line.key,
            name: r.product.name,
            quantity: r.line.quantity,
            total: items.lines.get(r.line.key)?.total ?? 0,
            shippingClass: r.product.shippingClass || r.parent.shippingClass,
          })),
        },
        {
          decimals: pricing.decimals,
          freeShippingCoupon: o.freeShippingCoupon,
          displayedSubtotal: incl ? items.subtotal + items.subtotalTax : items.subtotal,
          displayedDiscount: incl ? items.discount + items.discountTax : items.discount,
        },
      )
    : [];
  const priced = rates.map((rate) => {
    const taxes = o.taxesOf(rate);
    return { rate, taxes, tax: roundHalfUp(sumTaxes(taxes)) };
  });
  const chosen = priced.find((p) => p.rate.id === o.wanted) ?? priced[0];
  return { index: 0, lines: [], destination: o.shipTo, street: o.street, rates: priced, chosen: chosen?.rate.id ?? '' };
}

export function priceCart(cart: Cart, catalog: CatalogSnapshot, now: number, pricing: Pricing, shopper: Shopper | null = null): PricedCart {
  const resolved = cart.lines
    .map((line) => {
      const product = lineProduct(catalog, line);
      if (!product) return null;
      const parent = product.type === 'variation' ? (catalog.parentOf(product) ?? product) : product;
      return { line, product, parent, unitPrice: pricing.unitPrice.unitPrice(line, product, catalog, now) };
    })
    .filter((l) => l !== null);
  const { rules } = pricing;
  const address = destinationAddress(cart.customer, pricing);
  const shipTo = location(address);
  const needsShipping = pricing.shippingEnabled && resolved.some((r) => !r.product.virtual);
  const hasCalculatedShipping = needsShipping && !!shipTo.country && (!pricing.shippingRequiresAddress || !!shipTo.postcode);

  const totalsLines: TotalsLine[] = resolved.map((r) => ({
    key: r.line.key,
    unitPrice: r.unitPrice,
    quantity: r.line.quantity,
    taxStatus: r.product.taxStatus,
    // A variation's "parent" tax class is its parent's.
    taxClass: r.product.taxClass === 'parent' ? r.parent.taxClass : r.product.taxClass,
    needsShipping: pricing.shippingEnabled && !r.product.virtual,
  }));
  // woocommerce_apply_base_tax_for_local_pickup: a shopper collecting from the shop pays the shop's taxes.
  // The stored choice says whether they collect; if it turns out not to be offered, the cart is priced again.
  const customerTax = taxLocation(cart.customer, pricing, shipTo);
  const taxedAt = (rateId: string | undefined): Location =>
    pricing.tax.basedOn !== 'base' && (rateId ?? '').split(':')[0] === 'local_pickup' ? pricing.base : customerTax;
  const assumed = taxedAt(cart.chosenShipping[0]);
  const vatExempt = pricing.tax.enabled && pricing.isVatExempt(cart.customer, shopper);

  const packages: PricedPackage[] = [];
  const inputAt = (taxAt: Location, coupons: Coupon[]): TotalsInput => {
    const input: TotalsInput = {
      lines: totalsLines,
      tax: pricing.tax,
      taxRates: rules.taxRates,
      taxClassOrder: rules.taxClasses.map((c) => c.slug),
      taxLocation: taxAt,
      baseLocation: pricing.base,
      vatExempt,
      coupons,
      couponLines: (coupon) => new Set(eligibleLines(coupon, checkLines).map((l) => l.key)),
      sequentialDiscounts: pricing.sequentialDiscounts,
      shipping: (items) => {
        if (!hasCalculatedShipping) return [];
        const pkg = defaultPackage(resolved, items, {
          shipTo,
          street: [address.address_1, address.address_2].filter((l) => l),
          pricing,
          freeShippingCoupon: coupons.some((c) => c.freeShipping),
          wanted: cart.chosenShipping[0],
          taxesOf: (rate) => shippingRateTaxes(input, rate),
        });
        packages.push(pkg);
        const chosen = pkg.rates.find((r) => r.rate.id === pkg.chosen);
        return chosen ? [chosen.rate] : [];
      },
      fees: (items) =>
        feeCharges(rules.fees, {
          items,
          billingCountry: cart.customer.billing.country,
          paymentMethod: cart.paymentMethod ?? '',
          needsShipping,
        }),
    };
    return input;
  };
  // Coupons that still hold; the rest are left out of the sums and reported for removal. Their spend
  // limits compare with the displayed subtotal, which with taxes on needs the lines' tax first (it
  // does not depend on coupons, so the lines are totalled once without them).
  const checking = pricing.couponsEnabled && cart.coupons.length > 0;
  let shownSubtotal = resolved.reduce((s, r) => s + r.unitPrice * r.line.quantity, 0);
  if (checking && pricing.tax.enabled) {
    const bare = calculateTotals({ ...inputAt(assumed, []), shipping: () => [], fees: () => [] });
    shownSubtotal = displayedSubtotal(bare.totals, pricing);
  }
  // Only a cart with coupons needs the lines as coupon rules see them.
  const checkContext = checking ? couponContext(cart, resolved, catalog, now, pricing, shopper, shownSubtotal) : null;
  const checkLines = checkContext?.lines ?? [];
  const { kept: applied, removed: invalidCoupons } = checkContext
    ? revalidateApplied(cart.coupons, rules.coupons, checkContext)
    : { kept: [], removed: [] };

  let result = calculateTotals(inputAt(assumed, applied));
  const taxedAtChosen = taxedAt(packages[0]?.chosen);
  if (taxedAtChosen !== assumed) {
    packages.length = 0;
    result = calculateTotals(inputAt(taxedAtChosen, applied));
  }
  const shownRates = { own: ratesAt(rules.taxRates, taxedAtChosen), base: ratesAt(rules.taxRates, pricing.base) };
  const priced = resolved.map((r, i) => ({
    ...r,
    shownPrice: shownUnitPrice(r.unitPrice, totalsLines[i], pricing, shownRates, vatExempt),
    totals: result.lines.get(r.line.key)!,
  }));
  for (const p of packages) p.lines = priced.filter((l) => !l.product.virtual);
  const rateById = new Map(rules.taxRates.map((r) => [r.id, r]));
  const taxes = [...result.taxes]
    .filter(([, amount]) => amount !== 0)
    .map(([id, amount]) => ({ rate: rateById.get(id)!, amount }))
    .filter((t) => t.rate);
  let fingerprint = '';
  for (const p of priced) fingerprint += `${p.line.key}:${p.line.quantity}:${p.unitPrice};`;
  const hash = priced.length ? createHash('md5').update(fingerprint + result.totals.total).digest('hex') : '';
  return {
    cart,
    lines: priced,
    totals: result.totals,
    coupons: applied.map((coupon) => ({ coupon, ...(result.coupons.get(coupon.code) ?? { discount: 0, tax: 0 }) })),
    invalidCoupons,
    needsShipping,
    hasCalculatedShipping,
    packages,
    fees: result.fees,
    taxes,
    taxesByPart: result.taxesByPart,
    hash,
  };
}
