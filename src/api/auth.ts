import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Authenticator } from '../customers/authenticator.ts';
import type { TokenService } from '../customers/tokens.ts';
import type { Counters } from '../security/counters.ts';
import type { User } from '../customers/types.ts';
import { CocartError } from '../errors.ts';

/**
 * Who is calling (docs/wire-contract.md#authentication): HTTP Basic credentials, else `username` + `password`
 * request parameters; the login may be a username, an e-mail address or a billing phone number.
 * No credentials means a guest. Bad credentials stop the request with 401 before the route runs,
 * with one message whether the login or the password was wrong.
 */

declare module 'fastify' {
  interface FastifyRequest {
    user: User | null;
  }
}

function basicCredentials(req: FastifyRequest): { login: string; password: string } | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !/^basic\s+/i.test(header)) return null;
  const decoded = Buffer.from(header.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { login: decoded, password: '' };
  return { login: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function paramCredentials(req: FastifyRequest): { login: string; password: string } | null {
  const sources = [req.body, req.query] as Record<string, unknown>[];
  for (const source of sources) {
    if (!source || typeof source !== 'object') continue;
    const login = source.username;
    const password = source.password;
    if (login === undefined && password === undefined) continue;
    return { login: typeof login === 'string' ? login : '', password: typeof password === 'string' ? password : '' };
  }
  return null;
}

/** WordPress's `rest_authorization_required_code()`: 401 for a guest, 403 for a logged-in user. */
export function deniedKind(req: FastifyRequest): 'unauthenticated' | 'forbidden' {
  return req.user ? 'forbidden' : 'unauthenticated';
}

export function authenticationError(): CocartError {
  return new CocartError('cocart_authentication_error', 'unauthenticated', 'Authentication is invalid. Please check the authentication information is correct and try again.');
}

/** Failed logins one address may make in a window before its credentials are refused unread. */
const MAX_FAILURES = 20;
const FAILURE_WINDOW_MS = 15 * 60_000;

export function registerAuthentication(app: FastifyInstance, authenticator: Authenticator, tokens: TokenService, counters: Counters): void {
  app.decorateRequest('user', null);
  app.addHook('preHandler', async (req, reply) => {
    // A batch's sub-requests act as whoever sent the batch; their own headers authenticate nobody.
    if (req.batch) return;
    const bearer = /^bearer\s+(.+)$/i.exec(String(req.headers.authorization ?? ''));
    if (bearer) {
      const user = await tokens.verify(bearer[1].trim(), 'access');
      if (!user) throw new CocartError('cocart_jwt_authentication_error', 'unauthenticated', 'The token is not valid, has expired or was revoked.');
      req.user = user;
      return;
    }
    const credentials = basicCredentials(req) ?? paramCredentials(req);
    if (!credentials) return;
    // Password guessing: past too many failures from one address, credentials are refused unread.
    const failures = `authfail:${createHash('md5').update(req.ip).digest('hex')}`;
    const window = await counters.peek(failures);
    if (window.count >= MAX_FAILURES) {
      const retry = String(Math.max(1, Math.ceil(window.resetsInMs / 1000)));
      reply.header('retry-after', retry);
      throw new CocartError('rate_limit_exceeded', 'rate_limited', 'Too many requests. Please wait %s seconds before trying again.', [retry]);
    }
    const user = credentials.login && credentials.password ? await authenticator.authenticate(credentials.login, credentials.password) : null;
    if (!user) {
      await counters.hit(failures, FAILURE_WINDOW_MS);
      throw authenticationError();
    }
    req.user = user;
  });
}
