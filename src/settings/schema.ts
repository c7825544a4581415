import { Array as TArray, Boolean as TBoolean, Integer, Literal, Object as TObject, String as TString, Union, type Static } from '@sinclair/typebox';

// The builders one by one rather than TypeBox's `Type` namespace: the dashboard builds its settings
// form from this schema, and so bundles only these (6 KB rather than 49 KB).
const Type = { Array: TArray, Boolean: TBoolean, Integer, Literal, Object: TObject, String: TString, Union };

/**
 * Every store setting, by section, with its default. The settings API (admin) validates against this,
 * and the dashboard builds its settings form from it. A pattern's `examples` show, in a validation
 * message, what a value in the expected form looks like.
 */

const Str = (def: string, opts: object = {}) => Type.String({ default: def, ...opts });
const Bool = (def: boolean) => Type.Boolean({ default: def });
const Enum = <T extends string>(values: readonly T[], def: T) =>
  Type.Union(values.map((v) => Type.Literal(v)), { default: def });

export const SettingsSchema = Type.Object({
  store: Type.Object({
    title: Str('Cartwright Demo Store', { maxLength: 200 }),
    description: Str('A headless shop served by Cartwright', { maxLength: 500 }),
    /** Storefront base URL used for permalinks; empty means the API's own origin. */
    home_url: Str('', { maxLength: 500 }),
    language: Str('en-GB', { pattern: '^[a-z]{2,3}([-_][A-Za-z]{2,4})?$', examples: ['en-GB', 'fr'] }),
    timezone_string: Str('Europe/London', { maxLength: 64 }),
    address: Str('1 Quay Street', { maxLength: 200 }),
    address_2: Str('', { maxLength: 200 }),
    city: Str('Bristol', { maxLength: 100 }),
    /** ISO country code, optionally `CC:STATE`. */
    country: Str('GB', { pattern: '^[A-Z]{2}(:[A-Z0-9-]{1,10})?$', examples: ['GB', 'US:CA'] }),
    postcode: Str('BS1 4XX', { maxLength: 20 }),
    currency: Str('GBP', { pattern: '^[A-Z]{3}$', examples: ['GBP', 'EUR'] }),
    currency_pos: Enum(['left', 'right', 'left_space', 'right_space'] as const, 'left'),
    thousand_separator: Str(',', { maxLength: 3 }),
    decimal_separator: Str('.', { maxLength: 3 }),
    num_decimals: Type.Integer({ default: 2, minimum: 0, maximum: 4 }),
    weight_unit: Enum(['kg', 'g', 'lbs', 'oz'] as const, 'kg'),
    dimension_unit: Enum(['m', 'cm', 'mm', 'in', 'yd'] as const, 'cm'),
    hide_out_of_stock_items: Bool(false),
  }),
  general: Type.Object({
    frontend_url: Str('', { maxLength: 500 }),
    disable_wp_access: Bool(false),
    access_token: Str('', { maxLength: 64 }),
    require_access_token: Bool(false),
    salt_key: Str('', { maxLength: 64 }),
    /** Paths that stay reachable when storefront access is disabled (prefixes, e.g. "/checkout"). */
    accessible_paths: Type.Array(Type.String({ pattern: '^/', maxLength: 300, examples: ['/checkout'] }), { default: [], maxItems: 100 }),
    /** Origins allowed to call the API from a browser; empty allows any origin (WordPress's default). */
    cors_allowed_origins: Type.Array(Type.String({ maxLength: 300 }), { default: [], maxItems: 100 }),
  }),
  products: Type.Object({
    products_response: Enum(['default', 'quick_browse', 'quick_view'] as const, 'default'),
    products_prices: Enum(['raw', 'formatted'] as const, 'raw'),
    /** `auto`: shop-listed products, or search-listed ones when searching. */
    catalog_visibility: Enum(['auto', 'any', 'visible', 'catalog', 'search', 'hidden'] as const, 'auto'),
    /** The products route's default order (the `orderby` values CoCart's settings offer). */
    orderby: Enum(['date', 'id', 'menu_order', 'include', 'title', 'slug', 'name', 'popularity', 'alphabetical', 'reverse_alpha', 'by_stock', 'review_count', 'on_sale_first', 'featured_first', 'price_asc', 'price_desc', 'sales', 'rating'] as const, 'date'),
    order: Enum(['DESC', 'ASC'] as const, 'DESC'),
    include_variations: Bool(false),
  }),
  rate_limit: Type.Object({
    /** Off by default, as in CoCart. */
    enabled: Bool(false),
    /** Requests allowed per window for one user or IP address. */
    limit: Type.Integer({ default: 25, minimum: 1, maximum: 100000 }),
    /** Window length in seconds. */
    seconds: Type.Integer({ default: 10, minimum: 1, maximum: 86400 }),
  }),
  /** WooCommerce's tax options (WooCommerce → Settings → Tax). */
  tax: Type.Object({
    /** "Enable tax rates and calculations"; off by default, as in WooCommerce. */
    calc_taxes: Bool(false),
    prices_include_tax: Bool(false),
    tax_based_on: Enum(['shipping', 'billing', 'base'] as const, 'shipping'),
    /** `inherit` (the class of the cart's items), `standard` or a tax class slug. */
    shipping_tax_class: Str('inherit', { pattern: '^[a-z0-9-]{1,100}$', examples: ['inherit', 'reduced-rate'] }),
    tax_round_at_subtotal: Bool(false),
    tax_display_cart: Enum(['excl', 'incl'] as const, 'excl'),
    tax_total_display: Enum(['itemized', 'single'] as const, 'itemized'),
  }),
  /** WooCommerce's shipping options. */
  shipping: Type.Object({
    /** Off removes shipping from every cart (WooCommerce's "ship to countries: disabled"). */
    enable_shipping: Bool(true),
    /** Hide shipping costs until the shopper has given a country (and postcode where zones need one). */
    shipping_cost_requires_address: Bool(false),
    /** Which address shipping goes to: the shipping address, the billing address by default, or only billing. */
    ship_to_destination: Enum(['shipping', 'billing', 'billing_only'] as const, 'shipping'),
  }),
  coupons: Type.Object({
    enable_coupons: Bool(true),
    /** Apply each further coupon to the price after earlier coupons, rather than to the full price. */
    calc_discounts_sequentially: Bool(false),
  }),
  cart: Type.Object({
    cart_response: Enum(['default', 'mini', 'digital', 'digital_fees', 'shipping', 'shipping_fees'] as const, 'default'),
    cart_prices: Enum(['raw', 'formatted'] as const, 'raw'),
    /** `beta1`: JSON numbers in minor units; `4x`: released-4.x minor-unit strings. */
    compat_money: Enum(['beta1', '4x'] as const, 'beta1'),
    /** Days a cart lives after its last use. */
    cart_expiration_days: Type.Integer({ default: 7, minimum: 1, maximum: 365 }),
    /** What a guest cart becomes when its shopper logs in and has a cart already. */
    merge_strategy: Enum(['merge', 'guest-replaces', 'keep-customer'] as const, 'merge'),
  }),
  checkout: Type.Object({
    /** Shoppers may buy without an account. */
    enable_guest_checkout: Bool(true),
    /** Shoppers may make an account (`POST /register`, or `create_account` at checkout). */
    enable_registration: Bool(true),
    /** Minutes an unpaid order keeps its stock before it is cancelled; 0 keeps it until someone cancels it. */
    hold_stock_minutes: Type.Integer({ default: 60, minimum: 0, maximum: 43200 }),
  }),
});

export type Settings = Static<typeof SettingsSchema>;
