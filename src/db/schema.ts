import type { Generated } from 'kysely';

/**
 * Table types for Kysely. Both dialects store the same shapes: booleans are 0/1 integers,
 * times are unix seconds, money is integer minor units, lists and maps are JSON text.
 */
export interface Database {
  options: OptionsTable;
  media: MediaTable;
  attributes: AttributesTable;
  terms: TermsTable;
  products: ProductsTable;
  reviews: ReviewsTable;
  carts: CartsTable;
  users: UsersTable;
  tax_classes: TaxClassesTable;
  tax_rates: TaxRatesTable;
  shipping_zones: ShippingZonesTable;
  shipping_zone_locations: ShippingZoneLocationsTable;
  shipping_zone_methods: ShippingZoneMethodsTable;
  coupons: CouponsTable;
  fee_rules: FeeRulesTable;
  idempotency_keys: IdempotencyKeysTable;
  scheduled_actions: ScheduledActionsTable;
  scheduled_action_logs: ScheduledActionLogsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  order_notes: OrderNotesTable;
  order_refunds: OrderRefundsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  payment_events: PaymentEventsTable;
}

export interface OptionsTable {
  name: string;
  value: string;
}

export interface MediaTable {
  id: Generated<number>;
  src: string;
  name: string;
  alt: string;
  /** JSON map of image size → URL; sizes not listed fall back to `src`. */
  sizes: string;
}

export interface AttributesTable {
  id: Generated<number>;
  name: string;
  /** Without the `pa_` prefix. */
  slug: string;
  type: string;
  order_by: string;
  has_archives: number;
}

export interface TermsTable {
  id: Generated<number>;
  /** `product_cat`, `product_tag`, or `pa_<attribute slug>`. */
  taxonomy: string;
  name: string;
  slug: string;
  parent: number;
  description: string;
  menu_order: number;
  display: string;
  image_id: number | null;
}

export interface ProductsTable {
  id: Generated<number>;
  parent_id: number;
  type: string;
  status: string;
  name: string;
  slug: string;
  sku: string;
  global_unique_id: string;
  description: string;
  short_description: string;
  created_at: number;
  modified_at: number;
  featured: number;
  catalog_visibility: string;
  menu_order: number;
  regular_price: number | null;
  sale_price: number | null;
  sale_from: number | null;
  sale_to: number | null;
  tax_status: string;
  tax_class: string;
  manage_stock: number;
  stock_quantity: number | null;
  stock_status: string;
  backorders: string;
  low_stock_amount: number | null;
  sold_individually: number;
  min_purchase: number;
  max_purchase: number | null;
  weight: number | null;
  length: number | null;
  width: number | null;
  height: number | null;
  shipping_class: string;
  virtual: number;
  downloadable: number;
  reviews_allowed: number;
  total_sales: number;
  external_url: string;
  button_text: string;
  /** JSON: ProductAttribute[] on parents, Record<string,string> on variations. */
  attributes: string;
  default_attributes: string;
  grouped_ids: string;
  upsell_ids: string;
  cross_sell_ids: string;
  category_ids: string;
  tag_ids: string;
  image_ids: string;
  meta_data: string;
}

export interface ReviewsTable {
  id: Generated<number>;
  product_id: number;
  status: string;
  reviewer: string;
  reviewer_email: string;
  review: string;
  rating: number;
  verified: number;
  user_id: number | null;
  created_at: number;
}

export interface CartsTable {
  id: Generated<number>;
  cart_key: string;
  user_id: number | null;
  customer_id: number | null;
  /** JSON of the cart aggregate (cart/types.ts). */
  cart_value: string;
  cart_created: number;
  cart_expiry: number;
  cart_source: string;
  cart_hash: string;
  /** Incremented by every save; compared by optimistic writes. */
  revision: number;
  /** Set on a guest cart merged into this customer's cart: the row is only a marker now. */
  handed_to: number | null;
  /** 3: CoCart 3.x layout (a customer's cart keyed by user ID, owner columns empty), until upgraded; 4: v4 layout. */
  layout: Generated<number>;
  /** The key a cart had before the v4 session-layout upgrade gave it a random one. */
  legacy_key: string | null;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  email: string;
  password_hash: string;
  first_name: string;
  last_name: string;
  display_name: string;
  role: string;
  billing_phone: string;
  /** JSON billing address. */
  billing: string;
  /** JSON shipping address. */
  shipping: string;
  token_version: number;
  created_at: number;
  /** When the user was last saved; null for users made before it was kept. */
  modified_at: number | null;
  /** WooCommerce's is_vat_exempt: 1 when the customer pays no tax. */
  is_vat_exempt: Generated<number>;
}

export interface TaxClassesTable {
  slug: string;
  name: string;
}

export interface TaxRatesTable {
  id: Generated<number>;
  country: string;
  state: string;
  /** JSON string[]. */
  postcodes: string;
  /** JSON string[]. */
  cities: string;
  /** Percent as decimal text ("20.0000"), exactly as entered. */
  rate: string;
  name: string;
  priority: number;
  compound: number;
  shipping: number;
  rate_order: number;
  tax_class: string;
}

export interface ShippingZonesTable {
  id: Generated<number>;
  name: string;
  zone_order: number;
}

export interface ShippingZoneLocationsTable {
  id: Generated<number>;
  zone_id: number;
  code: string;
  type: string;
}

