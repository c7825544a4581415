import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { User } from '../../../src/customers/types.ts';
import { COCART } from '../../helpers/api.ts';
import { createTestApp, DATABASES } from '../../helpers/app.ts';
import { withUser } from '../../helpers/auth.ts';

/**
 * Tokens an attacker makes, knowing how Cartwright's are built (and, for the worst case, even its
 * secret): only HS256 signed with the secret, by this issuer, in date, of the right kind and version,
 * is taken. `alg: none`, another algorithm with the same secret, a wrong issuer or an expired token are
 * refused with 401 cocart_jwt_authentication_error.
 */

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';

describe.each(DATABASES)('JWT forgery (%s)', (kind) => {
  let app: FastifyInstance;
  let user: User;
  const now = Math.floor(Date.now() / 1000);
  beforeAll(async () => {
    app = await createTestApp(kind, { env: { JWT_SECRET: SECRET } });
    user = await withUser(app, 'customer', 'forged');
  });
  afterAll(() => app.close());

  const claims = () => ({ ver: user.tokenVersion, typ: 'access' });
  const signed = (alg: string, edit: (jwt: SignJWT) => SignJWT = (j) => j) =>
    edit(new SignJWT(claims()).setProtectedHeader({ alg, typ: 'JWT' }).setSubject(String(user.id)).setIssuer('cartwright').setIssuedAt(now).setNotBefore(now).setExpirationTime(now + 600)).sign(
      new TextEncoder().encode(SECRET),
    );
  const cart = (token: string) => app.inject({ url: `${COCART}/v2/cart`, headers: { authorization: `Bearer ${token}` } });

  it('takes a token made exactly as the server makes them (the control)', async () => {
    const r = await cart(await signed('HS256'));
    expect(r.statusCode, r.body).toBe(200);
  });

  it('refuses alg none, another algorithm, a wrong issuer, an expired token and a future one', async () => {
    const none = new UnsecuredJWT(claims()).setSubject(String(user.id)).setIssuer('cartwright').setIssuedAt(now).setExpirationTime(now + 600).encode();
    const forged = [
      none,
      await signed('HS512'),
      await signed('HS384'),
      await signed('HS256', (j) => j.setIssuer('someone-else')),
      await signed('HS256', (j) => j.setIssuedAt(now - 7200).setNotBefore(now - 7200).setExpirationTime(now - 3600)),
      await signed('HS256', (j) => j.setNotBefore(now + 3600)),
    ];
    for (const token of forged) {
      const r = await cart(token);
      expect(r.statusCode, token).toBe(401);
      expect(r.json()).toMatchObject({ code: 'cocart_jwt_authentication_error', data: { status: 401 } });
    }
  });
});
