import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { canonicalJson, retryDelay, type JobQueue } from '../../src/jobs/queue.ts';
import { createTestApp, DATABASES } from '../helpers/app.ts';
import { messages, query } from './helpers.ts';

/** The queue repository on its own (no worker): scheduling, claims, outcomes, leases, listing. */
describe.each(DATABASES)('job queue (%s)', (kind) => {
  let app: FastifyInstance;
  let queue: JobQueue;
  let t = 1_800_000_000;
  beforeAll(async () => {
    app = await createTestApp(kind, { now: () => t, env: { SEED_DEMO: 'false' } });
    queue = app.runtime.jobs.queue;
  });
  afterAll(() => app.close());

  it('keeps arguments as canonical JSON', () => {
    expect(canonicalJson({ b: [{ y: 1, x: 2 }], a: null })).toBe('{"a":null,"b":[{"x":2,"y":1}]}');
    expect([1, 2, 3, 4, 8, 20].map(retryDelay)).toEqual([30, 60, 120, 240, 3600, 3600]);
  });

  it('schedules an action, due now by default, with a log line', async () => {
    const a = await queue.schedule('test_schedule', { order: 7 }, { group: 'g1' });
    expect(a).toMatchObject({ hook: 'test_schedule', args: { order: 7 }, group: 'g1', status: 'pending', scheduledAt: t, attempts: 0, maxAttempts: 3, recurrence: null, createdAt: t });
    expect(await messages(app.runtime, a.id)).toEqual(['action created, due at 2027-01-15T08:00:00Z']);
  });

  it('schedules unique actions once per hook and arguments while one waits or runs', async () => {
    const first = await queue.schedule('test_unique', { a: 1, b: 2 }, { unique: true });
    const again = await queue.schedule('test_unique', { b: 2, a: 1 }, { unique: true });
    expect(again.id).toBe(first.id);
    const other = await queue.schedule('test_unique', { a: 2 }, { unique: true });
    expect(other.id).not.toBe(first.id);
    // Racing callers: still one.
    const racing = await Promise.all(Array.from({ length: 10 }, () => queue.schedule('test_unique_race', { n: 1 }, { unique: true })));
    expect(new Set(racing.map((a) => a.id)).size).toBe(1);
    // In progress still counts; once complete a new one may be scheduled.
    const [claimed] = await queue.claim('node-x', 1, 60, ['test_unique_race']);
    expect((await queue.schedule('test_unique_race', { n: 1 }, { unique: true })).id).toBe(claimed.id);
    expect(await queue.complete(claimed)).toBe(true);
    expect((await queue.schedule('test_unique_race', { n: 1 }, { unique: true })).id).not.toBe(claimed.id);
  });

  it('claims due actions oldest first, each once, counting attempts', async () => {
    const late = await queue.schedule('test_claim', { n: 'late' }, { at: t - 10 });
    const early = await queue.schedule('test_claim', { n: 'early' }, { at: t - 20 });
    const future = await queue.schedule('test_claim', { n: 'future' }, { at: t + 10 });
    const claimed = await queue.claim('node-a', 5, 60, ['test_claim']);
    expect(claimed.map((a) => a.id)).toEqual([early.id, late.id]);
    expect(claimed[0]).toMatchObject({ status: 'in-progress', claimedBy: 'node-a', leaseUntil: t + 60, attempts: 1 });
    expect(await queue.claim('node-b', 5, 60, ['test_claim'])).toEqual([]);
    expect(await messages(app.runtime, early.id)).toContain('action claimed by node node-a (attempt 1 of 3)');
    expect(await queue.claim('node-b', 5, 60, [])).toEqual([]);
    await queue.cancel(future.id);
    for (const a of claimed) await queue.complete(a);
  });

  it('claims no more than its limit, however many are due', async () => {
    for (let i = 0; i < 200; i++) await queue.schedule('test_limit', { i }, { at: t + 3600 });
    // All due at once (as after an outage): PostgreSQL must not re-run the choice of rows per updated row.
    await app.runtime.database.db.updateTable('scheduled_actions').set({ scheduled_at: t - 5 }).where('hook', '=', 'test_limit').execute();
    const first = await queue.claim('node-a', 4, 60, ['test_limit']);
    expect(first).toHaveLength(4);
    const rest = await queue.claim('node-b', 500, 60, ['test_limit']);
    expect(rest).toHaveLength(196);
    expect((await queue.counts({ hook: 'test_limit' }))['in-progress']).toBe(200);
    for (const a of [...first, ...rest]) await queue.complete(a);
  });

  it('retries a failed attempt with exponential backoff, then fails it for good', async () => {
    const a = await queue.schedule('test_fail', {}, { maxAttempts: 3 });
    const [first] = await queue.claim('node-a', 1, 60, ['test_fail']);
    expect(await queue.fail(first, 'disk full')).toBe('retry');
    expect(await queue.get(a.id)).toMatchObject({ status: 'pending', scheduledAt: t + 30, lastError: 'disk full', attempts: 1 });
    expect(await queue.claim('node-a', 1, 60, ['test_fail'])).toEqual([]);
    t += 30;
    const [second] = await queue.claim('node-a', 1, 60, ['test_fail']);
    expect(second.attempts).toBe(2);
    expect(await queue.fail(second, 'disk still full')).toBe('retry');
    expect((await queue.get(a.id))?.scheduledAt).toBe(t + 60);
    t += 60;
    const [third] = await queue.claim('node-a', 1, 60, ['test_fail']);
    expect(await queue.fail(third, 'gave up')).toBe('failed');
    expect(await queue.get(a.id)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'gave up', completedAt: t });
    const log = await messages(app.runtime, a.id);
    expect(log).toContain('action failed: disk full');
    expect(log.filter((m) => m.startsWith('retry scheduled at '))).toHaveLength(2);
    expect(log.at(-1)).toBe('no attempts left (3)');
  });

  it('ignores the outcome of a claim that is no longer current', async () => {
    const a = await queue.schedule('test_stale', {}, { maxAttempts: 2 });
    const [claim] = await queue.claim('node-a', 1, 60, ['test_stale']);
    t += 61;
    expect(await queue.releaseExpiredLeases()).toBe(1);
    expect(await queue.get(a.id)).toMatchObject({ status: 'pending', claimedBy: null, attempts: 1 });
    expect((await messages(app.runtime, a.id)).at(-1)).toBe('lease of node node-a expired (attempt 1 of 2); released to pending');
    const [retaken] = await queue.claim('node-b', 1, 60, ['test_stale']);
    expect(await queue.complete(claim)).toBe(false);
    expect(await queue.fail(claim, 'late')).toBeNull();
    expect(await queue.renew(claim, 60)).toBe(false);
    expect(await queue.renew(retaken, 120)).toBe(true);
    expect((await queue.get(a.id))?.leaseUntil).toBe(t + 120);
    // Its last attempt's lease lapsing fails it.
    t += 121;
    expect(await queue.releaseExpiredLeases()).toBe(1);
    expect(await queue.get(a.id)).toMatchObject({ status: 'failed', lastError: 'lease of node node-b expired' });
  });

  it('runs a batch routine again at once, with fresh attempts', async () => {
    const a = await queue.schedule('test_again', {});
    const [claim] = await queue.claim('node-a', 1, 60, ['test_again']);
    expect(await queue.complete(claim, { again: true })).toBe(true);
    expect(await queue.get(a.id)).toMatchObject({ status: 'pending', scheduledAt: t, attempts: 0 });
    const [next] = await queue.claim('node-a', 1, 60, ['test_again']);
    expect(next).toMatchObject({ id: a.id, attempts: 1 });
    await queue.complete(next);
  });

  it('schedules the next run of a recurring action when one ends, complete or failed', async () => {
    const a = await queue.schedule('test_every', { x: 1 }, { recurrence: 600, group: 'rec', maxAttempts: 1 });
    const [run] = await queue.claim('node-a', 1, 60, ['test_every']);
    await queue.complete(run);
    const pending = (await queue.list(query({ hook: 'test_every', status: 'pending' }))).actions;
    expect(pending).toEqual([expect.objectContaining({ args: { x: 1 }, group: 'rec', scheduledAt: t + 600, recurrence: 600, maxAttempts: 1 })]);
    expect((await messages(app.runtime, a.id)).at(-1)).toBe(`next run scheduled at ${new Date((t + 600) * 1000).toISOString().replace('.000Z', 'Z')} (action ${pending[0].id})`);
    t += 600;
    const [second] = await queue.claim('node-a', 1, 60, ['test_every']);
    expect(await queue.fail(second, 'nope')).toBe('failed');
    expect((await queue.list(query({ hook: 'test_every', status: 'pending' }))).actions.map((x) => x.scheduledAt)).toEqual([t + 600]);
    // The failed run run again does not fork the series.
    await queue.runNow(second.id);
    const [rerun] = await queue.claim('node-a', 1, 60, ['test_every']);
    expect(rerun.id).toBe(second.id);
    await queue.complete(rerun);
    expect((await queue.list(query({ hook: 'test_every', status: 'pending' }))).total).toBe(1);
    expect((await messages(app.runtime, second.id)).at(-1)).toMatch(/^next run already scheduled \(action \d+\)$/);
    // Canceling the pending one ends the series.
    const [third] = (await queue.list(query({ hook: 'test_every', status: 'pending' }))).actions;
    await queue.cancel(third.id);
    expect((await queue.list(query({ hook: 'test_every', status: 'pending' }))).total).toBe(0);
  });

  it('runs now, or cancels, only what may be', async () => {
    const a = await queue.schedule('test_now', {}, { at: t + 3600 });
    expect((await queue.runNow(a.id)).scheduledAt).toBe(t);
    expect((await messages(app.runtime, a.id)).at(-1)).toBe('run now: due at once');
    const [claim] = await queue.claim('node-a', 1, 60, ['test_now']);
    await expect(queue.runNow(a.id)).rejects.toMatchObject({ code: 'cartwright_action_not_runnable', kind: 'conflict' });
    await expect(queue.cancel(a.id)).rejects.toMatchObject({ code: 'cartwright_action_not_cancelable', kind: 'conflict' });
    await queue.complete(claim);
    await expect(queue.runNow(a.id)).rejects.toMatchObject({ code: 'cartwright_action_not_runnable', data: { action_status: 'complete' } });
    await expect(queue.cancel(999_999)).rejects.toMatchObject({ code: 'cartwright_action_not_found', kind: 'not_found' });
    // A failed action may be run again, with fresh attempts.
    const f = await queue.schedule('test_now', { f: 1 }, { maxAttempts: 1 });
    await queue.fail((await queue.claim('node-a', 1, 60, ['test_now']))[0], 'x');
    expect(await queue.runNow(f.id)).toMatchObject({ status: 'pending', attempts: 0, scheduledAt: t });
  });

  it('lists with filters, search, order and paging, and counts per status', async () => {
    for (let i = 0; i < 5; i++) await queue.schedule('test_list', { order: 100 + i, note: i % 2 ? 'odd_50%' : 'even' }, { group: 'listing', at: t + 100 - i });
    const all = await queue.list(query({ group: 'listing' }));
    expect(all.total).toBe(5);
    expect((await queue.list(query({ group: 'listing', orderBy: 'scheduled_at' }))).actions.map((a) => (a.args as { order: number }).order)).toEqual([104, 103, 102, 101, 100]);
    const page = await queue.list(query({ group: 'listing', orderBy: 'id', order: 'desc', offset: 2, limit: 2 }));
    expect(page.actions.map((a) => (a.args as { order: number }).order)).toEqual([102, 101]);
    expect(page.total).toBe(5);
    expect((await queue.list(query({ search: 'ODD_50%' }))).total).toBe(2);
    expect((await queue.list(query({ search: '_50' }))).total).toBe(2);
    expect((await queue.list(query({ search: 'test_lis' }))).total).toBe(5);
    expect((await queue.list(query({ search: 'st_list", x' }))).total).toBe(0);
    await queue.cancel(all.actions[0].id);
    expect(await queue.counts({ group: 'listing' })).toEqual({ pending: 4, 'in-progress': 0, complete: 0, failed: 0, canceled: 1 });
    expect((await queue.list(query({ group: 'listing', status: 'canceled' }))).actions.map((a) => a.id)).toEqual([all.actions[0].id]);
  });
});
