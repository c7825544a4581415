import { sql, type Kysely, type Selectable } from 'kysely';
import { inWriteTransaction, type DatabaseHandle } from '../db/connection.ts';
import type { Database, OrdersTable } from '../db/schema.ts';
import { CocartError } from '../errors.ts';
import { statusChangeEvent, type ChangeFeed } from '../events/changes.ts';
import type { CouponLine, FeeLine, Order, OrderAddress, OrderLine, OrderStatus, ShippingLine, TaxLine } from './order.ts';
import { ORDER_STATUSES } from './order.ts';

/**
 * Orders in the database. Reads are plain; every write takes the transaction its caller runs (the
 * checkout's, the order service's), so an order, its stock and its coupons change together or not at
 * all. Stock is taken with `UPDATE … WHERE stock_quantity >= n`, which the database re-checks on the
 * row it locks: two orders racing for the last unit cannot both have it, on any number of nodes.
 */

export interface OrderNote {
  id: number;
  orderId: number;
  note: string;
  customerNote: boolean;
  author: string;
  createdAt: number;
}

export interface OrderListQuery {
  offset: number;
  limit: number;
  statuses?: readonly OrderStatus[];
  customerId?: number;
  /** Created at or after / before (unix seconds). */
  after?: number;
  before?: number;
  /** Part of the order number, key, an address, an e-mail or a line's name. */
  search?: string;
  /** Only these orders / not these. */
  include?: readonly number[];
  exclude?: readonly number[];
  order: 'asc' | 'desc';
  orderBy: 'date' | 'id' | 'modified';
}

type LineType = 'line_item' | 'shipping' | 'fee' | 'coupon' | 'tax';

const ORDER_COLUMN = { date: 'created_at', id: 'id', modified: 'modified_at' } as const;

function json<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

function fromRow(r: Selectable<OrdersTable>, items: { id: number; type: string; data: string }[]): Order {
  const of = <T>(type: LineType) => items.filter((i) => i.type === type).map((i) => ({ ...json<T>(i.data, {} as T), id: i.id }));
  return {
    id: r.id,
    key: r.order_key,
    status: (ORDER_STATUSES as readonly string[]).includes(r.status) ? (r.status as OrderStatus) : 'pending',
    currency: r.currency,
    pricesIncludeTax: r.prices_include_tax === 1,
    customerId: r.customer_id,
    billing: json<OrderAddress>(r.billing, {} as OrderAddress),
    shipping: json<OrderAddress>(r.shipping, {} as OrderAddress),
    paymentMethod: r.payment_method,
    paymentMethodTitle: r.payment_method_title,
    transactionId: r.transaction_id,
    customerNote: r.customer_note,
    createdVia: r.created_via,
    cartHash: r.cart_hash,
    lines: of<OrderLine>('line_item'),
    shippingLines: of<ShippingLine>('shipping'),
    feeLines: of<FeeLine>('fee'),
    couponLines: of<CouponLine>('coupon'),
    taxLines: of<TaxLine>('tax'),
    totals: {
      discountTotal: r.discount_total,
      discountTax: r.discount_tax,
      shippingTotal: r.shipping_total,
      shippingTax: r.shipping_tax,
      cartTax: r.cart_tax,
      total: r.total,
      totalTax: r.total_tax,
    },
    createdAt: r.created_at,
    modifiedAt: r.modified_at,
    paidAt: r.paid_at,
    completedAt: r.completed_at,
    stockReduced: r.stock_reduced === 1,
    couponUsageRecorded: r.coupon_usage_recorded === 1,
    holdUntil: r.hold_until,
    meta: json<Record<string, string>>(r.meta_data, {}),
  };
}

