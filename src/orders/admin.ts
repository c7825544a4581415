import type { Kysely } from 'kysely';
import { addFound } from '../cart/add-item.ts';
import { findProduct } from '../cart/resolve-product.ts';
import { applyCoupon } from '../cart/apply-coupon.ts';
import type { CartContext, Pricing } from '../cart/context.ts';
import { priceCart, type PricedCart } from '../cart/price-cart.ts';
import { emptyCart, type Cart } from '../cart/types.ts';
import type { CatalogSnapshot } from '../catalog/snapshot.ts';
import type { Product } from '../catalog/types.ts';
import type { FeeRule, ShippingMethod, ShippingZone } from '../commerce/types.ts';
import { toMajorString } from '../commerce/money.ts';
import { findUser } from '../customers/repository.ts';
import type { User } from '../customers/types.ts';
import type { Database } from '../db/schema.ts';
import { CocartError } from '../errors.ts';
import { internalRequest } from '../hooks/request-context.ts';
import type { Runtime } from '../runtime.ts';
import { storeCurrency } from '../settings/currency.ts';
import { orderFromCart } from './from-cart.ts';
import { emptyAddress, needsPayment, newOrderKey, type Order, type OrderAddress, type OrderStatus } from './order.ts';
import { couponUser } from './service.ts';
import type { OrderNote } from './store.ts';

/**
 * The store owner's writes to orders (WooCommerce's REST API creates, edits and deletes them), below
 * the HTTP edge. An order made here is priced exactly as a cart would be: its lines are added to a cart
 * held in memory, with the store's own use cases, coupons applied as a shopper would apply them, and the
 * cart priced by the one pricing code; the priced cart becomes the order. Each write is one transaction
 * carrying the stock and coupon effects of the order's status, through the order service's rules.
 */

/** Statuses an order may be given through the API (the trash is reached by deleting). */
export const SETTABLE_STATUSES = ['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed'] as const satisfies readonly OrderStatus[];

/** Statuses `payment_complete()` moves on from. */
const PAYABLE: readonly OrderStatus[] = ['pending', 'on-hold', 'failed', 'cancelled'];

export interface LineInput {
  productId?: number;
  variationId?: number;
  sku?: string;
  quantity: number;
  /** Chosen attributes of a variation that leaves some open (`pa_colour` → `blue`). */
  attributes: Record<string, string>;
}

export interface ShippingLineInput {
  methodId: string;
  /** null: whichever instance of the method the order's zone offers. */
  instanceId: number | null;
  methodTitle: string;
  /** Excl. tax; null: what the store's own rate for the order's address costs. */
  total: number | null;
}

export interface FeeLineInput {
  name: string;
  taxClass: string;
  taxable: boolean;
  total: number;
}

/** `meta_data` entries: by id (its position among the order's keys, from 1) when given, else by key. */
export interface MetaInput {
  id?: number;
  key: string;
  value: unknown;
}

/** What the order's own fields become; anything left out stays as it is (or as a new order has it). */
export interface OrderFields {
  status?: OrderStatus;
  customerId?: number;
  billing?: Partial<OrderAddress>;
  shipping?: Partial<OrderAddress>;
  paymentMethod?: string;
  paymentMethodTitle?: string;
  transactionId?: string;
  customerNote?: string;
  meta?: MetaInput[];
  /** WooCommerce's `set_paid`: run payment_complete() once the order is stored. */
  setPaid?: boolean;
}

export interface NewOrderInput extends OrderFields {
  lines: LineInput[];
  shippingLines: ShippingLineInput[];
  feeLines: FeeLineInput[];
  couponCodes: string[];
}

/** Who makes a change: the name notes carry. */
export interface Actor {
  author: string;
}

export function invalidOrderId(kind: 'invalid' | 'not_found', message = 'Invalid ID.'): CocartError {
  return new CocartError('woocommerce_rest_shop_order_invalid_id', kind, message);
}


/** The same refusal, as a 400: a product the store will not sell is a bad request here, not a missing page. */
function badRequest(err: unknown, code?: string): unknown {
  if (!(err instanceof CocartError)) return err;
  return new CocartError(code ?? err.code, 'invalid', err.msgid, err.args, err.data);
}

