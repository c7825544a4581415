import type { FastifyInstance } from 'fastify';
import { authHeaders } from './auth.ts';

/**
 * Where the APIs live, as a client sees them through `app.inject`: every route is under `/wp-json/`.
 */

/** CoCart API v2: cart, products, sessions, store, login and logout. */
export const API = '/wp-json/cocart/v2';

/** The CoCart namespace itself, for what is not under v2: batch, settings, JWT, and v2 by `${COCART}/v2`. */
export const COCART = '/wp-json/cocart';

/** The store-administration API (WooCommerce REST API v3). */
export const WC = '/wp-json/wc/v3';

/** Cartwright's own administration routes: fee rules, scheduled actions, the database update, status. */
export const CARTWRIGHT = '/wp-json/cartwright/v1';

/** The origin an injected request has (Fastify's default host), which absolute links in bodies and headers use. */
export const ORIGIN = 'http://localhost:80';

/** The demo store's `currency` object (GBP), as products and carts show it. */
export const GBP = {
  currency_code: 'GBP',
  currency_symbol: '£',
  currency_symbol_pos: 'currency_prefix',
  currency_minor_unit: 2,
  currency_decimal_separator: '.',
  currency_thousand_separator: ',',
  currency_prefix: '£',
  currency_suffix: '',
};

/** Who a Cart API request is from and what it carries: a customer's `login`, a cart `key`, a JSON `payload`. */
export interface ShopperRequest {
  login?: string;
  key?: string;
  payload?: object;
}

/**
 * One Cart API v2 request (`path` under `API`) as a shopper: `login` signs in with HTTP Basic and
 * `key` is sent as the CoCart-API-Cart-Key header. The raw response.
 */
export function shopperCall(app: FastifyInstance, method: 'GET' | 'POST' | 'DELETE', path: string, opts: ShopperRequest = {}) {
  return app.inject({
    method,
    url: `${API}${path}`,
    headers: { ...authHeaders(opts.login), ...(opts.key ? { 'cocart-api-cart-key': opts.key } : {}) },
    ...(opts.payload ? { payload: opts.payload } : {}),
  });
}

/** A cart body's lines as `[id, quantity]` pairs, in cart order. */
export const lines = (body: { items: { id: number; quantity: { value: number } }[] }) => body.items.map((i) => [i.id, i.quantity.value]);