export interface ShippingZoneMethodsTable {
  instance_id: number;
  /** 0 is the rest-of-world zone. */
  zone_id: number;
  method_id: string;
  method_order: number;
  enabled: number;
  /** JSON of the method's settings (commerce/types.ts). */
  settings: string;
}

export interface CouponsTable {
  id: Generated<number>;
  code: string;
  status: string;
  discount_type: string;
  /** Decimal text as WooCommerce keeps it: a percent for percent coupons, major units for fixed ones. */
  amount: string;
  description: string;
  expires_at: number | null;
  usage_count: number;
  individual_use: number;
  product_ids: string;
  excluded_product_ids: string;
  usage_limit: number | null;
  usage_limit_per_user: number | null;
  limit_usage_to_x_items: number | null;
  free_shipping: number;
  product_categories: string;
  excluded_product_categories: string;
  exclude_sale_items: number;
  minimum_amount: number | null;
  maximum_amount: number | null;
  email_restrictions: string;
  used_by: string;
  meta_data: string;
  created_at: number;
  modified_at: number;
}

export interface FeeRulesTable {
  id: Generated<number>;
  name: string;
  enabled: number;
  type: string;
  /** Decimal text: major units for fixed fees, a percent for percentage fees. */
  amount: string;
  taxable: number;
  tax_class: string;
  /** JSON: minimum_amount, maximum_amount, countries, payment_methods, requires_shipping. */
  conditions: string;
  rule_order: number;
}

/** One Idempotency-Key of one caller; `status` is null while the first request is still running. */
export interface IdempotencyKeysTable {
  /** `user:<id>`, `cart:<cart key>` or `guest`. */
  scope: string;
  idempotency_key: string;
  /** sha256 hex of method, path with query and body. */
  fingerprint: string;
  claimed_at: number;
  expires_at: number;
  status: number | null;
  /** JSON map of the stored response headers. */
  headers: string | null;
  body: string | null;
  /** The cart the write was applied to, recorded in the write's own transaction (null: not yet). */
  applied_cart: string | null;
}

/** One action of the background queue (src/jobs/queue.ts). */
export interface ScheduledActionsTable {
  id: Generated<number>;
  hook: string;
  /** Canonical JSON (object keys sorted). */
  args: string;
  group_name: string;
  /** pending | in-progress | complete | failed | canceled */
  status: string;
  scheduled_at: number;
  /** Runs started so far (a claim is an attempt). */
  attempts: number;
  max_attempts: number;
  /** The node running it, while in progress. */
  claimed_by: string | null;
  /** While in progress: when the claim lapses unless the node renews it. */
  lease_until: number | null;
  /** Null for a one-off; else the next run is scheduled this many seconds after one ends. */
  recurrence_seconds: number | null;
  last_error: string | null;
  created_at: number;
  completed_at: number | null;
}

/** A line of an action's history: one per change of its state. */
export interface ScheduledActionLogsTable {
  id: Generated<number>;
  action_id: number;
  logged_at: number;
  message: string;
}

export interface OrdersTable {
  id: Generated<number>;
  order_key: string;
  status: string;
  currency: string;
  prices_include_tax: number;
  customer_id: number;
  /** JSON: OrderAddress. */
  billing: string;
  shipping: string;
  /** Lower case, for finding a guest's orders and coupon use by e-mail. */
  billing_email: string;
  payment_method: string;
  payment_method_title: string;
  transaction_id: string;
  customer_note: string;
  created_via: string;
  cart_hash: string;
  discount_total: number;
  discount_tax: number;
  shipping_total: number;
  shipping_tax: number;
  cart_tax: number;
  total: number;
  total_tax: number;
  created_at: number;
  modified_at: number;
  paid_at: number | null;
  completed_at: number | null;
  stock_reduced: number;
  coupon_usage_recorded: number;
  hold_until: number | null;
  /** JSON: `{key: value}` (a payment provider's references, say). */
  meta_data: Generated<string>;
  revision: Generated<number>;
}

export interface OrderItemsTable {
  id: Generated<number>;
  order_id: number;
  /** `line_item`, `shipping`, `fee`, `coupon` or `tax`, as WooCommerce names them. */
  type: string;
  position: number;
  /** JSON: the line without its id. */
  data: string;
}

export interface OrderNotesTable {
  id: Generated<number>;
  order_id: number;
  note: string;
  /** 1 when the customer sees it. */
  customer_note: number;
  /** `system`, or who wrote it. */
  author: string;
  created_at: number;
}

export interface OrderRefundsTable {
  id: Generated<number>;
  order_id: number;
  amount: number;
  reason: string;
  refunded_by: number;
  refunded_payment: number;
  /** JSON: the refunded lines `[{itemId, quantity, total, tax}]`. */
  lines: string;
  created_at: number;
}

export interface PaymentEventsTable {
  gateway: string;
  event_id: string;
  received_at: number;
}

export interface WebhooksTable {
  id: Generated<number>;
  name: string;
  status: string;
  topic: string;
  delivery_url: string;
  secret: string;
  api_version: Generated<number>;
  user_id: Generated<number>;
  failure_count: Generated<number>;
  pending_delivery: Generated<number>;
  created_at: number;
  modified_at: number;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: number;
  delivery_id: string;
  action_id: number | null;
  attempt: number;
  topic: string;
  resource_id: number;
  url: string;
  /** JSON object. */
  request_headers: string;
  response_code: number | null;
  response_message: Generated<string>;
  /** JSON object. */
  response_headers: Generated<string>;
  response_body: Generated<string>;
  success: number;
  duration_ms: number;
  created_at: number;
}