function columns(order: Order) {
  return {
    order_key: order.key,
    status: order.status,
    currency: order.currency,
    prices_include_tax: order.pricesIncludeTax ? 1 : 0,
    customer_id: order.customerId,
    billing: JSON.stringify(order.billing),
    shipping: JSON.stringify(order.shipping),
    billing_email: order.billing.email.toLowerCase(),
    payment_method: order.paymentMethod,
    payment_method_title: order.paymentMethodTitle,
    transaction_id: order.transactionId,
    customer_note: order.customerNote,
    created_via: order.createdVia,
    cart_hash: order.cartHash,
    discount_total: order.totals.discountTotal,
    discount_tax: order.totals.discountTax,
    shipping_total: order.totals.shippingTotal,
    shipping_tax: order.totals.shippingTax,
    cart_tax: order.totals.cartTax,
    total: order.totals.total,
    total_tax: order.totals.totalTax,
    created_at: order.createdAt,
    modified_at: order.modifiedAt,
    paid_at: order.paidAt,
    completed_at: order.completedAt,
    stock_reduced: order.stockReduced ? 1 : 0,
    coupon_usage_recorded: order.couponUsageRecorded ? 1 : 0,
    hold_until: order.holdUntil,
    meta_data: JSON.stringify(order.meta),
  };
}

/** Every line of an order with its type, in order. */
function lineRows(order: Order): { type: LineType; line: { id: number } }[] {
  return [
    ...order.lines.map((line) => ({ type: 'line_item' as const, line })),
    ...order.shippingLines.map((line) => ({ type: 'shipping' as const, line })),
    ...order.feeLines.map((line) => ({ type: 'fee' as const, line })),
    ...order.couponLines.map((line) => ({ type: 'coupon' as const, line })),
    ...order.taxLines.map((line) => ({ type: 'tax' as const, line })),
  ];
}

/** The status of an order still being checked out: not yet an order to anyone outside. */
const DRAFT: OrderStatus = 'checkout-draft';

export class OrderStore {
  constructor(
    private readonly handle: DatabaseHandle,
    private readonly changes: ChangeFeed,
  ) {}

  private get db(): Kysely<Database> {
    return this.handle.db;
  }

