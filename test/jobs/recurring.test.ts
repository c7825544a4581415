import { describe, expect, it } from 'vitest';
import { CANCEL_UNPAID_ORDERS, CLEANUP_SESSIONS, EXPIRE_IDEMPOTENCY_KEYS } from '../../src/jobs/recurring.ts';
import { createTestApp, DATABASES, twoNodes } from '../helpers/app.ts';
import { insertCarts, messages, query, waitForAction } from './helpers.ts';

describe.each(DATABASES)('recurring tasks (%s)', (kind) => {
  it('are scheduled once however many nodes start', async () => {
    const nodes = await twoNodes(kind, { SEED_DEMO: 'false' });
    try {
      const { queue } = nodes.b.runtime.jobs;
      const pending = (await queue.list(query({ status: 'pending', group: 'cartwright' }))).actions;
      expect(pending.map((a) => [a.hook, a.recurrence]).sort()).toEqual([
        [CANCEL_UNPAID_ORDERS, 300],
        [CLEANUP_SESSIONS, 12 * 3600],
        [EXPIRE_IDEMPOTENCY_KEYS, 3600],
      ]);
    } finally {
      await nodes.close();
    }
  });

  it('deletes only expired carts, 500 at a time, and schedules the next cleanup 12 hours on', async () => {
    let t = 1_800_000_000;
    const app = await createTestApp(kind, { now: () => t, env: { WORKERS: '1', SEED_DEMO: 'false' } });
    try {
      const { queue } = app.runtime.jobs;
      const [job] = (await queue.list(query({ hook: CLEANUP_SESSIONS, status: 'pending' }))).actions;
      // Six hours after the first start, as CoCart schedules its cleanup.
      expect(job.scheduledAt).toBe(t + 6 * 3600);
      await insertCarts(app.runtime.database.db, Array.from({ length: 1200 }, (_, i) => t - 1 - (i % 50)));
      const live = await insertCarts(app.runtime.database.db, [t, t + 1, t + 7 * 86400]);
      await queue.runNow(job.id);
      await waitForAction(app.runtime, job.id, 'complete');
      const left = await app.runtime.database.db.selectFrom('carts').select('cart_key').orderBy('id').execute();
      expect(left.map((r) => r.cart_key)).toEqual(live);
      const log = await messages(app.runtime, job.id);
      // 1200 carts: 500, 500, then 200 (fewer than a batch: done).
      expect(log.filter((m) => m === 'batch done; runs again at once')).toHaveLength(2);
      const next = (await queue.list(query({ hook: CLEANUP_SESSIONS, status: 'pending' }))).actions;
      expect(next).toEqual([expect.objectContaining({ scheduledAt: t + 12 * 3600, recurrence: 12 * 3600, group: 'cartwright' })]);
      expect(log.at(-1)).toBe(`next run scheduled at 2027-01-15T20:00:00Z (action ${next[0].id})`);

      // Twelve hours on the worker runs it by itself.
      t += 12 * 3600;
      await insertCarts(app.runtime.database.db, [t - 5]);
      await waitForAction(app.runtime, next[0].id, 'complete');
      expect((await app.runtime.database.db.selectFrom('carts').select('cart_key').orderBy('id').execute()).map((r) => r.cart_key)).toEqual([live[2]]);
    } finally {
      await app.close();
    }
  });
});
