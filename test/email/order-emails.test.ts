import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { EMAIL_GROUP, EMAIL_MAX_ATTEMPTS, SEND_EMAIL } from '../../src/email/order-emails.ts';
import { Worker } from '../../src/jobs/worker.ts';
import { wc } from '../admin/helpers.ts';
import { API, CARTWRIGHT, shopperCall } from '../helpers/api.ts';
import { createTestApp, DATABASES } from '../helpers/app.ts';
import { basicAuth, withStaff } from '../helpers/auth.ts';
import { SMTP_PASSWORD, startSmtp, type TestSmtp } from '../helpers/smtp.ts';
import { messages, query, waitFor } from '../jobs/helpers.ts';

/**
 * The order e-mails end to end: orders placed through the CoCart checkout and moved on through
 * wc/v3, e-mails queued in the same transaction as the change and delivered by the background queue
 * to a local SMTP server the test starts (with a user name and password), in the shopper's language.
 * A server that refuses or is down gets its e-mails on a later attempt; a slow one never slows a
 * checkout; without SMTP_URL the store works and the system status says e-mail is off.
 */

const BILLING = { first_name: 'Ada', last_name: 'Lovelace', address_1: '1 Quay Street', city: 'Bristol', postcode: 'BS1 4XX', country: 'GB', email: 'ada@example.org' };
const SHOP = 'shop@example.com';
const ORDERS = 'orders@example.com';

