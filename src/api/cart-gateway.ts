import { createHash } from 'node:crypto';
import { sameSecret } from '../security/secrets.ts';
import { deniedKind } from './auth.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Product } from '../catalog/types.ts';
import { maxPurchaseQuantity, minPurchaseQuantity } from '../catalog/stock.ts';
import type { CartContext, Pricing, Shopper } from '../cart/context.ts';
import { formatMoney } from '../commerce/money.ts';
import { priceCart, type PricedCart } from '../cart/price-cart.ts';
import { emptyCart, isCompletelyEmpty, type Cart, type Notice } from '../cart/types.ts';
import { validateCart } from '../cart/validate-cart.ts';
import { dropInvalidCoupons } from '../cart/check-coupons.ts';
import type { JsonObject } from '../hooks/types.ts';
import type { Runtime } from '../runtime.ts';
import { findUser } from '../customers/repository.ts';
import { isManager, type User } from '../customers/types.ts';
import { sanitizeKey, type Owner, type Session, type SessionHead, type SessionStore } from '../sessions/store.ts';
import { mergeCarts } from '../cart/merge-carts.ts';
import { currencyObject, itemTotalPresenter, moneyMode, presenter, storeCurrency, type Present } from './money.ts';
import { apiRoot, translator } from './request-context.ts';
import { serializeCart, showsNotices, type CartPayload, type CartShape, type CartView } from './serializers/cart.ts';
import { CocartError } from '../errors.ts';
import { currentBatch } from './batch-scope.ts';

/**
 * Between a cart route and the session store: finds the request's cart, runs a use case on it under
 * the row's lock, and hands the result to the one cart serializer. Every cart response (errors
 * included) carries the cart key and expiry headers once a cart exists.
 */

declare module 'fastify' {
  interface FastifyRequest {
    /** How this response shows money; read by the built-in money filters at priority 99. */
    present: Present | null;
    /** How it shows an item's subtotal_tax, total and tax (differs only in released-4.x mode). */
    presentItemTotal: Present | null;
    /** The customer a member of staff works for (CoCart-API-Customer), if any. */
    actingFor: User | null;
  }
}

export interface CartResult<T = undefined> {
  session: Session | null;
  payload: CartPayload;
  value: T;
}

/** The cart a request works on: its key ('' for none yet) and, for a customer, who a new one belongs to. */
export interface Target {
  key: string;
  owner: Owner | null;
}

export interface Mutation<T> {
  cart: Cart;
  value: T;
  /** Store the cart even when it is completely empty (create-cart). */
  persistEmpty?: boolean;
}

/** Seconds between "expiring" and expiry: CoCart's 6-day threshold on a 7-day life. */
const EXPIRING_MARGIN = 86400;

/** How many rendered cart responses a node keeps (a few KB each). */
const RENDERED_CARTS = 5000;

export class CartGateway {
  /**
   * Rendered `GET /cart` bodies by ETag. The ETag names everything a body depends on (cart key and
   * revision, URL, language, catalogue snapshot and sale epoch, settings), and the revision is read
   * from the database on every request, so a hit is always what rendering would produce now.
   */
  private readonly rendered = new Map<string, string>();

  constructor(
    private readonly runtime: Runtime,
    private readonly store: SessionStore,
  ) {}

  context(req: FastifyRequest): CartContext {
    const { runtime } = this;
    const settings = runtime.settings.get();
    const hooks = runtime.hooks;
    const catalog = runtime.catalog.current();
    return {
      catalog,
      now: runtime.now(),
      pricing: pricingOf(runtime),
      shopper: shopperOf(req.actingFor ?? req.user),
      decimals: settings.store.num_decimals,
      limits: (product: Product) => ({
        min: hooks.applyFilters('cocart_quantity_minimum_requirement', minPurchaseQuantity(product), product),
        max: hooks.applyFilters('cocart_quantity_maximum_allowed', maxPurchaseQuantity(product, catalog.stockOf(product)), product),
      }),
      mayOverridePrice: (product: Product) => mayOverridePrice(runtime, req, product),
      allowQuantityUpdate: (line, quantity) =>
        hooks.applyFilters('cocart_update_cart_validation', true, line.key, { ...line } as unknown as JsonObject, quantity),
    };
  }

