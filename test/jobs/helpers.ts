import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import type { ActionListQuery, ScheduledAction } from '../../src/jobs/queue.ts';
import type { Runtime } from '../../src/runtime.ts';

/** Polls `check` every 20 ms until it returns something truthy; fails after `timeoutMs`. */
export async function waitFor<T>(check: () => Promise<T | undefined | null | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const query = (q: Partial<ActionListQuery> = {}): ActionListQuery => ({ offset: 0, limit: 1000, orderBy: 'id', order: 'asc', ...q });

/** Waits until action `id` has `status` (and satisfies `also`), and returns it. */
export function waitForAction(runtime: Runtime, id: number, status: ScheduledAction['status'], also: (a: ScheduledAction) => boolean = () => true): Promise<ScheduledAction> {
  return waitFor(async () => {
    const a = await runtime.jobs.queue.get(id);
    return a && a.status === status && also(a) ? a : null;
  }, `action ${id} to be ${status}`);
}

export async function messages(runtime: Runtime, id: number): Promise<string[]> {
  return (await runtime.jobs.queue.logs(id)).map((l) => l.message);
}

/** Inserts carts expiring at the given times; returns their keys. */
export async function insertCarts(db: Kysely<Database>, expiries: number[]): Promise<string[]> {
  const rows = expiries.map((expiry) => ({
    cart_key: randomBytes(15).toString('hex'), cart_value: '{}', cart_created: expiry - 86400, cart_expiry: expiry, cart_source: 'cocart', cart_hash: '', revision: 1,
  }));
  for (let i = 0; i < rows.length; i += 200) await db.insertInto('carts').values(rows.slice(i, i + 200)).execute();
  return rows.map((r) => r.cart_key);
}
