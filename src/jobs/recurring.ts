import type { DatabaseHandle } from '../db/connection.ts';
import { IdempotencyStore } from '../sessions/idempotency-store.ts';
import type { SessionStore } from '../sessions/store.ts';
import type { Jobs } from './registry.ts';
import type { OrderService } from '../orders/service.ts';

/**
 * Cartwright's own recurring tasks, registered on every node at start. Each is scheduled `unique`,
 * so however many nodes start, one series of each exists; when one run ends the queue schedules
 * the next. Both delete in batches of one short statement each and ask to run again while rows
 * remain, so no table is ever locked for long.
 */

export const CLEANUP_SESSIONS = 'cartwright_cleanup_sessions';
export const EXPIRE_IDEMPOTENCY_KEYS = 'cartwright_expire_idempotency_keys';
export const CANCEL_UNPAID_ORDERS = 'cartwright_cancel_unpaid_orders';
/** Rows deleted per batch (one statement). */
export const CLEANUP_BATCH = 500;
/** Unpaid orders cancelled per run (each its own transaction). */
const CANCEL_BATCH = 100;

interface RecurringTask {
  hook: string;
  /** Seconds between runs. */
  every: number;
  /** Seconds after the first start of the store until the first run. */
  firstAfter: number;
}

const TASKS: RecurringTask[] = [
  // Twice a day, the first six hours after install, as CoCart schedules its cleanup
  // (docs/wire-contract.md#cart-expiry).
  { hook: CLEANUP_SESSIONS, every: 12 * 3600, firstAfter: 6 * 3600 },
  { hook: EXPIRE_IDEMPOTENCY_KEYS, every: 3600, firstAfter: 3600 },
  // Unpaid orders give their stock back once their hold runs out (each order's own `hold_until`).
  { hook: CANCEL_UNPAID_ORDERS, every: 300, firstAfter: 300 },
];

/** The whole expired-cart cleanup in the foreground (the CLI's), batch after batch; how many carts it deleted. */
export async function cleanupExpiredCarts(sessions: SessionStore): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await sessions.deleteExpired(CLEANUP_BATCH);
    total += deleted;
    if (deleted < CLEANUP_BATCH) return total;
  }
}

export async function registerRecurringTasks(
  jobs: Jobs,
  deps: { database: DatabaseHandle; sessions: SessionStore; orders: OrderService; now: () => number },
): Promise<void> {
  const idempotency = new IdempotencyStore(deps.database, deps.now);
  jobs.registry.register(CLEANUP_SESSIONS, async (_args, ctx) => {
    const deleted = await deps.sessions.deleteExpired(CLEANUP_BATCH);
    if (deleted) ctx.log.info({ deleted }, 'Deleted expired carts');
    return deleted >= CLEANUP_BATCH ? { again: true } : undefined;
  });
  jobs.registry.register(CANCEL_UNPAID_ORDERS, async (_args, ctx) => {
    const cancelled = await deps.orders.cancelExpiredHolds(CANCEL_BATCH);
    if (cancelled) ctx.log.info({ cancelled }, 'Cancelled unpaid orders whose stock hold ran out');
    return cancelled >= CANCEL_BATCH ? { again: true } : undefined;
  });
  jobs.registry.register(EXPIRE_IDEMPOTENCY_KEYS, async () => {
    const deleted = await idempotency.deleteExpired(CLEANUP_BATCH);
    return deleted >= CLEANUP_BATCH ? { again: true } : undefined;
  });
  const now = deps.now();
  for (const task of TASKS) {
    await jobs.queue.schedule(task.hook, {}, { at: now + task.firstAfter, recurrence: task.every, unique: true, group: 'cartwright' });
  }
}
