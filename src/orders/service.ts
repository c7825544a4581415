import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { CocartError } from '../errors.ts';
import type { HookRegistry } from '../hooks/registry.ts';
import type { Order, OrderStatus } from './order.ts';
import { STATUS_LABELS } from './order.ts';
import type { OrderNote, OrderStore } from './store.ts';

/**
 * What happens to an order after it is placed, with WooCommerce's side effects, each in one
 * transaction with the change that causes it:
 * - entering pending, processing, on-hold or completed takes the stock off the shelf (once) and counts
 *   the coupons' usage (once); checkout has already done both when it placed the order;
 * - cancelled or refunded puts the stock back; cancelled or failed takes the coupons' usage back;
 * - processing or completed sets when it was paid; completed sets when it was completed.
 * Every change leaves a note. The catalogue and the coupons reload on every node after a change to them.
 */

/** Statuses in which the order's units are off the shelf. */
const HOLDS_STOCK: readonly OrderStatus[] = ['pending', 'processing', 'on-hold', 'completed'];
/** Statuses that give the units back. */
const RETURNS_STOCK: readonly OrderStatus[] = ['cancelled', 'refunded'];
/** Statuses in which the order counts towards its coupons' usage limits. */
const COUNTS_COUPONS: readonly OrderStatus[] = ['pending', 'processing', 'on-hold', 'completed'];
/** Statuses that no longer count. */
const RELEASES_COUPONS: readonly OrderStatus[] = ['cancelled', 'failed'];

export interface OrderServiceDeps {
  store: OrderStore;
  hooks: HookRegistry;
  /** Reload the catalogue (stock changed) and the rules (coupon usage changed) on every node. */
  catalogChanged(): Promise<void>;
  rulesChanged(): Promise<void>;
  productName(id: number): string;
  now(): number;
}

export interface StatusChange {
  /** A note to add beside the status-change note (e.g. "Unpaid order cancelled - time limit reached."). */
  note?: string;
  /** Who made the change: `system`, or a user's name. */
  author?: string;
  transactionId?: string;
}

/** Who an order's coupon use is recorded as: the customer's id, else the billing e-mail. */
export function couponUser(order: Pick<Order, 'customerId' | 'billing'>): string {
  return order.customerId > 0 ? String(order.customerId) : order.billing.email.toLowerCase();
}

export class OrderService {
  constructor(private readonly deps: OrderServiceDeps) {}

  get store(): OrderStore {
    return this.deps.store;
  }

  async get(id: number): Promise<Order> {
    const order = await this.deps.store.find(id);
    if (!order) throw new CocartError('cocart_order_not_found', 'not_found', 'Order not found.');
    return order;
  }

  /**
   * Moves an order to `status`. Stock and coupon usage follow (a status that needs stock the shelf no
   * longer has is refused, and nothing changes). Setting the status it has changes nothing.
   */
  async changeStatus(id: number, status: OrderStatus, change: StatusChange = {}): Promise<Order> {
    const effects = { stock: false, coupons: false };
    let from: OrderStatus | null = null;
    const order = await this.deps.store.transaction(async (trx) => {
      const current = await this.deps.store.find(id, trx, true);
      if (!current) throw new CocartError('cocart_order_not_found', 'not_found', 'Order not found.');
      if (current.status === status) return current;
      from = current.status;
      return this.deps.store.update(trx, await this.apply(trx, current, status, change, effects));
    });
    await this.afterEffects(effects);
    if (from !== null) await this.deps.hooks.doAction('cartwright_order_status_changed', order.id, from, status);
    return order;
  }

  /**
   * WooCommerce's `payment_complete()`: from pending, on-hold, failed or cancelled to processing (or
   * completed when nothing needs shipping or processing), recording the transaction.
   */
  async paymentComplete(id: number, transactionId: string, needsProcessing: boolean): Promise<Order> {
    const order = await this.get(id);
    if (!['pending', 'on-hold', 'failed', 'cancelled', 'checkout-draft'].includes(order.status)) return order;
    return this.changeStatus(id, needsProcessing ? 'processing' : 'completed', { transactionId, note: transactionId ? `Payment complete (${transactionId}).` : undefined });
  }

