/**
 * The store's commerce rules as the pure pricing code sees them: tax rates, shipping zones and methods,
 * coupons and fee rules. Money is integer minor units; percentages are plain numbers (20 = 20 %);
 * times are unix seconds. Loaded from the database by `src/rules/`, never read from it here.
 */

/** Where tax and shipping are worked out for. Country is ISO 3166-1 alpha-2, state the WooCommerce state code. */
export interface Location {
  country: string;
  state: string;
  postcode: string;
  city: string;
}

export interface TaxRate {
  id: number;
  /** '' matches any country. */
  country: string;
  /** '' matches any state. */
  state: string;
  /** Empty matches any postcode; entries may use `*` wildcards (`BS1*`) and numeric ranges (`90210...90299`). */
  postcodes: string[];
  /** Empty matches any city; compared case-insensitively. */
  cities: string[];
  /** Percent, up to 4 decimals (17.5 = 17.5 %). */
  rate: number;
  name: string;
  /** One rate per priority applies: the first matching rate of each priority. */
  priority: number;
  /** Compound rates apply on top of the price plus the earlier (non-compound) taxes. */
  compound: boolean;
  /** Whether the rate also applies to shipping. */
  shipping: boolean;
  order: number;
  /** '' is the standard class, else a tax class slug (`reduced-rate`, `zero-rate`, custom). */
  taxClass: string;
}

export interface TaxClass {
  slug: string;
  name: string;
}

export interface TaxSettings {
  /** WooCommerce's "Enable tax rates and calculations". */
  enabled: boolean;
  /** Catalogue prices are entered including tax. */
  pricesIncludeTax: boolean;
  /** Which address taxes are worked out for. */
  basedOn: 'shipping' | 'billing' | 'base';
  /** Tax class for shipping: 'inherit' takes the class of the cart's items. */
  shippingTaxClass: string;
  /** Round tax once per rate at the cart subtotal rather than per line (items, shipping and fees alike). */
  roundAtSubtotal: boolean;
  /**
   * WooCommerce's woocommerce_adjust_non_base_location_prices (default true): a price entered with the
   * shop's tax is charged to a customer taxed elsewhere as its net plus their own tax. Off, everyone
   * pays the shelf price and only the tax inside it differs.
   */
  adjustNonBaseLocationPrices: boolean;
  /** How prices are shown in the cart. */
  displayCart: 'incl' | 'excl';
  /** `itemized`: one tax total per rate code; `single`: one tax total. */
  totalDisplay: 'single' | 'itemized';
}

/** A shipping zone location: a country, a state (`GB:ENG` style code), a postcode pattern, or a continent. */
export interface ZoneLocation {
  type: 'country' | 'state' | 'postcode' | 'continent';
  code: string;
}

export type ShippingMethodId = 'flat_rate' | 'free_shipping' | 'local_pickup';

export interface FlatRateSettings {
  title: string;
  taxable: boolean;
  /** Cost expression: a number or a formula with `[qty]`, `[cost]` and `[fee percent="10" min_fee="2" max_fee="20"]`. */
  cost: string;
  /** Shipping class slug → cost expression; '' key is "no shipping class". */
  classCosts: Record<string, string>;
  /** `class`: each shipping class charged separately; `order`: only the most expensive class. */
  calculationType: 'class' | 'order';
}

export interface FreeShippingSettings {
  title: string;
  /** '' none, `coupon` a free-shipping coupon, `min_amount`, `either`, `both`. */
  requires: '' | 'coupon' | 'min_amount' | 'either' | 'both';
  minAmount: number;
  /** Whether the minimum is checked against the subtotal before coupon discounts. */
  ignoreDiscounts: boolean;
}

export interface LocalPickupSettings {
  title: string;
  taxable: boolean;
  cost: string;
}

export type ShippingMethod =
  | { instanceId: number; methodId: 'flat_rate'; order: number; enabled: boolean; settings: FlatRateSettings }
  | { instanceId: number; methodId: 'free_shipping'; order: number; enabled: boolean; settings: FreeShippingSettings }
  | { instanceId: number; methodId: 'local_pickup'; order: number; enabled: boolean; settings: LocalPickupSettings };

export interface ShippingZone {
  /** 0 is "Locations not covered by your other zones". */
  id: number;
  name: string;
  order: number;
  locations: ZoneLocation[];
  methods: ShippingMethod[];
}

export type DiscountType = 'percent' | 'fixed_cart' | 'fixed_product';

export interface Coupon {
  id: number;
  /** Lower case; codes are case-insensitive. */
  code: string;
  status: 'publish' | 'draft' | 'pending' | 'private' | 'trash';
  discountType: DiscountType;
  /** Percent for `percent`, minor units for the fixed types. */
  amount: number;
  description: string;
  /** End of validity (unix seconds), null for never. */
  expiresAt: number | null;
  usageCount: number;
  individualUse: boolean;
  productIds: number[];
  excludedProductIds: number[];
  /** null = unlimited. */
  usageLimit: number | null;
  usageLimitPerUser: number | null;
  /** Percent and fixed-product coupons apply to at most this many items; null = all. */
  limitUsageToXItems: number | null;
  freeShipping: boolean;
  productCategories: number[];
  excludedProductCategories: number[];
  excludeSaleItems: boolean;
  /** Minor units; null = no minimum / maximum. */
  minimumAmount: number | null;
  maximumAmount: number | null;
  /** Lower-case emails or patterns with `*`. */
  emailRestrictions: string[];
  /** Who used it: user ids as strings, or emails of guests. */
  usedBy: string[];
  createdAt: number;
  modifiedAt: number;
}

/** A store-defined fee, added to carts whose conditions it meets. */
export interface FeeRule {
  id: number;
  name: string;
  enabled: boolean;
  type: 'fixed' | 'percent';
  /** Minor units for `fixed`; percent of the items total after discounts for `percent`. */
  amount: number;
  taxable: boolean;
  taxClass: string;
  /** Conditions; all that are set must hold. */
  minimumAmount: number | null;
  maximumAmount: number | null;
  /** Billing country codes the fee applies to; empty = every country. */
  countries: string[];
  /** Payment method ids the fee applies to; empty = every method (or none chosen). */
  paymentMethods: string[];
  /** Only when the cart needs shipping. */
  requiresShipping: boolean;
}

/** Everything the store has configured for pricing, as one immutable value. */
export interface StoreRules {
  taxRates: TaxRate[];
  taxClasses: TaxClass[];
  /** In match order, rest-of-world (id 0) last. */
  shippingZones: ShippingZone[];
  /** By lower-case code. */
  coupons: Map<string, Coupon>;
  fees: FeeRule[];
}
