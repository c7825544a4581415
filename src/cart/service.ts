import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { CatalogSnapshot } from '../catalog/snapshot.ts';
import { maxPurchaseQuantity, minPurchaseQuantity } from '../catalog/stock.ts';
import type { Product } from '../catalog/types.ts';
import type { StoreRules } from '../commerce/types.ts';
import { formatMoney } from '../commerce/money.ts';
import { isManager, type User } from '../customers/types.ts';
import { CocartError } from '../errors.ts';
import type { HookRegistry } from '../hooks/registry.ts';
import type { RequestContext } from '../hooks/request-context.ts';
import type { JsonObject } from '../hooks/types.ts';
import type { Logger } from '../logger.ts';
import { sameSecret } from '../security/secrets.ts';
import { newCartKey, type Alongside, type Owner, type Session, type SessionHead, type SessionStore } from '../sessions/store.ts';
import type { Settings } from '../settings/schema.ts';
import { storeCurrency } from '../settings/currency.ts';
import { storeCountries } from '../settings/countries.ts';
import { addItem, type AddItemInput, type AddResult } from './add-item.ts';
import { addItems, type AddItemsInput } from './add-items.ts';
import { applyCoupon } from './apply-coupon.ts';
import { BatchScope } from './batch-scope.ts';
import type { CartCallbackRegistry } from './callbacks.ts';
import type { StoreAddressRules } from './update-customer.ts';
import { checkCoupons, dropInvalidCoupons } from './check-coupons.ts';
import { chooseShippingMethod } from './choose-shipping-method.ts';
import { clearCart } from './clear-cart.ts';
import type { CartContext, Pricing, Shopper } from './context.ts';
import type { CartPolicies } from './policies.ts';
import { priceCart, type PricedCart } from './price-cart.ts';
import { removeCoupon } from './remove-coupon.ts';
import { removeAllItems, removeItem } from './remove-item.ts';
import { restoreItem } from './restore-item.ts';
import type { CartStorage } from './storage.ts';
import { emptyCart, isCompletelyEmpty, type Cart, type Customer, type Notice } from './types.ts';
import { updateItem } from './update-item.ts';
import { validateCart } from './validate-cart.ts';

/**
 * Every cart use case, run the same way for an HTTP request, a batch's sub-request, a background job
 * or the CLI: it takes plain values (which cart, who asks, preconditions), finds the cart, runs the
 * pure use case on it inside the storage's write (so no update is lost), prices it, and returns the
 * result for the caller to present. It never sees an HTTP request or reply.
 */

/** Who asks. */
export interface CartCaller {
  user: User | null;
  /** `CoCart-API-Customer`: the customer a member of staff works for, as the client gave it. */
  actAs?: string;
}

/** One cart request, as plain values. */
export interface CartRequest {
  caller: CartCaller;
  /** The cart key the client named ('' for none). */
  key: string;
  /** Where the cart lives: the session store unless a batch gives its own. */
  storage?: CartStorage;
  /** `If-Match`: the write goes ahead only if the cart is still this version (an ETag or cart_hash). */
  ifMatch?: string;
  /** Whether the answer shows the cart's notices, which clears them (so a read that shows them writes). */
  showNotices?: boolean;
  /** The salt key the request offered for a custom price (`X-CoCart-Salt` or `csaltk`). */
  salt?: string;
  /** What hooks are told of the request. */
  context: RequestContext;
  /** More to store in the transaction that stores the cart (an idempotent request's record that it was applied). */
  alongside?: Alongside;
}

/** The cart after a use case, priced, with the notices to show. */
export interface CartPayload {
  priced: PricedCart;
  key: string;
  /** Notices to show: stored ones now cleared, plus read-time warnings. */
  notices: Notice[];
}

export interface CartResult<T = undefined> {
  /** The stored cart (null: none yet, or none was stored). */
  session: Session | null;
  payload: CartPayload;
  value: T;
  /** The customer a member of staff worked for, if any. */
  actingFor: User | null;
}

/** A use case: the cart as it stands in, the new cart and what the caller learns out. */
export type CartOperation<T> = (cart: Cart, ctx: CartContext) => Mutation<T> | Promise<Mutation<T>>;

