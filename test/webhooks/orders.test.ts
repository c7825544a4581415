import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { Worker } from '../../src/jobs/worker.ts';
import type { CartwrightPlugin } from '../../src/runtime.ts';
import { DELIVER_WEBHOOK } from '../../src/webhooks/dispatch.ts';
import { verifyWebhookSignature } from '../../src/webhooks/signature.ts';
import { wc } from '../admin/helpers.ts';
import { API, shopperCall } from '../helpers/api.ts';
import { createTestApp, DATABASES, freshPostgresDatabase, type DatabaseKind } from '../helpers/app.ts';
import { withStaff } from '../helpers/auth.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';

/**
 * Order webhooks end to end, against a receiver the test starts: WooCommerce's wc/v3/webhooks API, a
 * checkout and the order's later life delivered as signed wc/v3 JSON with the X-WC-Webhook-* headers,
 * retries with back-off until a failing receiver recovers, a webhook disabled after repeated failures,
 * and deliveries that exist exactly when their change committed (kept across a restart, none for a
 * refused change, never holding up a checkout).
 */

const BILLING = { first_name: 'Ada', last_name: 'Lovelace', address_1: '1 Quay Street', city: 'Bristol', postcode: 'BS1 4XX', country: 'GB', email: 'ada@example.org' };
const alwaysPay: CartwrightPlugin = {
  name: 'always-pay',
  register: (api) =>
    void api.payments.register({
      id: 'alwayspay',
      supports: ['products'],
      title: () => 'Always pays',
      description: () => 'Accepts every payment.',
      enabled: () => true,
      available: () => true,
      process: async ({ order }) => ({ status: 'success', orderStatus: 'processing', transactionId: `always-${order.id}` }),
    }),
};

/** Runs every due background action, as a worker would, until none is due. */
const drain = (app: FastifyInstance) => new Worker(app.runtime.jobs, { concurrency: 4, log: app.log, now: app.runtime.now }).drain();

async function placeOrder(app: FastifyInstance): Promise<number> {
  const added = await shopperCall(app, 'POST', '/cart/add-item', { payload: { id: '10', quantity: 1 } });
  expect(added.statusCode, added.body).toBe(200);
  const r = await app.inject({
    method: 'POST',
    url: `${API}/checkout`,
    headers: { 'cocart-api-cart-key': added.headers['cocart-api-cart-key'] as string },
    payload: { billing_address: BILLING, payment_method: 'alwayspay' },
  });
  expect(r.statusCode, r.body).toBe(200);
  return r.json().order_id as number;
}

async function createWebhook(app: FastifyInstance, body: object) {
  const r = await wc(app, 'POST', '/webhooks', body);
  expect(r.status, r.res.body).toBe(201);
  return r.body as { id: number; secret: string; status: string };
}

