import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { setPassword } from '../../../src/customers/repository.ts';
import { loadConfig, ConfigError } from '../../../src/config.ts';
import { COCART } from '../../helpers/api.ts';
import { createTestApp, DATABASES } from '../../helpers/app.ts';
import { basicAuth, withUser } from '../../helpers/auth.ts';

describe.each(DATABASES)('JSON Web Tokens (%s)', (kind) => {
  let app: FastifyInstance;
  let n = 0;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  async function session(): Promise<{ id: number; token: string; refresh: string }> {
    const username = `jwt${++n}`;
    const user = await withUser(app, 'customer', username);
    const login = await app.inject({ method: 'POST', url: `${COCART}/v2/login`, headers: { authorization: basicAuth(username) } });
    expect(login.statusCode).toBe(200);
    return { id: user.id, token: login.json().extras.jwt_token, refresh: login.json().extras.jwt_refresh };
  }
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('login issues a token pair; the access token authenticates like the password', async () => {
    const { id, token } = await session();
    const me = await app.inject({ method: 'POST', url: `${COCART}/v2/login`, headers: bearer(token) });
    expect(me.json().user_id).toBe(String(id));
    const add = await app.inject({ method: 'POST', url: `${COCART}/v2/cart/add-item`, headers: bearer(token), payload: { id: '10' } });
    expect(add.statusCode).toBe(200);
    const cart = await app.inject({ url: `${COCART}/v2/cart`, headers: bearer(token) });
    expect(cart.json().items.map((i: { id: number }) => i.id)).toEqual([10]);
    const valid = await app.inject({ method: 'POST', url: `${COCART}/jwt/validate-token`, headers: bearer(token) });
    expect(valid.json()).toEqual({ code: 'cocart_jwt_valid_token', message: 'Token is valid.', data: { status: 200, user_id: String(id) } });
  });

  it('refuses a forged, tampered or wrong-kind token with 401', async () => {
    const { token, refresh } = await session();
    const tampered = `${token.slice(0, -2)}${token.endsWith('A') ? 'B' : 'A'}A`;
    for (const bad of ['not.a.token', tampered, refresh]) {
      const r = await app.inject({ url: `${COCART}/v2/cart`, headers: bearer(bad) });
      expect(r.statusCode).toBe(401);
      expect(r.json().code).toBe('cocart_jwt_authentication_error');
    }
    const asRefresh = await app.inject({ method: 'POST', url: `${COCART}/jwt/refresh-token`, payload: { refresh_token: token } });
    expect(asRefresh.statusCode).toBe(401);
  });

  it('a refresh token buys a new pair', async () => {
    const { id, refresh } = await session();
    const r = await app.inject({ method: 'POST', url: `${COCART}/jwt/refresh-token`, payload: { refresh_token: refresh } });
    expect(r.statusCode).toBe(200);
    const me = await app.inject({ method: 'POST', url: `${COCART}/v2/login`, headers: bearer(r.json().token) });
    expect(me.json().user_id).toBe(String(id));
    expect(r.json().refresh_token).not.toBe(refresh);
  });

  it('logout and a new password revoke every token issued before', async () => {
    const a = await session();
    expect((await app.inject({ method: 'POST', url: `${COCART}/v2/logout`, headers: bearer(a.token) })).json()).toBe(true);
    expect((await app.inject({ url: `${COCART}/v2/cart`, headers: bearer(a.token) })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: `${COCART}/jwt/refresh-token`, payload: { refresh_token: a.refresh } })).statusCode).toBe(401);

    const b = await session();
    await setPassword(app.runtime.database.db, b.id, 'another password', app.runtime.now());
    expect((await app.inject({ url: `${COCART}/v2/cart`, headers: bearer(b.token) })).statusCode).toBe(401);
  });

  it('does not accept tokens signed with another secret', async () => {
    const { token } = await session();
    const other = await createTestApp(kind, { env: { JWT_SECRET: 'x'.repeat(40) } });
    try {
      expect((await other.inject({ url: `${COCART}/v2/store`, headers: bearer(token) })).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe('JWT_SECRET', () => {
  it('must be at least 32 characters when set', () => {
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
    expect(loadConfig({ JWT_SECRET: 'y'.repeat(32) }).jwtSecret).toBe('y'.repeat(32));
  });
});