/**
 * A use case that writes more than the cart (checkout places an order): it is given the transaction
 * the cart is saved in, and the stored cart it started from.
 */
export type CartTransaction<T> = (cart: Cart, ctx: CartContext, trx: Kysely<Database>, current: Session | null) => Promise<Mutation<T>>;

export interface Mutation<T> {
  cart: Cart;
  value: T;
  /** Store the cart even when it is completely empty (create-cart, a coupon on an empty cart). */
  persistEmpty?: boolean;
}

/** The cart a request works on: its key ('' for none yet) and, for a customer, who a new one belongs to. */
export interface Target {
  key: string;
  owner: Owner | null;
}

/** What `head` found: the cart's stored version, and which cart it is, for a `read` that follows. */
export interface HeadResult {
  head: SessionHead | null;
  actingFor: User | null;
  readonly resolved: Resolved;
}

interface Resolved {
  target: Target;
  actingFor: User | null;
  storage: CartStorage;
}

/** A refused cart request still names the cart it was refused on, so the answer can carry its headers. */
export interface RefusedOn {
  session: SessionHead | Session | null;
  actingFor: User | null;
}

const refusals = new WeakMap<object, RefusedOn>();

/** The cart (and acting customer) a thrown error was refused on, if a cart request threw it. */
export function refusedOn(err: unknown): RefusedOn | undefined {
  return typeof err === 'object' && err !== null ? refusals.get(err) : undefined;
}

function remember(err: unknown, on: RefusedOn): unknown {
  if (typeof err === 'object' && err !== null && !refusals.has(err)) refusals.set(err, on);
  return err;
}

export interface CartServiceDeps {
  store: SessionStore;
  catalog: { current(): CatalogSnapshot };
  settings: { get(): Settings; version(): number };
  rules: { current(decimals: number): StoreRules; version(): number; nextCouponExpiry(now: number): number | null };
  hooks: HookRegistry;
  callbacks: CartCallbackRegistry;
  policies: CartPolicies;
  findUser(id: number): Promise<User | null>;
  now(): number;
  log: Logger;
}

/** What customer addresses are checked against: the store's country, and where it sells and ships. */
export function storeAddressRules(settings: Settings): StoreAddressRules {
  return { baseCountry: settings.store.country.split(':')[0], countries: storeCountries(settings) };
}

export class CartService {
  constructor(private readonly deps: CartServiceDeps) {}

  /** The store's pricing rules and options as the cart code takes them. */
  pricing(): Pricing {
    const { deps } = this;
    const settings = deps.settings.get();
    const { store, tax, shipping, coupons } = settings;
    const [country, state = ''] = store.country.split(':');
    const currency = storeCurrency(settings);
    return {
      rules: deps.rules.current(store.num_decimals),
      tax: {
        enabled: tax.calc_taxes,
        pricesIncludeTax: tax.prices_include_tax,
        basedOn: tax.tax_based_on,
        shippingTaxClass: tax.shipping_tax_class,
        roundAtSubtotal: tax.tax_round_at_subtotal,
        adjustNonBaseLocationPrices: tax.adjust_non_base_location_prices,
        displayCart: tax.tax_display_cart,
        totalDisplay: tax.tax_total_display,
      },
      base: { country, state, postcode: store.postcode, city: store.city },
      shippingEnabled: shipping.enable_shipping,
      shipsTo: storeCountries(settings).shipsTo,
      shippingRequiresAddress: shipping.shipping_cost_requires_address,
      shipToDestination: shipping.ship_to_destination,
      couponsEnabled: coupons.enable_coupons,
      sequentialDiscounts: coupons.calc_discounts_sequentially,
      decimals: store.num_decimals,
      unitPrice: deps.policies.unitPrice(),
      isVatExempt: (customer, shopper) => this.isVatExempt(customer, shopper),
      formatMoney: (minor) => formatMoney(minor, currency),
    };
  }

