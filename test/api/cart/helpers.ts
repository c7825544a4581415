import type { FastifyInstance } from 'fastify';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import qs from 'qs';
import { expect } from 'vitest';
import { API } from '../../helpers/api.ts';

/** Shared plumbing for the Cart API tests: requests through `app.inject`, cart keys, error checks. */

export interface CallOptions {
  method?: InjectOptions['method'];
  /** Path under /wp-json/cocart/v2, query string included. */
  url: string;
  /** Sent as the CoCart-API-Cart-Key header. */
  key?: string;
  /** JSON body. */
  body?: unknown;
  /** Form-encoded body (PHP bracket syntax for nested values). */
  form?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface CallResult {
  res: LightMyRequestResponse;
  status: number;
  body: any;
  /** The CoCart-API-Cart-Key response header, if any. */
  key: string | undefined;
}

export async function call(app: FastifyInstance, options: CallOptions): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== undefined) headers['cocart-api-cart-key'] = options.key;
  let payload: string | undefined;
  if (options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = qs.stringify(options.form);
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(options.body);
  }
  const res = await app.inject({ method: options.method ?? 'GET', url: `${API}${options.url}`, headers, payload });
  let body: unknown = undefined;
  // Every CoCart answer is JSON, bare strings included ("…"): anything else fails here.
  if (res.body !== '') body = res.json();
  const key = res.headers['cocart-api-cart-key'];
  return { res, status: res.statusCode, body, key: typeof key === 'string' ? key : undefined };
}

/** Asserts a CoCart error envelope with this status and code. */
export function expectError(r: CallResult, status: number, code: string): void {
  expect(r.body?.code, r.res.body).toBe(code);
  expect(r.status, r.res.body).toBe(status);
  expect(r.body.data.status).toBe(status);
  expect(typeof r.body.message).toBe('string');
}

/** Asserts a 200 and returns the body. */
export function ok(r: CallResult) {
  expect(r.status, r.res.body).toBe(200);
  return r.body;
}

/** POST /cart/add-item; returns the result (key from the header). */
export function addItem(app: FastifyInstance, body: Record<string, unknown>, key?: string, query = ''): Promise<CallResult> {
  return call(app, { method: 'POST', url: `/cart/add-item${query}`, body, key });
}

/** Starts a new cart with one item and returns its key and the cart body. */
export async function newCart(app: FastifyInstance, body: Record<string, unknown> = { id: '10', quantity: '1' }) {
  const r = await addItem(app, body);
  expect(r.status, r.res.body).toBe(200);
  expect(r.key).toMatch(/^[0-9a-f]{30}$/);
  return { key: r.key!, cart: r.body };
}

export function getCart(app: FastifyInstance, key?: string, query = ''): Promise<CallResult> {
  return call(app, { url: `/cart${query}`, key });
}

/** The item of a cart body by product or variation id. */
export function itemById(cart: any, id: number): any {
  return cart.items.find((i: any) => i.id === id);
}
