/**
 * The hooks Cartwright fires, with their argument types (value first for filters). Names follow CoCart
 * so that its documentation applies. Each entry notes where it runs.
 */
import type { FastifyRequest } from 'fastify';
import type { Product } from '../catalog/types.ts';

export type JsonObject = Record<string, unknown>;

export interface FilterHooks {
  /** Store route payload, last step. */
  cocart_store_index: [response: JsonObject];
  cocart_store_address: [address: JsonObject];
  cocart_store_versions: [versions: Record<string, string>];
  cocart_routes: [routes: Record<string, string>];
  /** Parsed product list query before it runs. */
  cocart_prepare_objects_query: [query: JsonObject, request: FastifyRequest];
  /** One product (or variation) object, last step. */
  cocart_prepare_product_object_v2: [response: JsonObject, product: Product, request: FastifyRequest];
  cocart_prepare_product_variation_object_v2: [response: JsonObject, product: Product, request: FastifyRequest];
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
  cocart_get_fields_requested: [fields: string[], request: FastifyRequest];
  cocart_prepare_product_cat: [response: JsonObject, term: JsonObject, request: FastifyRequest];
  cocart_prepare_product_tag: [response: JsonObject, term: JsonObject, request: FastifyRequest];
  cocart_prepare_product_attribute: [response: JsonObject, attribute: JsonObject, request: FastifyRequest];
  cocart_prepare_product_review: [response: JsonObject, review: JsonObject, request: FastifyRequest];
  cocart_pre_insert_product_review: [review: JsonObject, request: FastifyRequest];
  cocart_prepare_money_disable_decimals: [disable: boolean];
}

export interface ActionHooks {
  cocart_init: [];
  cocart_insert_product_review: [review: JsonObject, request: FastifyRequest, creating: boolean];
}