  /**
   * WC_Customer::get_is_vat_exempt: the account's flag (none for a guest) as the
   * `woocommerce_customer_get_is_vat_exempt` filter leaves it, for these address details.
   */
  isVatExempt(customer: Customer, shopper: Shopper | null): boolean {
    return this.deps.hooks.applyFilters('woocommerce_customer_get_is_vat_exempt', shopper?.vatExempt ?? false, customer, shopper?.id ?? 0);
  }

  /** The customer a stored cart belongs to, as pricing sees them (their e-mail, their VAT exemption). */
  async shopperFor(userId: number): Promise<Shopper | null> {
    return shopperOf(await this.deps.findUser(userId));
  }

  /** The same for an account, with its saved addresses: what My Account shows. */
  isAccountVatExempt(user: User): boolean {
    return this.isVatExempt({ billing: user.billing, shipping: user.shipping, shipToDifferentAddress: false, extra: {} }, shopperOf(user));
  }

  /** What the pure use cases may consult for this request. */
  context(request: CartRequest, actingFor: User | null): CartContext {
    const { hooks } = this.deps;
    const catalog = this.deps.catalog.current();
    return {
      catalog,
      now: this.deps.now(),
      pricing: this.pricing(),
      shopper: shopperOf(actingFor ?? request.caller.user),
      decimals: this.deps.settings.get().store.num_decimals,
      limits: (product: Product) => ({
        min: hooks.applyFilters('cocart_quantity_minimum_requirement', minPurchaseQuantity(product), product),
        max: hooks.applyFilters('cocart_quantity_maximum_allowed', maxPurchaseQuantity(product, catalog.stockOf(product)), product),
      }),
      mayOverridePrice: (product: Product) => this.mayOverridePrice(request, product),
      allowQuantityUpdate: (line, quantity) =>
        hooks.applyFilters('cocart_update_cart_validation', true, line.key, { ...line } as unknown as JsonObject, quantity),
    };
  }

  /**
   * Which cart a request means. A guest's is the one its key names. A customer's is their own: a
   * guest key sent with their credentials hands that guest cart over to them first (merging as the
   * store's strategy says), and a key of anyone else's cart is refused. Staff acting for a customer
   * always work on that customer's cart. A batch's storage names its cart itself.
   */
  async target(request: CartRequest): Promise<Target> {
    return (await this.resolve(request)).target;
  }

  private async resolve(request: CartRequest): Promise<Resolved> {
    const storage: CartStorage = request.storage ?? this.deps.store;
    const actingFor = await this.actingFor(request.caller);
    const user = request.caller.user;
    if (storage.pinned) return { target: storage.pinned, actingFor, storage };
    if (actingFor) {
      const own = await storage.findOwned(actingFor.id);
      return { target: { key: own?.key ?? '', owner: { userId: user!.id, customerId: actingFor.id } }, actingFor, storage };
    }
    if (!user) return { target: { key: request.key, owner: null }, actingFor, storage };
    const owner: Owner = { userId: user.id, customerId: user.id };
    if (request.key) {
      const head = await storage.peek(request.key);
      if (head && head.customerId === null) {
        const merged = await storage.handOver(request.key, owner, (guest, own) => this.merge(guest, own));
        return { target: { key: merged?.key ?? '', owner }, actingFor, storage };
      }
      if (head && head.customerId !== user.id) throw needsAuthentication();
    }
    const own = await storage.findOwned(user.id);
    return { target: { key: own?.key ?? '', owner }, actingFor, storage };
  }

  private merge(guest: Cart, own: Cart): Cart {
    const name = this.deps.settings.get().cart.merge_strategy;
    const merged = this.deps.policies.mergeStrategy(name).merge(guest, own);
    return this.deps.hooks.applyFilters('cartwright_merge_carts', merged, guest, own, name);
  }

  /** `CoCart-API-Customer`: only administrators and shop managers may work on a customer's cart. */
  private async actingFor(caller: CartCaller): Promise<User | null> {
    const header = caller.actAs;
    if (header === undefined || header === '') return null;
    if (!isManager(caller.user)) {
      throw new CocartError('cocart_rest_permission_denied', caller.user ? 'forbidden' : 'unauthenticated', 'Only administrators and shop managers may act for a customer.');
    }
    const id = Number(header);
    const customer = Number.isSafeInteger(id) && id > 0 ? await this.deps.findUser(id) : null;
    if (!customer || customer.role !== 'customer') throw new CocartError('cocart_customer_invalid', 'not_found', 'No customer with ID %s.', [String(header)]);
    return customer;
  }