describe.each(DATABASES)('order e-mails (%s)', (kind) => {
  let app: FastifyInstance;
  let smtp: TestSmtp;
  let clock = Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    smtp = await startSmtp();
    app = await createTestApp(kind, { env: { SMTP_URL: smtp.url }, now: () => clock });
    await withStaff(app);
    const r = await app.inject({
      method: 'POST',
      url: '/wp-json/cocart/settings/save',
      headers: { authorization: basicAuth('admin') },
      payload: { emails: { from_address: SHOP, new_order_recipient: ORDERS } },
    });
    expect(r.statusCode, r.body).toBe(200);
  });
  afterAll(async () => {
    await app.close();
    await smtp.stop();
  });
  beforeEach(() => {
    smtp.messages.length = 0;
    smtp.refuse = false;
    smtp.delayMs = 0;
  });

  /** Runs every due background action in the foreground, as a worker would. */
  const drain = () => new Worker(app.runtime.jobs, { concurrency: 4, log: app.log, now: app.runtime.now }).drain();

  /** Buys product 45 as a guest with `payment_method`; the checkout's answer. */
  const buy = async (paymentMethod: 'cod' | 'bacs', headers: Record<string, string> = {}, billing: object = BILLING) => {
    const add = await shopperCall(app, 'POST', '/cart/add-item', { payload: { id: '45', quantity: 2 } });
    expect(add.statusCode, add.body).toBe(200);
    const r = await app.inject({
      method: 'POST',
      url: `${API}/checkout`,
      headers: { 'cocart-api-cart-key': add.headers['cocart-api-cart-key'] as string, ...headers },
      payload: { billing_address: billing, payment_method: paymentMethod },
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { order_id: number; status: string };
  };

  const emailActions = async (orderId: number) =>
    (await app.runtime.jobs.queue.list(query({ hook: SEND_EMAIL, search: `"order_id":${orderId}` }))).actions.filter((a) => (a.args as { order_id: number }).order_id === orderId);

  const productName = () => app.runtime.catalog.current().products.get(45)!.name;

  it('queues the shopper’s "order received" and the store’s "new order" with the order, and sends them through SMTP', async () => {
    const order = await buy('cod');
    expect(order.status).toBe('processing');
    // Scheduled by the checkout's own transactions, not sent by it.
    const queued = await emailActions(order.order_id);
    expect(queued.map((a) => [(a.args as { email: string }).email, a.status, a.group, a.maxAttempts]).sort()).toEqual([
      ['customer_processing_order', 'pending', EMAIL_GROUP, EMAIL_MAX_ATTEMPTS],
      ['new_order', 'pending', EMAIL_GROUP, EMAIL_MAX_ATTEMPTS],
    ]);
    expect(smtp.messages).toEqual([]);

    await drain();
    expect(smtp.messages).toHaveLength(2);
    const [shopper] = smtp.to('ada@example.org');
    expect(shopper).toMatchObject({ from: `Cartwright Demo Store <${SHOP}>`, subject: 'Your Cartwright Demo Store order has been received!' });
    expect(shopper.text).toContain('Hi Ada,');
    expect(shopper.text).toContain(`Just to let you know — we’ve received your order #${order.order_id}, and it is now being processed:`);
    expect(shopper.text).toContain(`${productName()} × 2 = `);
    expect(shopper.text).toMatch(/Payment method +Cash on delivery/);
    expect(shopper.html).toContain('<h1');
    expect(shopper.html).toContain('Thank you for your order');
    expect(shopper.messageId).toMatch(new RegExp(`^<cartwright\\.${order.order_id}\\.customer_processing_order\\.\\d+@example\\.com>$`));
    const [store] = smtp.to(ORDERS);
    expect(store).toMatchObject({ from: `Cartwright Demo Store <${SHOP}>`, subject: `[Cartwright Demo Store]: New order #${order.order_id}` });
    expect(store.text).toContain('You’ve received the following order from Ada Lovelace:');
    expect((await emailActions(order.order_id)).map((a) => a.status)).toEqual(['complete', 'complete']);
  });

  it('writes to a French shopper in French, and to the store in the store’s language', async () => {
    const order = await buy('bacs', { 'accept-language': 'fr-FR,fr;q=0.9' });
    expect(order.status).toBe('on-hold');
    await drain();
    const [shopper] = smtp.to('ada@example.org');
    expect(shopper.subject).toBe('Votre commande chez Cartwright Demo Store a bien été reçue !');
    expect(shopper.text).toContain('Bonjour Ada,');
    expect(shopper.text).toContain('Merci pour votre commande. Elle est en attente jusqu’à ce que nous confirmions la réception de votre paiement.');
    expect(shopper.text).toMatch(/Moyen de paiement +Direct bank transfer/);
    expect(smtp.to(ORDERS).map((m) => m.subject)).toEqual([`[Cartwright Demo Store]: New order #${order.order_id}`]);

    // Later e-mails about the order stay in French, whoever changes it.
    smtp.messages.length = 0;
    expect((await wc(app, 'PUT', `/orders/${order.order_id}`, { status: 'completed' })).status).toBe(200);
    await drain();
    expect(smtp.messages.map((m) => [m.to, m.subject])).toEqual([[['ada@example.org'], 'Votre commande chez Cartwright Demo Store est terminée']]);
  });

  it('follows the order through wc/v3: paid, completed, refunded in part and in full, each e-mail once', async () => {
    const order = await buy('bacs');
    await drain();
    expect(smtp.messages.map((m) => m.subject).sort()).toEqual(['Your Cartwright Demo Store order has been received!', `[Cartwright Demo Store]: New order #${order.order_id}`]);

    // The payment arrives: the shopper hears their order is processing; the store already knew of it.
    smtp.messages.length = 0;
    expect((await wc(app, 'PUT', `/orders/${order.order_id}`, { status: 'processing' })).status).toBe(200);
    await drain();
    expect(smtp.messages.map((m) => [m.to, m.subject])).toEqual([[['ada@example.org'], 'Your Cartwright Demo Store order has been received!']]);
    expect(smtp.messages[0].text).toContain('it is now being processed');

    smtp.messages.length = 0;
    expect((await wc(app, 'PUT', `/orders/${order.order_id}`, { status: 'completed' })).status).toBe(200);
    await drain();
    expect(smtp.messages.map((m) => [m.to, m.subject])).toEqual([[['ada@example.org'], 'Your Cartwright Demo Store order is now complete']]);
    expect(smtp.messages[0].text).toContain('We have finished processing your order.');

    smtp.messages.length = 0;
    const total = Number((await wc(app, 'GET', `/orders/${order.order_id}`)).body.total);
    expect((await wc(app, 'POST', `/orders/${order.order_id}/refunds`, { amount: '1.00', api_refund: false })).status).toBe(201);
    await drain();
    expect(smtp.messages.map((m) => m.subject)).toEqual([`Your Cartwright Demo Store order #${order.order_id} has been partially refunded`]);
    expect(smtp.messages[0].text).toMatch(/\nRefund +-£1\.00\n/);

    smtp.messages.length = 0;
    expect((await wc(app, 'POST', `/orders/${order.order_id}/refunds`, { amount: (total - 1).toFixed(2), api_refund: false })).status).toBe(201);
    await drain();
    expect(smtp.messages.map((m) => m.subject)).toEqual([`Your Cartwright Demo Store order #${order.order_id} has been refunded`]);
    expect(smtp.messages[0].text).toContain('Your order on Cartwright Demo Store has been refunded.');
  });

  it('tells the store and the shopper of a cancelled order, and the store of a failed one', async () => {
    const order = await buy('cod');
    await drain();
    smtp.messages.length = 0;
    expect((await wc(app, 'PUT', `/orders/${order.order_id}`, { status: 'cancelled' })).status).toBe(200);
    await drain();
    expect(smtp.messages.map((m) => [m.to, m.subject]).sort()).toEqual([
      [['ada@example.org'], `[Cartwright Demo Store]: Your order #${order.order_id} has been cancelled`],
      // No recipient of its own: the cancelled-order e-mail goes to the "From" address.
      [[SHOP], `[Cartwright Demo Store]: Order #${order.order_id} has been cancelled`],
    ]);
    // Paid again after all: the shopper hears so, the store is not told of a "new" order twice.
    smtp.messages.length = 0;
    expect((await wc(app, 'PUT', `/orders/${order.order_id}`, { status: 'processing' })).status).toBe(200);
    await drain();
    expect(smtp.messages.map((m) => [m.to, m.subject])).toEqual([[['ada@example.org'], 'Your Cartwright Demo Store order has been received!']]);

    const unpaid = await wc(app, 'POST', '/orders', { billing: BILLING, line_items: [{ product_id: 45, quantity: 1 }] });
    expect(unpaid.status, unpaid.res.body).toBe(201);
    smtp.messages.length = 0;
    expect((await wc(app, 'PUT', `/orders/${unpaid.body.id}`, { status: 'failed' })).status).toBe(200);
    await drain();
    expect(smtp.messages.map((m) => [m.to, m.subject])).toEqual([[[SHOP], `[Cartwright Demo Store]: Order #${unpaid.body.id} has failed`]]);
  });

  it('sends nothing the settings switch off', async () => {
    const save = (emails: object) => app.inject({ method: 'POST', url: '/wp-json/cocart/settings/save', headers: { authorization: basicAuth('admin') }, payload: { emails } });
    expect((await save({ customer_processing_order_enabled: false })).statusCode).toBe(200);
    try {
      const order = await buy('cod');
      await drain();
      expect(smtp.messages.map((m) => m.to)).toEqual([[ORDERS]]);
      expect((await emailActions(order.order_id)).map((a) => (a.args as { email: string }).email)).toEqual(['new_order']);
    } finally {
      expect((await save({ customer_processing_order_enabled: true })).statusCode).toBe(200);
    }
  });

  it('delivers to a server that refused the e-mails once it accepts them again, on a later attempt', async () => {
    smtp.refuse = true;
    const order = await buy('cod');
    expect(await drain()).toBe(2);
    expect(smtp.messages).toEqual([]);
    const failed = await emailActions(order.order_id);
    expect(failed.map((a) => [a.status, a.attempts, a.scheduledAt])).toEqual([
      ['pending', 1, clock + 30],
      ['pending', 1, clock + 30],
    ]);
    expect(failed[0].lastError).toMatch(/451/);
    // Not due yet: nothing runs.
    expect(await drain()).toBe(0);

    smtp.refuse = false;
    clock += 31;
    expect(await drain()).toBe(2);
    expect(smtp.messages.map((m) => m.to).sort()).toEqual([['ada@example.org'], [ORDERS]]);
    for (const a of await emailActions(order.order_id)) {
      expect([a.status, a.attempts]).toEqual(['complete', 2]);
      expect(await messages(app.runtime, a.id)).toEqual(expect.arrayContaining([expect.stringMatching(/^action failed: .*451/), 'action complete']));
    }
  });

  it('delivers to a server that was down once it is back, and the checkout never noticed', async () => {
    await smtp.stop();
    try {
      const order = await buy('cod');
      expect(order.status).toBe('processing');
      await drain();
      const failed = await emailActions(order.order_id);
      expect(failed.map((a) => a.status)).toEqual(['pending', 'pending']);
      expect(failed[0].lastError).toMatch(/ECONNREFUSED|connect/i);
    } finally {
      await smtp.start();
    }
    clock += 31;
    await drain();
    expect(smtp.messages).toHaveLength(2);
  });

  it('answers a checkout at once while the worker waits on a slow SMTP server', async () => {
    smtp.delayMs = 2500;
    const worker = new Worker(app.runtime.jobs, { concurrency: 1, log: app.log, now: app.runtime.now });
    worker.start();
    try {
      await buy('cod');
      // The worker has handed an e-mail to the server, which holds it without answering.
      await waitFor(async () => smtp.holding > 0, 'the server to be holding an e-mail');
      const started = Date.now();
      const second = await buy('cod');
      expect(Date.now() - started).toBeLessThan(1500);
      expect(second.status).toBe('processing');
      expect(smtp.holding).toBe(1);
      expect(smtp.messages).toEqual([]);
      smtp.delayMs = 0;
      await waitFor(async () => smtp.messages.length >= 4 && smtp.messages, 'every e-mail to be delivered', 30_000);
    } finally {
      await worker.stop();
    }
  }, 40_000);

  it('reports e-mail on in the system status, with the server but never its user name or password', async () => {
    const r = await app.inject({ url: `${CARTWRIGHT}/system-status`, headers: { authorization: basicAuth('manager') } });
    expect(r.statusCode).toBe(200);
    expect(r.json().email).toEqual({ enabled: true, server: `smtp://127.0.0.1:${smtp.port}` });
    expect(r.body).not.toContain(SMTP_PASSWORD);
  });
});

describe.each(DATABASES)('without SMTP_URL (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
    await withStaff(app);
  });
  afterAll(() => app.close());

  it('places orders as ever, queues no e-mail, and says in the system status that e-mail is off', async () => {
    const add = await shopperCall(app, 'POST', '/cart/add-item', { payload: { id: '45', quantity: 1 } });
    const r = await app.inject({
      method: 'POST',
      url: `${API}/checkout`,
      headers: { 'cocart-api-cart-key': add.headers['cocart-api-cart-key'] as string },
      payload: { billing_address: BILLING, payment_method: 'cod' },
    });
    expect([r.statusCode, r.json().status], r.body).toEqual([200, 'processing']);
    expect((await wc(app, 'PUT', `/orders/${r.json().order_id}`, { status: 'completed' })).status).toBe(200);
    expect((await app.runtime.jobs.queue.list(query({ hook: SEND_EMAIL }))).total).toBe(0);
    expect(app.runtime.jobs.registry.hooks()).not.toContain(SEND_EMAIL);
    const status = await app.inject({ url: `${CARTWRIGHT}/system-status`, headers: { authorization: basicAuth('manager') } });
    expect(status.json().email).toEqual({ enabled: false, server: null });
  });
});
