import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { refusedOn, type CartRequest, type CartResult } from '../cart/service.ts';
import type { User } from '../customers/types.ts';
import type { RequestContext } from '../hooks/request-context.ts';
import type { Runtime } from '../runtime.ts';
import { sanitizeKey, type Session, type SessionHead } from '../sessions/store.ts';
import { storeCurrency } from '../settings/currency.ts';
import { currencyObject, itemTotalPresenter, moneyMode, presenter } from './money.ts';
import { CACHE_STATUS, skipsCache } from './conditional-get.ts';
import { apiRoot, requestContext, translator } from './request-context.ts';
import { serializeCart, showsNotices, type CartShape, type CartView } from './serializers/cart.ts';

/**
 * The HTTP side of the cart: turns a request into the cart service's plain `CartRequest`, and the
 * service's result into headers and the one serializer's body. Every cart answer (refusals included)
 * carries the cart key and expiry headers once a cart exists.
 */

/** How an answer shows money: `config[prices]=preformatted`, `prices=formatted`, or the store's mode. */
export type Money = NonNullable<RequestContext['money']>;

/** Seconds between "expiring" and expiry: CoCart's 6-day threshold on a 7-day life. */
const EXPIRING_MARGIN = 86400;

/**
 * How much rendered cart text a node keeps: a few KB a cart, so a few thousand carts. Bounded by size
 * rather than count, so that large carts cannot make it grow past what the memory budget allows.
 */
const RENDERED_CHARS = 8 * 1024 * 1024;

export class CartResponder {
  /**
   * Rendered `GET /cart` bodies with their ETag, one per cart and representation: a cart's new revision
   * replaces its older body, which no request could match again. The ETag names everything a body
   * depends on (cart key and revision, URL, language, catalogue snapshot and sale epoch, settings), and
   * the revision is read from the database on every request, so a hit is always what rendering would
   * produce now. The oldest are dropped first.
   */
  private readonly rendered = new Map<string, { etag: string; text: string }>();
  private renderedChars = 0;

  constructor(private readonly runtime: Runtime) {}

  /** The cart request `req` makes; a batch's sub-request works on its batch's cart, as its caller. */
  request(req: FastifyRequest, showNotices = false): CartRequest {
    const { headers } = req;
    const salt = headers['x-cocart-salt'] ?? headers.csaltk;
    const context = requestContext(req);
    const key = requestedKey(req);
    // A batch checks the outer request's If-Match once, against the cart as the batch found it.
    if (req.batch) return { key, showNotices, salt: typeof salt === 'string' ? salt : undefined, context, caller: req.batch.caller, storage: req.batch.scope };
    const actAs = headers['cocart-api-customer'];
    const ifMatch = headers['if-match'];
    return {
      key,
      showNotices,
      salt: typeof salt === 'string' ? salt : undefined,
      context,
      caller: { user: req.user, actAs: typeof actAs === 'string' ? actAs : undefined },
      ifMatch: typeof ifMatch === 'string' ? ifMatch : undefined,
      alongside: req.idempotency?.alongside,
    };
  }

  /** How money is shown in this answer. */
  money(formatted: boolean): Money {
    const settings = this.runtime.settings.get();
    const mode = moneyMode(formatted || settings.cart.cart_prices === 'formatted', settings);
    const currency = storeCurrency(settings);
    const present = presenter(mode, currency);
    return { present, presentItemTotal: itemTotalPresenter(mode, currency, present) };
  }

  view(req: FastifyRequest, thumb: boolean, money: Money): CartView {
    const settings = this.runtime.settings.get();
    // A fresh context each call, so the money can be set on it rather than copied into another object.
    const request = requestContext(req);
    request.money = money;
    return {
      catalog: this.runtime.catalog.current(),
      settings,
      hooks: this.runtime.hooks,
      request,
      now: this.runtime.now(),
      currency: currencyObject(storeCurrency(settings)),
      t: translator(req),
      unitPrice: this.runtime.policies.unitPrice(),
      thumb,
      hasShippingMethods: this.runtime.rules.current(settings.store.num_decimals).shippingZones.some((z) => z.methods.some((m) => m.enabled)),
      placeholder: `${apiRoot(req, this.runtime).replace(/\/wp-json$/, '')}/assets/placeholder.svg`,
    };
  }

