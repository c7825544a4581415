import type { Settings } from '../../../../settings/schema.ts';
import { t } from '../i18n.ts';

/**
 * The words of the settings screen: for every setting of src/settings/schema.ts a label and a hint,
 * the names of an enum's values, and how a section's fields are grouped. The types make a missing
 * setting a compile error; the controls, limits and allowed values come from the schema itself.
 */

export type SectionName = keyof Settings;
export type FieldName<S extends SectionName = SectionName> = S extends SectionName ? Extract<keyof Settings[S], string> : never;

export interface FieldText {
  label: () => string;
  hint?: () => string;
}

export const SECTION_TEXT: Record<SectionName, { title: () => string; intro: () => string }> = {
  store: { title: () => t('Store'), intro: () => t('The shop’s name, address, language and how prices and measures are written.') },
  general: { title: () => t('General'), intro: () => t('The storefront, access to the API and which web sites may call it from a browser.') },
  products: { title: () => t('Products'), intro: () => t('What the Products API returns when a request does not say.') },
  rate_limit: { title: () => t('Rate limiting'), intro: () => t('How many requests one user or IP address may make before being asked to wait.') },
  tax: { title: () => t('Tax'), intro: () => t('How taxes are calculated and shown, as WooCommerce’s tax options.') },
  locations: { title: () => t('Selling and shipping locations'), intro: () => t('Which countries the store sells to and ships to. Other countries are refused at checkout and get no shipping rates.') },
  shipping: { title: () => t('Shipping'), intro: () => t('Whether carts are shipped, and to which address.') },
  coupons: { title: () => t('Coupons'), intro: () => t('Whether shoppers can use coupon codes, and how several add up.') },
  cart: { title: () => t('Cart'), intro: () => t('What the Cart API returns, how long carts live and what happens when a shopper logs in.') },
  checkout: { title: () => t('Checkout'), intro: () => t('Who may buy, and how long an unpaid order keeps its stock.') },
  payments: { title: () => t('Payments'), intro: () => t('The ways shoppers may pay: bank transfer, cheque, cash on delivery and cards through Stripe.') },
  emails: { title: () => t('Emails'), intro: () => t('Who order e-mails come from, which are sent, and where the store’s own go. They are sent only when the server has SMTP_URL.') },
};

