/**
 * Test builders for the cart domain (src/cart), in the spirit of Vendure's order test builders: a
 * catalogue snapshot from a few products in one call, a CartContext with the store's defaults and the
 * overrides a test cares about, and a cart with lines added the way a shopper adds them (through
 * addItem, so line keys are real). Nothing here touches HTTP, the database or the clock.
 *
 *   const ctx = context({ products: [simple(1, 1800), ...variable(10, { Colour: ['red', 'blue'] }, [...])] });
 *   const cart = cartWith(ctx, [{ id: 1, quantity: 2 }]);
 *   const priced = price(cart, ctx);
 */
import { expect } from 'vitest';
import { CatalogSnapshot } from '../../src/catalog/snapshot.ts';
import { completeProduct, slugify } from '../../src/catalog/product.ts';
import { maxPurchaseQuantity, minPurchaseQuantity } from '../../src/catalog/stock.ts';
import type { Product, ProductAttribute, ProductInput, Term } from '../../src/catalog/types.ts';
import { addItem, type AddItemInput } from '../../src/cart/add-item.ts';
import type { CartContext, Pricing, Shopper } from '../../src/cart/context.ts';
import { priceCart, type PricedCart } from '../../src/cart/price-cart.ts';
import { emptyCart, type Cart, type CartLine, type Customer } from '../../src/cart/types.ts';
import { customPriceWithSalt, type UnitPriceStrategy } from '../../src/cart/unit-price.ts';
import { formatMoney } from '../../src/commerce/money.ts';
import type {
  Coupon,
  FeeRule,
  FlatRateSettings,
  FreeShippingSettings,
  LocalPickupSettings,
  Location,
  ShippingMethod,
  ShippingZone,
  StoreRules,
  TaxClass,
  TaxRate,
  TaxSettings,
  ZoneLocation,
} from '../../src/commerce/types.ts';
import { CocartError } from '../../src/errors.ts';

/** The tests' "now": 2025-06-15 15:06:40 UTC. */
export const NOW = 1_750_000_000;
export const DAY = 86_400;

// ---------------------------------------------------------------------------------------------------------
// Products

/** A complete product with WooCommerce's defaults: published, in stock, taxable, standard class. */
export function product(id: number, over: ProductInput = {}): Product {
  const name = over.name ?? `Product ${id}`;
  return { ...completeProduct({ slug: slugify(name), ...over, name }, NOW - 30 * DAY), id };
}

/** A simple product at `price` minor units (null = no price, not purchasable). */
export function simple(id: number, price: number | null, over: ProductInput = {}): Product {
  return product(id, { type: 'simple', regularPrice: price, ...over });
}

/** Sold individually: at most one in the cart. */
export function soldIndividually(id: number, price: number, over: ProductInput = {}): Product {
  return simple(id, price, { soldIndividually: true, ...over });
}

/** Managed stock: `quantity` in stock, backorders `no` unless said otherwise. */
export function stocked(id: number, price: number, quantity: number, backorders: Product['backorders'] = 'no', over: ProductInput = {}): Product {
  return simple(id, price, { manageStock: true, stockQuantity: quantity, backorders, ...over });
}

/** On sale at `sale` instead of `regular`, optionally only between `from` and `to` (unix seconds, inclusive). */
export function onSale(id: number, regular: number, sale: number, dates: { from?: number; to?: number } = {}, over: ProductInput = {}): Product {
  return simple(id, regular, { salePrice: sale, saleFrom: dates.from ?? null, saleTo: dates.to ?? null, ...over });
}

/** Virtual: needs no shipping. */
export function virtual(id: number, price: number, over: ProductInput = {}): Product {
  return simple(id, price, { virtual: true, ...over });
}

/** A grouped product of the given children (which must be in the catalogue too). */
export function grouped(id: number, childIds: number[], over: ProductInput = {}): Product {
  return product(id, { type: 'grouped', groupedIds: childIds, ...over });
}