  setHeaders(reply: FastifyReply, session: SessionHead | Session | null, actingFor: User | null): void {
    if (actingFor) reply.header('cocart-api-customer', String(actingFor.id));
    if (!session) return;
    reply.header('cocart-api-cart-key', session.key);
    reply.header('cocart-api-cart-expiring', String(session.expiry - EXPIRING_MARGIN));
    reply.header('cocart-api-cart-expiration', String(session.expiry));
  }

  /** The headers of a result; its body is the caller's to shape. */
  headers(reply: FastifyReply, result: CartResult<unknown>): void {
    this.setHeaders(reply, result.session, result.actingFor);
  }

  /** A refused cart request still names the cart it was refused on. */
  registerRefusalHeaders(app: FastifyInstance): void {
    app.addHook('onError', (_req, reply, error, done) => {
      const on = refusedOn(error);
      if (on) this.setHeaders(reply, on.session, on.actingFor);
      done();
    });
  }

  /**
   * `GET /cart`: answers from the rendered copy when the cart has not changed since it was rendered
   * (one small row read), otherwise reads, renders and keeps the result. Answers that show notices
   * are never kept: notices are shown once.
   */
  async readRendered(req: FastifyRequest, reply: FastifyReply, shape: CartShape, thumb: boolean, money: Money): Promise<unknown> {
    const { carts } = this.runtime;
    const request = this.request(req, showsNotices(shape));
    const found = await carts.head(request);
    const { head, actingFor } = found;
    if (head && !(request.showNotices && head.pendingNotices) && !skipsCache(req)) {
      const etag = carts.etag(request.context, head);
      const hit = this.rendered.get(renderedSlot(head.key, etag));
      if (hit?.etag === etag) {
        this.setHeaders(reply, await carts.touch(head), actingFor);
        reply.header('etag', etag);
        // The conditional-GET hook turns this into a 304 when the client already holds it.
        return reply.type('application/json; charset=utf-8').send(hit.text);
      }
    }
    const result = await carts.read(request, found);
    this.headers(reply, result);
    const body = this.render(req, reply, result, shape, thumb, money);
    if (result.session && !result.payload.notices.length && reply.statusCode === 200) {
      const text = JSON.stringify(body);
      this.keepRendered(result.session.key, carts.etag(request.context, result.session), text);
      return reply.type('application/json; charset=utf-8').send(text);
    }
    return body;
  }

  private keepRendered(key: string, etag: string, text: string): void {
    const slot = renderedSlot(key, etag);
    const previous = this.rendered.get(slot);
    if (previous) {
      this.renderedChars -= previous.text.length;
      this.rendered.delete(slot);
    }
    this.rendered.set(slot, { etag, text });
    this.renderedChars += text.length;
    for (const [oldest, { text: dropped }] of this.rendered) {
      if (this.renderedChars <= RENDERED_CHARS) break;
      this.rendered.delete(oldest);
      this.renderedChars -= dropped.length;
    }
  }

  /**
   * Renders the cart, with an ETag that changes with the cart, the catalogue, the settings and the
   * language. A body that shows notices gets an ETag of its own kind (notices show once, so no later
   * body equals it), which still names the cart version for `If-Match`, and is never answered 304.
   */
  render(req: FastifyRequest, reply: FastifyReply, result: CartResult<unknown>, shape: CartShape, thumb: boolean, money: Money): unknown {
    const body = serializeCart(this.view(req, thumb, money), result.payload, shape);
    const withNotices = result.payload.notices.length > 0;
    reply.header('etag', this.runtime.carts.etag(requestContext(req), result.session, withNotices ? 'notices' : ''));
    if (withNotices && !skipsCache(req)) reply.header(CACHE_STATUS, 'MISS');
    return body;
  }
}

/** Where a rendered body is kept: its cart and the representation part of its ETag (`"<version>.<representation>"`). */
function renderedSlot(key: string, etag: string): string {
  return `${key}${etag.slice(etag.indexOf('.'))}`;
}

/** The cart key a request names: `CoCart-API-Cart-Key` header, else `cart_key` from the query string or a form body (never JSON). */
export function requestedKey(req: FastifyRequest): string {
  const header = req.headers['cocart-api-cart-key'];
  if (typeof header === 'string' && header.trim()) return sanitizeKey(header);
  const query = (req.query as Record<string, unknown> | undefined)?.cart_key;
  if (typeof query === 'string' && query) return sanitizeKey(query);
  if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    const form = (req.body as Record<string, unknown> | undefined)?.cart_key;
    if (typeof form === 'string') return sanitizeKey(form);
  }
  return '';
}