/** WooCommerce's `needs_processing()`: some line is not both virtual and downloadable (lines whose product is gone are skipped). */
export function needsProcessing(order: Pick<Order, 'lines'>, catalog: CatalogSnapshot): boolean {
  return order.lines.some((l) => {
    const p = catalog.products.get(l.variationId || l.productId);
    return p !== undefined && !(p.virtual && p.downloadable);
  });
}

/** The meta after `entries`: an entry names its key by id (position, from 1) or by key; values are kept as text. */
export function withMeta(meta: Record<string, string>, entries: readonly MetaInput[]): Record<string, string> {
  let out = { ...meta };
  for (const e of entries) {
    const byId = e.id ? Object.keys(out)[e.id - 1] : undefined;
    const value = e.value === null || e.value === undefined ? '' : typeof e.value === 'string' ? e.value : JSON.stringify(e.value);
    if (byId === undefined || byId === e.key) {
      out[e.key] = value;
      continue;
    }
    // A new key for an entry named by id keeps the entry's place, and so its id.
    const renamed: Record<string, string> = {};
    for (const [k, v] of Object.entries(out)) {
      if (k === byId) renamed[e.key] = value;
      else if (k !== e.key) renamed[k] = v;
    }
    out = renamed;
  }
  return out;
}

function address(base: OrderAddress, given: Partial<OrderAddress> | undefined): OrderAddress {
  const out = { ...base };
  for (const key of Object.keys(emptyAddress()) as (keyof OrderAddress)[]) {
    const value = given?.[key];
    if (typeof value === 'string') out[key] = key === 'email' ? value.trim().toLowerCase() : key === 'country' || key === 'state' ? value.trim().toUpperCase() : value;
  }
  return out;
}

export class OrderAdmin {
  constructor(private readonly runtime: Pick<Runtime, 'carts' | 'orders' | 'catalog' | 'settings' | 'database' | 'hooks' | 'now'>) {}

  private async customer(id: number): Promise<User | null> {
    if (id === 0) return null;
    const user = await findUser(this.runtime.database.db, id);
    if (!user) throw new CocartError('woocommerce_rest_invalid_customer_id', 'invalid', 'Customer ID is invalid.');
    return user;
  }

  /**
   * A new order for `input`, priced by the store, stored with the stock and coupon effects of its
   * status in one transaction. Nothing is stored when any part is refused.
   */
  async create(input: NewOrderInput, actor: Actor): Promise<Order> {
    const user = await this.customer(input.customerId ?? 0);
    const billing = address(emptyAddress(), input.billing);
    const shipping = address(emptyAddress(), input.shipping);
    const priced = this.price(input, user, billing, shipping);
    const settings = this.runtime.settings.get();
    const catalog = this.runtime.catalog.current();
    const now = this.runtime.now();
    let order = orderFromCart(priced, {
      key: newOrderKey(),
      now,
      currency: storeCurrency(settings).code,
      pricesIncludeTax: settings.tax.prices_include_tax,
      customerId: user?.id ?? 0,
      billing,
      shipping,
      paymentMethod: input.paymentMethod ?? '',
      paymentMethodTitle: input.paymentMethodTitle ?? '',
      customerNote: input.customerNote ?? '',
      createdVia: 'rest-api',
    });
    // A shipping line with the owner's own cost was priced as a stand-in flat rate: it keeps the method it names.
    const asked = input.shippingLines[0];
    if (asked && asked.total !== null) {
      order.shippingLines = order.shippingLines.map((l) => ({
        ...l,
        methodId: asked.methodId,
        instanceId: asked.instanceId ?? 0,
        rateId: asked.instanceId ? `${asked.methodId}:${asked.instanceId}` : asked.methodId,
        methodTitle: asked.methodTitle || asked.methodId,
      }));
    } else if (asked?.methodTitle) {
      order.shippingLines = order.shippingLines.map((l) => ({ ...l, methodTitle: asked.methodTitle }));
    }
    order = { ...order, transactionId: input.transactionId ?? '', meta: withMeta({}, input.meta ?? []) };

    let status: OrderStatus = input.status ?? 'pending';
    const paid = input.setPaid === true && PAYABLE.includes(status);
    if (paid) status = needsProcessing(order, catalog) ? 'processing' : 'completed';
    const effects = { stock: false, coupons: false };
    const stored = await this.runtime.orders.store.transaction(async (trx) => {
      const draft = await this.runtime.orders.store.insert(trx, order);
      // The order is stored as a draft and moved to its status at once, so its stock and coupons follow the one set of rules.
      const placed = await this.runtime.orders.apply(trx, draft, status, {
        author: actor.author,
        transactionId: order.transactionId || undefined,
        note: paid && order.transactionId ? `Payment complete (${order.transactionId}).` : undefined,
      }, effects);
      return this.runtime.orders.store.update(trx, placed);
    });
    await this.runtime.orders.afterEffects(effects);
    await this.runtime.hooks.doAction('cartwright_order_status_changed', stored.id, 'checkout-draft', stored.status);
    return stored;
  }

