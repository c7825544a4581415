import type { Kysely, Selectable } from 'kysely';
import { toMajorString } from '../commerce/money.ts';
import type { Database, OrderRefundsTable } from '../db/schema.ts';
import { CocartError } from '../errors.ts';
import type { RefundOutcome } from '../payments/gateway.ts';
import type { Runtime } from '../runtime.ts';
import type { Order } from './order.ts';

/**
 * Refunds, as WooCommerce's `wc_create_refund()` makes them: an amount of at most what is left to
 * refund (worked out from the refunded lines when not given), optionally given back through the
 * order's payment gateway and optionally putting the refunded units back on the shelf; the refund that
 * leaves nothing to refund moves the order to `refunded`.
 *
 * Money goes back through the gateway between two transactions, so no database lock waits on a payment
 * provider: the first stores the refund (checking the amount against what is left, under the order's
 * lock, so two refunds cannot together give back more than was paid), the gateway is asked, and the
 * second restocks and moves the order on. A refusal by the gateway deletes the refund again.
 */

/** Tax given back for one rate of a refunded line. */
export interface RefundTax {
  rateId: number;
  total: number;
}

/** One order line (item, shipping or fee) a refund gives money or units back for. */
export interface RefundLine {
  /** The order line's id. */
  itemId: number;
  quantity: number;
  /** Excl. tax. */
  total: number;
  taxes: RefundTax[];
}

export interface Refund {
  id: number;
  orderId: number;
  /** Minor units, positive. */
  amount: number;
  reason: string;
  /** The user who refunded (0: none). */
  refundedBy: number;
  /** Whether the money went back through the payment gateway. */
  refundedPayment: boolean;
  lines: RefundLine[];
  createdAt: number;
}

export interface RefundInput {
  /** null: the sum of the lines' totals and taxes. */
  amount: number | null;
  reason: string;
  lines: RefundLine[];
  /** Give the money back through the order's gateway (WooCommerce's `api_refund`). */
  refundPayment: boolean;
  /** Put the refunded line items' units back on the shelf (`api_restock`). */
  restock: boolean;
  refundedBy: number;
  /** The name notes carry. */
  author: string;
}

function fromRow(r: Selectable<OrderRefundsTable>): Refund {
  let lines: RefundLine[] = [];
  try {
    lines = JSON.parse(r.lines) as RefundLine[];
  } catch {
    // A row written by hand; its amount still counts.
  }
  return {
    id: r.id,
    orderId: r.order_id,
    amount: r.amount,
    reason: r.reason,
    refundedBy: r.refunded_by,
    refundedPayment: r.refunded_payment === 1,
    lines,
    createdAt: r.created_at,
  };
}

