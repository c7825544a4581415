import { Type, type TSchema } from '@sinclair/typebox';
import { SettingsSchema } from '../../settings/schema.ts';

/**
 * The named response schemas of the OpenAPI document (`components.schemas`), as the serializers in
 * src/api/serializers and the route files really build the bodies. They describe and never constrain:
 * the routes send their bodies with JSON.stringify, never through these schemas. A field that `fields`,
 * a preset or a filter can leave out is optional. Objects leave `additionalProperties` unsaid, which in
 * JSON Schema allows the properties plugins add through filters, while types generated from the
 * document stay closed (a misspelt field does not compile); it is spelt out only where extra
 * properties are part of the shape (an error's data, the login extras, address fields). Two habits of the wire show throughout: a map that can be empty is `[]`
 * when it is (PHP's json_encode), and money is a number or a string depending on the money format asked
 * for and the store's compatibility setting.
 */

/** A reference to one of the named schemas below, by its `$id`. */
export const ref = (id: string, options: { description?: string } = {}) => Type.Unsafe<unknown>({ $ref: `${id}#`, ...options });

/** `[]`: how an empty map is written. */
const EmptyArray = Type.Array(Type.Unknown(), { maxItems: 0, description: 'Empty (an empty map is written as [])' });

/** A map from string keys to `value`, or `[]` when empty. */
const MapOrEmpty = (value: TSchema, description?: string) =>
  Type.Union([Type.Object({}, { additionalProperties: value }), EmptyArray], description ? { description } : {});

const Str = Type.String();
const Int = Type.Integer();
const Bool = Type.Boolean();
const NullableStr = Type.Union([Type.String(), Type.Null()]);
const Links = Type.Object({}, { additionalProperties: Type.Array(Type.Object({ href: Str, permalink: Type.Optional(Str) })), description: 'Links, WordPress style' });

export const Money = Type.Union([Type.Number(), Type.String()], {
  $id: 'Money',
  description:
    'An amount. By default a number of minor units (998 is £9.98); in the 4.x compatibility mode a string of minor units (an item\'s subtotal_tax, total and tax then major units); with prices=formatted or config[prices]=preformatted a display string ("£9.98"); "" where there is no amount.',
});

export const ErrorSchema = Type.Object(
  {
    code: Type.String({ description: 'Machine-readable error code, e.g. cocart_product_invalid_id or rest_invalid_param' }),
    message: Type.String({ description: "Human-readable message, in the request's language" }),
    data: Type.Object({ status: Type.Integer({ description: 'The HTTP status' }) }, { additionalProperties: true, description: 'The status, and details such as params (the reason for each refused parameter)' }),
    additional_errors: Type.Optional(Type.Array(Type.Object({ code: Str, message: Str, data: Type.Unknown() }))),
  },
  { $id: 'Error', description: "CoCart's error envelope" },
);

export const Currency = Type.Object(
  {
    currency_code: Str,
    currency_symbol: Str,
    currency_symbol_pos: Type.String({ description: 'currency_prefix or currency_suffix' }),
    currency_minor_unit: Type.Integer({ description: 'Decimals of the currency' }),
    currency_decimal_separator: Str,
    currency_thousand_separator: Str,
    currency_prefix: Str,
    currency_suffix: Str,
  },
  { $id: 'Currency' },
);

const address = (prefix: string, fields: string[], optional: string[] = []) =>
  Type.Object(
    Object.fromEntries(fields.map((f) => [`${prefix}${f}`, optional.includes(f) ? Type.Optional(Str) : Str])),
    { additionalProperties: Type.String(), description: `Also any other ${prefix}… field given by update-customer` },
  );
const ADDRESS_FIELDS = ['first_name', 'last_name', 'company', 'country', 'address_1', 'address_2', 'city', 'state', 'postcode', 'phone'];

export const Customer = Type.Object(
  {
    billing_address: Type.Optional(address('billing_', [...ADDRESS_FIELDS, 'email'])),
    shipping_address: Type.Optional(address('shipping_', ADDRESS_FIELDS, ['phone'])),
  },
  { $id: 'CartCustomer' },
);

