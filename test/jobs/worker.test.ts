import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Worker } from '../../src/jobs/worker.ts';
import type { JsonValue } from '../../src/jobs/queue.ts';
import { createTestApp, DATABASES, twoNodes } from '../helpers/app.ts';
import { messages, query, waitFor, waitForAction } from './helpers.ts';

/** The worker inside the server: real apps, real databases, real timers (the clock injected where time must move). */
describe.each(DATABASES)('job worker (%s)', (kind) => {
  it('runs a one-off action as soon as this node schedules it', async () => {
    const app = await createTestApp(kind, { env: { WORKERS: '1', SEED_DEMO: 'false' } });
    try {
      const seen: JsonValue[] = [];
      app.runtime.jobs.registry.register('test_once', async (args, ctx) => {
        expect(ctx.action.attempts).toBe(1);
        seen.push(args);
      });
      const started = Date.now();
      const a = await app.runtime.jobs.queue.schedule('test_once', { hello: 'world' });
      const done = await waitForAction(app.runtime, a.id, 'complete');
      // Woken by the scheduling itself, not by the next poll.
      expect(Date.now() - started).toBeLessThan(900);
      expect(seen).toEqual([{ hello: 'world' }]);
      expect(done).toMatchObject({ attempts: 1, claimedBy: null, leaseUntil: null, completedAt: expect.any(Number) });
      expect(await messages(app.runtime, a.id)).toEqual([
        expect.stringMatching(/^action created, due at /),
        `action claimed by node ${app.runtime.jobs.nodeId} (attempt 1 of 3)`,
        'action complete',
      ]);
    } finally {
      await app.close();
    }
  });

  it('retries a throwing handler with backoff, then marks it failed after its last attempt', async () => {
    let t = 1_800_000_000;
    const app = await createTestApp(kind, { now: () => t, env: { WORKERS: '1', SEED_DEMO: 'false' } });
    try {
      let calls = 0;
      app.runtime.jobs.registry.register('test_flaky', async () => {
        calls++;
        throw new Error(`boom #${calls}`);
      });
      const a = await app.runtime.jobs.queue.schedule('test_flaky', {}, { maxAttempts: 3 });
      await waitForAction(app.runtime, a.id, 'pending', (x) => x.attempts === 1);
      expect(await app.runtime.jobs.queue.get(a.id)).toMatchObject({ scheduledAt: t + 30, lastError: 'boom #1' });
      t += 29;
      await sleep(1200); // a poll passes: not due yet
      expect(calls).toBe(1);
      t += 1;
      await waitForAction(app.runtime, a.id, 'pending', (x) => x.attempts === 2);
      expect((await app.runtime.jobs.queue.get(a.id))?.scheduledAt).toBe(t + 60);
      t += 60;
      const failed = await waitForAction(app.runtime, a.id, 'failed');
      expect(failed).toMatchObject({ attempts: 3, lastError: 'boom #3', completedAt: t });
      expect(calls).toBe(3);
      const log = await messages(app.runtime, a.id);
      expect(log.filter((m) => m.startsWith('action failed: boom #'))).toHaveLength(3);
      expect(log).toContain(`retry scheduled at ${new Date((t - 60 + 60) * 1000).toISOString().replace('.000Z', 'Z')} (attempt 3 of 3)`);
      expect(log.at(-1)).toBe('no attempts left (3)');
    } finally {
      await app.close();
    }
  });

  it('runs a batch routine again at once until it says it is done', async () => {
    const app = await createTestApp(kind, { env: { WORKERS: '2', SEED_DEMO: 'false' } });
    try {
      let batches = 0;
      app.runtime.jobs.registry.register('test_batches', async () => (++batches < 4 ? { again: true } : undefined));
      const a = await app.runtime.jobs.queue.schedule('test_batches', {});
      await waitForAction(app.runtime, a.id, 'complete');
      expect(batches).toBe(4);
      expect((await messages(app.runtime, a.id)).filter((m) => m === 'batch done; runs again at once')).toHaveLength(3);
    } finally {
      await app.close();
    }
  });

  it('waits for a running handler when the app closes, so its outcome is recorded', async () => {
    const app = await createTestApp(kind, { env: { WORKERS: '1', SEED_DEMO: 'false' } });
    let statusAtClose: string | undefined;
    let id = 0;
    // onClose hooks run last-registered first: this one runs before the database closes.
    app.addHook('onClose', async () => {
      statusAtClose = (await app.runtime.jobs.queue.get(id))?.status;
    });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    app.runtime.jobs.registry.register('test_slow', async () => gate);
    id = (await app.runtime.jobs.queue.schedule('test_slow', {})).id;
    await waitForAction(app.runtime, id, 'in-progress');
    const closing = app.close();
    await sleep(100);
    release();
    await closing;
    expect(statusAtClose).toBe('complete');
  });

  it('stops waiting for a hung handler after its timeout, and aborts its signal', async () => {
    const app = await createTestApp(kind, { env: { SEED_DEMO: 'false' } });
    try {
      let signal: AbortSignal | undefined;
      app.runtime.jobs.registry.register('test_hung', async (_args, ctx) => {
        signal = ctx.signal;
        await new Promise(() => {});
      });
      const worker = new Worker(app.runtime.jobs, { concurrency: 1, log: app.log, now: app.runtime.now });
      worker.start();
      const a = await app.runtime.jobs.queue.schedule('test_hung', {});
      await waitForAction(app.runtime, a.id, 'in-progress');
      const started = Date.now();
      await worker.stop(200);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(signal?.aborted).toBe(true);
      // Still in progress: its lease lapses and another node runs it.
      expect((await app.runtime.jobs.queue.get(a.id))?.status).toBe('in-progress');
    } finally {
      await app.close();
    }
  });

  it("releases a crashed node's lapsed lease, and another node runs the action", async () => {
    let t = 1_800_000_000;
    const nodes = await twoNodes(kind, { WORKERS: '1', SEED_DEMO: 'false' }, { now: () => t });
    try {
      const { a, b } = nodes;
      const action = await a.runtime.jobs.queue.schedule('test_orphan', { n: 1 });
      // Node "crashed-node" claims it and is never heard of again.
      const [claimed] = await a.runtime.jobs.queue.claim('crashed-node', 1, 60, ['test_orphan']);
      expect(claimed.id).toBe(action.id);
      const ran: string[] = [];
      b.runtime.jobs.registry.register('test_orphan', async (_args, ctx) => {
        ran.push(ctx.nodeId);
      });
      await sleep(1200); // b polls: the lease still holds
      expect(ran).toEqual([]);
      t += 61;
      const done = await waitForAction(b.runtime, action.id, 'complete');
      expect(done.attempts).toBe(2);
      expect(ran).toEqual([b.runtime.jobs.nodeId]);
      expect(await messages(b.runtime, action.id)).toEqual([
        expect.stringMatching(/^action created/),
        'action claimed by node crashed-node (attempt 1 of 3)',
        'lease of node crashed-node expired (attempt 1 of 3); released to pending',
        `action claimed by node ${b.runtime.jobs.nodeId} (attempt 2 of 3)`,
        'action complete',
      ]);
    } finally {
      await nodes.close();
    }
  });

  it('never runs one action twice: 200 actions, two nodes with 4 workers each', async () => {
    const nodes = await twoNodes(kind, { WORKERS: '4', SEED_DEMO: 'false' });
    try {
      const runs: { node: string; id: number }[] = [];
      for (const app of [nodes.a, nodes.b]) {
        app.runtime.jobs.registry.register('test_exactly_once', async (_args, ctx) => {
          runs.push({ node: ctx.nodeId, id: ctx.action.id });
          await sleep(40);
        });
      }
      const queue = nodes.a.runtime.jobs.queue;
      const ids: number[] = [];
      for (let i = 0; i < 200; i++) ids.push((await queue.schedule('test_exactly_once', { i }, { at: nodes.a.runtime.now() + 3600 })).id);
      // All due at once, behind both nodes' backs: each finds them at its next poll, and they race.
      await nodes.a.runtime.database.db.updateTable('scheduled_actions').set({ scheduled_at: nodes.a.runtime.now() }).where('hook', '=', 'test_exactly_once').execute();
      await waitFor(async () => (await queue.counts({ hook: 'test_exactly_once' })).complete === 200, 'all 200 complete', 60_000);
      const counts = await queue.counts({ hook: 'test_exactly_once' });
      expect(counts).toEqual({ pending: 0, 'in-progress': 0, complete: 200, failed: 0, canceled: 0 });
      expect(runs).toHaveLength(200);
      expect(new Set(runs.map((r) => r.id))).toEqual(new Set(ids));
      // Both nodes took part.
      const byNode = new Set(runs.map((r) => r.node));
      expect(byNode).toEqual(new Set([nodes.a.runtime.jobs.nodeId, nodes.b.runtime.jobs.nodeId]));
      const listed = await queue.list(query({ hook: 'test_exactly_once' }));
      expect(listed.actions.every((x) => x.attempts === 1)).toBe(true);
    } finally {
      await nodes.close();
    }
  });

  // PostgreSQL only: on SQLite every claim holds the database's write lock, and two connections in one
  // process (as twoNodes makes them) would busy-wait on each other inside one tick of the event loop.
  if (kind === 'postgres') it('hands each due action to one claim of many racing claims on two nodes', async () => {
    const nodes = await twoNodes(kind, { SEED_DEMO: 'false' });
    try {
      const at = nodes.a.runtime.now();
      for (let i = 0; i < 150; i++) await nodes.a.runtime.jobs.queue.schedule('test_race', { i }, { at });
      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? nodes.b : nodes.a).runtime.jobs.queue.claim(`racer-${i}`, 10, 60, ['test_race'])),
      );
      const ids = claims.flat().map((x) => x.id);
      expect(ids).toHaveLength(150);
      expect(new Set(ids).size).toBe(150);
    } finally {
      await nodes.close();
    }
  });
});