/** An order's refunds, the latest first (the CLI reads them without a running store). */
export async function listRefunds(db: Kysely<Database>, orderId: number): Promise<Refund[]> {
  const rows = await db.selectFrom('order_refunds').selectAll().where('order_id', '=', orderId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(fromRow);
}

function cannotRefund(msgid: string, args: unknown[] = [], kind: 'invalid' | 'internal' = 'invalid'): CocartError {
  return new CocartError('woocommerce_rest_cannot_create_order_refund', kind, msgid, args);
}

export function invalidRefundOrder(): CocartError {
  return new CocartError('woocommerce_rest_invalid_order_id', 'not_found', 'Invalid order ID.');
}

export function invalidRefundId(): CocartError {
  return new CocartError('woocommerce_rest_invalid_order_refund_id', 'not_found', 'Invalid order refund ID.');
}

/** The order's lines a refund may name, by id. */
function refundableLines(order: Order): Map<number, { quantity: number; type: 'line_item' | 'shipping' | 'fee' }> {
  const out = new Map<number, { quantity: number; type: 'line_item' | 'shipping' | 'fee' }>();
  for (const l of order.lines) out.set(l.id, { quantity: l.quantity, type: 'line_item' });
  for (const l of order.shippingLines) out.set(l.id, { quantity: 1, type: 'shipping' });
  for (const l of order.feeLines) out.set(l.id, { quantity: 1, type: 'fee' });
  return out;
}

export class OrderRefunds {
  constructor(private readonly runtime: Pick<Runtime, 'orders' | 'payments' | 'settings' | 'database' | 'hooks' | 'log' | 'now' | 'changes'>) {}

  private get db(): Kysely<Database> {
    return this.runtime.database.db;
  }

  /** The order's refunds, the latest first. */
  list(orderId: number, db: Kysely<Database> = this.db): Promise<Refund[]> {
    return listRefunds(db, orderId);
  }

  /** The refunds of several orders at once (an order list), by order id. */
  async forOrders(orderIds: readonly number[]): Promise<Map<number, Refund[]>> {
    const out = new Map<number, Refund[]>(orderIds.map((id) => [id, []]));
    if (!orderIds.length) return out;
    const rows = await this.db.selectFrom('order_refunds').selectAll().where('order_id', 'in', [...orderIds]).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    for (const r of rows) out.get(r.order_id)?.push(fromRow(r));
    return out;
  }

  async get(orderId: number, refundId: number): Promise<Refund> {
    if (!(await this.runtime.orders.store.find(orderId))) throw invalidRefundOrder();
    const row = await this.db.selectFrom('order_refunds').selectAll().where('order_id', '=', orderId).where('id', '=', refundId).executeTakeFirst();
    if (!row) throw invalidRefundId();
    return fromRow(row);
  }

  async create(orderId: number, input: RefundInput): Promise<Refund> {
    const { orders } = this.runtime;
    const order = await orders.store.find(orderId);
    if (!order) throw invalidRefundOrder();
    const amount = input.amount ?? input.lines.reduce((s, l) => s + l.total + l.taxes.reduce((t, x) => t + x.total, 0), 0);
    if (amount <= 0) throw new CocartError('woocommerce_rest_invalid_order_refund', 'invalid', 'Refund amount must be greater than zero.');
    const settings = this.runtime.settings.get();
    const gateway = input.refundPayment ? this.runtime.payments.get(order.paymentMethod) : undefined;
    if (input.refundPayment) {
      if (!gateway) throw cannotRefund('The payment gateway for this order does not exist.');
      if (!gateway.refund || !gateway.supports.includes('refunds')) throw cannotRefund('The payment gateway for this order does not support automatic refunds.');
    }

    const now = this.runtime.now();
    const store = orders.store;
    // Stores the refund once the amount and the lines hold against the order as it stands, under its lock.
    let refundedBefore = 0;
    const record = async (trx: Kysely<Database>): Promise<Refund> => {
      const current = await store.find(orderId, trx, true);
      if (!current) throw invalidRefundOrder();
      const before = await this.list(orderId, trx);
      refundedBefore = before.reduce((s, r) => s + r.amount, 0);
      const remaining = current.totals.total - refundedBefore;
      if (amount > remaining) throw cannotRefund('Invalid refund amount.');
      const lines = refundableLines(current);
      const refundedQty = new Map<number, number>();
      for (const r of before) for (const l of r.lines) refundedQty.set(l.itemId, (refundedQty.get(l.itemId) ?? 0) + l.quantity);
      for (const l of input.lines) {
        const line = lines.get(l.itemId);
        if (!line) throw cannotRefund('Invalid line item ID: %s.', [l.itemId]);
        if (l.quantity < 0 || (line.type === 'line_item' && l.quantity + (refundedQty.get(l.itemId) ?? 0) > line.quantity)) {
          throw cannotRefund('Invalid refund quantity for line item %s.', [l.itemId]);
        }
      }
      const { id } = await trx
        .insertInto('order_refunds')
        .values({ order_id: orderId, amount, reason: input.reason, refunded_by: input.refundedBy, refunded_payment: 0, lines: JSON.stringify(input.lines), created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id, orderId, amount, reason: input.reason, refundedBy: input.refundedBy, refundedPayment: false, lines: input.lines, createdAt: now };
    };

    const effects = { stock: false, coupons: false };
    let statusFrom: string | null = null;
    // What follows a refund: the units back, a note, and the order refunded once nothing is left to refund.
    const settle = async (trx: Kysely<Database>, refund: Refund): Promise<Refund> => {
      const current = await store.find(orderId, trx, true);
      if (!current) throw invalidRefundOrder();
      let next: Order = { ...current, modifiedAt: now };
      const decimals = settings.store.num_decimals;
      const money = (minor: number) => `${toMajorString(minor, decimals)} ${current.currency}`;
      if (input.restock) {
        const quantities = new Map(refund.lines.filter((l) => l.quantity > 0).map((l) => [l.itemId, l.quantity]));
        const lines = await store.restoreStock(trx, next.lines, quantities);
        for (const [i, line] of lines.entries()) {
          const back = next.lines[i].reducedStock - line.reducedStock;
          if (back > 0) await store.addNote(trx, { orderId, note: `Item #${line.id} stock increased by ${back}.`, customerNote: false, author: input.author, createdAt: now });
        }
        if (lines.some((l, i) => l.reducedStock !== next.lines[i].reducedStock)) effects.stock = true;
        next = { ...next, lines };
      }
      await store.addNote(trx, {
        orderId,
        note: `Refunded ${money(refund.amount)}${refund.reason ? ` – ${refund.reason}` : ''}${refund.refundedPayment ? ' (through the payment gateway)' : ''}.`,
        customerNote: false,
        author: input.author,
        createdAt: now,
      });
      const refunded = (await this.list(orderId, trx)).reduce((s, r) => s + r.amount, 0);
      if (refunded >= current.totals.total && current.status !== 'refunded') {
        statusFrom = current.status;
        next = await this.runtime.orders.apply(trx, next, 'refunded', { author: input.author }, effects);
      }
      await store.update(trx, next);
      await this.runtime.changes.record(trx, { resource: 'order', event: 'refunded', id: orderId, refundId: refund.id, full: refunded >= current.totals.total });
      return refund;
    };

    let refund: Refund;
    if (!gateway) {
      refund = await store.transaction(async (trx) => settle(trx, await record(trx)));
    } else {
      const stored = await store.transaction(record);
      let outcome: RefundOutcome;
      try {
        // Named by what was refunded before it, not by its own id: the same refund asked again after
        // an unanswered attempt (whose record was deleted) reaches the provider as the same request.
        outcome = await gateway.refund!(order, amount, input.reason, `cartwright-refund-${orderId}-${refundedBefore}-${amount}`, settings);
      } catch (err) {
        this.runtime.log.error({ err, order: orderId, gateway: gateway.id }, 'Refund through the payment gateway failed');
        outcome = { ok: false, message: 'An error occurred while attempting to create the refund using the payment gateway API.' };
      }
      if (!outcome.ok) {
        await store.transaction((trx) => trx.deleteFrom('order_refunds').where('id', '=', stored.id).execute());
        throw cannotRefund(outcome.message || 'An error occurred while attempting to create the refund using the payment gateway API.', [], 'internal');
      }
      refund = await store.transaction(async (trx) => {
        await trx.updateTable('order_refunds').set({ refunded_payment: 1 }).where('id', '=', stored.id).execute();
        await store.addNote(trx, { orderId, note: `Refund reference at ${gateway.id}: ${outcome.reference}.`, customerNote: false, author: input.author, createdAt: now });
        return settle(trx, { ...stored, refundedPayment: true });
      });
    }
    await orders.afterEffects(effects);
    if (statusFrom !== null) await this.runtime.hooks.doAction('cartwright_order_status_changed', orderId, statusFrom, 'refunded');
    return refund;
  }

  /**
   * Deletes a refund (its record only, as WooCommerce does: the money and the units stay where they
   * are, and the order keeps its status). Answers it as it was.
   */
  async delete(orderId: number, refundId: number): Promise<Refund> {
    const refund = await this.get(orderId, refundId);
    await this.runtime.orders.store.transaction(async (trx) => {
      await trx.deleteFrom('order_refunds').where('order_id', '=', orderId).where('id', '=', refundId).execute();
      await this.runtime.changes.record(trx, { resource: 'order', event: 'updated', id: orderId });
    });
    return refund;
  }
}
