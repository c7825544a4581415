/**
 * The hooks Cartwright fires, with their argument types (value first for filters). Names follow CoCart
 * so that its documentation applies. Each entry notes where it runs.
 */
import type { Product } from '../catalog/types.ts';
import type { Cart, Customer } from '../cart/types.ts';
import type { RequestContext } from './request-context.ts';

export type JsonObject = Record<string, unknown>;

export interface FilterHooks {
  /** Store route payload, last step. */
  cocart_store_index: [response: JsonObject];
  cocart_store_address: [address: JsonObject];
  cocart_store_versions: [versions: Record<string, string>];
  cocart_routes: [routes: Record<string, string>];
  /** Parsed product list query before it runs. */
  cocart_prepare_objects_query: [query: JsonObject, request: RequestContext];
  /** One product (or variation) object, last step. */
  cocart_prepare_product_object_v2: [response: JsonObject, product: Product, request: RequestContext];
  cocart_prepare_product_variation_object_v2: [response: JsonObject, product: Product, request: RequestContext];
  cocart_products_add_to_cart_rest_url: [url: string, product: Product, type: string, id: number];
  cocart_products_image_sizes: [sizes: string[]];
  cocart_products_get_price_range: [range: JsonObject | unknown[], product: Product];
  cocart_products_get_related_products_limit: [limit: number, product: Product];
  cocart_products_get_related_products_exclude_ids: [ids: number[], product: Product];
  cocart_quantity_minimum_requirement: [quantity: number, product: Product];
  cocart_quantity_maximum_allowed: [quantity: number, product: Product];
  cocart_products_ignore_private_meta_keys: [prefixes: string[], product: Product];
  cocart_products_meta_skip_email_values: [skip: boolean];
  cocart_products_get_safe_meta_data: [meta: JsonObject[], product: Product];
  cocart_get_fields_requested: [fields: string[], request: RequestContext];
  cocart_prepare_product_cat: [response: JsonObject, term: JsonObject, request: RequestContext];
  cocart_prepare_product_tag: [response: JsonObject, term: JsonObject, request: RequestContext];
  cocart_prepare_product_attribute: [response: JsonObject, attribute: JsonObject, request: RequestContext];
  cocart_prepare_product_review: [response: JsonObject, review: JsonObject, request: RequestContext];
  cocart_pre_insert_product_review: [review: JsonObject, request: RequestContext];
  cocart_prepare_money_disable_decimals: [disable: boolean];
  /** Extra data in the login response (the JWT add-on puts tokens here). */
  cocart_login_extras: [extras: JsonObject, user: JsonObject];
  /** Paths still served when storefront access is disabled (CoCart's accessible page ids). */
  cocart_accessible_page_ids: [paths: string[]];
  /** Rate-limit options for this request (defaults from settings). */
  cocart_api_rate_limit_options: [options: { enabled: boolean; limit: number; seconds: number }, request: RequestContext];
  /** The client address used for limiting; return false (or '') to refuse the request with 403. */
  cocart_validate_ip: [ip: string | false, request: RequestContext];

  /** Cart money: raw minor units in, the response's format out (built-in formatter at priority 99). */
  cocart_cart_item_price: [price: unknown, cartItem: JsonObject, itemKey: string, request: RequestContext];
  cocart_cart_item_subtotal: [subtotal: unknown, cartItem: JsonObject, itemKey: string, request: RequestContext];
  cocart_cart_item_subtotal_tax: [tax: unknown, cartItem: JsonObject, itemKey: string, request: RequestContext];
  cocart_cart_item_total: [total: unknown, cartItem: JsonObject, itemKey: string, request: RequestContext];
  cocart_cart_item_tax: [tax: unknown, cartItem: JsonObject, itemKey: string, request: RequestContext];
  cocart_cart_totals_taxes_total: [amount: unknown, request: RequestContext];
  cocart_cart_cross_item_price: [amount: unknown, request: RequestContext];
  cocart_cart_cross_item_regular_price: [amount: unknown, request: RequestContext];
  cocart_cart_cross_item_sale_price: [amount: unknown, request: RequestContext];
  cocart_cart_fee_amount: [amount: unknown, request: RequestContext];
  cocart_cart_tax_line_amount: [amount: unknown, request: RequestContext];
  cocart_cart_totals: [totals: JsonObject, request: RequestContext, fields: string[]];
  cocart_session_totals: [totals: JsonObject, request: RequestContext, fields: string[]];
  /** A Sessions API cart, last step. */
  cocart_session: [session: JsonObject, request: RequestContext];
  /** The final cart payload. */
  cocart_cart: [response: JsonObject, request: RequestContext, cart: JsonObject];
  /** The cart contents after totals, before the final filter. */
  cocart_after_get_cart: [contents: JsonObject, cart: JsonObject, request: RequestContext];
  /** Each item's `extensions` (starts `{}`). */
  cocart_cart_item_extensions: [extensions: JsonObject, itemData: JsonObject, itemKey: string, request: RequestContext];
  /** May a custom price be applied to this product? Can only narrow what the salt key allows. */
  cocart_is_allowed_to_override_price: [allowed: boolean, product: Product, request: RequestContext];
  cocart_does_product_allow_price_change: [allowed: boolean, product: Product, request: RequestContext];
  cocart_no_items_in_cart_message: [message: string];
  /** Deprecated: use cocart_no_items_in_cart_message. */
  cocart_no_items_message: [message: string];
  cocart_update_cart_validation: [valid: boolean, itemKey: string, cartItem: JsonObject, quantity: number];
  cocart_cart_expiration: [seconds: number];
  /**
   * Cartwright: what else than the URL and language a plugin's cart output depends on (a request
   * header, say). The value becomes part of the cart ETag and of the rendered-response cache key.
   */
  cartwright_cart_vary: [vary: string, request: RequestContext];
  /**
   * WooCommerce's getter filter for WC_Customer::get_is_vat_exempt: whether this cart's customer pays no
   * tax. Starts from the account's flag (false for a guest); `customer` is the cart's address details
   * and `userId` 0 for a guest. Runs each time a cart is priced.
   */
  woocommerce_customer_get_is_vat_exempt: [exempt: boolean, customer: Customer, userId: number];
  /** The customer's cart after a guest cart was handed over at login (after the store's strategy). */
  cartwright_merge_carts: [merged: Cart, guest: Cart, own: Cart, strategy: string];
}

export interface ActionHooks {
  cocart_init: [];
  /** A user logged out (JWT revokes tokens here). */
  cocart_logout: [user: JsonObject];
  /** A request was refused for exceeding the rate limit. */
  cocart_api_rate_limit_exceeded: [ip: string, request: RequestContext];
  /** After add-item; also fired as cocart_after_item_added_to_cart for 4.x plugins. */
  cocart_added_item_to_cart: [request: RequestContext, item: JsonObject, handler: string];
  cocart_after_item_added_to_cart: [item: JsonObject, request: RequestContext, handler: string];
  cocart_added_items_to_cart: [request: RequestContext, items: JsonObject[], handler: string];
  cocart_after_items_added_to_cart: [items: JsonObject[], request: RequestContext, handler: string];
  cocart_update_cart_before_totals: [request: RequestContext, cart: JsonObject];
  cocart_update_cart_after_totals: [request: RequestContext, cart: JsonObject];
  cocart_insert_product_review: [review: JsonObject, request: RequestContext, creating: boolean];
  /** An order moved from one status to another (after the change and its stock and coupon effects were stored). */
  cartwright_order_status_changed: [orderId: number, from: string, to: string];
}