export const FIELD_TEXT: { [S in SectionName]: Record<FieldName<S>, FieldText> } = {
  store: {
    title: { label: () => t('Store name'), hint: () => t('The shop’s name, as the store route gives it to front ends.') },
    description: { label: () => t('Tagline'), hint: () => t('A short description of the shop.') },
    home_url: { label: () => t('Home URL'), hint: () => t('The storefront’s address, used for product links. Empty: this server’s own address.') },
    language: { label: () => t('Store language'), hint: () => t('A language tag such as en-GB or fr: the language of the API’s messages when a request asks for none.') },
    timezone_string: { label: () => t('Time zone'), hint: () => t('Sale dates and times are in this zone.') },
    address: { label: () => t('Address line 1') },
    address_2: { label: () => t('Address line 2') },
    city: { label: () => t('City') },
    country: { label: () => t('Country / Region'), hint: () => t('Where the store is: the base for taxes and the “shop country” default location.') },
    postcode: { label: () => t('Postcode / ZIP') },
    currency: { label: () => t('Currency'), hint: () => t('The currency of every price in the store.') },
    currency_pos: { label: () => t('Currency position') },
    thousand_separator: { label: () => t('Thousand separator') },
    decimal_separator: { label: () => t('Decimal separator') },
    num_decimals: { label: () => t('Number of decimals') },
    weight_unit: { label: () => t('Weight unit') },
    dimension_unit: { label: () => t('Dimensions unit') },
    hide_out_of_stock_items: { label: () => t('Hide out-of-stock products'), hint: () => t('Leave products that are out of stock out of product lists.') },
  },
  general: {
    frontend_url: { label: () => t('Front-end URL'), hint: () => t('Where the storefront lives; visitors are sent there when storefront access is disabled.') },
    disable_wp_access: { label: () => t('Disable storefront access'), hint: () => t('Every page other than the API, /admin and /docs redirects to the front-end URL.') },
    accessible_paths: { label: () => t('Paths that stay reachable'), hint: () => t('One path per line, starting with / (for example /checkout), still served when storefront access is disabled.') },
    access_token: { label: () => t('Access token'), hint: () => t('A version 4 UUID that apps send in the X-CoCart-Access-Token header to use the Sessions API. Empty: none.') },
    require_access_token: { label: () => t('Require the access token'), hint: () => t('Refuse Sessions API requests that do not send the access token.') },
    salt_key: { label: () => t('Salt key'), hint: () => t('A secret phrase that allows price overrides. It is kept as its MD5 hash, which apps send in the X-CoCart-Salt header. Empty: no overrides.') },
    cors_allowed_origins: { label: () => t('Allowed origins (CORS)'), hint: () => t('One origin per line (https://shop.example), or *. Empty: any web site may call the API from a browser.') },
  },
  products: {
    products_response: { label: () => t('Products response'), hint: () => t('Which fields a product comes with.') },
    products_prices: { label: () => t('Product prices') },
    catalog_visibility: { label: () => t('Catalogue visibility'), hint: () => t('Which products are listed.') },
    orderby: { label: () => t('Order products by') },
    order: { label: () => t('Order') },
    include_variations: { label: () => t('List variations'), hint: () => t('List variations beside their parent products.') },
  },
  rate_limit: {
    enabled: { label: () => t('Limit the request rate'), hint: () => t('Answer 429 Too Many Requests to a user or IP address that goes over the limit. Off by default.') },
    limit: { label: () => t('Requests allowed'), hint: () => t('Per user or IP address, in each window.') },
    seconds: { label: () => t('Window (seconds)'), hint: () => t('How long a window lasts.') },
  },
  tax: {
    calc_taxes: { label: () => t('Enable taxes'), hint: () => t('Calculate taxes from the tax rates. Off by default.') },
    prices_include_tax: { label: () => t('Prices are entered with tax'), hint: () => t('Product prices already include tax.') },
    tax_based_on: { label: () => t('Calculate tax based on') },
    shipping_tax_class: { label: () => t('Shipping tax class'), hint: () => t('inherit (the class of the cart’s items), standard, or the slug of a tax class.') },
    tax_round_at_subtotal: { label: () => t('Round tax at subtotal level'), hint: () => t('Rather than line by line.') },
    tax_display_shop: { label: () => t('Display prices in the shop'), hint: () => t('How product prices are shown in the catalogue.') },
    price_display_suffix: {
      label: () => t('Price display suffix'),
      hint: () => t('Text after product prices, such as “inc. VAT”; {price_including_tax} and {price_excluding_tax} are replaced by those prices.'),
    },
    tax_display_cart: { label: () => t('Display prices in the cart') },
    tax_total_display: { label: () => t('Display tax totals') },
    adjust_non_base_location_prices: {
      label: () => t('Customers taxed elsewhere pay their own tax'),
      hint: () => t('With prices entered with tax: a customer outside the store’s country pays the net price plus their own tax, not the shelf price.'),
    },
  },
  locations: {
    allowed_countries: { label: () => t('Selling location(s)'), hint: () => t('Which countries shoppers may order from (their billing address).') },
    all_except_countries: { label: () => t('Sell to all countries, except for…'), hint: () => t('One two-letter country code per line (FR, DE), used with “all countries, except for…”.') },
    specific_allowed_countries: { label: () => t('Sell to specific countries'), hint: () => t('One two-letter country code per line (GB, IE), used with “specific countries”.') },
    ship_to_countries: { label: () => t('Shipping location(s)'), hint: () => t('Where orders may be shipped. Shipping as a whole is turned off in the Shipping section.') },
    specific_ship_to_countries: { label: () => t('Ship to specific countries'), hint: () => t('One two-letter country code per line, used with “specific countries only”.') },
    default_customer_address: { label: () => t('Default customer location'), hint: () => t('Where a shopper who has given no address is assumed to be.') },
  },
  shipping: {
    enable_shipping: { label: () => t('Enable shipping'), hint: () => t('Off removes shipping from every cart.') },
    shipping_cost_requires_address: { label: () => t('Hide shipping costs until an address is entered'), hint: () => t('No rates until the shopper has given a country (and a postcode where zones need one).') },
    ship_to_destination: { label: () => t('Shipping destination') },
  },
  coupons: {
    enable_coupons: { label: () => t('Enable coupons'), hint: () => t('Shoppers can apply coupon codes to their carts.') },
    calc_discounts_sequentially: { label: () => t('Calculate coupon discounts sequentially'), hint: () => t('Apply each further coupon to the price after earlier coupons, rather than to the full price.') },
  },
  cart: {
    cart_response: { label: () => t('Cart response'), hint: () => t('Which parts of the cart a response has when the request does not say.') },
    cart_prices: { label: () => t('Cart prices') },
    compat_money: { label: () => t('Money format'), hint: () => t('How amounts are written in cart responses, for clients of either CoCart release.') },
    cart_expiration_days: { label: () => t('Cart lifetime (days)'), hint: () => t('Days a cart lives after its last use.') },
    merge_strategy: { label: () => t('When a shopper logs in with a guest cart'), hint: () => t('What happens when they already have a cart of their own.') },
  },
  checkout: {
    enable_guest_checkout: { label: () => t('Allow guest checkout'), hint: () => t('Shoppers may buy without an account.') },
    enable_registration: { label: () => t('Allow shoppers to make an account'), hint: () => t('When signing up, or when placing an order.') },
    hold_stock_minutes: { label: () => t('Hold stock (minutes)'), hint: () => t('How long an unpaid order keeps its stock before it is cancelled; 0 keeps it until someone cancels it.') },
  },
  payments: {
    bacs_enabled: { label: () => t('Offer direct bank transfer'), hint: () => t('Orders wait on hold until the money is in the bank and someone marks them paid.') },
    bacs_title: { label: () => t('Title'), hint: () => t('What shoppers see when choosing how to pay.') },
    bacs_description: { label: () => t('Description'), hint: () => t('Shown to shoppers beside the title.') },
    bacs_instructions: { label: () => t('Instructions'), hint: () => t('Shown once the order is placed, with the bank account below.') },
    bacs_account_name: { label: () => t('Account name') },
    bacs_account_number: { label: () => t('Account number') },
    bacs_sort_code: { label: () => t('Sort code') },
    bacs_bank_name: { label: () => t('Bank name') },
    bacs_iban: { label: () => t('IBAN') },
    bacs_bic: { label: () => t('BIC / SWIFT') },
    cheque_enabled: { label: () => t('Offer cheque payments'), hint: () => t('Orders wait on hold until the cheque has cleared and someone marks them paid.') },
    cheque_title: { label: () => t('Title'), hint: () => t('What shoppers see when choosing how to pay.') },
    cheque_description: { label: () => t('Description'), hint: () => t('Shown to shoppers beside the title.') },
    cheque_instructions: { label: () => t('Instructions'), hint: () => t('Shown once the order is placed.') },
    cod_enabled: { label: () => t('Offer cash on delivery'), hint: () => t('Orders go straight to processing; those with a download wait on hold.') },
    cod_title: { label: () => t('Title'), hint: () => t('What shoppers see when choosing how to pay.') },
    cod_description: { label: () => t('Description'), hint: () => t('Shown to shoppers beside the title.') },
    cod_instructions: { label: () => t('Instructions'), hint: () => t('Shown once the order is placed.') },
    cod_enable_for_methods: {
      label: () => t('Only for these shipping methods'),
      hint: () => t('One per line: a method (flat_rate) or one of its rates (flat_rate:3). Empty: every shipping method.'),
    },
    cod_enable_for_virtual: { label: () => t('Also for orders with nothing to ship'), hint: () => t('Offer cash on delivery when every product is virtual.') },
    stripe_enabled: { label: () => t('Offer card payments through Stripe'), hint: () => t('Needs the secret key, here or in STRIPE_SECRET_KEY.') },
    stripe_title: { label: () => t('Title'), hint: () => t('What shoppers see when choosing how to pay.') },
    stripe_description: { label: () => t('Description'), hint: () => t('Shown to shoppers beside the title.') },
    stripe_secret_key: { label: () => t('Secret key'), hint: () => t('sk_live_… or a restricted key rk_live_… from the Stripe dashboard. STRIPE_SECRET_KEY, when set, is used instead.') },
    stripe_publishable_key: { label: () => t('Publishable key'), hint: () => t('pk_live_…: the storefront uses it to collect card details.') },
    stripe_webhook_secret: {
      label: () => t('Webhook signing secret'),
      hint: () => t('whsec_… of the endpoint /wp-json/cartwright/v1/payments/stripe/webhook. STRIPE_WEBHOOK_SECRET, when set, is used instead.'),
    },
  },
  emails: {
    from_name: { label: () => t('“From” name'), hint: () => t('The sender’s name in order e-mails. Empty: the store’s name.') },
    from_address: { label: () => t('“From” address'), hint: () => t('The sender’s address in order e-mails. Empty: the first administrator’s e-mail address.') },
    new_order_enabled: { label: () => t('Send “New order”'), hint: () => t('To the store, when an order is paid for or placed on hold.') },
    new_order_recipient: { label: () => t('Recipients'), hint: () => t('Comma-separated e-mail addresses. Empty: the “From” address.') },
    cancelled_order_enabled: { label: () => t('Send “Cancelled order”'), hint: () => t('To the store, when a pending, processing or on-hold order is cancelled.') },
    cancelled_order_recipient: { label: () => t('Recipients'), hint: () => t('Comma-separated e-mail addresses. Empty: the “From” address.') },
    failed_order_enabled: { label: () => t('Send “Failed order”'), hint: () => t('To the store, when the payment for a pending or on-hold order fails.') },
    failed_order_recipient: { label: () => t('Recipients'), hint: () => t('Comma-separated e-mail addresses. Empty: the “From” address.') },
    customer_on_hold_order_enabled: { label: () => t('Send “Order on hold”'), hint: () => t('To the shopper, when their order waits for payment (bank transfer, cheque).') },
    customer_processing_order_enabled: { label: () => t('Send “Processing order”'), hint: () => t('To the shopper, when their order is paid for: the order received e-mail.') },
    customer_completed_order_enabled: { label: () => t('Send “Completed order”'), hint: () => t('To the shopper, when their order is marked completed.') },
    customer_cancelled_order_enabled: { label: () => t('Send “Cancelled order” to shoppers'), hint: () => t('To the shopper, when their processing or on-hold order is cancelled.') },
    customer_refunded_order_enabled: { label: () => t('Send “Refunded order”'), hint: () => t('To the shopper, when their order is refunded in full or in part.') },
  },
};