  /** The cart the order's lines, addresses, coupons, shipping and fees make, priced by the store. */
  private price(input: NewOrderInput, user: User | null, billing: OrderAddress, shipping: OrderAddress): PricedCart {
    const { carts } = this.runtime;
    const base = carts.context({ caller: { user }, key: '', context: internalRequest('en', user) }, null);
    const settings = this.runtime.settings.get();
    const [baseCountry] = settings.store.country.split(':');
    const fees: FeeRule[] = input.feeLines.map((f, i) => {
      if (!f.name.trim()) throw new CocartError('woocommerce_rest_invalid_fee_item', 'invalid', 'Fee name is required.');
      return {
        id: -(i + 1), name: f.name, enabled: true, type: 'fixed', amount: f.total, taxable: f.taxable, taxClass: f.taxClass,
        minimumAmount: null, maximumAmount: null, countries: [], paymentMethods: [], requiresShipping: false,
      };
    });
    // Fees are the ones asked for, not the store's fee rules: those are for carts, as in WooCommerce.
    let pricing: Pricing = { ...base.pricing, rules: { ...base.pricing.rules, fees } };
    if (input.shippingLines.length > 1) {
      throw new CocartError('woocommerce_rest_invalid_shipping_item', 'invalid', 'An order ships as one package here: give at most one shipping line.');
    }
    const asked = input.shippingLines[0];
    if (!asked) {
      // WooCommerce charges an order made this way no shipping unless a shipping line says so.
      pricing = { ...pricing, shippingEnabled: false };
    } else {
      if (!asked.methodId.trim()) throw new CocartError('woocommerce_rest_invalid_shipping_item', 'invalid', 'Shipping method ID is required.');
      // The line staff asked for is charged wherever the order goes, as WooCommerce's orders API does.
      pricing = { ...pricing, shipsTo: () => true };
      if (asked.total !== null) pricing = { ...pricing, rules: { ...pricing.rules, shippingZones: [ownRateZone(asked, pricing.decimals)] }, shippingRequiresAddress: false };
    }

    const blank = emptyCart();
    let cart: Cart = {
      ...blank,
      customer: {
        ...blank.customer,
        billing: { ...blank.customer.billing, ...billing },
        shipping: { ...blank.customer.shipping, ...withoutEmail(shipping) },
        shipToDifferentAddress: shipping.country !== '' || shipping.address_1 !== '',
      },
      paymentMethod: input.paymentMethod ?? '',
    };
    // A cost the owner gave ships anywhere; without an address the store's own country stands in for taxes.
    if (asked && asked.total !== null && !cart.customer.shipping.country && !cart.customer.billing.country) {
      cart = { ...cart, customer: { ...cart.customer, shipping: { ...cart.customer.shipping, country: baseCountry } } };
    }
    const ctx: CartContext = { ...base, pricing };
    for (const line of input.lines) {
      const product = this.productFor(line, ctx.catalog);
      try {
        // The store owner's order skips the shopper's quantity check (validate_quantity): a shortage is a stock error.
        cart = addFound(cart, findProduct(ctx.catalog, String(product.id)), { id: String(product.id), quantity: line.quantity, variation: line.attributes }, ctx).cart;
      } catch (err) {
        // CoCart answers some of these 404 or 403 (a shopper's view); to the store owner each is a bad request.
        throw badRequest(err);
      }
    }
    for (const code of input.couponCodes) {
      if (!code.trim()) throw new CocartError('woocommerce_rest_invalid_coupon', 'invalid', 'Coupon code is required.');
      try {
        cart = applyCoupon(cart, code, ctx);
      } catch (err) {
        throw badRequest(err, 'woocommerce_rest_invalid_coupon');
      }
    }
    if (asked) {
      const probe = priceCart(cart, ctx.catalog, ctx.now, pricing, ctx.shopper);
      const rates = probe.packages[0]?.rates ?? [];
      const rate = asked.total !== null
        ? rates[0]
        : rates.find((r) => r.rate.methodId === asked.methodId && (asked.instanceId === null || r.rate.instanceId === asked.instanceId));
      if (!rate) {
        throw new CocartError('woocommerce_rest_invalid_shipping_item', 'invalid', 'Shipping method "%s" is not available for this order\'s address.', [asked.methodId]);
      }
      cart = { ...cart, chosenShipping: [rate.rate.id] };
    }
    const priced = priceCart(cart, ctx.catalog, ctx.now, pricing, ctx.shopper);
    const dropped = priced.invalidCoupons[0];
    if (dropped) throw new CocartError('woocommerce_rest_invalid_coupon', 'invalid', 'Coupon "%s" cannot be applied to this order.', [dropped.code]);
    return priced;
  }

