import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { saveProduct } from '../../src/catalog/repository.ts';
import type { Order } from '../../src/orders/order.ts';
import { STRIPE_INTENT_META } from '../../src/payments/stripe.ts';
import type { CartwrightPlugin } from '../../src/runtime.ts';
import { API, CARTWRIGHT, COCART, shopperCall } from '../helpers/api.ts';
import { createTestApp, DATABASES } from '../helpers/app.ts';
import { authHeaders, withUser } from '../helpers/auth.ts';
import { FakeStripe } from './fake-stripe.ts';
import { line, pendingOrder } from './fixtures.ts';

/**
 * Stripe's webhook through the HTTP route, with real signatures: a payment completes its pending order,
 * the same event delivered twice (or at once on two requests) acts once, a bad signature is a 400 that
 * changes nothing. Then the whole way round: checkout asks the Stripe stand-in, 3-D Secure leaves the
 * order pending, and the webhook pays it.
 */

const WHSEC = 'whsec_cartwright_test';
const WEBHOOK = `${CARTWRIGHT}/payments/stripe/webhook`;
const BILLING = { first_name: 'Ada', last_name: 'Lovelace', address_1: '1 Quay Street', city: 'Bristol', postcode: 'BS1 4XX', country: 'GB', email: 'ada@example.org' };