export interface VariationSpec {
  id: number;
  price: number | null;
  /** Attribute name or taxonomy → option slug; '' or absent = "any". */
  attributes: Record<string, string>;
  over?: ProductInput;
}

/**
 * A variable product and its variations. `attributes` maps each variation attribute's label to its
 * option slugs ({ Colour: ['red', 'blue'] } declares `pa_colour`); variations name options by label or
 * taxonomy. Returns [parent, ...variations], ready to spread into `catalog(...)`.
 */
export function variable(id: number, attributes: Record<string, string[]>, variations: VariationSpec[], over: ProductInput = {}): Product[] {
  const declared: ProductAttribute[] = Object.entries(attributes).map(([name, options], i) => ({
    id: i + 1,
    name,
    taxonomy: `pa_${slugify(name)}`,
    position: i,
    visible: true,
    variation: true,
    options: options.map((slug) => ({ slug, label: slug.charAt(0).toUpperCase() + slug.slice(1) })),
  }));
  const parent = product(id, { type: 'variable', attributes: declared, ...over });
  const children = variations.map((v, i) => {
    const fixed: Record<string, string> = {};
    for (const a of declared) {
      const value = v.attributes[a.name] ?? v.attributes[a.taxonomy] ?? '';
      fixed[`attribute_${a.taxonomy}`] = value;
    }
    return product(v.id, {
      type: 'variation',
      parentId: id,
      name: `${parent.name} - ${Object.values(fixed).filter(Boolean).join(', ') || 'any'}`,
      regularPrice: v.price,
      variationAttributes: fixed,
      menuOrder: i,
      taxClass: 'parent',
      ...v.over,
    });
  });
  return [parent, ...children];
}

/** A product category term (for coupon category rules). */
export function category(id: number, name: string, parent = 0): Term {
  return { id, taxonomy: 'product_cat', name, slug: slugify(name), parent, description: '', menuOrder: 0, display: 'default', imageId: null };
}

/** A catalogue snapshot of these products (nested arrays, as `variable` returns, are flattened). */
export function catalog(products: (Product | Product[])[], terms: Term[] = []): CatalogSnapshot {
  return new CatalogSnapshot({ products: products.flat(), media: [], attributes: [], terms, ratings: new Map() }, NOW);
}

// ---------------------------------------------------------------------------------------------------------
// Store rules

export const BASE: Location = { country: 'GB', state: '', postcode: 'BS1 4XX', city: 'Bristol' };

/** A tax rate; GB standard rate, applying to shipping, unless said otherwise. */
export function taxRate(id: number, rate: number, over: Partial<TaxRate> = {}): TaxRate {
  return { id, country: 'GB', state: '', postcodes: [], cities: [], rate, name: 'VAT', priority: 1, compound: false, shipping: true, order: 0, taxClass: '', ...over };
}

/** GB VAT at 20 %. */
export const VAT20 = taxRate(1, 20);

/** A published coupon with no restrictions. `amount` is a percent for `percent`, minor units otherwise. */
export function coupon(code: string, discountType: Coupon['discountType'], amount: number, over: Partial<Coupon> = {}): Coupon {
  return {
    id: 1, code: code.toLowerCase(), status: 'publish', discountType, amount, description: '', expiresAt: null, usageCount: 0, individualUse: false,
    productIds: [], excludedProductIds: [], usageLimit: null, usageLimitPerUser: null, limitUsageToXItems: null, freeShipping: false,
    productCategories: [], excludedProductCategories: [], excludeSaleItems: false, minimumAmount: null, maximumAmount: null,
    emailRestrictions: [], usedBy: [], createdAt: NOW - 30 * DAY, modifiedAt: NOW - 30 * DAY, ...over,
  };
}

/** Flat rate: `cost` is WooCommerce's cost expression in major units ("5", "2 * [qty]"). Rate id `flat_rate:<instanceId>`. */
export function flatRate(instanceId: number, cost: string, over: Partial<FlatRateSettings> = {}, order = instanceId): ShippingMethod {
  return { instanceId, methodId: 'flat_rate', order, enabled: true, settings: { title: 'Flat rate', taxable: true, cost, classCosts: {}, calculationType: 'class', ...over } };
}

