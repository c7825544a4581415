import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { OrderStatus } from '../orders/order.ts';

/**
 * What changed in the store, told inside the transaction that changed it. Whatever must follow a
 * change outside the database (a webhook delivery, an e-mail) is scheduled by a listener in that same
 * transaction, so it exists exactly when the change does: a crash between the two cannot lose it, and
 * a change rolled back sends nothing.
 */

/** The resources WooCommerce's webhooks speak of. */
export const RESOURCES = ['order', 'product', 'coupon', 'customer'] as const;
export type Resource = (typeof RESOURCES)[number];

/** `deleted` covers the trash; `restored` is out of the trash. */
export const EVENTS = ['created', 'updated', 'deleted', 'restored'] as const;
export type ChangeEvent = (typeof EVENTS)[number];

/**
 * What a write that took a resource's status `from` (null: the resource is new) to `to` was, as
 * WooCommerce's webhooks see it: moving into the trash deletes, moving out of it restores.
 */
export function statusChangeEvent(from: string | null, to: string): ChangeEvent {
  if (from === null) return 'created';
  if (to === 'trash' && from !== 'trash') return 'deleted';
  if (from === 'trash' && to !== 'trash') return 'restored';
  return 'updated';
}

export interface ResourceChange {
  resource: Resource;
  event: ChangeEvent;
  id: number;
}

/** An order's status as it was and as it is now (`from` null for a new order). */
export interface OrderStatusChange {
  resource: 'order';
  event: 'status';
  id: number;
  from: OrderStatus | null;
  to: OrderStatus;
}

/** Money given back on an order; `full` when nothing is left to refund. */
export interface OrderRefunded {
  resource: 'order';
  event: 'refunded';
  id: number;
  refundId: number;
  full: boolean;
}

export type Change = ResourceChange | OrderStatusChange | OrderRefunded;

export type ChangeListener = (trx: Kysely<Database>, change: Change) => Promise<void>;

export class ChangeFeed {
  private readonly listeners: ChangeListener[] = [];

  listen(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** Tells every listener, in the caller's transaction; a listener that fails fails the change. */
  async record(trx: Kysely<Database>, change: Change): Promise<void> {
    for (const listener of this.listeners) await listener(trx, change);
  }
}