const ItemTotals = Type.Object({ subtotal: ref('Money'), subtotal_tax: ref('Money'), total: ref('Money'), tax: ref('Money') });
const ItemMeta = Type.Object({
  product_type: Str,
  sku: Str,
  dimensions: Type.Object({ length: Str, width: Str, height: Str, unit: Str }),
  weight: Type.Number({ description: 'Weight of the line (unit weight × quantity)' }),
  variation: MapOrEmpty(Str, 'Attribute label → chosen value label'),
});
const itemProperties = {
  item_key: Str,
  id: Type.Integer({ description: 'Product or variation ID' }),
  name: Str,
  title: Type.String({ description: "The parent product's name for a variation, else the name" }),
  price: ref('Money'),
  totals: ItemTotals,
  slug: Str,
  meta: ItemMeta,
  backorders: Type.String({ description: '"Available on backorder", or ""' }),
  cart_item_data: MapOrEmpty(Type.Unknown()),
  featured_image: Type.String({ description: 'Image URL ("" with thumb=false)' }),
};

export const CartItem = Type.Object(
  {
    ...itemProperties,
    quantity: Type.Object({ value: Int, min_purchase: Int, max_purchase: Type.Integer({ description: '-1: no limit' }) }),
    extensions: MapOrEmpty(Type.Unknown(), 'What extensions add to the item'),
  },
  { $id: 'CartItem' },
);

export const RemovedCartItem = Type.Object({ ...itemProperties, quantity: Int }, { $id: 'RemovedCartItem', description: 'A removed (restorable) item' });

export const CartCoupon = Type.Object(
  {
    coupon: Str,
    label: Str,
    saving: Type.String({ description: 'The saving in minor units with a minus sign, or "Free shipping coupon"' }),
    saving_html: Str,
    discount_type: Type.Optional(Type.String({ description: '4.x compatibility mode only' })),
  },
  { $id: 'CartCoupon' },
);

const ShippingRate = Type.Object({
  key: Str,
  method_id: Str,
  instance_id: Int,
  label: Str,
  cost: Type.Number({ description: 'Minor units, whatever the money format' }),
  html: Str,
  taxes: Type.Union([Type.Number(), Type.String()]),
  chosen_method: Bool,
  meta_data: Type.Object({ items: Type.Unknown() }),
});
const ShippingPackage = Type.Object({
  package_name: Str,
  rates: Type.Object({}, { additionalProperties: ShippingRate, description: 'Rates by rate id' }),
  package_details: Str,
  index: Int,
  chosen_method: Str,
  formatted_destination: Str,
});
export const CartShipping = Type.Union(
  [
    Type.Object({
      total_packages: Int,
      show_package_details: Bool,
      has_calculated_shipping: Bool,
      packages: MapOrEmpty(ShippingPackage, 'Packages: "default", then "2", "3"…'),
    }),
    EmptyArray,
  ],
  { $id: 'CartShipping', description: '[] when shipping is off or no zone has a method' },
);

export const CartFees = MapOrEmpty(Type.Object({ name: Str, fee: ref('Money') }), 'Fees by fee id');
Object.assign(CartFees, { $id: 'CartFees' });

export const CartTaxes = Type.Union(
  [
    Type.Object({ label: Str, total: ref('Money') }, { description: 'One total (tax_total_display: single)' }),
    Type.Object({}, { additionalProperties: Type.Object({ name: Str, price: ref('Money') }), description: 'By rate code (itemized)' }),
    EmptyArray,
  ],
  { $id: 'CartTaxes', description: '[] when taxes are off or shown inside prices' },
);

export const CartTotals = Type.Object(
  Object.fromEntries(
    ['subtotal', 'subtotal_tax', 'fee_total', 'fee_tax', 'discount_total', 'discount_tax', 'shipping_total', 'shipping_tax', 'total', 'total_tax'].map(
      (k) => [k, Type.Optional(ref('Money'))],
    ),
  ),
  { $id: 'CartTotals', description: 'The totals; with a field list or a preset, fee_* and shipping_* only when fees / shipping are listed' },
);

