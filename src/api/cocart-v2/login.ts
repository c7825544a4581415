import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../runtime.ts';
import type { TokenService } from '../../customers/tokens.ts';
import type { User } from '../../customers/types.ts';
import { CocartError } from '../../errors.ts';
import { translator } from '../request-context.ts';
import { avatarUrls } from '../avatars.ts';
import { defineRoute } from '../route.ts';
import { ref } from '../openapi/schemas.ts';
import { REQUIRED_AUTH } from '../openapi/route-docs.ts';
import { escapeHtml } from '../serializers/html.ts';

/**
 * `POST /cocart/v2/login` and `/logout` (docs/wire-contract.md#login-and-logout). Login does not exchange
 * credentials: the request must already be authenticated, and the answer describes the user. Logout
 * forgets nothing stored: the customer's cart stays for their next visit.
 */

const ROLE_NAMES: Record<string, string> = { customer: 'Customer', shop_manager: 'Shop manager', administrator: 'Administrator' };

/** What login answers for `user`; registration answers it too, so a new customer is logged in at once. */
export async function loginAnswer(req: FastifyRequest, runtime: Runtime, tokens: TokenService, user: User, avatars = false): Promise<Record<string, unknown>> {
  // A token pair, so a browser storefront can drop the password (CoCart's JWT add-on puts them here too).
  const jwt = { jwt_token: await tokens.issue(user, 'access'), jwt_refresh: await tokens.issue(user, 'refresh') };
  const extras = runtime.hooks.applyFilters('cocart_login_extras', jwt, { id: user.id, username: user.username, email: user.email, role: user.role });
  return {
    user_id: String(user.id),
    first_name: user.firstName,
    last_name: user.lastName,
    display_name: escapeHtml(user.displayName),
    role: ROLE_NAMES[user.role] ?? user.role,
    avatar_urls: avatars ? avatarUrls(user.email) : [],
    email: user.email,
    extras,
    dev_note: translator(req)("Don't forget to store the users login information in order to authenticate all other routes with CoCart."),
  };
}

export function registerLoginRoutes(app: FastifyInstance, runtime: Runtime, tokens: TokenService): void {
  defineRoute(app, {
    method: 'POST',
    url: '/cocart/v2/login',
    summary: 'Describe the authenticated user (send credentials with Basic authentication)',
    tags: ['Authentication'],
    args: Type.Object({ avatars: Type.Optional(Type.Boolean({ default: false })) }),
    security: REQUIRED_AUTH,
    response: { 200: ref('LoginAnswer') },
    handler: async (req, _reply, args) => {
      const user = req.user;
      if (!user) throw new CocartError('cocart_rest_not_authorized', 'unauthenticated', 'Sorry, you are not allowed to log in. Please check your authentication details.');
      return loginAnswer(req, runtime, tokens, user, args.avatars === true);
    },
  });

  for (const version of ['v1', 'v2']) {
    defineRoute(app, {
      method: 'POST',
      url: `/cocart/${version}/logout`,
      summary: 'Log out (the stored cart is kept)',
      tags: ['Authentication'],
      response: { 200: Type.Boolean({ description: 'Always true' }) },
      handler: async (req) => {
        if (req.user) await runtime.hooks.doAction('cocart_logout', { id: req.user.id });
        return true;
      },
    });
  }
}