describe.each(DATABASES)('the Stripe webhook (%s)', (kind) => {
  let app: FastifyInstance;
  const fake = new FakeStripe();
  const changes: [number, string, string][] = [];
  const plugin: CartwrightPlugin = {
    name: 'status-watch',
    register: ({ hooks }) => void hooks.addAction('cartwright_order_status_changed', (id, from, to) => void changes.push([id, from, to])),
  };

  beforeAll(async () => {
    await fake.start();
    app = await createTestApp(kind, {
      plugins: [plugin],
      env: { STRIPE_SECRET_KEY: 'sk_test_cartwright', STRIPE_WEBHOOK_SECRET: WHSEC, STRIPE_API_BASE: fake.base },
    });
    const s = app.runtime.settings.get();
    await app.runtime.settings.save({ ...s, payments: { ...s.payments, stripe_enabled: true } });
    await withUser(app, 'administrator', 'webhook-admin');
  });
  afterAll(async () => {
    await app.close();
    await fake.stop();
  });

  const place = async (overrides: Partial<Order> = {}) => {
    const store = app.runtime.orders.store;
    return store.transaction((trx) => store.insert(trx, pendingOrder({ lines: [line(45, 1, 1800)], holdUntil: app.runtime.now() + 3600, ...overrides })));
  };
  const eventFor = (order: Order, type = 'payment_intent.succeeded', extra: object = {}) => {
    const intent = `pi_for_${order.id}`;
    return JSON.stringify({
      id: `evt_${type}_${order.id}_${Math.random().toString(36).slice(2)}`,
      object: 'event',
      type,
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      api_version: null,
      data: {
        object: {
          id: intent,
          object: 'payment_intent',
          amount: order.totals.total,
          amount_received: type === 'payment_intent.succeeded' ? order.totals.total : 0,
          currency: order.currency.toLowerCase(),
          status: type === 'payment_intent.succeeded' ? 'succeeded' : 'requires_payment_method',
          metadata: { order_id: String(order.id), order_key: order.key },
          last_payment_error: type === 'payment_intent.payment_failed' ? { message: 'Your card has insufficient funds.' } : null,
          ...extra,
        },
      },
    });
  };
  const deliver = (payload: string, secret = WHSEC, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: WEBHOOK,
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }), ...headers },
      payload,
    });
  const notes = async (id: number) => (await app.runtime.orders.store.notes(id)).map((n) => n.note);

  it('completes a pending order when its payment succeeded, once, with a note and the status-change action', async () => {
    const order = await place();
    const r = await deliver(eventFor(order));
    expect([r.statusCode, r.json()]).toEqual([200, { received: true }]);
    const paid = await app.runtime.orders.get(order.id);
    expect(paid).toMatchObject({ status: 'processing', transactionId: `pi_for_${order.id}`, holdUntil: null });
    expect(paid.paidAt).not.toBeNull();
    expect(await notes(order.id)).toEqual(['Order status changed from Pending payment to Processing.', `Payment complete (pi_for_${order.id}).`]);
    expect(changes.filter(([id]) => id === order.id)).toEqual([[order.id, 'pending', 'processing']]);
  });

  it('acts on an event once, however often it is delivered, even twice at the same moment', async () => {
    const order = await place();
    const event = eventFor(order);
    const answers = await Promise.all([deliver(event), deliver(event)]);
    expect(answers.map((a) => [a.statusCode, a.json()])).toEqual([
      [200, { received: true }],
      [200, { received: true }],
    ]);
    expect((await deliver(event)).statusCode).toBe(200);
    expect((await app.runtime.orders.get(order.id)).status).toBe('processing');
    expect(await notes(order.id)).toHaveLength(2);
    expect(changes.filter(([id]) => id === order.id)).toHaveLength(1);
    // A later order moved back to pending by hand is not paid again by the old event.
    await app.runtime.orders.changeStatus(order.id, 'pending');
    await deliver(event);
    expect((await app.runtime.orders.get(order.id)).status).toBe('pending');
  });

  it('refuses a bad signature with a 400 in CoCart’s shape, and changes nothing', async () => {
    const order = await place();
    const event = eventFor(order);
    const wrongSecret = await deliver(event, 'whsec_someone_else');
    expect(wrongSecret.statusCode).toBe(400);
    expect(wrongSecret.json()).toEqual({ code: 'cartwright_webhook_signature_invalid', message: 'The webhook signature is not valid.', data: { status: 400 } });
    const tampered = await app.inject({
      method: 'POST',
      url: WEBHOOK,
      headers: { 'content-type': 'application/json', 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload: event, secret: WHSEC }) },
      // The same event, reformatted: the signature covers the bytes, not the JSON.
      payload: JSON.stringify(JSON.parse(event), null, 2),
    });
    expect(tampered.statusCode).toBe(400);
    const unsigned = await app.inject({ method: 'POST', url: WEBHOOK, headers: { 'content-type': 'application/json' }, payload: event });
    expect(unsigned.statusCode).toBe(400);
    expect(await app.runtime.orders.get(order.id)).toEqual(order);
    expect(await notes(order.id)).toEqual([]);
    // Nothing was recorded either: the same event, properly signed, still pays the order.
    expect((await deliver(event)).statusCode).toBe(200);
    expect((await app.runtime.orders.get(order.id)).status).toBe('processing');
  });

  it('fails a pending order whose payment failed, with the reason, but not one the shopper paid another way', async () => {
    const order = await place();
    expect((await deliver(eventFor(order, 'payment_intent.payment_failed'))).statusCode).toBe(200);
    expect((await app.runtime.orders.get(order.id)).status).toBe('failed');
    expect(await notes(order.id)).toContain(`Payment failed: Your card has insufficient funds. (pi_for_${order.id}).`);
    const bacs = await place({ paymentMethod: 'bacs', status: 'on-hold' });
    expect((await deliver(eventFor(bacs, 'payment_intent.payment_failed'))).statusCode).toBe(200);
    expect((await app.runtime.orders.get(bacs.id)).status).toBe('on-hold');
  });

  it('leaves alone an order whose key the payment does not carry (another shop on the same account, or none)', async () => {
    const order = await place();
    const r = await deliver(eventFor(order, 'payment_intent.succeeded', { metadata: { order_id: String(order.id), order_key: 'wc_order_ElsewhereShop1' } }));
    expect(r.statusCode).toBe(200);
    const keyless = await deliver(eventFor(order, 'payment_intent.succeeded', { metadata: { order_id: String(order.id) } }));
    expect(keyless.statusCode).toBe(200);
    expect(await app.runtime.orders.get(order.id)).toEqual(order);
  });

  it('holds an order paid a different amount, for someone to check', async () => {
    const order = await place();
    await deliver(eventFor(order, 'payment_intent.succeeded', { amount: 100, amount_received: 100 }));
    expect((await app.runtime.orders.get(order.id)).status).toBe('on-hold');
    expect((await notes(order.id)).join('\n')).toMatch(/does not match the order total/);
  });

  it('completes, rather than processes, an order of virtual downloads only', async () => {
    const order = await place({ lines: [line(40, 1, 1800)] });
    await deliver(eventFor(order));
    expect((await app.runtime.orders.get(order.id)).status).toBe('completed');
  });

  it('a payment for a cancelled order whose stock has been sold since is recorded with a note, not refused for ever', async () => {
    const p = app.runtime.catalog.current().products.get(57)!;
    await saveProduct(app.runtime.database.db, { ...p, manageStock: true, stockQuantity: 0, backorders: 'no', stockStatus: 'outofstock' });
    await app.runtime.catalog.changed();
    const order = await place({ status: 'cancelled', stockReduced: false, holdUntil: null, lines: [{ ...line(57, 1, 1800), stockProductId: 57 }] });
    const event = eventFor(order);
    expect((await deliver(event)).statusCode).toBe(200);
    const after = await app.runtime.orders.get(order.id);
    expect(after).toMatchObject({ status: 'cancelled', transactionId: `pi_for_${order.id}` });
    expect((await notes(order.id)).join('\n')).toMatch(/received, but the order could not take it \(cocart_product_out_of_stock\)/);
    expect(app.runtime.catalog.current().products.get(57)!.stockQuantity).toBe(0);
    expect((await deliver(event)).statusCode).toBe(200);
    expect(await notes(order.id)).toHaveLength(1);
  });

  it('answers 200 to events it does not act on, and 404 where no gateway takes notifications', async () => {
    const payload = JSON.stringify({ id: 'evt_charge', object: 'event', type: 'charge.succeeded', data: { object: { id: 'ch_1', object: 'charge' } } });
    expect((await deliver(payload)).json()).toEqual({ received: true });
    for (const gateway of ['bacs', 'paypal']) {
      const r = await app.inject({ method: 'POST', url: `${CARTWRIGHT}/payments/${gateway}/webhook`, headers: { 'content-type': 'application/json' }, payload: '{}' });
      expect([r.statusCode, r.json().code]).toEqual([404, 'cartwright_payment_gateway_invalid']);
    }
  });

  it('shows the Stripe keys to administrators only, and refuses one of the wrong kind', async () => {
    const shown = await app.inject({ url: `${COCART}/settings/get`, headers: authHeaders('webhook-admin') });
    expect(shown.json().payments).toMatchObject({ stripe_enabled: true, stripe_secret_key: '', bacs_enabled: true, cod_enabled: true });
    expect((await app.inject({ url: `${COCART}/settings/get` })).statusCode).toBe(401);
    const wrong = await app.inject({ method: 'POST', url: `${COCART}/settings/save`, headers: authHeaders('webhook-admin'), payload: { stripe_secret_key: 'pk_live_123' } });
    expect([wrong.statusCode, Object.keys(wrong.json().data.params)]).toEqual([400, ['stripe_secret_key']]);
  });

  describe('checkout with Stripe', () => {
    const checkout = async (data: Record<string, string>) => {
      let key = '';
      const added = await shopperCall(app, 'POST', '/cart/add-item', { payload: { id: '45', quantity: 1 } });
      expect(added.statusCode, added.body).toBe(200);
      key = added.headers['cocart-api-cart-key'] as string;
      const r = await app.inject({
        method: 'POST',
        url: `${API}/checkout`,
        headers: { 'cocart-api-cart-key': key },
        payload: { billing_address: BILLING, payment_method: 'stripe', payment_data: Object.entries(data).map(([k, value]) => ({ key: k, value })) },
      });
      expect(r.statusCode, r.body).toBe(200);
      return { key, body: r.json() };
    };

    it('3-D Secure leaves the order pending with the client secret; the webhook then pays it', async () => {
      fake.script.push('requires_action');
      const { body } = await checkout({ stripe_payment_method: 'pm_card_threeDSecure2Required' });
      const order = await app.runtime.orders.get(body.order_id);
      const intent = fake.intents.get(order.meta[STRIPE_INTENT_META])!;
      expect(body.payment_result).toEqual({ payment_status: 'requires_action', action_type: 'stripe_confirm_payment', action_data: { client_secret: intent.client_secret, intent_type: 'payment_intent' } });
      expect(order.status).toBe('pending');
      expect(fake.calls('POST /v1/payment_intents').at(-1)!.form).toMatchObject({ amount: String(order.totals.total), currency: 'gbp', 'metadata[order_id]': String(order.id), 'metadata[order_key]': order.key });

      const paid = JSON.stringify({
        id: `evt_paid_${order.id}`,
        object: 'event',
        type: 'payment_intent.succeeded',
        data: { object: { ...intent, status: 'succeeded', amount_received: intent.amount } },
      });
      expect((await deliver(paid)).statusCode).toBe(200);
      expect(await app.runtime.orders.get(order.id)).toMatchObject({ status: 'processing', transactionId: intent.id });
    });

    it('a declined card fails the order, and the cart stays for another try', async () => {
      fake.script.push('declined');
      const { key, body } = await checkout({ stripe_payment_method: 'pm_card_chargeDeclined' });
      expect(body.payment_result).toMatchObject({ payment_status: 'failed', message: 'Your card was declined.' });
      expect((await app.runtime.orders.get(body.order_id)).status).toBe('failed');
      expect((await shopperCall(app, 'GET', '/cart', { key })).json().items).toHaveLength(1);
    });

    it('a provider that drops the connection leaves the order pending', async () => {
      fake.script.push('reset', 'reset', 'reset');
      const { body } = await checkout({ stripe_payment_method: 'pm_card_visa' });
      expect(body.payment_result.payment_status).toBe('failed');
      expect((await app.runtime.orders.get(body.order_id)).status).toBe('pending');
    });
  });
});