export const CartCrossSell = Type.Object(
  {
    id: Int,
    name: Str,
    title: Str,
    slug: Str,
    price: Type.Union([ref('Money'), Type.Null()]),
    regular_price: Type.Union([ref('Money'), Type.Null()]),
    sale_price: Type.Union([ref('Money'), Type.Null()]),
    image: Str,
    average_rating: Str,
    on_sale: Bool,
    type: Str,
  },
  { $id: 'CartCrossSell' },
);

export const CartNotices = Type.Union(
  [
    Type.Object({
      error: Type.Optional(Type.Array(Str)),
      success: Type.Optional(Type.Array(Str)),
      notice: Type.Optional(Type.Array(Str)),
      info: Type.Optional(Type.Array(Str)),
    }),
    EmptyArray,
  ],
  { $id: 'CartNotices', description: 'Messages for the shopper by type, shown once; [] when there are none' },
);

const cartProperties = {
  cart_hash: Type.String({ description: '"" until the cart is saved' }),
  cart_key: Type.String({ description: 'The key to send back as CoCart-API-Cart-Key (or cart_key) for this cart; "" before there is one' }),
  currency: ref('Currency'),
  customer: ref('CartCustomer'),
  items: Type.Array(ref('CartItem')),
  item_count: Type.Integer({ description: 'Sum of the quantities' }),
  items_weight: Type.Number(),
  coupons: Type.Array(ref('CartCoupon')),
  needs_payment: Bool,
  needs_shipping: Bool,
  shipping: ref('CartShipping'),
  fees: ref('CartFees'),
  taxes: ref('CartTaxes'),
  totals: ref('CartTotals'),
  removed_items: Type.Array(ref('RemovedCartItem')),
  cross_sells: Type.Array(ref('CartCrossSell')),
  notices: ref('CartNotices'),
};

export const Cart = Type.Object(
  Object.fromEntries(Object.entries(cartProperties).map(([k, v]) => [k, Type.Optional(v)])),
  {
    $id: 'Cart',
    description:
      'The cart. Every field is there unless the request narrows them (fields, config[fields], or the store\'s default cart response); plugins may add fields. (A selection that matches no field gives [], and default=true the raw contents keyed by item key.)',
  },
);

export const CartItems = Type.Object({}, { $id: 'CartItems', additionalProperties: ref('CartItem'), description: 'The items keyed by item key' });

export const CartKeyAnswer = Type.Object({ message: Str, cart_key: Str }, { $id: 'CartKeyAnswer' });

export const CartItemStatus = Type.Object({ message: Str, quantity: Int }, { $id: 'CartItemStatus', description: 'What a quantity change did (return_status=true)' });

/** `GET /cart/totals?html=…`: released 4.x's totals, major units (display strings with html=true). */
export const CartLegacyTotals = Type.Object(
  {
    ...Object.fromEntries(
      ['subtotal', 'subtotal_tax', 'shipping_total', 'shipping_tax', 'discount_total', 'discount_tax', 'cart_contents_total', 'cart_contents_tax', 'fee_total', 'fee_tax', 'total', 'total_tax'].map(
        (k) => [k, Str],
      ),
    ),
    shipping_taxes: MapOrEmpty(Str, 'Tax by rate id'),
    cart_contents_taxes: MapOrEmpty(Str, 'Tax by rate id'),
    fee_taxes: MapOrEmpty(Str, 'Tax by rate id'),
  },
  { $id: 'CartLegacyTotals' },
);

const BatchEnvelope = Type.Object({
  body: Type.Unknown({ description: "The sub-request's answer" }),
  status: Int,
  headers: Type.Object({}, { additionalProperties: Type.Union([Type.String(), Type.Number()]) }),
});
export const BatchResponses = Type.Object(
  {
    failed: Type.Optional(Type.Unsafe<'validation'>({ type: 'string', enum: ['validation'], description: 'require-all-validate: a sub-request failed validation, none ran' })),
    responses: Type.Array(Type.Union([BatchEnvelope, Type.Null()]), { description: 'One per sub-request, in order (null: passed validation)' }),
  },
  { $id: 'BatchResponses' },
);

// ——— Products ———