describe.each(DATABASES)('order webhooks (%s)', (kind) => {
  let app: FastifyInstance;
  let receiver: Receiver;
  let t = 1_900_000_000;

  beforeAll(async () => {
    app = await createTestApp(kind, { plugins: [alwaysPay], now: () => t, env: { PUBLIC_URL: 'https://shop.example.org' } });
    await withStaff(app);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await app.close();
    await receiver.close();
  });
  beforeEach(async () => {
    // Each test starts with no webhooks, nothing waiting and a receiver that answers 200.
    for (const w of (await wc(app, 'GET', '/webhooks?per_page=100')).body) await wc(app, 'DELETE', `/webhooks/${w.id}?force=true`);
    await drain(app);
    receiver.received.length = 0;
    receiver.answer = () => 200;
  });

  it('manages webhooks as WooCommerce does, and pings a new one', async () => {
    const made = await createWebhook(app, { name: 'Fulfilment', topic: 'order.created', delivery_url: receiver.url });
    expect(made).toMatchObject({ name: 'Fulfilment', status: 'active', topic: 'order.created', resource: 'order', event: 'created', delivery_url: receiver.url, hooks: ['woocommerce_new_order'] });
    expect(made.secret).toHaveLength(50);
    // The secret is shown in the edit context only.
    expect((await wc(app, 'GET', `/webhooks/${made.id}`)).body.secret).toBeUndefined();
    expect((await wc(app, 'GET', `/webhooks/${made.id}?context=edit`)).body.secret).toBe(made.secret);

    await drain(app);
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({ method: 'POST', body: `webhook_id=${made.id}` });
    expect(receiver.received[0].headers['content-type']).toBe('application/x-www-form-urlencoded');

    const paused = await wc(app, 'PUT', `/webhooks/${made.id}`, { status: 'paused', name: 'Fulfilment (paused)', secret: 'new secret' });
    expect(paused.body).toMatchObject({ status: 'paused', name: 'Fulfilment (paused)', secret: 'new secret' });
    await createWebhook(app, { topic: 'order.updated', delivery_url: receiver.url, status: 'active' });
    const listed = await wc(app, 'GET', '/webhooks?status=paused');
    expect(listed.body.map((w: { id: number }) => w.id)).toEqual([made.id]);
    expect(listed.res.headers['x-wp-total']).toBe('1');
    expect((await wc(app, 'GET', '/webhooks?search=FULFIL')).body).toHaveLength(1);

    // WooCommerce's refusals, nothing stored.
    expect(await wc(app, 'POST', '/webhooks', { topic: 'order.shipped', delivery_url: receiver.url })).toMatchObject({
      status: 400,
      body: { code: 'woocommerce_rest_shop_webhook_invalid_topic', message: 'Webhook topic is required and must be valid.', data: { status: 400 } },
    });
    expect(await wc(app, 'POST', '/webhooks', { topic: 'order.created', delivery_url: 'ftp://example.org/x' })).toMatchObject({
      status: 400,
      body: { code: 'woocommerce_rest_shop_webhook_invalid_delivery_url' },
    });
    expect(await wc(app, 'PUT', `/webhooks/${made.id}`, { status: 'sleeping' })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_shop_webhook_invalid_status' } });
    expect(await wc(app, 'DELETE', `/webhooks/${made.id}`)).toMatchObject({ status: 501, body: { code: 'woocommerce_rest_trash_not_supported' } });
    expect(await wc(app, 'GET', '/webhooks/999999')).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_shop_webhook_invalid_id' } });
    expect(await wc(app, 'GET', '/webhooks', undefined, 'ada')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_view' } });
    expect((await wc(app, 'GET', '/webhooks')).body).toHaveLength(2);

    expect((await wc(app, 'DELETE', `/webhooks/${made.id}?force=true`)).body).toMatchObject({ id: made.id });
    expect((await wc(app, 'GET', `/webhooks/${made.id}`)).status).toBe(404);
  });

  it('delivers an order placed at checkout and its later changes, signed, as GET /wc/v3/orders/{id} shows them', async () => {
    const created = await createWebhook(app, { topic: 'order.created', delivery_url: receiver.url });
    const updated = await createWebhook(app, { topic: 'order.updated', delivery_url: receiver.url, secret: 'updated secret' });
    const deleted = await createWebhook(app, { topic: 'order.deleted', delivery_url: receiver.url });
    const restored = await createWebhook(app, { topic: 'order.restored', delivery_url: receiver.url });
    await drain(app);
    receiver.received.length = 0;

    const id = await placeOrder(app);
    await drain(app);
    const [delivery] = receiver.deliveries('order.created');
    expect(receiver.deliveries('order.created')).toHaveLength(1);
    expect(delivery.headers).toMatchObject({
      'content-type': 'application/json',
      'x-wc-webhook-topic': 'order.created',
      'x-wc-webhook-resource': 'order',
      'x-wc-webhook-event': 'created',
      'x-wc-webhook-id': String(created.id),
    });
    expect(delivery.headers['x-wc-webhook-source']).toBe('https://shop.example.org/');
    expect(delivery.headers['x-wc-webhook-delivery-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(delivery.headers['user-agent']).toMatch(/^Cartwright\/\S+ Hookshot$/);
    expect(verifyWebhookSignature(delivery.body, created.secret, delivery.headers['x-wc-webhook-signature'] as string)).toBe(true);
    expect(verifyWebhookSignature(`${delivery.body} `, created.secret, delivery.headers['x-wc-webhook-signature'] as string)).toBe(false);
    const order = JSON.parse(delivery.body);
    // Paid at checkout before the delivery ran: the payload is the order as it is when delivered.
    expect(order).toEqual((await wc(app, 'GET', `/orders/${id}`)).body);
    expect(order).toMatchObject({ id, status: 'processing', billing: { email: 'ada@example.org' }, line_items: [{ product_id: 10, quantity: 1 }] });
    // Paying is an update of the order the checkout placed; it waited as one delivery.
    expect(receiver.deliveries('order.updated')).toHaveLength(1);

    receiver.received.length = 0;
    expect((await wc(app, 'PUT', `/orders/${id}`, { status: 'completed' })).status).toBe(200);
    expect((await wc(app, 'POST', `/orders/${id}/notes`, { note: 'Packed.' })).status).toBe(201);
    await drain(app);
    const [update] = receiver.deliveries('order.updated');
    expect(receiver.deliveries()).toHaveLength(1);
    expect(verifyWebhookSignature(update.body, 'updated secret', update.headers['x-wc-webhook-signature'] as string)).toBe(true);
    expect(JSON.parse(update.body)).toMatchObject({ id, status: 'completed' });

    receiver.received.length = 0;
    expect((await wc(app, 'DELETE', `/orders/${id}`)).status).toBe(200);
    await drain(app);
    expect(receiver.deliveries().map((r) => r.headers['x-wc-webhook-topic'])).toEqual(['order.deleted']);
    // A deleted resource is sent as its id alone.
    expect(JSON.parse(receiver.deliveries('order.deleted')[0].body)).toEqual({ id });
    expect(receiver.deliveries('order.deleted')[0].headers['x-wc-webhook-id']).toBe(String(deleted.id));

    receiver.received.length = 0;
    expect((await wc(app, 'PUT', `/orders/${id}`, { status: 'completed' })).status).toBe(200);
    await drain(app);
    expect(receiver.deliveries().map((r) => r.headers['x-wc-webhook-topic'])).toEqual(['order.restored']);
    expect(receiver.deliveries('order.restored')[0].headers['x-wc-webhook-id']).toBe(String(restored.id));
    expect(JSON.parse(receiver.deliveries('order.restored')[0].body)).toMatchObject({ id, status: 'completed' });

    // The delivery log keeps every attempt, newest first, without the payload.
    const log = await wc(app, 'GET', `/webhooks/${updated.id}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body.length).toBeGreaterThanOrEqual(2);
    expect(log.body[0]).toMatchObject({ topic: 'order.updated', resource_id: id, success: true, response_code: '200', summary: 'HTTP 200 OK', request_url: receiver.url, request_body: '' });
    expect(log.body[0].request_headers['x-wc-webhook-topic']).toBe('order.updated');
    expect((await wc(app, 'GET', `/webhooks/${updated.id}/deliveries/${log.body[0].id}`)).body).toEqual(log.body[0]);
  });

  it('retries a failing receiver with back-off until it recovers, with one delivery id for every attempt', async () => {
    const hook = await createWebhook(app, { topic: 'order.created', delivery_url: receiver.url, status: 'paused' });
    await wc(app, 'PUT', `/webhooks/${hook.id}`, { status: 'active' });
    let failures = 2;
    receiver.answer = () => (failures-- > 0 ? 503 : 200);
    const id = await placeOrder(app);

    await drain(app);
    expect(receiver.deliveries('order.created')).toHaveLength(1);
    expect((await wc(app, 'GET', `/webhooks/${hook.id}`)).body.failure_count).toBe(1);
    // Nothing again until the back-off has passed.
    t += 10;
    await drain(app);
    expect(receiver.deliveries('order.created')).toHaveLength(1);
    t += 25;
    await drain(app);
    expect(receiver.deliveries('order.created')).toHaveLength(2);
    t += 65;
    await drain(app);
    const attempts = receiver.deliveries('order.created');
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map((a) => a.headers['x-wc-webhook-delivery-id'])).size).toBe(1);
    expect(JSON.parse(attempts[2].body)).toMatchObject({ id });
    const after = (await wc(app, 'GET', `/webhooks/${hook.id}`)).body;
    expect(after).toMatchObject({ status: 'active', failure_count: 0 });
    const log = (await wc(app, 'GET', `/webhooks/${hook.id}/deliveries`)).body;
    expect(log.map((d: { attempt: number; response_code: string; success: boolean }) => [d.attempt, d.response_code, d.success])).toEqual([
      [3, '200', true],
      [2, '503', false],
      [1, '503', false],
    ]);
    const actions = await app.runtime.jobs.queue.list({ hook: DELIVER_WEBHOOK, offset: 0, limit: 10, orderBy: 'id', order: 'desc' });
    expect(actions.actions[0]).toMatchObject({ status: 'complete', attempts: 3 });
  });

  it('disables a webhook whose deliveries keep failing, as WooCommerce does after more than five in a row', async () => {
    const closed = await startReceiver();
    const url = closed.url;
    await closed.close();
    const hook = await createWebhook(app, { topic: 'order.created', delivery_url: url });
    await drain(app);
    await placeOrder(app);
    for (let i = 0; i < 8; i++) {
      t += 3600;
      await drain(app);
    }
    const after = (await wc(app, 'GET', `/webhooks/${hook.id}`)).body;
    expect(after).toMatchObject({ status: 'disabled', failure_count: 6 });
    const log = (await wc(app, 'GET', `/webhooks/${hook.id}/deliveries`)).body.filter((d: { topic: string }) => d.topic === 'order.created');
    expect(log).toHaveLength(7);
    expect(log[0]).toMatchObject({ success: false, response_code: '', summary: 'Failed: ECONNREFUSED' });

    // A disabled webhook gets nothing more; made active again it starts afresh.
    await placeOrder(app);
    await drain(app);
    expect((await wc(app, 'GET', `/webhooks/${hook.id}/deliveries`)).body.filter((d: { topic: string }) => d.topic === 'order.created')).toHaveLength(7);
    expect((await wc(app, 'PUT', `/webhooks/${hook.id}`, { status: 'active', delivery_url: receiver.url })).body).toMatchObject({ status: 'active', failure_count: 0 });
    await placeOrder(app);
    await drain(app);
    expect(receiver.deliveries('order.created')).toHaveLength(1);
  });

  it('queues a delivery only with a change that commits: a refused change queues nothing', async () => {
    await createWebhook(app, { topic: 'order.updated', delivery_url: receiver.url });
    await drain(app);
    const id = await placeOrder(app);
    await drain(app);
    receiver.received.length = 0;
    const waiting = async () => (await app.runtime.jobs.queue.list({ hook: DELIVER_WEBHOOK, status: 'pending', offset: 0, limit: 10, orderBy: 'id', order: 'asc' })).total;

    // Refunding more than was paid is refused: no change, no delivery.
    const refused = await wc(app, 'POST', `/orders/${id}/refunds`, { amount: '100000.00', api_refund: false });
    expect(refused.status).toBe(400);
    expect(await waiting()).toBe(0);

    // A refund that stands is an update of the order, delivered once.
    expect((await wc(app, 'POST', `/orders/${id}/refunds`, { amount: '1.00', reason: 'Scratched', api_refund: false })).status).toBe(201);
    expect(await waiting()).toBe(1);
    await drain(app);
    expect(receiver.deliveries('order.updated')).toHaveLength(1);
    expect(JSON.parse(receiver.deliveries('order.updated')[0].body).refunds).toMatchObject([{ total: '-1.00', reason: 'Scratched' }]);
  });

  it('never holds up a checkout for a slow receiver', async () => {
    const worker = new Worker(app.runtime.jobs, { concurrency: 1, log: app.log, now: app.runtime.now });
    await createWebhook(app, { topic: 'order.created', delivery_url: receiver.url, status: 'paused' }).then((w) => wc(app, 'PUT', `/webhooks/${w.id}`, { status: 'active' }));
    let release!: () => void;
    const held = new Promise<number>((resolve) => (release = () => resolve(200)));
    let arrived!: () => void;
    const reached = new Promise<void>((resolve) => (arrived = resolve));
    receiver.answer = () => {
      arrived();
      return held;
    };
    worker.start();
    try {
      await placeOrder(app);
      // The receiver now holds the first delivery open; a second checkout answers all the same.
      await reached;
      const second = await placeOrder(app);
      expect(second).toBeGreaterThan(0);
      expect(receiver.deliveries('order.created')).toHaveLength(1);
    } finally {
      release();
      await worker.stop();
    }
  });
});

describe.each(DATABASES)('order webhooks across a restart (%s)', (kind: DatabaseKind) => {
  it('keeps a delivery queued with its order when the server stops before sending it', async () => {
    const receiver = await startReceiver();
    const dir = mkdtempSync(join(tmpdir(), 'cw-webhooks-'));
    const pg = kind === 'postgres' ? await freshPostgresDatabase() : null;
    const env = { LOG_LEVEL: 'silent', SEED_DEMO: 'true', WORKERS: '0', ...(pg ? { DATABASE_URL: pg.url } : { DATA_DIR: dir }) };
    try {
      const first = await buildApp(loadConfig(env), { plugins: [alwaysPay] });
      await withStaff(first);
      const hook = await createWebhook(first, { topic: 'order.created', delivery_url: receiver.url });
      const id = await placeOrder(first);
      // Stopped with the delivery (and the ping) still waiting: nothing was sent.
      await first.close();
      expect(receiver.received).toHaveLength(0);

      const second = await buildApp(loadConfig(env), { plugins: [alwaysPay] });
      try {
        await drain(second);
        expect(receiver.deliveries('order.created')).toHaveLength(1);
        const delivery = receiver.deliveries('order.created')[0];
        expect(JSON.parse(delivery.body)).toMatchObject({ id });
        expect(verifyWebhookSignature(delivery.body, hook.secret, delivery.headers['x-wc-webhook-signature'] as string)).toBe(true);
      } finally {
        await second.close();
      }
    } finally {
      await receiver.close();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