export function freeShipping(instanceId: number, over: Partial<FreeShippingSettings> = {}, order = instanceId): ShippingMethod {
  return { instanceId, methodId: 'free_shipping', order, enabled: true, settings: { title: 'Free shipping', requires: '', minAmount: 0, ignoreDiscounts: false, ...over } };
}

export function localPickup(instanceId: number, cost = '0', over: Partial<LocalPickupSettings> = {}, order = instanceId): ShippingMethod {
  return { instanceId, methodId: 'local_pickup', order, enabled: true, settings: { title: 'Local pickup', taxable: true, cost, ...over } };
}

/** A shipping zone for these countries ([] = rest of the world when id is 0). */
export function zone(id: number, countries: string[], methods: ShippingMethod[]): ShippingZone {
  const locations: ZoneLocation[] = countries.map((code) => ({ type: 'country', code }));
  return { id, name: id === 0 ? 'Rest of the world' : countries.join(', '), order: id, locations, methods };
}

/** A fee rule: fixed minor units or a percent of the items total; untaxed, unconditional unless said otherwise. */
export function fee(id: number, name: string, type: FeeRule['type'], amount: number, over: Partial<FeeRule> = {}): FeeRule {
  return {
    id, name, enabled: true, type, amount, taxable: false, taxClass: '', minimumAmount: null, maximumAmount: null, countries: [], paymentMethods: [],
    requiresShipping: false, ...over,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Context

export interface ContextOptions {
  /** The catalogue, or the products to build one from. */
  catalog?: CatalogSnapshot;
  products?: (Product | Product[])[];
  terms?: Term[];
  /** The clock (unix seconds); NOW by default. */
  now?: number;
  /** Taxes on (with VAT20 unless `taxRates` are given) or off (the default, as a new store). */
  taxes?: boolean;
  /** Catalogue prices entered including tax. */
  pricesIncludeTax?: boolean;
  /** Any other tax setting (display, rounding, based on …). */
  tax?: Partial<TaxSettings>;
  /** The customer is VAT-exempt (else the shopper's own flag decides). */
  vatExempt?: boolean;
  taxRates?: TaxRate[];
  taxClasses?: TaxClass[];
  coupons?: Coupon[];
  shippingZones?: ShippingZone[];
  fees?: FeeRule[];
  /** Other pricing options (shipping on/off, coupons on/off, base address …). */
  pricing?: Partial<Omit<Pricing, 'rules' | 'tax'>>;
  /** How a line's unit price is worked out; the store's own (a custom price kept where allowed) by default. */
  unitPrice?: UnitPriceStrategy;
  shopper?: Shopper | null;
  /** Purchase limits in place of the catalogue's (min purchase, max purchase, stock, sold individually). */
  limits?: CartContext['limits'];
  /** Whether a custom price on add-item is accepted: for every product, or per product. Refused by default. */
  mayOverridePrice?: boolean | ((product: Product) => boolean);
  /** Whether the bulk update-cart callback may set a quantity; allowed by default. */
  allowQuantityUpdate?: CartContext['allowQuantityUpdate'];
}

const GBP = { code: 'GBP', symbol: '£', decimals: 2, decimalSeparator: '.', thousandSeparator: ',', position: 'left' } as const;

/**
 * A CartContext as the gateway makes one, with a new store's settings (GBP, 2 decimals, shop in Bristol,
 * taxes off, shipping on, coupons on, discounts not sequential) and whatever the test overrides.
 */
export function context(o: ContextOptions = {}): CartContext {
  const snapshot = o.catalog ?? catalog(o.products ?? [], o.terms ?? []);
  const taxesOn = o.taxes ?? false;
  const rules: StoreRules = {
    taxRates: o.taxRates ?? (taxesOn ? [VAT20] : []),
    taxClasses: o.taxClasses ?? [
      { slug: 'reduced-rate', name: 'Reduced rate' },
      { slug: 'zero-rate', name: 'Zero rate' },
    ],
    shippingZones: o.shippingZones ?? [],
    coupons: new Map((o.coupons ?? []).map((c) => [c.code, c])),
    fees: o.fees ?? [],
  };
  const tax: TaxSettings = {
    enabled: taxesOn,
    pricesIncludeTax: o.pricesIncludeTax ?? false,
    basedOn: 'shipping',
    shippingTaxClass: 'inherit',
    roundAtSubtotal: false,
    adjustNonBaseLocationPrices: true,
    displayCart: 'excl',
    totalDisplay: 'itemized',
    ...o.tax,
  };
  const pricing: Pricing = {
    rules,
    tax,
    base: BASE,
    shippingEnabled: true,
    shipsTo: () => true,
    shippingRequiresAddress: false,
    shipToDestination: 'shipping',
    couponsEnabled: true,
    sequentialDiscounts: false,
    decimals: 2,
    unitPrice: o.unitPrice ?? customPriceWithSalt,
    isVatExempt: (_customer, shopper) => o.vatExempt ?? shopper?.vatExempt ?? false,
    formatMoney: (minor) => formatMoney(minor, GBP),
    ...o.pricing,
  };
  const override = o.mayOverridePrice ?? false;
  return {
    catalog: snapshot,
    now: o.now ?? NOW,
    pricing,
    shopper: o.shopper ?? null,
    decimals: pricing.decimals,
    limits: o.limits ?? ((p) => ({ min: minPurchaseQuantity(p), max: maxPurchaseQuantity(p, snapshot.stockOf(p)) })),
    mayOverridePrice: typeof override === 'function' ? override : () => override,
    allowQuantityUpdate: o.allowQuantityUpdate ?? (() => true),
  };
}

/** The same context with some things changed (a later clock, a changed catalogue …). */
export function withContext(ctx: CartContext, over: Partial<CartContext>): CartContext {
  return { ...ctx, ...over };
}

// ---------------------------------------------------------------------------------------------------------
// Carts

export interface LineSpec {
  id: number | string;
  quantity: number;
  variation?: Record<string, unknown>;
  itemData?: Record<string, unknown>;
  price?: string;
}

/**
 * A cart holding these lines, each added through addItem (so keys, merging and checks are the real
 * ones), starting from `base` (an empty cart by default). The add notices are cleared.
 */
export function cartWith(ctx: CartContext, lines: LineSpec[], base: Cart = emptyCart()): Cart {
  let cart = base;
  for (const l of lines) {
    const input: AddItemInput = { id: String(l.id), quantity: l.quantity, variation: l.variation, itemData: l.itemData, price: l.price };
    cart = addItem(cart, input, ctx).cart;
  }
  return { ...cart, notices: [] };
}

/** The one line of the cart for this product (or variation) id; fails the test if there is not exactly one. */
export function lineOf(cart: Cart, id: number): CartLine {
  const found = cart.lines.filter((l) => l.id === id);
  expect(found, `lines for product ${id}`).toHaveLength(1);
  return found[0];
}

/** Billing (and, by default, shipping) address set on the cart, as a customer update would store it. */
export function shipTo(cart: Cart, address: Partial<Customer['billing']>): Cart {
  const billing = { ...cart.customer.billing, ...address };
  const { email: _email, ...rest } = address;
  const shipping = { ...cart.customer.shipping, ...rest };
  return { ...cart, customer: { ...cart.customer, billing, shipping } };
}

/** A Bristol address. */
export const BRISTOL = { country: 'GB', postcode: 'BS1 4XX', city: 'Bristol' };

/** priceCart with the context's catalogue, clock, pricing and shopper. */
export function price(cart: Cart, ctx: CartContext): PricedCart {
  return priceCart(cart, ctx.catalog, ctx.now, ctx.pricing, ctx.shopper);
}

/** The CocartError `fn` throws; fails the test if it returns or throws anything else. */
export function refusal(fn: () => unknown): CocartError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CocartError);
    return err as CocartError;
  }
  expect.fail('expected a CocartError, but nothing was thrown');
}
