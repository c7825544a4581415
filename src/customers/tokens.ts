import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { SignJWT, jwtVerify } from 'jose';
import type { Database } from '../db/schema.ts';
import { findUser } from './repository.ts';
import type { User } from './types.ts';

/**
 * JSON Web Tokens, as CoCart's JWT add-on (2.x) offers them, so a browser storefront need not hold
 * a password: an access token (10 days) and a refresh token (30 days), HS256, carrying the user id
 * and the user's token version and nothing secret. Raising the token version (logout, new password)
 * revokes every token issued before. The signing secret is JWT_SECRET, else one generated on first
 * use and kept in the database, so every node shares it.
 */

const ACCESS_SECONDS = 10 * 86400;
const REFRESH_SECONDS = 30 * 86400;
const ISSUER = 'cartwright';

export type TokenKind = 'access' | 'refresh';

export class TokenService {
  private secret: Uint8Array | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly configured: string | null,
  ) {}

  private async key(): Promise<Uint8Array> {
    if (this.secret) return this.secret;
    let value = this.configured;
    if (!value) {
      await this.db
        .insertInto('options')
        .values({ name: 'jwt_secret', value: randomBytes(48).toString('base64') })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      value = (await this.db.selectFrom('options').select('value').where('name', '=', 'jwt_secret').executeTakeFirstOrThrow()).value;
    }
    this.secret = new TextEncoder().encode(value);
    return this.secret;
  }

  async issue(user: User, kind: TokenKind, now = Math.floor(Date.now() / 1000)): Promise<string> {
    return new SignJWT({ ver: user.tokenVersion, typ: kind })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(user.id))
      .setIssuer(ISSUER)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + (kind === 'access' ? ACCESS_SECONDS : REFRESH_SECONDS))
      .setJti(randomUUID())
      .sign(await this.key());
  }

  /** The user a token of this kind speaks for, or null when it is invalid, expired or revoked. */
  async verify(token: string, kind: TokenKind): Promise<User | null> {
    try {
      const { payload } = await jwtVerify(token, await this.key(), { issuer: ISSUER, algorithms: ['HS256'] });
      if (payload.typ !== kind || typeof payload.sub !== 'string' || !/^\d+$/.test(payload.sub)) return null;
      const user = await findUser(this.db, Number(payload.sub));
      return user && user.tokenVersion === payload.ver ? user : null;
    } catch {
      return null;
    }
  }

  /** Every token of the user issued so far stops working. */
  async revokeAll(userId: number): Promise<void> {
    await this.db.updateTable('users').set((eb) => ({ token_version: eb('token_version', '+', 1) })).where('id', '=', userId).execute();
  }
}