const TermRef = Type.Object({ id: Int, name: Str, slug: Str, rest_url: Str }, { $id: 'TermRef' });

const DatesOnSale = Type.Object({ from: NullableStr, from_gmt: NullableStr, to: NullableStr, to_gmt: NullableStr });

const ProductImage = Type.Object({
  id: Int,
  src: Type.Object({}, { additionalProperties: Str, description: 'URL by image size' }),
  name: Str,
  alt: Str,
  position: Int,
  featured: Bool,
});

export const ProductStock = Type.Object(
  {
    is_in_stock: Type.Optional(Bool),
    stock_quantity: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
    stock_status: Type.Optional(Type.String({ description: 'instock, outofstock or onbackorder' })),
    backorders: Type.Optional(Type.String({ description: 'no, notify or yes' })),
    backorders_allowed: Type.Optional(Bool),
    backordered: Type.Optional(Bool),
    low_stock_amount: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
  },
  { $id: 'ProductStock' },
);

const PurchaseQuantity = Type.Object({ min_purchase: Int, max_purchase: Type.Integer({ description: '-1: no limit' }) });

const LinkedProduct = Type.Object({
  id: Int,
  name: Str,
  permalink: Str,
  price: ref('Money'),
  add_to_cart: Type.Object({ text: Str, description: Str, rest_url: Str }),
  rest_url: Str,
});

const EmbeddedVariation = Type.Object({
  id: Int,
  sku: Str,
  description: Str,
  attributes: MapOrEmpty(Str),
  featured_image: Type.Union([Type.Object({}, { additionalProperties: Str }), EmptyArray]),
  prices: Type.Object({
    price: ref('Money'),
    regular_price: ref('Money'),
    sale_price: ref('Money'),
    on_sale: Bool,
    date_on_sale: DatesOnSale,
    currency: ref('Currency'),
  }),
  stock: ref('ProductStock'),
  add_to_cart: Type.Object({ is_purchasable: Bool, purchase_quantity: PurchaseQuantity, rest_url: Str }),
});

const ProductAttributeOfProduct = Type.Object({
  id: Int,
  name: Str,
  position: Int,
  is_attribute_visible: Bool,
  used_for_variation: Bool,
  options: MapOrEmpty(Str, 'Term slug → label'),
});
const ProductAttributeOfVariation = Type.Object({ id: Int, name: Str, option: MapOrEmpty(Str, 'Term slug → label; [] for "any"') });

