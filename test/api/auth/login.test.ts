import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { setPassword } from '../../../src/customers/repository.ts';
import { API } from '../../helpers/api.ts';
import { createTestApp, DATABASES } from '../../helpers/app.ts';
import { basicAuth, withUser } from '../../helpers/auth.ts';

describe.each(DATABASES)('authentication and login (%s)', (kind) => {
  let app: FastifyInstance;
  let adaId = 0;
  beforeAll(async () => {
    app = await createTestApp(kind);
    adaId = (await withUser(app, 'customer', 'ada', { email: 'Ada@Example.org', password: 'correct horse', firstName: 'Ada', lastName: 'Byron', phone: '01908 672352' })).id;
    await withUser(app, 'shop_manager', 'grace', { password: 'battery staple' });
  });
  afterAll(() => app.close());

  const login = (authorization?: string, query = '') =>
    app.inject({ method: 'POST', url: `${API}/login${query}`, headers: authorization ? { authorization } : {} });

  it.each([
    ['username', 'ada'],
    ['e-mail address (any case)', 'ada@example.org'],
    ['billing phone number', '01908 672352'],
  ])('logs in with the %s and the password', async (_what, identifier) => {
    const r = await login(basicAuth(identifier, 'correct horse'));
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      user_id: String(adaId),
      first_name: 'Ada',
      last_name: 'Byron',
      display_name: 'ada',
      role: 'Customer',
      avatar_urls: [],
      email: 'ada@example.org',
      extras: { jwt_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/), jwt_refresh: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/) },
      dev_note: expect.stringContaining('authenticate'),
    });
    expect(r.headers['cocart-version']).toBeDefined();
  });

  it('logs in with username and password in a JSON body (CoCart 4.7), a form body or the query string', async () => {
    const json = await app.inject({
      method: 'POST',
      url: `${API}/login`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'ada@example.org', password: 'correct horse' }),
    });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ user_id: String(adaId), email: 'ada@example.org' });
    const form = await app.inject({
      method: 'POST',
      url: `${API}/login`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'username=grace&password=battery+staple',
    });
    expect(form.json().role).toBe('Shop manager');
    const query = await app.inject({ method: 'POST', url: `${API}/login?username=grace&password=battery%20staple` });
    expect(query.json().role).toBe('Shop manager');
    const wrong = await app.inject({ method: 'POST', url: `${API}/login`, payload: { username: 'ada', password: 'wrong horse' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('cocart_authentication_error');
  });

  it('gives avatar URLs only when asked', async () => {
    const r = await login(basicAuth('ada', 'correct horse'), '?avatars=true');
    expect(Object.keys(r.json().avatar_urls)).toEqual(['24', '48', '96']);
  });

  it('answers a wrong password and an unknown login with the same 401, so accounts cannot be discovered', async () => {
    const wrong = await login(basicAuth('ada', 'wrong horse'));
    const unknown = await login(basicAuth('nobody', 'wrong horse'));
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().code).toBe('cocart_authentication_error');
  });

  it('refuses credentials with a missing half', async () => {
    const r = await login(basicAuth('ada', ''));
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe('cocart_authentication_error');
    const q = await app.inject({ method: 'POST', url: `${API}/login`, payload: { username: 'ada' } });
    expect(q.json().code).toBe('cocart_authentication_error');
  });

  it('checks credentials on every route, not only login', async () => {
    const bad = await app.inject({ url: `${API}/products/10`, headers: { authorization: basicAuth('ada', 'nope') } });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe('cocart_authentication_error');
    const good = await app.inject({ url: `${API}/products/10`, headers: { authorization: basicAuth('ada', 'correct horse') } });
    expect(good.statusCode).toBe(200);
  });

  it('without credentials, login is 401 cocart_rest_not_authorized', async () => {
    const r = await login();
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe('cocart_rest_not_authorized');
  });

  it('a new password takes effect at once, even for a login remembered a moment ago', async () => {
    const user = await withUser(app, 'customer', 'alan', { password: 'first password' });
    expect((await login(basicAuth('alan', 'first password'))).statusCode).toBe(200);
    await setPassword(app.runtime.database.db, user.id, 'second password', app.runtime.now());
    expect((await login(basicAuth('alan', 'first password'))).statusCode).toBe(401);
    expect((await login(basicAuth('alan', 'second password'))).statusCode).toBe(200);
  });

  it('logout answers true, for guests and users, on v1 and v2', async () => {
    for (const path of ['/wp-json/cocart/v2/logout', '/wp-json/cocart/v1/logout']) {
      const r = await app.inject({ method: 'POST', url: path, headers: { authorization: basicAuth('ada', 'correct horse') } });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toBe(true);
    }
    expect((await app.inject({ method: 'POST', url: `${API}/logout` })).json()).toBe(true);
  });
});

describe.each(DATABASES)('password guessing (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
    await withUser(app, 'customer', 'ada', { password: 'correct horse' });
  });
  afterAll(() => app.close());

  const attempt = (password: string, ip: string) =>
    app.inject({ method: 'POST', url: `${API}/login`, remoteAddress: ip, headers: { authorization: basicAuth('ada', password) } });

  it('after 20 failures from one address refuses its credentials unread, even the right ones; other addresses are unaffected', async () => {
    for (let i = 0; i < 20; i++) expect((await attempt(`guess ${i}`, '192.0.2.10')).statusCode).toBe(401);
    const locked = await attempt('correct horse', '192.0.2.10');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('rate_limit_exceeded');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await attempt('correct horse', '192.0.2.11')).statusCode).toBe(200);
    // Guests without credentials from that address are not affected.
    expect((await app.inject({ url: `${API}/store`, remoteAddress: '192.0.2.10' })).statusCode).toBe(200);
  });
});
