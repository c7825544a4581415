import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { CartwrightPlugin } from '../../../src/runtime.ts';
import { EXPIRE_IDEMPOTENCY_KEYS } from '../../../src/jobs/recurring.ts';
import { Worker } from '../../../src/jobs/worker.ts';
import { IdempotencyStore } from '../../../src/sessions/idempotency-store.ts';
import { createTestApp, DATABASES, twoNodes } from '../../helpers/app.ts';
import { authHeaders, withUser } from '../../helpers/auth.ts';
import { call, expectError, getCart, itemById, newCart, ok, type CallResult } from './helpers.ts';

/**
 * `Idempotency-Key` on cart writes: a retry with the same key gets the first answer without running
 * again, per caller (user, cart, or keyless guest), for 24 hours.
 */
describe.each(DATABASES)('Idempotency-Key (%s)', (kind) => {
  let app: FastifyInstance;
  let t = 1_800_000_000;
  let failNext = false;
  let failBeforeWrite = false;

  // Fails the next request that asks for it with a server error, after the route did its work.
  const plugin: CartwrightPlugin = {
    name: 'idempotency-test',
    register(rt) {
      // Fails the next add-item while it decides, before anything is stored.
      rt.hooks.addFilter('cocart_quantity_maximum_allowed', (max) => {
        if (failBeforeWrite) {
          failBeforeWrite = false;
          throw new Error('boom before the write');
        }
        return max;
      });
      rt.hooks.addFilter('cocart_cart', (response, req) => {
        if (req?.headers['x-idempotency-test'] === 'fail' && failNext) {
          failNext = false;
          throw new Error('boom');
        }
        return response;
      });
    },
  };

  beforeAll(async () => {
    app = await createTestApp(kind, { now: () => t, plugins: [plugin] });
  });
  afterAll(() => app.close());

  const add = (idempotencyKey: string | undefined, body: Record<string, unknown>, key?: string, headers: Record<string, string> = {}) =>
    call(app, {
      method: 'POST',
      url: '/cart/add-item',
      key,
      body,
      headers: idempotencyKey === undefined ? headers : { ...headers, 'idempotency-key': idempotencyKey },
    });

  const quantity = async (key: string, id: number): Promise<number | undefined> => itemById(ok(await getCart(app, key)), id)?.quantity.value;
  const countCarts = async () =>
    Number((await app.runtime.database.db.selectFrom('carts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const countKeys = async () =>
    Number((await app.runtime.database.db.selectFrom('idempotency_keys').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const replayed = (r: CallResult) => r.res.headers['idempotent-replayed'];

  it('replays a retry with the same key and body, and applies the change once', async () => {
    const { key } = await newCart(app, { id: '30', quantity: '1' });
    const idem = randomUUID();
    const first = await add(idem, { id: '60', quantity: '1' }, key);
    const second = await add(idem, { id: '60', quantity: '1' }, key);
    expect(first.status).toBe(200);
    expect(replayed(first)).toBeUndefined();
    expect(second.status).toBe(200);
    expect(replayed(second)).toBe('true');
    expect(second.res.body).toBe(first.res.body);
    expect(second.res.headers['content-type']).toBe(first.res.headers['content-type']);
    expect(second.key).toBe(key);
    expect(await quantity(key, 60)).toBe(1);
  });

  it("replays a keyless guest's first write: the same cart key, and only one cart made", async () => {
    const idem = randomUUID();
    const before = await countCarts();
    const first = await add(idem, { id: '60', quantity: '1' });
    const retry = await add(idem, { id: '60', quantity: '1' });
    expect(first.status).toBe(200);
    expect(first.key).toMatch(/^[0-9a-f]{30}$/);
    expect(retry.key).toBe(first.key);
    expect(replayed(retry)).toBe('true');
    expect(retry.res.body).toBe(first.res.body);
    // Starter v5's names for the cart's headers are replayed too.
    for (const h of ['cart-key', 'cart-expiring', 'cart-expiration']) expect([h, retry.res.headers[h]]).toEqual([h, first.res.headers[h]]);
    expect(retry.res.headers['cart-key']).toBe(first.key);
    expect(await countCarts()).toBe(before + 1);
    expect(await quantity(first.key!, 60)).toBe(1);
    expect(await app.runtime.sessions.find(first.key!)).not.toBeNull();
  });

  it('refuses the same key with a different body (422) and changes nothing', async () => {
    const { key } = await newCart(app, { id: '30', quantity: '1' });
    const idem = randomUUID();
    ok(await add(idem, { id: '60', quantity: '1' }, key));
    const other = await add(idem, { id: '60', quantity: '2' }, key);
    expectError(other, 422, 'cocart_idempotency_key_reused');
    expect(other.body.message).toBe('This Idempotency-Key was already used for a different request.');
    expect(await quantity(key, 60)).toBe(1);
    // A different URL is a different request too.
    const elsewhere = await call(app, { method: 'POST', url: '/cart/add-item?lang=en', key, body: { id: '60', quantity: '1' }, headers: { 'idempotency-key': idem } });
    expectError(elsewhere, 422, 'cocart_idempotency_key_reused');
    expect(await quantity(key, 60)).toBe(1);
  });

  it('applies requests with different keys, and requests without a key, each time', async () => {
    const { key } = await newCart(app, { id: '30', quantity: '1' });
    const keys = await countKeys();
    ok(await add(randomUUID(), { id: '60', quantity: '1' }, key));
    ok(await add(randomUUID(), { id: '60', quantity: '1' }, key));
    expect(await countKeys()).toBe(keys + 2);
    ok(await add(undefined, { id: '60', quantity: '1' }, key));
    ok(await add(undefined, { id: '60', quantity: '1' }, key));
    expect(await countKeys()).toBe(keys + 2);
    expect(await quantity(key, 60)).toBe(4);
  });

  it('keeps keys per cart: two carts may use the same key independently', async () => {
    const a = await newCart(app, { id: '30', quantity: '1' });
    const b = await newCart(app, { id: '30', quantity: '1' });
    const idem = randomUUID();
    const ra = await add(idem, { id: '60', quantity: '1' }, a.key);
    const rb = await add(idem, { id: '60', quantity: '1' }, b.key);
    expect([ra.status, rb.status]).toEqual([200, 200]);
    expect([replayed(ra), replayed(rb)]).toEqual([undefined, undefined]);
    expect(rb.key).toBe(b.key);
    expect(await quantity(a.key, 60)).toBe(1);
    expect(await quantity(b.key, 60)).toBe(1);
  });

  it('keeps keys per user for an authenticated customer', async () => {
    await withUser(app, 'customer', 'idem-user', { email: 'idem@example.org', at: t });
    const auth = authHeaders('idem-user');
    const idem = randomUUID();
    const first = await add(idem, { id: '60', quantity: '1' }, undefined, auth);
    const retry = await add(idem, { id: '60', quantity: '1' }, undefined, auth);
    expect(first.status, first.res.body).toBe(200);
    expect(replayed(retry)).toBe('true');
    expect(retry.res.body).toBe(first.res.body);
    const cart = ok(await call(app, { url: '/cart', headers: auth }));
    expect(itemById(cart, 60).quantity.value).toBe(1);
  });

  it('covers both batch routes: a retried batch is replayed and its sub-requests run once', async () => {
    const { key } = await newCart(app, { id: '30', quantity: '1' });
    for (const url of ['/wp-json/cocart/batch', '/wp-json/batch/v1']) {
      const idem = randomUUID();
      const batch = () =>
        app.inject({
          method: 'POST',
          url,
          headers: { 'cocart-api-cart-key': key, 'idempotency-key': idem },
          payload: { requests: [{ method: 'POST', path: '/cocart/v2/cart/add-item', body: { id: '60', quantity: '1' } }] },
        });
      const first = await batch();
      const retry = await batch();
      expect(first.statusCode, first.body).toBeLessThan(300);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(retry.statusCode).toBe(first.statusCode);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      expect(retry.body).toBe(first.body);
    }
    // One add-item per batch route, each applied once.
    expect(await quantity(key, 60)).toBe(2);
    // Sub-requests are the batch's own business: a key on one of them is not looked at.
    const sub = { method: 'POST', path: '/cocart/v2/cart/add-item', body: { id: '60', quantity: '1' }, headers: { 'Idempotency-Key': 'inner' } };
    const inner = await app.inject({ method: 'POST', url: '/wp-json/cocart/batch', headers: { 'cocart-api-cart-key': key }, payload: { requests: [sub, sub] } });
    expect(inner.statusCode, inner.body).toBeLessThan(300);
    expect(await quantity(key, 60)).toBe(4);
  });

  it('never runs a batch twice when the node stopped between storing its cart and storing its answer', async () => {
    const { key } = await newCart(app, { id: '30', quantity: '1' });
    const idem = randomUUID();
    const batch = () =>
      app.inject({
        method: 'POST',
        url: '/wp-json/cocart/batch',
        headers: { 'cocart-api-cart-key': key, 'idempotency-key': idem },
        payload: { requests: [{ method: 'POST', path: '/cocart/v2/cart/add-item', body: { id: '61', quantity: '1' } }, { method: 'POST', path: '/cocart/v2/cart/add-item', body: { id: '60', quantity: '2' } }] },
      });
    const complete = vi.spyOn(IdempotencyStore.prototype, 'complete').mockRejectedValueOnce(new Error('the node stopped'));
    try {
      expect((await batch()).statusCode).toBe(200);
    } finally {
      complete.mockRestore();
    }
    t += 61;
    const retry = await batch();
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(await quantity(key, 61)).toBe(1);
    expect(await quantity(key, 60)).toBe(2);
  });

  it('replays a 4xx first answer as it was', async () => {
    const { key } = await newCart(app, { id: '30', quantity: '1' });
    const idem = randomUUID();
    const first = await add(idem, { id: '999999', quantity: '1' }, key);
    expect(first.status).toBeGreaterThanOrEqual(400);
    expect(first.status).toBeLessThan(500);
    const retry = await add(idem, { id: '999999', quantity: '1' }, key);
    expect(retry.status).toBe(first.status);
    expect(retry.res.body).toBe(first.res.body);
    expect(replayed(retry)).toBe('true');
  });

  it('gives the key up after a 5xx that stored nothing, so the retry runs again', async () => {
    const { key } = await newCart(app, { id: '30', quantity: '1' });
    const idem = randomUUID();
    failBeforeWrite = true;
    const failed = await add(idem, { id: '30', quantity: '1' }, key);
    expect(failed.status).toBe(500);
    expect(await quantity(key, 30)).toBe(1);
    const retry = await add(idem, { id: '30', quantity: '1' }, key);
    expect(retry.status).toBe(200);
    expect(replayed(retry)).toBeUndefined();
    expect(await quantity(key, 30)).toBe(2);
  });

  it('never applies a write twice: after a 5xx that came once the cart was stored, a retry is answered with the cart', async () => {
    const { key } = await newCart(app, { id: '30', quantity: '1' });
    const idem = randomUUID();
    const headers = { 'x-idempotency-test': 'fail' };
    failNext = true;
    const failed = await add(idem, { id: '30', quantity: '1' }, key, headers);
    expect(failed.status).toBe(500);
    const retry = await add(idem, { id: '30', quantity: '1' }, key, headers);
    expect(retry.status).toBe(200);
    expect(replayed(retry)).toBe('true');
    expect(retry.res.headers['cocart-api-cart-key']).toBe(key);
    expect(itemById(ok(retry), 30)?.quantity.value).toBe(2);
    expect(await quantity(key, 30)).toBe(2);
  });

  it('never applies a write twice when the node stopped between storing the cart and storing its answer', async () => {
    const { key } = await newCart(app, { id: '30', quantity: '1' });
    const idem = randomUUID();
    // The answer is never stored, as when the process dies right after the cart's commit.
    const complete = vi.spyOn(IdempotencyStore.prototype, 'complete').mockRejectedValueOnce(new Error('the node stopped'));
    try {
      const first = await add(idem, { id: '30', quantity: '2' }, key);
      expect(first.status).toBe(200);
    } finally {
      complete.mockRestore();
    }
    // Once the abandoned claim is stale, the retry is answered with the cart, not run again.
    t += 61;
    const retry = await add(idem, { id: '30', quantity: '2' }, key);
    expect(retry.status).toBe(200);
    expect(replayed(retry)).toBe('true');
    expect(itemById(ok(retry), 30)?.quantity.value).toBe(3);
    expect(await quantity(key, 30)).toBe(3);
    // A keyless guest's first write too: the cart it made answers, and no second cart is made.
    const carts = await countCarts();
    const guestKey = randomUUID();
    const spy = vi.spyOn(IdempotencyStore.prototype, 'complete').mockRejectedValueOnce(new Error('the node stopped'));
    let made = '';
    try {
      const first = await add(guestKey, { id: '10', quantity: '1' });
      made = first.res.headers['cocart-api-cart-key'] as string;
    } finally {
      spy.mockRestore();
    }
    t += 61;
    const again = await add(guestKey, { id: '10', quantity: '1' });
    expect(again.res.headers['cocart-api-cart-key']).toBe(made);
    expect(replayed(again)).toBe('true');
    expect(await countCarts()).toBe(carts + 1);
    expect(await quantity(made, 10)).toBe(1);
  });

  it('applies 10 parallel requests with one key exactly once, and gives all 10 the same answer', async () => {
    const { key } = await newCart(app, { id: '30', quantity: '1' });
    const idem = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, () => add(idem, { id: '60', quantity: '1' }, key)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(new Set(results.map((r) => r.res.body)).size).toBe(1);
    expect(results.filter((r) => replayed(r) === undefined)).toHaveLength(1);
    expect(await quantity(key, 60)).toBe(1);
  });

  it('forgets a key after 24 hours: the same request then runs again', async () => {
    const { key } = await newCart(app, { id: '30', quantity: '1' });
    const idem = randomUUID();
    ok(await add(idem, { id: '60', quantity: '1' }, key));
    t += 24 * 60 * 60 - 1;
    expect(replayed(await add(idem, { id: '60', quantity: '1' }, key))).toBe('true');
    t += 2;
    const later = await add(idem, { id: '60', quantity: '1' }, key);
    expect(later.status).toBe(200);
    expect(replayed(later)).toBeUndefined();
    expect(await quantity(key, 60)).toBe(2);
    // And the new answer is the one replayed from now on.
    const retry = await add(idem, { id: '60', quantity: '1' }, key);
    expect(replayed(retry)).toBe('true');
    expect(retry.res.body).toBe(later.res.body);
    expect(await quantity(key, 60)).toBe(2);
  });

  it('refuses an invalid key with 400 and changes nothing', async () => {
    const { key } = await newCart(app, { id: '30', quantity: '1' });
    for (const bad of ['', 'x'.repeat(256), 'clé', 'a\u0001b']) {
      const r = await add(bad, { id: '60', quantity: '1' }, key);
      expectError(r, 400, 'cocart_idempotency_key_invalid');
    }
    ok(await add('x'.repeat(255), { id: '60', quantity: '1' }, key));
    expect(await quantity(key, 60)).toBe(1);
  });

  it('leaves reads alone', async () => {
    const { key } = await newCart(app, { id: '30', quantity: '1' });
    const keys = await countKeys();
    const r = await call(app, { url: '/cart', key, headers: { 'idempotency-key': randomUUID() } });
    expect(r.status).toBe(200);
    expect(replayed(r)).toBeUndefined();
    expect(await countKeys()).toBe(keys);
  });

  it('deletes expired keys in the hourly background job, in batches, and only expired ones', async () => {
    const db = app.runtime.database.db;
    const rows = Array.from({ length: 2500 }, (_, i) => ({
      scope: 'sweep-test', idempotency_key: `k${i}`, fingerprint: 'f', claimed_at: t - 90_000, expires_at: t - 3600, status: 200, headers: '{}', body: '',
    }));
    for (let i = 0; i < rows.length; i += 500) await db.insertInto('idempotency_keys').values(rows.slice(i, i + 500)).execute();
    await db.insertInto('idempotency_keys').values({ ...rows[0], idempotency_key: 'live', claimed_at: t, expires_at: t + 3600 }).execute();
    const { queue } = app.runtime.jobs;
    const [job] = (await queue.list({ hook: EXPIRE_IDEMPOTENCY_KEYS, status: 'pending', offset: 0, limit: 10, orderBy: 'id', order: 'asc' })).actions;
    await queue.runNow(job.id);
    await new Worker(app.runtime.jobs, { concurrency: 1, log: app.log, now: () => t }).drain();
    const left = await db.selectFrom('idempotency_keys').select('idempotency_key').where('scope', '=', 'sweep-test').execute();
    expect(left).toEqual([{ idempotency_key: 'live' }]);
    expect(await db.selectFrom('idempotency_keys').select('scope').where('expires_at', '<=', t).execute()).toEqual([]);
    // 2500 rows at 500 a statement: the action ran batch after batch, then scheduled its next run an hour on.
    const logs = (await queue.logs(job.id)).map((l) => l.message);
    expect(logs.filter((m) => m === 'batch done; runs again at once')).toHaveLength(5);
    expect((await queue.get(job.id))?.status).toBe('complete');
    const next = (await queue.list({ hook: EXPIRE_IDEMPOTENCY_KEYS, status: 'pending', offset: 0, limit: 10, orderBy: 'id', order: 'asc' })).actions;
    expect(next.map((a) => a.scheduledAt)).toEqual([t + 3600]);
  });
});

/** Several API nodes on one database: one key's racing requests, spread over both, still apply once. */
describe.each(DATABASES)('Idempotency-Key across nodes (%s)', (kind) => {
  it('applies 10 parallel requests on two nodes exactly once', async () => {
    const nodes = await twoNodes(kind);
    try {
      const first = await nodes.a.inject({ method: 'POST', url: '/wp-json/cocart/v2/cart/add-item', payload: { id: '30', quantity: '1' } });
      const key = first.headers['cocart-api-cart-key'] as string;
      const idem = randomUUID();
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          (i % 2 ? nodes.b : nodes.a).inject({
            method: 'POST',
            url: '/wp-json/cocart/v2/cart/add-item',
            headers: { 'cocart-api-cart-key': key, 'idempotency-key': idem },
            payload: { id: '60', quantity: '1' },
          }),
        ),
      );
      expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(200));
      expect(new Set(results.map((r) => r.body)).size).toBe(1);
      expect(results.filter((r) => r.headers['idempotent-replayed'] === undefined)).toHaveLength(1);
      const cart = (await nodes.b.inject({ url: '/wp-json/cocart/v2/cart', headers: { 'cocart-api-cart-key': key } })).json();
      expect(itemById(cart, 60).quantity.value).toBe(1);
    } finally {
      await nodes.close();
    }
  });
});