  /** Runs `work` in one write transaction (the database's own, or SQLite's `BEGIN IMMEDIATE`). */
  transaction<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    return inWriteTransaction(this.handle, work);
  }

  async find(id: number, db: Kysely<Database> = this.db, lock = false): Promise<Order | null> {
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    let q = db.selectFrom('orders').selectAll().where('id', '=', id);
    if (lock && this.handle.dialect === 'postgres') q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) return null;
    const items = await db.selectFrom('order_items').select(['id', 'type', 'data']).where('order_id', '=', id).orderBy('position').execute();
    return fromRow(row, items);
  }

  async list(query: OrderListQuery): Promise<{ total: number; orders: Order[] }> {
    let q = this.db.selectFrom('orders');
    if (query.statuses?.length) q = q.where('status', 'in', [...query.statuses]);
    if (query.customerId !== undefined) q = q.where('customer_id', '=', query.customerId);
    if (query.include?.length) q = q.where('id', 'in', [...query.include]);
    if (query.exclude?.length) q = q.where('id', 'not in', [...query.exclude]);
    if (query.after !== undefined) q = q.where('created_at', '>=', query.after);
    if (query.before !== undefined) q = q.where('created_at', '<=', query.before);
    const search = query.search?.trim().toLowerCase();
    if (search) {
      const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const id = /^\d+$/.test(search) ? Number(search) : -1;
      q = q.where((eb) =>
        eb.or([
          eb('id', '=', id),
          eb(sql`lower(order_key)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(billing)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(shipping)`, 'like', sql`${pattern} escape '\\'`),
          eb(
            'id',
            'in',
            eb.selectFrom('order_items').select('order_id').where('type', '=', 'line_item').where(sql`lower(data)`, 'like', sql`${pattern} escape '\\'`),
          ),
        ]),
      );
    }
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await q
      .selectAll()
      .orderBy(ORDER_COLUMN[query.orderBy], query.order)
      .orderBy('id', query.order)
      .limit(query.limit)
      .offset(query.offset)
      .execute();
    if (!rows.length) return { total, orders: [] };
    const items = await this.db
      .selectFrom('order_items')
      .select(['id', 'order_id', 'type', 'data'])
      .where(
        'order_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('position')
      .execute();
    return { total, orders: rows.map((r) => fromRow(r, items.filter((i) => i.order_id === r.id))) };
  }

  /** How many orders there are in each status (every status listed, zeros included). */
  async counts(): Promise<Record<OrderStatus, number>> {
    const rows = await this.db.selectFrom('orders').select((eb) => ['status', eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    const out = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<OrderStatus, number>;
    for (const r of rows) if (r.status in out) out[r.status as OrderStatus] = Number(r.n);
    return out;
  }

  /** Stores a new order with its lines; returns it with the ids it was given. */
  async insert(trx: Kysely<Database>, order: Order): Promise<Order> {
    const { id } = await trx.insertInto('orders').values(columns(order)).returning('id').executeTakeFirstOrThrow();
    const stored = await this.writeLines(trx, { ...order, id });
    await this.announce(trx, id, null, order.status);
    return stored;
  }

  /** Stores the order's new state (and its lines, whose ids are kept). */
  async update(trx: Kysely<Database>, order: Order): Promise<Order> {
    const before = await trx.selectFrom('orders').select('status').where('id', '=', order.id).executeTakeFirst();
    await trx
      .updateTable('orders')
      .set({ ...columns(order), revision: sql`revision + 1` })
      .where('id', '=', order.id)
      .execute();
    const stored = await this.writeLines(trx, order);
    if (before) await this.announce(trx, order.id, before.status as OrderStatus, order.status);
    return stored;
  }

  /**
   * Tells the change feed what a write did, as WooCommerce's order webhooks see it: a draft is not yet
   * an order (leaving the draft is its creation), the trash is a deletion and leaving it a restoration.
   */
  private async announce(trx: Kysely<Database>, id: number, from: OrderStatus | null, to: OrderStatus): Promise<void> {
    if (to === DRAFT) return;
    await this.changes.record(trx, { resource: 'order', event: statusChangeEvent(from === DRAFT ? null : from, to), id });
    if (from !== to) await this.changes.record(trx, { resource: 'order', event: 'status', id, from: from === DRAFT ? null : from, to });
  }

  private async writeLines(trx: Kysely<Database>, order: Order): Promise<Order> {
    const rows = lineRows(order);
    const kept = rows.map((r) => r.line.id).filter((id) => id > 0);
    let del = trx.deleteFrom('order_items').where('order_id', '=', order.id);
    if (kept.length) del = del.where('id', 'not in', kept);
    await del.execute();
    const ids: number[] = [];
    for (const [position, { type, line }] of rows.entries()) {
      const { id, ...data } = line;
      if (id > 0) {
        await trx.updateTable('order_items').set({ position, data: JSON.stringify(data) }).where('id', '=', id).execute();
        ids.push(id);
      } else {
        const made = await trx.insertInto('order_items').values({ order_id: order.id, type, position, data: JSON.stringify(data) }).returning('id').executeTakeFirstOrThrow();
        ids.push(made.id);
      }
    }
    let i = 0;
    const withId = <L extends { id: number }>(lines: L[]): L[] => lines.map((l) => ({ ...l, id: ids[i++] }));
    return {
      ...order,
      lines: withId(order.lines),
      shippingLines: withId(order.shippingLines),
      feeLines: withId(order.feeLines),
      couponLines: withId(order.couponLines),
      taxLines: withId(order.taxLines),
    };
  }

  /**
   * Takes the lines' units off the shelf, each stock-keeping product once with the sum of its lines.
   * A product without enough (and without backorders) refuses the whole order. Returns the lines with
   * what each took.
   */
  async reduceStock(trx: Kysely<Database>, lines: readonly OrderLine[], names: (productId: number) => string): Promise<OrderLine[]> {
    const wanted = new Map<number, number>();
    for (const l of lines) if (l.stockProductId > 0) wanted.set(l.stockProductId, (wanted.get(l.stockProductId) ?? 0) + l.quantity);
    // In id order, so that two orders for the same products lock their rows in the same order.
    for (const [productId, quantity] of [...wanted].sort(([a], [b]) => a - b)) {
      const left = sql<number>`stock_quantity - ${quantity}`;
      const r = await trx
        .updateTable('products')
        .set({
          stock_quantity: left,
          stock_status: sql`case when stock_quantity - ${quantity} > 0 then 'instock' when backorders <> 'no' then 'onbackorder' else 'outofstock' end`,
          total_sales: sql`total_sales + ${quantity}`,
        })
        .where('id', '=', productId)
        .where('manage_stock', '=', 1)
        .where((eb) => eb.or([eb('backorders', '<>', 'no'), eb('stock_quantity', '>=', quantity)]))
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) {
        const row = await trx.selectFrom('products').select(['stock_quantity', 'manage_stock']).where('id', '=', productId).executeTakeFirst();
        if (!row || row.manage_stock !== 1) continue;
        const available = Math.max(row.stock_quantity ?? 0, 0);
        if (available === 0) {
          throw new CocartError('cocart_product_out_of_stock', 'invalid', '"%s" is out of stock and cannot be purchased.', [names(productId)]);
        }
        throw new CocartError('cocart_insufficient_stock', 'invalid', 'Insufficient stock for "%1$s". Only %2$s remaining.', [names(productId), available]);
      }
      await this.stockChanged(trx, productId);
    }
    return lines.map((l) => (l.stockProductId > 0 ? { ...l, reducedStock: l.quantity } : l));
  }

  /** Puts back what the lines took (all of it, or `quantities` per line id); returns the lines with what they still hold. */
  async restoreStock(trx: Kysely<Database>, lines: readonly OrderLine[], quantities?: ReadonlyMap<number, number>): Promise<OrderLine[]> {
    const back = new Map<number, number>();
    const after = lines.map((l) => {
      const n = Math.min(l.reducedStock, quantities ? (quantities.get(l.id) ?? 0) : l.reducedStock);
      if (n <= 0 || l.stockProductId <= 0) return l;
      back.set(l.stockProductId, (back.get(l.stockProductId) ?? 0) + n);
      return { ...l, reducedStock: l.reducedStock - n };
    });
    for (const [productId, quantity] of [...back].sort(([a], [b]) => a - b)) {
      const r = await trx
        .updateTable('products')
        .set({
          stock_quantity: sql`stock_quantity + ${quantity}`,
          stock_status: sql`case when stock_quantity + ${quantity} > 0 then 'instock' when backorders <> 'no' then 'onbackorder' else 'outofstock' end`,
          total_sales: sql`case when total_sales >= ${quantity} then total_sales - ${quantity} else 0 end`,
        })
        .where('id', '=', productId)
        .where('manage_stock', '=', 1)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) > 0) await this.stockChanged(trx, productId);
    }
    return after;
  }

  /** WooCommerce saves a product whose stock an order moves (`wc_update_product_stock`), so its webhooks see an update. */
  private stockChanged(trx: Kysely<Database>, productId: number): Promise<void> {
    return this.changes.record(trx, { resource: 'product', event: 'updated', id: productId });
  }

  /**
   * Counts the order towards its coupons' usage, holding each coupon's row: a coupon whose usage limit,
   * or whose limit per customer (by any of `aliases`: the customer's id and e-mail addresses), is
   * reached refuses the whole order.
   */
  async recordCouponUsage(trx: Kysely<Database>, codes: readonly string[], usedBy: string, aliases: readonly string[]): Promise<void> {
    const lowered = new Set(aliases.map((a) => a.toLowerCase()));
    for (const code of [...new Set(codes)].sort()) {
      let q = trx.selectFrom('coupons').select(['id', 'usage_count', 'usage_limit', 'usage_limit_per_user', 'used_by']).where('code', '=', code);
      if (this.handle.dialect === 'postgres') q = q.forUpdate();
      const row = await q.executeTakeFirst();
      if (!row) continue;
      const used: string[] = json(row.used_by, []);
      if (row.usage_limit && row.usage_count >= row.usage_limit) {
        throw new CocartError('cocart_coupon_usage_limit', 'invalid', 'Coupon usage limit has been reached for "%s".', [code]);
      }
      if (row.usage_limit_per_user && used.filter((who) => lowered.has(who.toLowerCase())).length >= row.usage_limit_per_user) {
        throw new CocartError('cocart_coupon_usage_limit', 'invalid', 'You have reached the usage limit for coupon "%s".', [code]);
      }
      await trx
        .updateTable('coupons')
        .set({ usage_count: row.usage_count + 1, used_by: JSON.stringify([...used, usedBy.toLowerCase()]) })
        .where('id', '=', row.id)
        .execute();
    }
  }

  /** Takes the order off its coupons' usage again (one use each, by `usedBy`). */
  async releaseCouponUsage(trx: Kysely<Database>, codes: readonly string[], usedBy: string): Promise<void> {
    for (const code of [...new Set(codes)].sort()) {
      let q = trx.selectFrom('coupons').select(['id', 'usage_count', 'used_by']).where('code', '=', code);
      if (this.handle.dialect === 'postgres') q = q.forUpdate();
      const row = await q.executeTakeFirst();
      if (!row) continue;
      const used: string[] = json(row.used_by, []);
      const at = used.findIndex((who) => who.toLowerCase() === usedBy.toLowerCase());
      if (at >= 0) used.splice(at, 1);
      await trx
        .updateTable('coupons')
        .set({ usage_count: Math.max(row.usage_count - 1, 0), used_by: JSON.stringify(used) })
        .where('id', '=', row.id)
        .execute();
    }
  }

  async addNote(db: Kysely<Database>, note: Omit<OrderNote, 'id'>): Promise<OrderNote> {
    const { id } = await db
      .insertInto('order_notes')
      .values({ order_id: note.orderId, note: note.note, customer_note: note.customerNote ? 1 : 0, author: note.author, created_at: note.createdAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { ...note, id };
  }

  async notes(orderId: number, type: 'any' | 'customer' | 'internal' = 'any'): Promise<OrderNote[]> {
    let q = this.db.selectFrom('order_notes').selectAll().where('order_id', '=', orderId);
    if (type === 'customer') q = q.where('customer_note', '=', 1);
    if (type === 'internal') q = q.where('customer_note', '=', 0);
    const rows = await q.orderBy('id', 'desc').execute();
    return rows.map((r) => ({ id: r.id, orderId: r.order_id, note: r.note, customerNote: r.customer_note === 1, author: r.author, createdAt: r.created_at }));
  }

  async deleteNote(orderId: number, noteId: number): Promise<boolean> {
    const r = await this.db.deleteFrom('order_notes').where('order_id', '=', orderId).where('id', '=', noteId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Remembers that a payment provider's event was handled; false when it already was. */
  async firstDelivery(db: Kysely<Database>, gateway: string, eventId: string, now: number): Promise<boolean> {
    const inserted = await db
      .insertInto('payment_events')
      .values({ gateway, event_id: eventId, received_at: now })
      .onConflict((oc) => oc.columns(['gateway', 'event_id']).doNothing())
      .returning('event_id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /** Unpaid orders whose stock hold has run out. */
  async expiredHolds(now: number, limit: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('orders')
      .select('id')
      .where('status', 'in', ['pending', 'failed'])
      .where('hold_until', 'is not', null)
      .where('hold_until', '<', now)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }

  /** Deletes an order with its lines, notes and refunds. */
  async delete(id: number): Promise<boolean> {
    return this.transaction((trx) => this.remove(trx, id));
  }

  /** `delete` inside the caller's transaction (which may first have put the order's stock back). */
  async remove(trx: Kysely<Database>, id: number): Promise<boolean> {
    const before = await trx.selectFrom('orders').select('status').where('id', '=', id).executeTakeFirst();
    // An order already in the trash was announced deleted when it went there.
    if (before && before.status !== 'trash' && before.status !== DRAFT) await this.changes.record(trx, { resource: 'order', event: 'deleted', id });
    await trx.deleteFrom('order_items').where('order_id', '=', id).execute();
    await trx.deleteFrom('order_notes').where('order_id', '=', id).execute();
    await trx.deleteFrom('order_refunds').where('order_id', '=', id).execute();
    const r = await trx.deleteFrom('orders').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
