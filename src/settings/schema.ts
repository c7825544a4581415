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

/** A list of ISO country codes (GB, FR). */
const Countries = () => Type.Array(Type.String({ pattern: '^[A-Z]{2}$', examples: ['GB', 'FR'] }), { default: [], maxItems: 300 });

/** An e-mail address, or nothing; a comma-separated list of them. No spaces or line breaks inside an address. */
const ADDRESS = '[^\\s@,<>]+@[^\\s@,<>]+\\.[^\\s@,<>]+';
const EMAIL = `^(${ADDRESS})?$`;
const EMAIL_LIST = `^(${ADDRESS}(\\s*,\\s*${ADDRESS})*)?$`;

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
    /** How product prices are shown in the catalogue (WooCommerce's `woocommerce_tax_display_shop`). */
    tax_display_shop: Enum(['excl', 'incl'] as const, 'excl'),
    /** Text after product prices ("inc. VAT"); may hold {price_including_tax} or {price_excluding_tax}. */
    price_display_suffix: Str('', { maxLength: 200, pattern: '^[^\\r\\n]*$' }),
    tax_display_cart: Enum(['excl', 'incl'] as const, 'excl'),
    tax_total_display: Enum(['itemized', 'single'] as const, 'itemized'),

    /**
     * WooCommerce's woocommerce_adjust_non_base_location_prices filter, as a setting: with prices
     * entered incl. tax, a customer taxed outside the store's address pays the net price plus their
     * own tax (on, WooCommerce's default), or the shelf price whatever their tax (off).
     */
    adjust_non_base_location_prices: Bool(true),
  }),
  /**
   * Where the store sells and ships (WooCommerce → Settings → General, "Selling location(s)" and
   * "Shipping location(s)"). Shipping turned off altogether is `shipping.enable_shipping`.
   */
  locations: Type.Object({
    /** Sell to every country, to every country but `all_except_countries`, or only to `specific_allowed_countries`. */
    allowed_countries: Enum(['all', 'all_except', 'specific'] as const, 'all'),
    all_except_countries: Countries(),
    specific_allowed_countries: Countries(),
    /** '' ships to the countries the store sells to; `all` to every country; `specific` to `specific_ship_to_countries`. */
    ship_to_countries: Enum(['', 'all', 'specific'] as const, ''),
    specific_ship_to_countries: Countries(),
    /** Where a new shopper is assumed to be: nowhere, the shop's country, or (WooCommerce's geolocation) where they are. */
    default_customer_address: Enum(['', 'base', 'geolocation', 'geolocation_ajax'] as const, 'base'),
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
  /**
   * The payment gateways (WooCommerce's bank transfer, cheque and cash on delivery, and Stripe), one
   * flat list so the dashboard's form can show it. A new store offers bank transfer and cash on delivery.
   */
  payments: Type.Object({
    bacs_enabled: Bool(true),
    bacs_title: Str('Direct bank transfer', { maxLength: 200 }),
    bacs_description: Str(
      'Make your payment directly into our bank account. Please use your Order ID as the payment reference. Your order will not be shipped until the funds have cleared in our account.',
      { maxLength: 2000 },
    ),
    /** Shown once the order is placed (the order-received page), with the account below. */
    bacs_instructions: Str('', { maxLength: 2000 }),
    bacs_account_name: Str('', { maxLength: 200 }),
    bacs_account_number: Str('', { maxLength: 100 }),
    bacs_sort_code: Str('', { maxLength: 100 }),
    bacs_bank_name: Str('', { maxLength: 200 }),
    bacs_iban: Str('', { maxLength: 100 }),
    bacs_bic: Str('', { maxLength: 100 }),
    cheque_enabled: Bool(false),
    cheque_title: Str('Check payments', { maxLength: 200 }),
    cheque_description: Str('Please send a check to Store Name, Store Street, Store Town, Store State / County, Store Postcode.', { maxLength: 2000 }),
    cheque_instructions: Str('', { maxLength: 2000 }),
    cod_enabled: Bool(true),
    cod_title: Str('Cash on delivery', { maxLength: 200 }),
    cod_description: Str('Pay with cash upon delivery.', { maxLength: 2000 }),
    cod_instructions: Str('Pay with cash upon delivery.', { maxLength: 2000 }),
    /** Shipping methods (`flat_rate`) or rates (`flat_rate:3`) cash on delivery is offered with; empty: all. */
    cod_enable_for_methods: Type.Array(Type.String({ pattern: '^[A-Za-z0-9_-]{1,100}(:[0-9]{1,10})?$', examples: ['flat_rate', 'flat_rate:3'] }), {
      default: [],
      maxItems: 100,
    }),
    /** Offer cash on delivery for carts with nothing to ship. */
    cod_enable_for_virtual: Bool(true),
    stripe_enabled: Bool(false),
    stripe_title: Str('Credit card (Stripe)', { maxLength: 200 }),
    stripe_description: Str('Pay with your credit card.', { maxLength: 2000 }),
    /** STRIPE_SECRET_KEY wins over this when set. */
    stripe_secret_key: Str('', { pattern: '^((sk|rk)_[A-Za-z0-9_]{1,250})?$', examples: ['sk_live_…', 'rk_test_…'] }),
    stripe_publishable_key: Str('', { pattern: '^(pk_[A-Za-z0-9_]{1,250})?$', examples: ['pk_live_…'] }),
    /** STRIPE_WEBHOOK_SECRET wins over this when set. */
    stripe_webhook_secret: Str('', { pattern: '^(whsec_[A-Za-z0-9+/=_]{1,250})?$', examples: ['whsec_…'] }),
  }),
  /**
   * WooCommerce's e-mail settings (WooCommerce → Settings → Emails): the sender, and for each order
   * e-mail whether it is sent and, for the store's own, to whom. They are sent only when SMTP_URL is set.
   */
  emails: Type.Object({
    /** `woocommerce_email_from_name`; empty: the store's name. */
    from_name: Str('', { maxLength: 200, pattern: '^[^\\r\\n]*$' }),
    /** `woocommerce_email_from_address`; empty: the first administrator's e-mail address (WordPress's admin e-mail). */
    from_address: Str('', { maxLength: 254, pattern: EMAIL, examples: ['shop@example.com'] }),
    new_order_enabled: Bool(true),
    /** Comma-separated; empty: the from address. */
    new_order_recipient: Str('', { maxLength: 1000, pattern: EMAIL_LIST, examples: ['orders@example.com, owner@example.com'] }),
    cancelled_order_enabled: Bool(true),
    cancelled_order_recipient: Str('', { maxLength: 1000, pattern: EMAIL_LIST, examples: ['orders@example.com, owner@example.com'] }),
    failed_order_enabled: Bool(true),
    failed_order_recipient: Str('', { maxLength: 1000, pattern: EMAIL_LIST, examples: ['orders@example.com, owner@example.com'] }),
    customer_on_hold_order_enabled: Bool(true),
    customer_processing_order_enabled: Bool(true),
    customer_completed_order_enabled: Bool(true),
    customer_cancelled_order_enabled: Bool(true),
    customer_refunded_order_enabled: Bool(true),
  }),
});

export type Settings = Static<typeof SettingsSchema>;
