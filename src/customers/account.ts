import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Order, OrderStatus } from '../orders/order.ts';
import { ORDER_STATUSES } from '../orders/order.ts';
import type { OrderNote, OrderStore } from '../orders/store.ts';

/**
 * A customer's own orders, as their account shows them. The checkout's draft is no order yet and is
 * never shown (WooCommerce leaves it out of the account's order list too). An order is found only
 * among the customer's own: someone else's reads exactly as one that does not exist.
 */

export const VISIBLE_STATUSES: readonly OrderStatus[] = ORDER_STATUSES.filter((s) => s !== 'checkout-draft' && s !== 'trash');
/** WooCommerce's paid statuses, whose totals count as money spent. */
const PAID_STATUSES: readonly OrderStatus[] = ['processing', 'completed'];

export interface AccountOrdersQuery {
  page: number;
  perPage: number;
  order: 'asc' | 'desc';
}

export interface RefundRecord {
  id: number;
  amount: number;
  reason: string;
  createdAt: number;
  /** Units given back per order line id. */
  quantities: Map<number, number>;
}

export interface AccountSummary {
  ordersCount: number;
  /** Minor units: the totals of paid orders. */
  totalSpent: number;
  /** Whether any order of the customer was ever paid. */
  isPayingCustomer: boolean;
  latest: Order | null;
}

/** WooCommerce's `is_paying_customer`: whether any order of the customer was ever paid. */
export async function isPayingCustomer(db: Kysely<Database>, customerId: number): Promise<boolean> {
  const row = await db
    .selectFrom('orders')
    .select('id')
    .where('customer_id', '=', customerId)
    .where('status', 'in', [...VISIBLE_STATUSES])
    .where('paid_at', 'is not', null)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

function json<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Units given back per order line id, from refunds' stored lines. */
function unitsBack(stored: readonly string[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const text of stored) {
    for (const line of json<{ itemId?: unknown; quantity?: unknown }[]>(text, [])) {
      if (typeof line.itemId !== 'number' || typeof line.quantity !== 'number') continue;
      // Quantities may be stored negative, as WooCommerce stores a refund's.
      out.set(line.itemId, (out.get(line.itemId) ?? 0) + Math.abs(line.quantity));
    }
  }
  return out;
}

export class CustomerAccount {
  constructor(
    private readonly store: OrderStore,
    private readonly db: Kysely<Database>,
  ) {}

  /** One page of the customer's orders, newest first unless asked otherwise, and how many there are. */
  orders(customerId: number, q: AccountOrdersQuery): Promise<{ total: number; orders: Order[] }> {
    return this.store.list({
      offset: (q.page - 1) * q.perPage,
      limit: q.perPage,
      statuses: VISIBLE_STATUSES,
      customerId,
      order: q.order,
      orderBy: 'date',
    });
  }

  /** The customer's own order, or null (unknown, a draft, or another customer's: all alike). */
  async order(customerId: number, id: number): Promise<Order | null> {
    if (customerId <= 0) return null;
    const order = await this.store.find(id);
    return order && order.customerId === customerId && VISIBLE_STATUSES.includes(order.status) ? order : null;
  }

  /** The notes written for the customer, newest first. */
  customerNotes(orderId: number): Promise<OrderNote[]> {
    return this.store.notes(orderId, 'customer');
  }

  async refunds(orderId: number): Promise<RefundRecord[]> {
    const rows = await this.db.selectFrom('order_refunds').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, amount: Number(r.amount), reason: r.reason, createdAt: Number(r.created_at), quantities: unitsBack([r.lines]) }));
  }

  /** Units refunded per line id, over every refund of each order. */
  async refundedQuantities(orderIds: readonly number[]): Promise<Map<number, number>> {
    if (!orderIds.length) return new Map();
    const rows = await this.db.selectFrom('order_refunds').select('lines').where('order_id', 'in', [...orderIds]).execute();
    return unitsBack(rows.map((r) => r.lines));
  }

  async summary(customerId: number): Promise<AccountSummary> {
    const mine = this.db.selectFrom('orders').where('customer_id', '=', customerId).where('status', 'in', [...VISIBLE_STATUSES]);
    const counts = await mine
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>(eb.case().when('status', 'in', [...PAID_STATUSES]).then(eb.ref('total')).else(0).end()).as('spent'),
      ])
      .executeTakeFirstOrThrow();
    const latest = await this.orders(customerId, { page: 1, perPage: 1, order: 'desc' });
    return {
      ordersCount: Number(counts.n),
      totalSpent: Number(counts.spent ?? 0),
      isPayingCustomer: await isPayingCustomer(this.db, customerId),
      latest: latest.orders[0] ?? null,
    };
  }
}

/** Gives every order of customer `from` to customer `to` (0: to no one, a guest order). */
export async function moveOrders(db: Kysely<Database>, from: number, to: number): Promise<void> {
  await db.updateTable('orders').set({ customer_id: to }).where('customer_id', '=', from).execute();
}

/** Which of `ids` ever paid for an order: `isPayingCustomer` for a page of customers at once. */
export async function payingCustomers(db: Kysely<Database>, ids: readonly number[]): Promise<Set<number>> {
  if (!ids.length) return new Set();
  const rows = await db
    .selectFrom('orders')
    .select('customer_id')
    .distinct()
    .where('customer_id', 'in', [...ids])
    .where('status', 'in', [...VISIBLE_STATUSES])
    .where('paid_at', 'is not', null)
    .execute();
  return new Set(rows.map((r) => Number(r.customer_id)));
}
