import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { wc } from '../admin/helpers.ts';
import { API, shopperCall } from '../helpers/api.ts';
import { withStaff } from '../helpers/auth.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres.ts';
import { waitFor } from '../jobs/helpers.ts';

/**
 * PostgreSQL stopped and started again under two running nodes of one store (its own server, never
 * the machine's): while it is down, what needs it answers 503 cocart_service_unavailable with
 * Retry-After at once and catalogue reads keep serving from memory; the processes live on; once it is
 * back, the pool, LISTEN/NOTIFY and the job workers carry on by themselves and no acknowledged write
 * is lost.
 */

describe('PostgreSQL outage', () => {
  let pg: PrivatePostgres;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let key = '';

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    const env = { LOG_LEVEL: 'silent', SEED_DEMO: 'true', DATABASE_URL: pg.url };
    a = await buildApp(loadConfig({ ...env, WORKERS: '1' }));
    b = await buildApp(loadConfig({ ...env, WORKERS: '0' }));
    await withStaff(a);
  }, 60_000);
  afterAll(async () => {
    await a?.close().catch(() => {});
    await b?.close().catch(() => {});
    pg?.destroy();
  });

  it('answers 503 with Retry-After while the database is down, serves the catalogue from memory, and recovers by itself', async () => {
    const added = await shopperCall(a, 'POST', '/cart/add-item', { payload: { id: '10', quantity: 2 } });
    expect(added.statusCode, added.body).toBe(200);
    key = added.headers['cocart-api-cart-key'] as string;

    pg.stop('immediate');

    const read = await shopperCall(a, 'GET', '/cart', { key });
    expect(read.statusCode, read.body).toBe(503);
    expect(read.headers['retry-after']).toBe('5');
    expect(read.headers['content-type']).toMatch(/^application\/json/);
    expect(read.json()).toMatchObject({ code: 'cocart_service_unavailable', data: { status: 503 } });
    const write = await shopperCall(a, 'POST', '/cart/add-item', { key, payload: { id: '29', quantity: 1 } });
    expect(write.statusCode).toBe(503);
    expect(write.json().code).toBe('cocart_service_unavailable');
    expect((await a.inject({ url: '/ready' })).statusCode).toBe(503);
    expect((await a.inject({ url: '/health' })).statusCode).toBe(200);
    // The catalogue is held in memory.
    const products = await a.inject({ url: `${API}/products?per_page=3` });
    expect(products.statusCode).toBe(200);
    expect(products.json().products).toHaveLength(3);
    // The store's administration needs the database too.
    expect((await wc(a, 'GET', '/orders')).status).toBe(503);

    pg.start();
    await waitFor(async () => (await a.inject({ url: '/ready' })).statusCode === 200, 'node a to be ready again', 30_000);
    // The write answered 200 is there; the one refused is not, half or whole.
    const after = await shopperCall(a, 'GET', '/cart', { key });
    expect(after.statusCode, after.body).toBe(200);
    expect(after.json().items.map((i: { id: number; quantity: { value: number } }) => [i.id, i.quantity.value])).toEqual([[10, 2]]);
    expect((await shopperCall(a, 'POST', '/cart/add-item', { key, payload: { id: '29', quantity: 1 } })).statusCode).toBe(200);
    expect((await shopperCall(b, 'GET', '/cart', { key })).json().items).toHaveLength(2);
  }, 90_000);

  it('hears the other node again after the database restarted (LISTEN/NOTIFY reconnects)', async () => {
    pg.stop('immediate');
    pg.start();
    await waitFor(async () => (await b.inject({ url: '/ready' })).statusCode === 200, 'node b to be ready again', 30_000);
    const changed = await wc(b, 'PUT', '/products/10', { regular_price: '77.00' }, 'admin');
    expect(changed.status, changed.res.body).toBe(200);
    await waitFor(async () => {
      const r = await a.inject({ url: `${API}/products/10` });
      return r.statusCode === 200 && Number(r.json().prices.regular_price) === 7700;
    }, 'node a to see the new price', 30_000);
  }, 90_000);

  it("keeps running background actions after the outage (the node's worker goes on)", async () => {
    let ran = 0;
    a.runtime.jobs.registry.register('test_after_outage', async () => {
      ran++;
    });
    pg.stop('immediate');
    // The worker polls a database that is down: it logs and carries on.
    await new Promise((r) => setTimeout(r, 1500));
    pg.start();
    await waitFor(async () => (await a.inject({ url: '/ready' })).statusCode === 200, 'node a to be ready again', 30_000);
    const action = await b.runtime.jobs.queue.schedule('test_after_outage', {});
    await waitFor(async () => (await a.runtime.jobs.queue.get(action.id))?.status === 'complete', 'the action to run on node a', 30_000);
    expect(ran).toBe(1);
  }, 90_000);
});