  /** Sets up how money is shown in this response (`config[prices]=preformatted`, `prices=formatted`, compat_money). */
  prepareMoney(req: FastifyRequest, formatted: boolean): void {
    const settings = this.runtime.settings.get();
    const mode = moneyMode(formatted || settings.cart.cart_prices === 'formatted', settings);
    const currency = storeCurrency(settings);
    req.present = presenter(mode, currency);
    req.presentItemTotal = itemTotalPresenter(mode, currency, req.present);
  }

  view(req: FastifyRequest, thumb: boolean): CartView {
    const settings = this.runtime.settings.get();
    return {
      catalog: this.runtime.catalog.current(),
      settings,
      hooks: this.runtime.hooks,
      request: req,
      now: this.runtime.now(),
      currency: currencyObject(storeCurrency(settings)),
      t: translator(req),
      thumb,
      hasShippingMethods: this.runtime.rules.current(settings.store.num_decimals).shippingZones.some((z) => z.methods.some((m) => m.enabled)),
      placeholder: `${apiRoot(req, this.runtime).replace(/\/wp-json$/, '')}/assets/placeholder.svg`,
    };
  }

  setHeaders(reply: FastifyReply, session: SessionHead | Session | null): void {
    if (reply.request.actingFor) reply.header('cocart-api-customer', String(reply.request.actingFor.id));
    if (!session) return;
    reply.header('cocart-api-cart-key', session.key);
    reply.header('cocart-api-cart-expiring', String(session.expiry - EXPIRING_MARGIN));
    reply.header('cocart-api-cart-expiration', String(session.expiry));
  }

  /**
   * Which cart a request means. A guest's is the one its key names. A customer's is their own: a
   * guest key sent with their credentials hands that guest cart over to them first (merging as the
   * store's strategy says), and a key of anyone else's cart is refused.
   */
  async target(req: FastifyRequest): Promise<Target> {
    // A batch's sub-request works on the cart the batch resolved once from the outer request.
    const batch = currentBatch(req);
    if (batch) return { key: batch.current?.key ?? '', owner: batch.newCart.owner };
    const requested = requestedKey(req);
    const user = req.user;
    const acting = await this.actingFor(req);
    if (acting !== null) {
      // Staff working on a customer's cart: always that customer's own cart.
      const own = await this.store.findOwned(acting);
      return { key: own?.key ?? '', owner: { userId: user!.id, customerId: acting } };
    }
    if (!user) return { key: requested, owner: null };
    const owner: Owner = { userId: user.id, customerId: user.id };
    if (requested) {
      const head = await this.store.peek(requested);
      if (head && head.customerId === null) {
        const { hooks } = this.runtime;
        const strategy = this.runtime.settings.get().cart.merge_strategy;
        const merged = await this.store.handOver(requested, owner, (guest, own) =>
          hooks.applyFilters('cartwright_merge_carts', mergeCarts(strategy, guest, own), guest, own, strategy),
        );
        return { key: merged?.key ?? '', owner };
      }
      if (head && head.customerId !== user.id) throw needsAuthentication();
    }
    const own = await this.store.findOwned(user.id);
    return { key: own?.key ?? '', owner };
  }

  /** A guest may not use a customer's cart, even with its key; staff may, for the customer they act for. */
  guard(req: FastifyRequest, head: { customerId: number | null } | null): void {
    if (!head || head.customerId === null) return;
    if (head.customerId !== (req.actingFor?.id ?? req.user?.id)) throw needsAuthentication();
  }