  /** A guest may not use a customer's cart, even with its key; staff may, for the customer they act for. */
  private guard(head: { customerId: number | null } | null, request: CartRequest, actingFor: User | null): void {
    if (!head || head.customerId === null) return;
    if (head.customerId !== (actingFor?.id ?? request.caller.user?.id)) throw needsAuthentication();
  }

  /** A new cart: a customer's starts with the addresses of their account. */
  private freshCart(request: CartRequest, actingFor: User | null): Cart {
    const cart = emptyCart();
    const user = actingFor ?? request.caller.user;
    if (!user) return cart;
    return { ...cart, customer: { ...cart.customer, billing: { ...user.billing, email: user.billing.email || user.email }, shipping: { ...user.shipping } } };
  }

  /**
   * The cart as it stands. An unknown key reads as an empty cart with no key. Lines that can no
   * longer be bought are removed and notices that this answer shows are cleared: both are writes.
   */
  async read(request: CartRequest, found?: HeadResult): Promise<CartResult> {
    // A read after `head` (a rendered copy that did not match) uses the cart `head` already found.
    const resolved = found?.resolved ?? (await this.resolve(request));
    return this.readResolved(request, resolved);
  }

  private async readResolved(request: CartRequest, resolved: Resolved): Promise<CartResult> {
    const { target, actingFor, storage } = resolved;
    let session = await storage.find(target.key);
    this.guard(session, request, actingFor);
    const ctx = this.context(request, actingFor);
    if (!session) return { session: null, payload: this.payload(ctx, this.freshCart(request, actingFor), '', [], []), value: undefined, actingFor };
    const showNotices = request.showNotices === true;
    const checked = validateCart(session.cart, ctx);
    const payload = checked.changed ? null : this.payload(ctx, session.cart, session.key, showNotices ? session.cart.notices : [], checked.warnings);
    if (!payload || payload.priced.invalidCoupons.length || (showNotices && session.cart.notices.length)) {
      return this.writeResolved(request, resolved, (cart: Cart) => ({ cart, value: undefined }));
    }
    session = await storage.touch(session);
    return { session, payload, value: undefined, actingFor };
  }

  /**
   * The cart's stored version without reading it whole, for answering from a rendered copy: the
   * head, or null for no cart. A customer's cart is refused to anyone else here too.
   */
  async head(request: CartRequest): Promise<HeadResult> {
    const resolved = await this.resolve(request);
    const { target, actingFor, storage } = resolved;
    const head = await storage.peek(target.key);
    try {
      this.guard(head, request, actingFor);
    } catch (err) {
      throw remember(err, { session: null, actingFor });
    }
    return { head, actingFor, resolved };
  }

  /** Slides a cart's expiry forward on use (a read answered from a rendered copy). */
  touch<S extends SessionHead | Session>(session: S): Promise<S> {
    return this.deps.store.touch(session);
  }

  /**
   * Runs a use case on the cart while holding it. A thrown error leaves everything as it was. A new
   * cart (no key, or an unknown one) is stored under a fresh key once it has content.
   */
  async write<T>(request: CartRequest, operation: CartOperation<T>): Promise<CartResult<T>> {
    const resolved = await this.resolve(request);
    return this.writeResolved(request, resolved, operation);
  }

  /**
   * Runs a use case that writes more than the cart, holding the cart's row inside one transaction
   * that the use case shares: the cart and what else it writes are stored together or not at all.
   */
  async transact<T>(request: CartRequest, operation: CartTransaction<T>): Promise<CartResult<T>> {
    return this.writeResolved(request, await this.resolve(request), operation, true);
  }