/** Names for the values of the enum settings; a value without one is shown as it is. */
export const OPTION_TEXT: Partial<Record<FieldName, Record<string, () => string>>> = {
  currency_pos: { left: () => t('Left (£99.99)'), right: () => t('Right (99.99£)'), left_space: () => t('Left with space (£ 99.99)'), right_space: () => t('Right with space (99.99 £)') },
  weight_unit: { kg: () => t('Kilograms (kg)'), g: () => t('Grams (g)'), lbs: () => t('Pounds (lbs)'), oz: () => t('Ounces (oz)') },
  dimension_unit: { m: () => t('Metres (m)'), cm: () => t('Centimetres (cm)'), mm: () => t('Millimetres (mm)'), in: () => t('Inches (in)'), yd: () => t('Yards (yd)') },
  products_response: { default: () => t('Default: every field'), quick_browse: () => t('Quick browse: what a product list needs'), quick_view: () => t('Quick view: what a product preview needs') },
  products_prices: { raw: () => t('Amounts in minor units'), formatted: () => t('Formatted with the currency') },
  catalog_visibility: {
    auto: () => t('Automatic: shop products, or search results when searching'),
    any: () => t('Every product'),
    visible: () => t('Shop and search results'),
    catalog: () => t('Shop only'),
    search: () => t('Search results only'),
    hidden: () => t('Hidden products only'),
  },
  orderby: {
    date: () => t('Date'),
    id: () => t('ID'),
    menu_order: () => t('Menu order'),
    include: () => t('Order of the include parameter'),
    title: () => t('Title'),
    slug: () => t('Slug'),
    name: () => t('Name'),
    popularity: () => t('Popularity'),
    alphabetical: () => t('Alphabetical'),
    reverse_alpha: () => t('Reverse alphabetical'),
    by_stock: () => t('Stock'),
    review_count: () => t('Number of reviews'),
    on_sale_first: () => t('On sale first'),
    featured_first: () => t('Featured first'),
    price_asc: () => t('Price, low to high'),
    price_desc: () => t('Price, high to low'),
    sales: () => t('Sales'),
    rating: () => t('Average rating'),
  },
  order: { DESC: () => t('Descending'), ASC: () => t('Ascending') },
  tax_based_on: { shipping: () => t('Customer shipping address'), billing: () => t('Customer billing address'), base: () => t('Shop base address') },
  tax_display_cart: { excl: () => t('Excluding tax'), incl: () => t('Including tax') },
  tax_display_shop: { excl: () => t('Excluding tax'), incl: () => t('Including tax') },
  allowed_countries: { all: () => t('Sell to all countries'), all_except: () => t('Sell to all countries, except for…'), specific: () => t('Sell to specific countries') },
  ship_to_countries: { '': () => t('Ship to all countries you sell to'), all: () => t('Ship to all countries'), specific: () => t('Ship to specific countries only') },
  default_customer_address: { '': () => t('No location by default'), base: () => t('Shop country/region'), geolocation: () => t('Geolocate'), geolocation_ajax: () => t('Geolocate (with page caching support)') },
  tax_total_display: { itemized: () => t('Itemised'), single: () => t('As a single total') },
  ship_to_destination: {
    shipping: () => t('Default to the customer shipping address'),
    billing: () => t('Default to the customer billing address'),
    billing_only: () => t('Force shipping to the customer billing address'),
  },
  cart_response: {
    default: () => t('Default: the whole cart'),
    mini: () => t('Mini: items and totals'),
    digital: () => t('Digital: no shipping'),
    digital_fees: () => t('Digital with fees'),
    shipping: () => t('With shipping'),
    shipping_fees: () => t('With shipping and fees'),
  },
  cart_prices: { raw: () => t('Amounts in minor units'), formatted: () => t('Formatted with the currency') },
  compat_money: { beta1: () => t('Numbers in minor units (CoCart v4 Beta 1)'), '4x': () => t('Strings in minor units (CoCart 4.x)') },
  merge_strategy: {
    merge: () => t('Merge the two carts (the guest’s line wins on the same item)'),
    'guest-replaces': () => t('The guest cart replaces the customer’s'),
    'keep-customer': () => t('Keep the customer’s cart'),
  },
};