  /**
   * `CoCart-API-Customer: <customer id>`: an administrator or shop manager works on that customer's
   * cart (spec/platform.md §D.4); the header is echoed. Anyone else sending it is refused.
   */
  private async actingFor(req: FastifyRequest): Promise<number | null> {
    const header = req.headers['cocart-api-customer'];
    if (header === undefined || header === '') return null;
    if (!isManager(req.user)) {
      throw new CocartError('cocart_rest_permission_denied', deniedKind(req), 'Only administrators and shop managers may act for a customer.');
    }
    const id = Number(header);
    const customer = Number.isSafeInteger(id) && id > 0 ? await findUser(this.runtime.database.db, id) : null;
    if (!customer || customer.role !== 'customer') throw new CocartError('cocart_customer_invalid', 'not_found', 'No customer with ID %s.', [String(header)]);
    req.actingFor = customer;
    return customer.id;
  }

  /** A new cart: a customer's starts with the addresses of their account. */
  private freshCart(req: FastifyRequest): Cart {
    const cart = emptyCart();
    const user = req.actingFor ?? req.user;
    if (!user) return cart;
    return { ...cart, customer: { ...cart.customer, billing: { ...user.billing, email: user.billing.email || user.email }, shipping: { ...user.shipping } } };
  }

  /**
   * The cart as it stands. An unknown key reads as an empty cart with no key. Lines that can no
   * longer be bought are removed and notices that this response shows are cleared: both are writes.
   */
  async read(req: FastifyRequest, reply: FastifyReply, showNotices: boolean, target?: Target): Promise<CartResult> {
    const { key } = target ?? (await this.target(req));
    const batch = currentBatch(req);
    let session = batch ? batch.current : await this.store.find(key);
    this.guard(req, session);
    if (!session) return { session: null, payload: this.payload(this.context(req), this.freshCart(req), '', [], []), value: undefined };
    const ctx = this.context(req);
    const checked = validateCart(session.cart, ctx);
    const payload = checked.changed ? null : this.payload(ctx, session.cart, session.key, showNotices ? session.cart.notices : [], checked.warnings);
    if (!payload || payload.priced.invalidCoupons.length || (showNotices && session.cart.notices.length)) {
      return this.write(req, reply, showNotices, (cart) => ({ cart, value: undefined }));
    }
    if (!batch) session = await this.store.touch(session);
    this.setHeaders(reply, session);
    return { session, payload, value: undefined };
  }

  /**
   * Runs `mutate` on the cart while holding its row. A thrown error leaves everything as it was. A new
   * cart (no key, or an unknown one) is stored under a fresh key once it has content.
   */
  async write<T>(
    req: FastifyRequest,
    reply: FastifyReply,
    showNotices: boolean,
    mutate: (cart: Cart, ctx: CartContext) => Mutation<T> | Promise<Mutation<T>>,
  ): Promise<CartResult<T>> {
    const { key, owner } = await this.target(req);
    const ctx = this.context(req);
    let shown: Notice[] = [];
    let warnings: Notice[] = [];
    const batch = currentBatch(req);
    const decide = async (current: Session | null) => {
      this.guard(req, current);
      this.setHeaders(reply, current);
      const checked = validateCart(current?.cart ?? this.freshCart(req), ctx);
      // A batch checks the outer request's If-Match once, against the cart as the batch found it.
      if (!batch) this.checkPrecondition(req, current);
      const result = await mutate(checked.cart, ctx);
      let cart = result.cart;
      let priced = priceCart(cart, ctx.catalog, ctx.now, ctx.pricing, ctx.shopper);
      if (priced.invalidCoupons.length) {
        // The change left a coupon that no longer holds (below its minimum, say): it comes off now.
        cart = dropInvalidCoupons(cart, priced);
        priced = priceCart(cart, ctx.catalog, ctx.now, ctx.pricing, ctx.shopper);
      }
      shown = showNotices ? cart.notices : [];
      warnings = validateCart(cart, ctx).warnings;
      const stored = showNotices ? { ...cart, notices: [] } : cart;
      const persist = current !== null || !isCompletelyEmpty(cart) || result.persistEmpty === true;
      return { cart: persist ? stored : null, hash: priced.hash, value: { value: result.value, priced } };
    };
    const outcome = batch ? await batch.write(decide) : await this.store.write(key || null, decide, owner);
    this.setHeaders(reply, outcome.session);
    const { priced, value } = outcome.value;
    return { session: outcome.session, payload: { priced, key: outcome.session?.key ?? '', notices: [...shown, ...warnings] }, value };
  }