  /** WooCommerce's product reference: the SKU, else the product id (unless a variation is named), else the variation id. */
  private productFor(line: LineInput, catalog: CatalogSnapshot): Product {
    if (line.sku) {
      const bySku = catalog.getBySku(line.sku);
      if (!bySku) throw new CocartError('woocommerce_rest_required_product_reference', 'invalid', 'Product ID or SKU is required.');
      return bySku;
    }
    const id = line.productId && !line.variationId ? line.productId : line.variationId || line.productId || 0;
    if (!id) throw new CocartError('woocommerce_rest_required_product_reference', 'invalid', 'Product ID or SKU is required.');
    const product = catalog.products.get(id);
    if (!product) throw new CocartError('woocommerce_rest_invalid_product_id', 'invalid', 'Invalid product ID.');
    return product;
  }

  /**
   * Changes an order's own fields and, last (so the change sees them), its status, with the stock and
   * coupons that status moves; `set_paid` then completes the payment of an order that needs one.
   */
  async update(id: number, input: OrderFields, actor: Actor): Promise<Order> {
    const user = input.customerId === undefined ? undefined : await this.customer(input.customerId);
    const effects = { stock: false, coupons: false };
    let from: OrderStatus | null = null;
    const catalog = this.runtime.catalog.current();
    const order = await this.runtime.orders.store.transaction(async (trx) => {
      const current = await this.runtime.orders.store.find(id, trx, true);
      if (!current) throw invalidOrderId('invalid');
      let next: Order = {
        ...current,
        customerId: user === undefined ? current.customerId : (user?.id ?? 0),
        billing: address(current.billing, input.billing),
        shipping: address(current.shipping, input.shipping),
        paymentMethod: input.paymentMethod ?? current.paymentMethod,
        paymentMethodTitle: input.paymentMethodTitle ?? current.paymentMethodTitle,
        transactionId: input.transactionId ?? current.transactionId,
        customerNote: input.customerNote ?? current.customerNote,
        meta: input.meta ? withMeta(current.meta, input.meta) : current.meta,
        modifiedAt: this.runtime.now(),
      };
      if (input.status !== undefined && input.status !== current.status) next = await this.moveTo(trx, next, input.status, actor, effects);
      if (input.setPaid && needsPayment(next)) {
        next = await this.runtime.orders.apply(trx, next, needsProcessing(next, catalog) ? 'processing' : 'completed', {
          author: actor.author,
          transactionId: next.transactionId || undefined,
          note: next.transactionId ? `Payment complete (${next.transactionId}).` : undefined,
        }, effects);
      }
      if (next.status !== current.status) from = current.status;
      return this.runtime.orders.store.update(trx, next);
    });
    await this.runtime.orders.afterEffects(effects);
    if (from !== null) await this.runtime.hooks.doAction('cartwright_order_status_changed', order.id, from, order.status);
    return order;
  }

  /** A status change in the caller's transaction; the trash also takes the order off its coupons' usage, as WooCommerce does. */
  private async moveTo(trx: Kysely<Database>, order: Order, status: OrderStatus, actor: Actor, effects: { stock: boolean; coupons: boolean }): Promise<Order> {
    let next = await this.runtime.orders.apply(trx, order, status, { author: actor.author }, effects);
    if (status === 'trash' && next.couponUsageRecorded && next.couponLines.length) {
      await this.runtime.orders.store.releaseCouponUsage(trx, next.couponLines.map((c) => c.code), couponUser(next));
      next = { ...next, couponUsageRecorded: false };
      effects.coupons = true;
    }
    return next;
  }

