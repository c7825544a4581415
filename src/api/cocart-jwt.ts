import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TokenService } from '../customers/tokens.ts';
import { CocartError } from '../errors.ts';
import type { Runtime } from '../runtime.ts';
import { defineRoute } from './route.ts';
import { ref } from './openapi/schemas.ts';
import { BEARER_AUTH } from './openapi/route-docs.ts';

/**
 * JWT routes (namespace `cocart/jwt`, as CoCart's JWT add-on 2.x): refresh a token pair and check a
 * token. Tokens are issued in the login response's `extras` and sent as `Authorization: Bearer …`;
 * logging out revokes the user's tokens.
 */
const TAGS = ['Authentication'];

export function registerJwtRoutes(app: FastifyInstance, runtime: Runtime, tokens: TokenService): void {
  runtime.hooks.addAction('cocart_logout', async (user) => {
    if (typeof user.id === 'number') await tokens.revokeAll(user.id);
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/jwt/refresh-token',
    summary: 'Exchange a refresh token for a new token pair',
    tags: TAGS,
    security: [{}],
    response: { 200: ref('TokenPair') },
    args: Type.Object({ refresh_token: Type.String({ minLength: 1 }) }),
    handler: async (_req, _reply, args) => {
      const user = await tokens.verify(args.refresh_token, 'refresh');
      if (!user) throw new CocartError('cocart_jwt_authentication_error', 'unauthenticated', 'The token is not valid, has expired or was revoked.');
      return { token: await tokens.issue(user, 'access'), refresh_token: await tokens.issue(user, 'refresh') };
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/cocart/jwt/validate-token',
    summary: 'Check the Bearer token of this request',
    tags: TAGS,
    security: BEARER_AUTH,
    response: { 200: ref('TokenValidation') },
    handler: async (req) => {
      if (!req.user) throw new CocartError('cocart_jwt_authentication_error', 'unauthenticated', 'The token is not valid, has expired or was revoked.');
      return { code: 'cocart_jwt_valid_token', message: 'Token is valid.', data: { status: 200, user_id: String(req.user.id) } };
    },
  });
}
