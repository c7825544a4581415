import type { FastifyInstance } from 'fastify';
import WooModule from '@woocommerce/woocommerce-rest-api';
import { WC } from '../helpers/api.ts';
import { authHeaders, PASSWORD } from '../helpers/auth.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One wc/v3 request as `login` (null: a guest); the response and its parsed body. */
export async function wc(app: FastifyInstance, method: Method, path: string, payload?: unknown, login: string | null = 'admin') {
  const res = await app.inject({
    method,
    url: `${WC}${path}`,
    headers: authHeaders(login),
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  return { res, status: res.statusCode, body: res.json() };
}

// A CommonJS package with an ES default export: Node hands it over as `.default`, Vitest as the class itself.
type WooClass = typeof WooModule.default;
const WooCommerceRestApi: WooClass = (WooModule as unknown as { default?: WooClass }).default ?? (WooModule as unknown as WooClass);

export type WooClient = InstanceType<WooClass>;

/**
 * The official WooCommerce JavaScript client on a listening server at `url`, as `login` (null: no
 * credentials). Over plain http the client signs requests with OAuth 1.0a, which Cartwright does not
 * speak; its documented `axiosConfig` override sends HTTP Basic credentials instead.
 */
export function wooClient(url: string, login: string | null): WooClient {
  return new WooCommerceRestApi({
    url,
    consumerKey: login ?? 'ck_unused',
    consumerSecret: login ? PASSWORD : 'cs_unused',
    version: 'wc/v3',
    queryStringAuth: false,
    axiosConfig: login ? { auth: { username: login, password: PASSWORD } } : {},
  });
}
