import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { priceCart } from '../../cart/price-cart.ts';
import { isManager } from '../../customers/types.ts';
import { CocartError } from '../../errors.ts';
import type { JsonObject } from '../../hooks/types.ts';
import type { Runtime } from '../../runtime.ts';
import { SESSION_ORDER_COLUMNS, sanitizeKey, type Session } from '../../sessions/store.ts';
import type { CartResponder } from '../cart-responder.ts';
import { paginate } from '../pagination.ts';
import { apiRoot, origin, requestContext, translator } from '../request-context.ts';
import { defineRoute, jsonString } from '../route.ts';
import { ref } from '../openapi/schemas.ts';
import { deniedKind } from '../auth.ts';
import { sameSecret } from '../../security/secrets.ts';
import { cartShape, serializeCart, serializeItem } from '../serializers/cart.ts';

/**
 * Sessions API (docs/wire-contract.md#sessions-api): carts in session, for administrators and shop
 * managers, by CoCart 4.x's paths and Starter v5's. When the store requires an access token it is
 * checked first, as an extra gate, never instead of the role.
 */

const TAGS = ['Sessions'];
const SessionKey = Type.String({ pattern: '^\\w+$' });

/** What a session shows of its cart, by Beta 1's `response` preset: the Cart API's item and totals shapes. */
const SESSION_PRESETS: Record<string, string[]> = {
  default: ['cart_key', 'customer', 'items', 'item_count', 'items_weight', 'coupons', 'fees', 'totals', 'needs_payment', 'removed_items'],
  digital: ['cart_key', 'customer.billing_address', 'items', 'item_count', 'coupons', 'totals', 'needs_payment'],
  digital_fees: ['cart_key', 'customer.billing_address', 'items', 'item_count', 'coupons', 'fees', 'totals', 'needs_payment'],
  removed_items: ['cart_key', 'removed_items'],
  /**
   * Cartwright's addition, for the dashboard: the default and what a member of staff looking at a cart
   * also needs: its shipping (the chosen method of each package) and the notices
   * waiting for the shopper (shown here without being cleared).
   */
  full: ['cart_key', 'customer', 'items', 'item_count', 'items_weight', 'coupons', 'needs_shipping', 'shipping', 'fees', 'totals', 'needs_payment', 'removed_items', 'notices'],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;


function authorise(runtime: Runtime, req: FastifyRequest): void {
  const general = runtime.settings.get().general;
  if (general.require_access_token && general.access_token) {
    const given = req.headers['x-cocart-access-token'];
    if (typeof given !== 'string' || !UUID.test(given)) {
      throw new CocartError('cocart_rest_invalid_token', deniedKind(req), 'The access token is missing or is not valid.');
    }
    if (!sameSecret(given.toLowerCase(), general.access_token.toLowerCase())) {
      throw new CocartError('cocart_rest_permission_denied', deniedKind(req), 'The access token does not match.');
    }
  }
  if (!isManager(req.user)) {
    throw new CocartError('cocart_rest_cannot_view', deniedKind(req), 'Sorry, you cannot list resources.');
  }
}

/** `MM/DD/YYYY HH:MM:SS`, UTC, as the Sessions API shows times. */
function sessionDate(unix: number): string {
  const d = new Date(unix * 1000).toISOString();
  return `${d.slice(5, 7)}/${d.slice(8, 10)}/${d.slice(0, 4)} ${d.slice(11, 19)}`;
}

function summary(req: FastifyRequest, runtime: Runtime, s: Session): JsonObject {
  const billing = s.cart.customer.billing;
  return {
    cart_id: String(s.id),
    cart_key: s.key,
    customers_name: [billing.first_name, billing.last_name].filter(Boolean).join(' '),
    customers_email: billing.email,
    cart_created: sessionDate(s.created),
    cart_expiry: sessionDate(s.expiry),
    cart_source: s.source,
    link: `${apiRoot(req, runtime)}/cocart/v2/session/${s.key}`,
  };
}

/** At most this many products named like a search term are looked for in carts. */
const MAX_SEARCH_PRODUCTS = 100;

/** The products (not variations: a cart line names its parent) whose names contain `term`, any case. */
function productsNamed(runtime: Runtime, term: string): number[] {
  const needle = term.trim().toLowerCase();
  if (!needle) return [];
  const ids: number[] = [];
  for (const p of runtime.catalog.current().products.values()) {
    if (p.type !== 'variation' && p.name.toLowerCase().includes(needle)) ids.push(p.id);
    if (ids.length >= MAX_SEARCH_PRODUCTS) break;
  }
  return ids;
}

export function registerSessionRoutes(app: FastifyInstance, runtime: Runtime, responder: CartResponder): void {
  const load = async (req: FastifyRequest, key: string): Promise<Session> => {
    authorise(runtime, req);
    const clean = sanitizeKey(key);
    if (!clean) throw new CocartError('cocart_session_key_missing', 'not_found', 'Session key is required!');
    const session = await runtime.sessions.inspect(clean);
    if (!session) throw new CocartError('cocart_cart_in_session_not_valid', 'not_found', 'Cart in session is not valid!');
    return session;
  };

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/sessions',
    summary: 'Carts in session, paged and ordered',
    tags: TAGS,
    response: { 200: ref('SessionList') },
    args: Type.Object({
      page: Type.Integer({ minimum: 1, default: 1 }),
      per_page: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
      order: Type.Union(['ASC', 'DESC', 'asc', 'desc'].map((v) => Type.Literal(v)), { default: 'DESC' }),
      orderby: Type.Union(Object.keys(SESSION_ORDER_COLUMNS).map((v) => Type.Literal(v)), { default: 'cart_created' }),
      /** Cartwright's addition: part of a cart key or of the cart (customer name, e-mail, an item's name). */
      search: Type.Optional(Type.String({ maxLength: 200 })),
      /** Cartwright's addition: only the carts of this customer (user ID). */
      customer: Type.Optional(Type.Integer({ minimum: 1 })),
    }),
    handler: async (req, reply, args) => {
      authorise(runtime, req);
      const { total, sessions } = await runtime.sessions.list({
        offset: (args.page - 1) * args.per_page,
        limit: args.per_page,
        orderBy: args.orderby as keyof typeof SESSION_ORDER_COLUMNS,
        order: String(args.order).toLowerCase() as 'asc' | 'desc',
        search: args.search,
        searchProductIds: args.search ? productsNamed(runtime, args.search) : undefined,
        customerId: args.customer,
      });
      if (!total) throw new CocartError('cocart_no_carts_in_session', 'not_found', 'No carts in session!');
      const page = paginate(req, reply, origin(req, runtime), total, args.page, args.per_page, 'cocart_sessions_invalid_page_number');
      return {
        sessions: sessions.map((s) => summary(req, runtime, s)),
        page: args.page,
        total_pages: page.totalPages,
        total_sessions: total,
        ...(page.prev ? { prev: page.prev } : {}),
        ...(page.next ? { next: page.next } : {}),
      };
    },
  });

  const sessionArgs = Type.Object({
    response: Type.Optional(Type.Union(Object.keys(SESSION_PRESETS).map((v) => Type.Literal(v)))),
    prices: Type.Optional(Type.Union([Type.Literal('raw'), Type.Literal('formatted')])),
    thumb: Type.Optional(Type.Boolean({ default: false })),
  });

  const render = async (req: FastifyRequest, session: Session, preset: string, thumb: boolean, formatted: boolean) => {
    const shopper = session.customerId === null ? null : await runtime.carts.shopperFor(session.customerId);
    const priced = priceCart(session.cart, runtime.catalog.current(), runtime.now(), runtime.carts.pricing(), shopper);
    const view = { ...responder.view(req, thumb, responder.money(formatted)), totalsHook: 'cocart_session_totals' as const };
    // Every totals key, as in CoCart's session response (no fees/shipping field rule here).
    const shape = { ...cartShape(SESSION_PRESETS[preset].join(','), undefined), listed: null };
    const out = serializeCart(view, { priced, key: session.key, notices: session.cart.notices }, shape) as JsonObject;
    return { priced, view, body: runtime.hooks.applyFilters('cocart_session', out, requestContext(req)) };
  };

  /**
   * One cart in session, by its key: today's `session/{session_key}` and Starter v5's `sessions/{id}`
   * (the same key under another name) answer alike.
   */
  const oneSession = [
    { url: '/cocart/v2/session/:session_key', path: Type.Object({ session_key: SessionKey }), v5: '' },
    { url: '/cocart/v2/sessions/:id', path: Type.Object({ id: SessionKey }), v5: ' (Starter v5)' },
  ];
  const key = (args: { session_key?: string; id?: string }) => args.session_key ?? args.id ?? '';
  for (const { url, path, v5 } of oneSession) {
    defineRoute(app, {
      method: 'GET',
      url,
      summary: `One cart in session (its expiry is not touched)${v5}`,
      tags: TAGS,
      response: { 200: ref('Session') },
      path,
      args: sessionArgs,
      handler: async (req, _reply, args) => {
        const session = await load(req, key(args));
        return (await render(req, session, args.response ?? 'default', args.thumb === true, args.prices === 'formatted')).body;
      },
    });

    defineRoute(app, {
      method: 'GET',
      url: `${url}/items`,
      summary: `The items of one cart in session${v5}`,
      tags: TAGS,
      response: { 200: Type.Array(ref('CartItem')) },
      path,
      args: sessionArgs,
      handler: async (req, _reply, args) => {
        const session = await load(req, key(args));
        const { priced, view } = await render(req, session, 'default', args.thumb === true, args.prices === 'formatted');
        return priced.lines.map((l) => serializeItem(view, l));
      },
    });

    defineRoute(app, {
      method: 'DELETE',
      url,
      summary: `Delete a cart in session${v5}`,
      tags: TAGS,
      response: { 200: Type.String({ description: 'A confirmation message' }) },
      path,
      handler: async (req, reply, args) => {
        authorise(runtime, req);
        const clean = sanitizeKey(key(args));
        if (!clean) throw new CocartError('cocart_session_key_missing', 'not_found', 'Session key is required!');
        if (!(await runtime.sessions.delete(clean))) throw new CocartError('cocart_session_not_valid', 'not_found', 'Session is not valid!');
        return jsonString(reply, translator(req)('Session has been deleted.'));
      },
    });
  }
}
