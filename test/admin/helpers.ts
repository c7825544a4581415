import type { FastifyInstance } from 'fastify';
import { createUser } from '../../src/customers/repository.ts';
import { createTestApp, type DatabaseKind } from '../helpers/app.ts';

/** A demo store with an administrator (`admin`), a shop manager (`manager`) and a customer (`ada`), all with one password. */
export const PASSWORD = 'secret password';
export const WC = '/wp-json/wc/v3';

export async function storeWithStaff(kind: DatabaseKind, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = await createTestApp(kind, { env });
  for (const [username, role] of [['admin', 'administrator'], ['manager', 'shop_manager'], ['ada', 'customer']] as const) {
    await createUser(app.runtime.database.db, { username, email: `${username}@example.org`, password: PASSWORD, role }, 1_700_000_000);
  }
  return app;
}

export const basic = (login: string) => `Basic ${Buffer.from(`${login}:${PASSWORD}`).toString('base64')}`;

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One wc/v3 request as `login` (null: a guest); the response and its parsed body. */
export async function wc(app: FastifyInstance, method: Method, path: string, payload?: unknown, login: string | null = 'admin') {
  const res = await app.inject({
    method,
    url: `${WC}${path}`,
    headers: login ? { authorization: basic(login) } : {},
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  return { res, status: res.statusCode, body: res.json() };
}