  /**
   * `If-Match`: the write goes ahead only if the cart is still the one the client last saw, named by
   * an ETag this server sent for it (its cart version; the part after the dot only varies with the
   * representation) or by its `cart_hash`. Checked while the write holds the cart, so it is exact.
   */
  checkPrecondition(req: FastifyRequest, current: Session | null): void {
    const header = req.headers['if-match'];
    if (typeof header !== 'string' || header.trim() === '') return;
    const tags = header.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"|"$/g, ''));
    if (current && tags.includes('*')) return;
    let hash = '';
    if (current) {
      const ctx = this.context(req);
      hash = priceCart(validateCart(current.cart, ctx).cart, ctx.catalog, ctx.now, ctx.pricing, ctx.shopper).hash;
      const version = cartVersion(current);
      if (tags.some((t) => t.split('.')[0] === version || (hash !== '' && t === hash))) return;
    }
    throw new CocartError('cocart_cart_modified', 'precondition_failed', 'The cart has changed since you last read it. Read it again, then retry your change.', [], {
      cart_hash: hash,
      etag: current ? this.etag(req, current) : '',
    });
  }

  private payload(ctx: CartContext, cart: Cart, key: string, notices: Notice[], warnings: Notice[]): CartPayload {
    const priced: PricedCart = priceCart(cart, ctx.catalog, ctx.now, ctx.pricing, ctx.shopper);
    return { priced, key, notices: [...notices, ...warnings] };
  }

  /**
   * `GET /cart`: answers from the rendered copy when the cart has not changed since it was rendered
   * (one small row read), otherwise reads, renders and keeps the result. Responses that show notices
   * are never kept: notices are shown once.
   */
  async readRendered(req: FastifyRequest, reply: FastifyReply, shape: CartShape, thumb: boolean): Promise<unknown> {
    const showNotices = showsNotices(shape);
    const target = await this.target(req);
    const head = await this.store.peek(target.key);
    this.guard(req, head);
    if (head && !(showNotices && head.pendingNotices)) {
      const etag = this.etag(req, head);
      const hit = this.rendered.get(etag);
      if (hit !== undefined) {
        this.setHeaders(reply, await this.store.touch(head));
        reply.header('etag', etag);
        if (req.headers['if-none-match'] === etag) return reply.status(304).send();
        return reply.type('application/json; charset=utf-8').send(hit);
      }
    }
    const result = await this.read(req, reply, showNotices, target);
    const body = this.render(req, reply, result, shape, thumb);
    if (result.session && !result.payload.notices.length && reply.statusCode === 200) {
      const text = JSON.stringify(body);
      if (this.rendered.size >= RENDERED_CARTS) this.rendered.delete(this.rendered.keys().next().value!);
      this.rendered.set(this.etag(req, result.session), text);
      return reply.type('application/json; charset=utf-8').send(text);
    }
    return body;
  }

  /**
   * Renders the cart, with an ETag that changes with the cart, the catalogue, the settings and the
   * language. A body that shows notices gets an ETag of its own kind (notices show once, so no later
   * body equals it), which still names the cart version for `If-Match`.
   */
  render(req: FastifyRequest, reply: FastifyReply, result: CartResult<unknown>, shape: CartShape, thumb: boolean): unknown {
    const body = serializeCart(this.view(req, thumb), result.payload, shape);
    const withNotices = result.payload.notices.length > 0;
    const etag = this.etag(req, result.session, withNotices ? 'notices' : '');
    reply.header('etag', etag);
    if (!withNotices && req.method === 'GET' && req.headers['if-none-match'] === etag) return reply.status(304).send();
    return body;
  }

  /** `"<cart version>.<representation>"`: the version names the cart's key and revision. */
  etag(req: FastifyRequest, session: SessionHead | Session | null, kind = ''): string {
    const snapshot = this.runtime.catalog.current();
    // The cart's key is part of it: revisions count per cart, so two carts at the same revision and URL
    // (the key sent as a header) must not share an ETag.
    const variant = createHash('md5')
      .update(`${kind}|${req.url}|${req.locale}|${snapshot.loadedAt}|${snapshot.nextPriceChange(this.runtime.now())}|${this.runtime.rules.version()}.${this.runtime.rules.nextCouponExpiry(this.runtime.now())}|${this.runtime.settings.version()}|${this.runtime.hooks.version}|${this.runtime.hooks.applyFilters('cartwright_cart_vary', '', req)}`)
      .digest('hex')
      .slice(0, 12);
    return `"${session ? cartVersion(session) : '0'}.${variant}"`;
  }
}

