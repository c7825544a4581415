import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { API } from '../helpers/api.ts';
import { twoNodes, type TwoNodes } from '../helpers/app.ts';
import { waitFor } from '../jobs/helpers.ts';
import { freePort } from '../helpers/ports.ts';

/**
 * Redis (the rate limits' shared counters and the nodes' messages) stopped and started again under a
 * running store, a Redis server of the test's own: requests go on being answered (limits counted per
 * node meanwhile, still enforced), and once Redis is back the counts are shared in it again and the
 * pub/sub connection carries changes again.
 */

describe('Redis outage', () => {
  let port = 0;
  let redis: ChildProcess | null = null;
  let nodes: TwoNodes;
  let a: FastifyInstance;
  let b: FastifyInstance;
  const startRedis = async () => {
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(async () => {
      const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        probe.disconnect();
      }
    }, 'redis to start');
  };
  const stopRedis = async () => {
    const child = redis!;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
    redis = null;
  };

  beforeAll(async () => {
    port = await freePort();
    await startRedis();
    nodes = await twoNodes('sqlite', { REDIS_URL: `redis://127.0.0.1:${port}` });
    ({ a, b } = nodes);
    const s = a.runtime.settings.get();
    await a.runtime.settings.save({ ...s, rate_limit: { ...s.rate_limit, enabled: true, limit: 4, seconds: 60 } });
    await waitFor(async () => b.runtime.settings.get().rate_limit.enabled, 'node b to hear of the new settings');
  }, 60_000);
  afterAll(async () => {
    await nodes?.close();
    if (redis) await stopRedis();
  });

  const hit = (app: FastifyInstance, ip: string) => app.inject({ url: `${API}/store`, remoteAddress: ip });

  it('counts in Redis across nodes, per node while Redis is down, and in Redis again once it is back', async () => {
    // Shared: two hits on each node use up one window of four.
    for (const app of [a, b, a, b]) expect((await hit(app, '198.51.100.10')).statusCode).toBe(200);
    expect((await hit(a, '198.51.100.10')).statusCode).toBe(429);

    await stopRedis();
    // Answered at once, and still limited, per node.
    const started = Date.now();
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await hit(a, '198.51.100.11')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect((await hit(b, '198.51.100.11')).statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);

    await startRedis();
    const probe = new Redis({ port, host: '127.0.0.1' });
    try {
      await waitFor(async () => {
        await hit(a, '198.51.100.13');
        return (await probe.keys('cartwright:*')).length > 0;
      }, 'counts to be kept in Redis again', 20_000);
      // Node b reconnects on its own schedule: it counts in Redis again once its hit from an address
      // not seen before adds a key there.
      let address = 20;
      await waitFor(async () => {
        const before = (await probe.keys('cartwright:*')).length;
        await hit(b, `198.51.100.${address++}`);
        return (await probe.keys('cartwright:*')).length > before;
      }, 'node b to count in Redis again', 20_000);
    } finally {
      probe.disconnect();
    }
    for (const app of [a, b, a, b]) expect((await hit(app, '198.51.100.12')).statusCode).toBe(200);
    expect((await hit(b, '198.51.100.12')).statusCode).toBe(429);

    // The nodes hear each other again: a change on one reaches the other through Redis.
    const s = b.runtime.settings.get();
    await b.runtime.settings.save({ ...s, store: { ...s.store, title: 'After the outage' } });
    await waitFor(async () => a.runtime.settings.get().store.title === 'After the outage', 'node a to hear of the change', 20_000);
  }, 60_000);
});