  /**
   * Moves an order to the trash (`force` false) or deletes it with its lines, notes and refunds,
   * putting back first the stock it still holds and its coupons' usage. Answers the order as it was.
   */
  async delete(id: number, force: boolean, actor: Actor): Promise<Order> {
    const effects = { stock: false, coupons: false };
    const before = await this.runtime.orders.store.transaction(async (trx) => {
      const current = await this.runtime.orders.store.find(id, trx, true);
      if (!current) throw invalidOrderId('not_found');
      if (!force) {
        if (current.status === 'trash') throw new CocartError('woocommerce_rest_already_trashed', 'gone', 'The %s has already been deleted.', ['shop_order']);
        await this.runtime.orders.store.update(trx, await this.moveTo(trx, { ...current, modifiedAt: this.runtime.now() }, 'trash', actor, effects));
        return current;
      }
      if (current.stockReduced) {
        await this.runtime.orders.store.restoreStock(trx, current.lines);
        effects.stock = true;
      }
      if (current.couponUsageRecorded && current.couponLines.length) {
        await this.runtime.orders.store.releaseCouponUsage(trx, current.couponLines.map((c) => c.code), couponUser(current));
        effects.coupons = true;
      }
      await this.runtime.orders.store.remove(trx, id);
      return current;
    });
    await this.runtime.orders.afterEffects(effects);
    if (!force) await this.runtime.hooks.doAction('cartwright_order_status_changed', id, before.status, 'trash');
    return before;
  }

  // Notes ------------------------------------------------------------------------------------------

  async notes(orderId: number, type: 'any' | 'customer' | 'internal'): Promise<OrderNote[]> {
    if (!(await this.runtime.orders.store.find(orderId))) throw invalidOrderId('not_found', 'Invalid order ID.');
    return this.runtime.orders.store.notes(orderId, type);
  }

  async note(orderId: number, noteId: number): Promise<OrderNote> {
    if (!(await this.runtime.orders.store.find(orderId))) throw orderNotFound();
    const note = (await this.runtime.orders.store.notes(orderId)).find((n) => n.id === noteId);
    if (!note) throw new CocartError('woocommerce_rest_invalid_id', 'not_found', 'Invalid resource ID.');
    return note;
  }

  async addNote(orderId: number, text: string, customerNote: boolean, actor: Actor): Promise<OrderNote> {
    if (!(await this.runtime.orders.store.find(orderId))) throw orderNotFound();
    if (!text.trim()) throw new CocartError('woocommerce_api_cannot_create_order_note', 'invalid', 'Cannot create order note, please try again.');
    return this.runtime.orders.addNote(orderId, text, customerNote, actor.author);
  }

  /** Deletes a note; answers it as it was. */
  async deleteNote(orderId: number, noteId: number): Promise<OrderNote> {
    const note = await this.note(orderId, noteId);
    await this.runtime.orders.store.deleteNote(orderId, noteId);
    return note;
  }
}

function orderNotFound(): CocartError {
  return new CocartError('woocommerce_rest_order_invalid_id', 'not_found', 'Invalid order ID.');
}

function withoutEmail(a: OrderAddress): Omit<OrderAddress, 'email'> {
  const { email: _email, ...rest } = a;
  return rest;
}

/** A zone that ships anywhere at the owner's own cost, so the store's tax rules price that cost like any rate. */
function ownRateZone(line: ShippingLineInput, decimals: number): ShippingZone {
  const title = line.methodTitle || line.methodId;
  const cost = toMajorString(line.total ?? 0, decimals);
  const method: ShippingMethod = line.methodId === 'local_pickup'
    ? { instanceId: line.instanceId ?? 0, methodId: 'local_pickup', order: 0, enabled: true, settings: { title, taxable: true, cost } }
    : { instanceId: line.instanceId ?? 0, methodId: 'flat_rate', order: 0, enabled: true, settings: { title, taxable: true, cost, classCosts: {}, calculationType: 'class' } };
  return { id: 0, name: 'Order', order: 0, locations: [], methods: [method] };
}