/** A cart's version: its revision, and a tag of its key (revisions count per cart, so two carts share them). */
function cartVersion(session: { key: string; revision: number }): string {
  return `${session.revision}-${createHash('md5').update(session.key).digest('hex').slice(0, 8)}`;
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

/**
 * Beta 1's price-hijack protection: a custom price applies only when a salt key is configured and the
 * request proves it (`X-CoCart-Salt` or `csaltk`, compared in constant time); the policy filters can
 * only narrow that.
 */
function mayOverridePrice(runtime: Runtime, req: FastifyRequest, product: Product): boolean {
  const salt = runtime.settings.get().general.salt_key;
  if (!salt) return false;
  const given = req.headers['x-cocart-salt'] ?? req.headers.csaltk;
  if (typeof given !== 'string' || !sameSecret(given, salt)) {
    req.log.warn({ product: product.id }, 'Custom price refused: the salt key was missing or wrong');
    return false;
  }
  const hooks = runtime.hooks;
  return hooks.applyFilters('cocart_is_allowed_to_override_price', true, product, req) && hooks.applyFilters('cocart_does_product_allow_price_change', true, product, req);
}

function shopperOf(user: User | null): Shopper | null {
  return user ? { id: user.id, email: user.email.toLowerCase() } : null;
}

/** The store's pricing rules and options as the cart code takes them. */
export function pricingOf(runtime: Runtime): Pricing {
  const settings = runtime.settings.get();
  const { store, tax, shipping, coupons } = settings;
  const [country, state = ''] = store.country.split(':');
  const currency = storeCurrency(settings);
  return {
    rules: runtime.rules.current(store.num_decimals),
    tax: {
      enabled: tax.calc_taxes,
      pricesIncludeTax: tax.prices_include_tax,
      basedOn: tax.tax_based_on,
      shippingTaxClass: tax.shipping_tax_class,
      roundAtSubtotal: tax.tax_round_at_subtotal,
      displayCart: tax.tax_display_cart,
      totalDisplay: tax.tax_total_display,
    },
    base: { country, state, postcode: store.postcode, city: store.city },
    shippingEnabled: shipping.enable_shipping,
    shippingRequiresAddress: shipping.shipping_cost_requires_address,
    shipToDestination: shipping.ship_to_destination,
    couponsEnabled: coupons.enable_coupons,
    sequentialDiscounts: coupons.calc_discounts_sequentially,
    decimals: store.num_decimals,
    formatMoney: (minor) => formatMoney(minor, currency),
  };
}

function needsAuthentication(): CocartError {
  return new CocartError('cocart_cart_needs_authenticating', 'forbidden', 'This cart belongs to a customer: authenticate as that customer, and do not send its cart key.');
}

export function noItemsError(runtime: Runtime): CocartError {
  const legacy = runtime.hooks.applyDeprecatedFilter('cocart_no_items_message', 'cocart_no_items_in_cart_message', 'No items in the cart.');
  const message = runtime.hooks.applyFilters('cocart_no_items_in_cart_message', legacy);
  return new CocartError('cocart_no_items_in_cart', 'not_found', message);
}