  /** The status change inside a transaction: the order's new state with its stock and coupons settled. */
  async apply(trx: Kysely<Database>, current: Order, status: OrderStatus, change: StatusChange, effects: { stock: boolean; coupons: boolean }): Promise<Order> {
    const now = this.deps.now();
    let next: Order = { ...current, status, modifiedAt: now };
    if (change.transactionId) next.transactionId = change.transactionId;
    if (HOLDS_STOCK.includes(status) && !current.stockReduced) {
      next = { ...next, lines: await this.deps.store.reduceStock(trx, next.lines, this.deps.productName), stockReduced: true };
      effects.stock = true;
    }
    if (RETURNS_STOCK.includes(status) && current.stockReduced) {
      next = { ...next, lines: await this.deps.store.restoreStock(trx, next.lines), stockReduced: false, holdUntil: null };
      effects.stock = true;
    }
    const codes = current.couponLines.map((c) => c.code);
    if (codes.length && COUNTS_COUPONS.includes(status) && !current.couponUsageRecorded) {
      await this.deps.store.recordCouponUsage(trx, codes, couponUser(current), [couponUser(current), current.billing.email]);
      next.couponUsageRecorded = true;
      effects.coupons = true;
    }
    if (codes.length && RELEASES_COUPONS.includes(status) && current.couponUsageRecorded) {
      await this.deps.store.releaseCouponUsage(trx, codes, couponUser(current));
      next.couponUsageRecorded = false;
      effects.coupons = true;
    }
    if ((status === 'processing' || status === 'completed') && next.paidAt === null) next.paidAt = now;
    if (status === 'completed' && next.completedAt === null) next.completedAt = now;
    if (status !== 'pending' && status !== 'failed') next.holdUntil = null;
    const author = change.author ?? 'system';
    if (change.note) await this.deps.store.addNote(trx, { orderId: current.id, note: change.note, customerNote: false, author, createdAt: now });
    await this.deps.store.addNote(trx, {
      orderId: current.id,
      note: `Order status changed from ${STATUS_LABELS[current.status]} to ${STATUS_LABELS[status]}.`,
      customerNote: false,
      author,
      createdAt: now,
    });
    return next;
  }

  /** After a commit that changed stock or coupon usage: every node reloads what it holds of them. */
  async afterEffects(effects: { stock: boolean; coupons: boolean }): Promise<void> {
    if (effects.stock) await this.deps.catalogChanged();
    if (effects.coupons) await this.deps.rulesChanged();
  }

  /** Keeps facts with the order (a payment provider's references); existing keys are replaced. */
  setMeta(id: number, meta: Record<string, string>): Promise<Order> {
    return this.edit(id, (order) => ({ ...order, meta: { ...order.meta, ...meta } }));
  }

  /** The gateway a shopper chose when paying for an order again. */
  setPaymentMethod(id: number, method: string, title: string): Promise<Order> {
    return this.edit(id, (order) => ({ ...order, paymentMethod: method, paymentMethodTitle: title }));
  }

  private edit(id: number, change: (order: Order) => Order): Promise<Order> {
    return this.deps.store.transaction(async (trx) => {
      const current = await this.deps.store.find(id, trx, true);
      if (!current) throw new CocartError('cocart_order_not_found', 'not_found', 'Order not found.');
      return this.deps.store.update(trx, { ...change(current), modifiedAt: this.deps.now() });
    });
  }

  addNote(orderId: number, note: string, customerNote: boolean, author: string): Promise<OrderNote> {
    return this.deps.store.transaction((trx) => this.deps.store.addNote(trx, { orderId, note, customerNote, author, createdAt: this.deps.now() }));
  }

  /**
   * Cancels unpaid orders whose stock hold ran out (a recurring background action), putting their
   * stock back; returns how many it cancelled.
   */
  async cancelExpiredHolds(limit = 100): Promise<number> {
    let cancelled = 0;
    for (const id of await this.deps.store.expiredHolds(this.deps.now(), limit)) {
      const order = await this.deps.store.find(id);
      // Paid, or given more time, since it was listed.
      if (!order || (order.status !== 'pending' && order.status !== 'failed') || order.holdUntil === null || order.holdUntil >= this.deps.now()) continue;
      await this.changeStatus(id, 'cancelled', { note: 'Unpaid order cancelled - time limit reached.' });
      cancelled++;
    }
    return cancelled;
  }
}