  private async writeResolved<T>(request: CartRequest, resolved: Resolved, operation: CartOperation<T> | CartTransaction<T>, inTransaction = false): Promise<CartResult<T>> {
    const { target, actingFor, storage } = resolved;
    const ctx = this.context(request, actingFor);
    const showNotices = request.showNotices === true;
    let shown: Notice[] = [];
    let warnings: Notice[] = [];
    let seen: Session | null = null;
    const decide = async (current: Session | null, trx?: Kysely<Database>) => {
      this.guard(current, request, actingFor);
      seen = current;
      const checked = validateCart(current?.cart ?? this.freshCart(request, actingFor), ctx);
      this.checkPrecondition(request, current, ctx);
      const result = await (operation as CartTransaction<T>)(checked.cart, ctx, trx!, current);
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
    try {
      const outcome = inTransaction
        ? await this.deps.store.transact(target.key || null, (current, trx) => decide(current, trx), target.owner, request.alongside)
        : await storage.write(target.key || null, (current) => decide(current), target.owner, { alongside: request.alongside });
      const { priced, value } = outcome.value;
      return { session: outcome.session, payload: { priced, key: outcome.session?.key ?? '', notices: [...shown, ...warnings] }, value, actingFor };
    } catch (err) {
      throw remember(err, { session: seen, actingFor });
    }
  }

  /**
   * `If-Match`: the write goes ahead only if the cart is still the one the client last saw, named by
   * an ETag this server sent for it (its cart version; the part after the dot only varies with the
   * representation) or by its `cart_hash`. Checked while the write holds the cart, so it is exact.
   */
  private checkPrecondition(request: CartRequest, current: Session | null, ctx: CartContext): void {
    const header = request.ifMatch;
    if (typeof header !== 'string' || header.trim() === '') return;
    const tags = header.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/^"|"$/g, ''));
    if (current && tags.includes('*')) return;
    let hash = '';
    if (current) {
      hash = priceCart(validateCart(current.cart, ctx).cart, ctx.catalog, ctx.now, ctx.pricing, ctx.shopper).hash;
      const version = cartVersion(current);
      if (tags.some((t) => t.split('.')[0] === version || (hash !== '' && t === hash))) return;
    }
    throw new CocartError('cocart_cart_modified', 'precondition_failed', 'The cart has changed since you last read it. Read it again, then retry your change.', [], {
      cart_hash: hash,
      etag: current ? this.etag(request.context, current) : '',
    });
  }

  /**
   * `"<cart version>.<representation>"`: the version names the cart's key and revision; the
   * representation part changes with the URL, language, catalogue, rules, settings and hooks.
   */
  etag(context: RequestContext, session: SessionHead | Session | null, kind = ''): string {
    const { deps } = this;
    const snapshot = deps.catalog.current();
    const now = deps.now();
    const { url, locale } = context;
    const variant = digest(
      `${kind}|${url}|${locale}|${snapshot.loadedAt}|${snapshot.nextPriceChange(now)}|${deps.rules.version()}.${deps.rules.nextCouponExpiry(now)}|${deps.settings.version()}|${deps.hooks.version}|${deps.hooks.applyFilters('cartwright_cart_vary', '', context)}`,
    ).slice(0, 12);
    return `"${session ? cartVersion(session) : '0'}.${variant}"`;
  }

  private payload(ctx: CartContext, cart: Cart, key: string, notices: Notice[], warnings: Notice[]): CartPayload {
    return { priced: priceCart(cart, ctx.catalog, ctx.now, ctx.pricing, ctx.shopper), key, notices: [...notices, ...warnings] };
  }

  // The use cases, by name.

  /** `POST /cart`: an empty cart stored now, so that its key can be handed out. */
  create(request: CartRequest): Promise<CartResult> {
    if (request.caller.user) throw new CocartError('cocart_rest_cart_creation_not_allowed', 'forbidden', 'You are already logged in, so a cart is already there for you.');
    return this.write(request, (cart) => ({ cart, value: undefined, persistEmpty: true }));
  }

  addItem(request: CartRequest, input: AddItemInput): Promise<CartResult<AddResult>> {
    return this.write(request, (cart, ctx) => {
      const added = addItem(cart, input, ctx);
      return { cart: added.cart, value: added };
    });
  }

  addItems(request: CartRequest, input: AddItemsInput): Promise<CartResult<ReturnType<typeof addItems>>> {
    return this.write(request, (cart, ctx) => {
      const added = addItems(cart, input, ctx);
      return { cart: added.cart, value: added };
    });
  }

  updateItem(request: CartRequest, key: string, quantity: number): Promise<CartResult<ReturnType<typeof updateItem>>> {
    return this.write(request, (cart, ctx) => {
      const updated = updateItem(cart, key, quantity, ctx);
      return { cart: updated.cart, value: updated };
    });
  }

  removeItem(request: CartRequest, key: string): Promise<CartResult<ReturnType<typeof removeItem>>> {
    return this.write(request, (cart, ctx) => {
      const removed = removeItem(cart, key, ctx);
      return { cart: removed.cart, value: removed };
    });
  }

  removeAllItems(request: CartRequest): Promise<CartResult> {
    return this.write(request, (cart) => ({ cart: removeAllItems(cart), value: undefined }));
  }

  restoreItem(request: CartRequest, key: string): Promise<CartResult<ReturnType<typeof restoreItem>>> {
    return this.write(request, (cart, ctx) => {
      const restored = restoreItem(cart, key, ctx);
      return { cart: restored.cart, value: restored };
    });
  }

  async clear(request: CartRequest, keepRemovedItems: boolean): Promise<CartResult> {
    const result = await this.write(request, (cart) => ({ cart: clearCart(cart, keepRemovedItems), value: undefined }));
    if (result.payload.priced.cart.lines.length) throw remember(new CocartError('cocart_clear_cart_failed', 'not_acceptable', 'Clearing the cart failed!'), result);
    return result;
  }

  /** Works the totals out again and stores the cart as it now stands. */
  calculate(request: CartRequest): Promise<CartResult> {
    return this.write(request, (cart) => ({ cart, value: undefined }));
  }

  /** A coupon may go on before anything is in the cart: the new cart is kept, so the coupon is there when items come. */
  applyCoupon(request: CartRequest, code: string): Promise<CartResult> {
    return this.write(request, (cart, ctx) => ({ cart: applyCoupon(cart, code, ctx), value: undefined, persistEmpty: true }));
  }

  removeCoupon(request: CartRequest, code: string): Promise<CartResult> {
    return this.write(request, (cart) => ({ cart: removeCoupon(cart, code), value: undefined }));
  }

  checkCoupons(request: CartRequest): Promise<CartResult> {
    return this.write(request, (cart, ctx) => ({ cart: checkCoupons(cart, ctx), value: undefined }));
  }

  chooseShippingMethod(request: CartRequest, rateId: string, packageIndex: number): Promise<CartResult> {
    return this.write(request, (cart, ctx) => ({ cart: chooseShippingMethod(cart, rateId, packageIndex, ctx), value: undefined }));
  }

  /**
   * Runs the cart update callback registered as `namespace` (`update-cart`, `update-customer`, or a
   * plugin's) with the request's parameters.
   */
  runCallback(request: CartRequest, namespace: unknown, params: JsonObject): Promise<CartResult> {
    const { callbacks, hooks } = this.deps;
    if (namespace !== undefined && typeof namespace !== 'string') {
      throw new CocartError('cocart_update_cart_namespace_error', 'not_found', 'Namespace must be a string. Available namespaces: %s', [callbacks.names().join(', ')]);
    }
    const callback = namespace ? callbacks.get(namespace) : undefined;
    if (!callback) throw new CocartError('cocart_update_cart_no_namespace_error', 'not_found', 'No such namespace registered: %s', [namespace ?? '']);
    const address = storeAddressRules(this.deps.settings.get());
    return this.write(request, async (cart, ctx) => {
      await hooks.doAction('cocart_update_cart_before_totals', request.context, { ...cart } as unknown as JsonObject);
      const next = await callback.callback({ params, cart, ctx, address });
      if (!next || typeof next !== 'object' || !Array.isArray((next as Cart).lines)) {
        throw new CocartError('cocart_no_callback_found', 'invalid', 'Cart update callback "%s" did not return a cart.', [callback.name]);
      }
      await hooks.doAction('cocart_update_cart_after_totals', request.context, { ...next } as unknown as JsonObject);
      return { cart: next, value: undefined };
    });
  }

  // Batches.

  /**
   * Runs a batch: the cart the request means is resolved once (a guest cart handed over at login
   * first), `run` works on it through a `BatchScope` that every sub-request uses as its storage, and
   * what they left is stored as one revision. The outer `If-Match` is checked once, against the cart
   * as the batch found it. If another node changed the cart meanwhile, the batch runs again on the new
   * revision. With `validateFirst`, `run` is first given a scope that only validates: if it returns
   * false nothing runs.
   */
  async batch<R>(
    request: CartRequest,
    run: (scope: BatchScope) => Promise<R>,
    validateFirst?: (scope: BatchScope) => Promise<boolean>,
  ): Promise<{ session: Session | null; value: R; actingFor: User | null } | null> {
    const { target, actingFor } = await this.resolve(request);
    const pinned = { key: newCartKey(), owner: target.owner };
    const times = () => ({ now: this.deps.now(), expiry: this.deps.store.freshExpiry() });
    if (validateFirst) {
      const scope = new BatchScope(null, pinned, times());
      scope.validating = true;
      if (!(await validateFirst(scope))) return null;
    }
    const ctx = this.context(request, actingFor);
    let seen: Session | null = null;
    let stored: BatchScope | null = null;
    try {
      const outcome = await this.deps.store.write(
        target.key || null,
        async (current) => {
          this.guard(current, request, actingFor);
          seen = current;
          this.checkPrecondition(request, current, ctx);
          const scope = new BatchScope(current, pinned, times());
          stored = scope;
          const value = await run(scope);
          const result = scope.result;
          return { cart: result?.cart ?? null, hash: result?.hash, key: pinned.key, value };
        },
        target.owner,
        { long: true, alongside: request.alongside },
      );
      // The last attempt is the one stored: its sub-requests' announcements go out, once.
      await (stored as BatchScope | null)?.announce();
      return { ...outcome, actingFor };
    } catch (err) {
      throw remember(err, { session: seen, actingFor });
    }
  }

  /**
   * Beta 1's price-hijack protection: a custom price applies only when a salt key is configured and the
   * request proves it (compared in constant time); the policy filters can only narrow that.
   */
  private mayOverridePrice(request: CartRequest, product: Product): boolean {
    const salt = this.deps.settings.get().general.salt_key;
    if (!salt) return false;
    const given = request.salt;
    if (typeof given !== 'string' || !sameSecret(given, salt)) {
      this.deps.log.warn({ product: product.id }, 'Custom price refused: the salt key was missing or wrong');
      return false;
    }
    const { hooks } = this.deps;
    return (
      hooks.applyFilters('cocart_is_allowed_to_override_price', true, product, request.context) &&
      hooks.applyFilters('cocart_does_product_allow_price_change', true, product, request.context)
    );
  }
}