const productProperties = {
  id: Int,
  parent_id: Int,
  name: Str,
  type: Type.String({ description: 'simple, variable, grouped, external or variation' }),
  slug: Str,
  permalink: Str,
  sku: Str,
  global_unique_id: Str,
  description: Str,
  short_description: Str,
  dates: Type.Object({
    created: Type.Optional(NullableStr),
    created_gmt: Type.Optional(NullableStr),
    modified: Type.Optional(NullableStr),
    modified_gmt: Type.Optional(NullableStr),
  }),
  featured: Bool,
  prices: Type.Object({
    price: Type.Optional(ref('Money')),
    regular_price: Type.Optional(ref('Money')),
    sale_price: Type.Optional(ref('Money')),
    price_range: Type.Optional(Type.Union([Type.Object({ from: ref('Money'), to: ref('Money') }), EmptyArray])),
    on_sale: Type.Optional(Bool),
    date_on_sale: Type.Optional(DatesOnSale),
    currency: Type.Optional(ref('Currency')),
  }),
  hidden_conditions: Type.Object({
    virtual: Type.Optional(Bool),
    downloadable: Type.Optional(Bool),
    manage_stock: Type.Optional(Bool),
    sold_individually: Type.Optional(Bool),
    reviews_allowed: Type.Optional(Bool),
    shipping_required: Type.Optional(Bool),
  }),
  average_rating: Type.String({ description: 'e.g. "4.50"' }),
  review_count: Int,
  rating_count: Int,
  rated_out_of: Str,
  images: Type.Array(ProductImage),
  categories: Type.Array(ref('TermRef')),
  tags: Type.Array(ref('TermRef')),
  attributes: MapOrEmpty(Type.Union([ProductAttributeOfProduct, ProductAttributeOfVariation]), 'By attribute key (attribute_pa_colour)'),
  default_attributes: MapOrEmpty(Type.Object({ id: Int, name: Str, option: Str })),
  variations: Type.Array(EmbeddedVariation),
  grouped_products: Type.Array(Int),
  stock: ref('ProductStock'),
  weight: Type.Object({ value: Type.Union([Type.Number(), Type.String()]), unit: Str }),
  dimensions: Type.Object({
    length: Type.Union([Type.Number(), Type.String()]),
    width: Type.Union([Type.Number(), Type.String()]),
    height: Type.Union([Type.Number(), Type.String()]),
    unit: Str,
  }),
  reviews: Type.Array(
    Type.Object({
      review_id: Str,
      author_name: Str,
      author_url: Str,
      review_comment: Str,
      review_date: NullableStr,
      review_date_gmt: NullableStr,
      rating: Str,
      verified: Str,
    }),
    { description: 'Approved reviews, with show_reviews=true' },
  ),
  related: Type.Array(LinkedProduct),
  upsells: Type.Array(LinkedProduct),
  cross_sells: Type.Array(LinkedProduct),
  total_sales: Int,
  external_url: Str,
  button_text: Str,
  add_to_cart: Type.Object({
    text: Type.Optional(Str),
    description: Type.Optional(Str),
    has_options: Type.Optional(Bool),
    is_purchasable: Type.Optional(Bool),
    purchase_quantity: Type.Optional(Type.Union([PurchaseQuantity, EmptyArray])),
    rest_url: Type.Optional(Type.String({ description: '"" for products that cannot be added as they are' })),
  }),
  meta_data: Type.Array(Type.Object({ id: Int, key: Str, value: Type.Unknown() })),
  _links: Links,
};

export const Product = Type.Object(
  Object.fromEntries(Object.entries(productProperties).map(([k, v]) => [k, Type.Optional(v)])),
  {
    $id: 'Product',
    description: 'A product or variation. Fields narrow with fields, exclude_fields and the response presets; a variation on its own leaves out the fields that belong to its parent.',
  },
);

export const ProductList = Type.Object(
  {
    products: Type.Array(ref('Product')),
    categories: Type.Array(ref('TermRef')),
    tags: Type.Array(ref('TermRef')),
    page: Int,
    total_pages: Int,
    total_products: Int,
    _links: Type.Union([Type.Object({ prev: Type.Optional(Type.Array(Type.Object({ href: Str }))), next: Type.Optional(Type.Array(Type.Object({ href: Str }))) }), EmptyArray]),
  },
  { $id: 'ProductList' },
);

export const ProductCategory = Type.Object(
  {
    id: Int,
    name: Str,
    slug: Str,
    parent: Int,
    description: Str,
    display: Str,
    image: Type.Union([Type.Object({ id: Int, src: Str, name: Str, alt: Str }), Type.Null()]),
    menu_order: Int,
    count: Int,
    _links: Links,
  },
  { $id: 'ProductCategory' },
);

export const ProductBrand = Type.Object(ProductCategory.properties, {
  $id: 'ProductBrand',
  description: 'A brand (WooCommerce product_brand), shaped as a category',
});

export const ProductTag = Type.Object({ id: Int, name: Str, slug: Str, description: Str, count: Int, _links: Links }, { $id: 'ProductTag' });

export const ProductAttribute = Type.Object(
  { id: Int, name: Str, slug: Type.String({ description: 'pa_<slug>' }), type: Str, order_by: Str, has_archives: Bool, _links: Links },
  { $id: 'ProductAttribute' },
);

export const ProductAttributeTerm = Type.Object(
  { id: Int, name: Str, slug: Str, description: Str, menu_order: Int, count: Int, _links: Links },
  { $id: 'ProductAttributeTerm' },
);

export const ProductReview = Type.Object(
  {
    id: Int,
    date_created: NullableStr,
    date_created_gmt: NullableStr,
    product_id: Int,
    status: Type.String({ description: 'approved, or hold for a review just posted' }),
    reviewer: Str,
    review: Type.String({ description: 'HTML paragraphs' }),
    rating: Int,
    verified: Bool,
    reviewer_avatar_urls: Type.Object({}, { additionalProperties: Str, description: 'Avatar URL by size' }),
    _links: Links,
  },
  { $id: 'ProductReview' },
);