/** Fields shown together under a legend; a section's other fields follow, ungrouped. */
export const GROUPS: Partial<{ [S in SectionName]: { legend: () => string; fields: FieldName<S>[] }[] }> = {
  store: [
    { legend: () => t('About the store'), fields: ['title', 'description', 'home_url', 'language', 'timezone_string'] },
    { legend: () => t('Address'), fields: ['address', 'address_2', 'city', 'postcode', 'country'] },
    { legend: () => t('Currency and numbers'), fields: ['currency', 'currency_pos', 'thousand_separator', 'decimal_separator', 'num_decimals'] },
    { legend: () => t('Units and product lists'), fields: ['weight_unit', 'dimension_unit', 'hide_out_of_stock_items'] },
  ],
  general: [
    { legend: () => t('Storefront'), fields: ['frontend_url', 'disable_wp_access', 'accessible_paths'] },
    { legend: () => t('Access'), fields: ['access_token', 'require_access_token', 'salt_key'] },
    { legend: () => t('Cross-origin requests'), fields: ['cors_allowed_origins'] },
  ],
  payments: [
    { legend: () => t('Direct bank transfer'), fields: ['bacs_enabled', 'bacs_title', 'bacs_description', 'bacs_instructions'] },
    { legend: () => t('Bank account'), fields: ['bacs_account_name', 'bacs_account_number', 'bacs_sort_code', 'bacs_bank_name', 'bacs_iban', 'bacs_bic'] },
    { legend: () => t('Cheque payments'), fields: ['cheque_enabled', 'cheque_title', 'cheque_description', 'cheque_instructions'] },
    { legend: () => t('Cash on delivery'), fields: ['cod_enabled', 'cod_title', 'cod_description', 'cod_instructions', 'cod_enable_for_methods', 'cod_enable_for_virtual'] },
    { legend: () => t('Stripe'), fields: ['stripe_enabled', 'stripe_title', 'stripe_description', 'stripe_secret_key', 'stripe_publishable_key', 'stripe_webhook_secret'] },
  ],
  emails: [
    { legend: () => t('Email sender options'), fields: ['from_name', 'from_address'] },
    { legend: () => t('To the store'), fields: ['new_order_enabled', 'new_order_recipient', 'cancelled_order_enabled', 'cancelled_order_recipient', 'failed_order_enabled', 'failed_order_recipient'] },
    {
      legend: () => t('To shoppers'),
      fields: ['customer_on_hold_order_enabled', 'customer_processing_order_enabled', 'customer_completed_order_enabled', 'customer_cancelled_order_enabled', 'customer_refunded_order_enabled'],
    },
  ],
};

/** Fields whose text input is a web address. */
export const URL_FIELDS = new Set<string>(['home_url', 'frontend_url']);
/** Fields kept as a secret or a code: no spelling help. */
export const CODE_FIELDS = new Set<string>(['all_except_countries', 'specific_allowed_countries', 'specific_ship_to_countries', 'access_token', 'salt_key', 'language', 'country', 'currency', 'shipping_tax_class', 'timezone_string', 'accessible_paths', 'cors_allowed_origins', 'home_url', 'frontend_url', 'bacs_account_number', 'bacs_sort_code', 'bacs_iban', 'bacs_bic', 'cod_enable_for_methods', 'stripe_secret_key', 'stripe_publishable_key', 'stripe_webhook_secret', 'from_address', 'new_order_recipient', 'cancelled_order_recipient', 'failed_order_recipient']);