/** A cart's version: its revision, and a tag of its key (revisions count per cart, so two carts share them). */
function cartVersion(session: { key: string; revision: number }): string {
  return `${session.revision}-${digest(session.key).slice(0, 8)}`;
}

/** MD5s already worked out, by text: every cart answer's ETag needs two, from few distinct texts. */
const digests = new Map<string, string>();

function digest(text: string): string {
  let hex = digests.get(text);
  if (hex === undefined) {
    if (digests.size >= 10_000) digests.clear();
    hex = createHash('md5').update(text).digest('hex');
    digests.set(text, hex);
  }
  return hex;
}

function shopperOf(user: User | null): Shopper | null {
  return user ? { id: user.id, email: user.email.toLowerCase(), vatExempt: user.isVatExempt } : null;
}

function needsAuthentication(): CocartError {
  return new CocartError('cocart_cart_needs_authenticating', 'forbidden', 'This cart belongs to a customer: authenticate as that customer, and do not send its cart key.');
}

/** `cocart_no_items_in_cart`, with the message the hooks give it. */
export function noItemsError(hooks: HookRegistry): CocartError {
  const legacy = hooks.applyDeprecatedFilter('cocart_no_items_message', 'cocart_no_items_in_cart_message', 'No items in the cart.');
  const message = hooks.applyFilters('cocart_no_items_in_cart_message', legacy);
  return new CocartError('cocart_no_items_in_cart', 'not_found', message);
}