// ——— Sessions, store, authentication, settings ———

export const SessionSummary = Type.Object(
  {
    cart_id: Str,
    cart_key: Str,
    customers_name: Str,
    customers_email: Str,
    cart_created: Type.String({ description: 'MM/DD/YYYY HH:MM:SS, UTC' }),
    cart_expiry: Type.String({ description: 'MM/DD/YYYY HH:MM:SS, UTC' }),
    cart_source: Str,
    link: Str,
  },
  { $id: 'SessionSummary' },
);

export const SessionList = Type.Object(
  {
    sessions: Type.Array(ref('SessionSummary')),
    page: Int,
    total_pages: Int,
    total_sessions: Int,
    prev: Type.Optional(Str),
    next: Type.Optional(Str),
  },
  { $id: 'SessionList' },
);

const SESSION_FIELDS = ['cart_key', 'customer', 'items', 'item_count', 'items_weight', 'coupons', 'fees', 'totals', 'needs_payment', 'removed_items'] as const;
export const Session = Type.Object(
  Object.fromEntries(SESSION_FIELDS.map((k) => [k, Type.Optional(cartProperties[k])])),
  { $id: 'Session', description: 'One cart in session: the fields of its response preset (default: all of these)' },
);

export const StoreIndex = Type.Object(
  {
    version: Type.Optional(Type.String({ description: 'Debug mode only' })),
    versions: Type.Optional(Type.Object({}, { additionalProperties: Str, description: 'Debug mode only' })),
    routes: Type.Optional(Type.Object({}, { additionalProperties: Str, description: 'Debug mode only: route name → URL' })),
    title: Str,
    description: Str,
    home_url: Str,
    language: Str,
    gmt_offset: Type.String({ description: 'Hours from UTC, e.g. "1" or "5.5"' }),
    timezone_string: Str,
    store_address: Type.Object({ address: Str, address_2: Str, city: Str, country: Str, postcode: Str }),
    _links: Type.Optional(Links),
  },
  { $id: 'StoreIndex' },
);

export const LoginAnswer = Type.Object(
  {
    user_id: Str,
    first_name: Str,
    last_name: Str,
    display_name: Str,
    role: Str,
    avatar_urls: Type.Union([Type.Object({}, { additionalProperties: Str }), EmptyArray], { description: 'With avatars=true' }),
    email: Str,
    extras: Type.Object(
      { jwt_token: Type.Optional(Str), jwt_refresh: Type.Optional(Str) },
      { additionalProperties: true, description: 'A token pair (Bearer authentication and its refresh token), and what plugins add' },
    ),
    dev_note: Str,
  },
  { $id: 'LoginAnswer' },
);

export const TokenPair = Type.Object({ token: Str, refresh_token: Str }, { $id: 'TokenPair' });

export const TokenValidation = Type.Object(
  { code: Str, message: Str, data: Type.Object({ status: Int, user_id: Str }) },
  { $id: 'TokenValidation' },
);

export const Settings = Type.Object(SettingsSchema.properties, { $id: 'Settings', description: 'Every setting, by section' });

export const AccessToken = Type.Object({ access_token: Type.String({ format: 'uuid' }) }, { $id: 'AccessToken' });

/** Every named schema, in the order they are added. */
export const SCHEMAS: TSchema[] = [
  Money, ErrorSchema, Currency, Customer, CartItem, RemovedCartItem, CartCoupon, CartShipping, CartFees, CartTaxes, CartTotals,
  CartCrossSell, CartNotices, Cart, CartItems, CartKeyAnswer, CartItemStatus, CartLegacyTotals, BatchResponses, TermRef, ProductStock, Product, ProductList, ProductCategory, ProductBrand, ProductTag,
  ProductAttribute, ProductAttributeTerm, ProductReview, SessionSummary, SessionList, Session, StoreIndex, LoginAnswer, TokenPair,
  TokenValidation, Settings, AccessToken,
];
