import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GatewayUnavailableError, type PaymentRequest } from '../../src/payments/gateway.ts';
import { STRIPE_INTENT_META, StripeGateway } from '../../src/payments/stripe.ts';
import type { Order } from '../../src/orders/order.ts';
import { FakeStripe } from './fake-stripe.ts';
import { pendingOrder, settingsWith } from './fixtures.ts';

/**
 * The Stripe gateway through the official library, pointed at a local stand-in for Stripe's API
 * (`apiBase`): what it sends (amount, currency, payment method, metadata, Idempotency-Key), and what
 * each answer means for the order — paid, 3-D Secure, declined, no answer, and a retry that pays the
 * intent already made rather than making another.
 */

const settings = settingsWith({ stripe_enabled: true });
const SECRET = 'sk_test_cartwright';

describe('the Stripe gateway', () => {
  const fake = new FakeStripe();
  let stripe: StripeGateway;

  beforeAll(async () => {
    await fake.start();
    stripe = new StripeGateway({ secretKey: SECRET, apiBase: fake.base, stripeOptions: { maxNetworkRetries: 0, telemetry: false } });
  });
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.received.length = 0;
    fake.script.length = 0;
    fake.fallback = 'succeeded';
  });

  const order = (overrides: Partial<Order> = {}) => pendingOrder({ id: 1001, key: 'wc_order_AbCdEfGhIjKlM', ...overrides });
  const request = (o: Order, data: PaymentRequest['data'] = { stripe_payment_method: 'pm_card_visa' }, idempotencyKey = 'cartwright-order-1001-a'): PaymentRequest => ({
    order: o,
    data,
    idempotencyKey,
    returnUrl: 'https://shop.example/checkout/order-received/1001',
  });

  it('creates and confirms a PaymentIntent for the order total, and a succeeded one is paid', async () => {
    const outcome = await stripe.process(request(order()), settings);
    const [call] = fake.calls('POST /v1/payment_intents');
    expect(call.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(call.headers['idempotency-key']).toBe('cartwright-order-1001-a');
    expect(call.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
    expect(call.form).toEqual({
      amount: '1800',
      currency: 'gbp',
      payment_method: 'pm_card_visa',
      confirm: 'true',
      'automatic_payment_methods[enabled]': 'true',
      'automatic_payment_methods[allow_redirects]': 'never',
      'metadata[order_id]': '1001',
      'metadata[order_key]': 'wc_order_AbCdEfGhIjKlM',
    });
    const intent = [...fake.intents.values()].at(-1)!;
    expect(outcome).toEqual({ status: 'success', orderStatus: 'processing', transactionId: intent.id, meta: { [STRIPE_INTENT_META]: intent.id } });
  });

  it('takes the payment method from payment_method when stripe_payment_method is not given', async () => {
    await stripe.process(request(order(), { payment_method: 'pm_card_mastercard' }), settings);
    expect(fake.calls('POST /v1/payment_intents')[0].form.payment_method).toBe('pm_card_mastercard');
  });

  it('asks for 3-D Secure with the client secret, keeping the intent on the order', async () => {
    fake.fallback = 'requires_action';
    const outcome = await stripe.process(request(order()), settings);
    const intent = [...fake.intents.values()].at(-1)!;
    expect(outcome).toEqual({
      status: 'requires_action',
      actionType: 'stripe_confirm_payment',
      actionData: { client_secret: intent.client_secret, intent_type: 'payment_intent' },
      meta: { [STRIPE_INTENT_META]: intent.id },
    });
  });

  it('a declined card (402 card_declined) fails with Stripe’s message, and the intent is kept for the retry', async () => {
    fake.fallback = 'declined';
    const outcome = await stripe.process(request(order()), settings);
    const intent = [...fake.intents.values()].at(-1)!;
    expect(outcome).toEqual({ status: 'failed', message: 'Your card was declined.', meta: { [STRIPE_INTENT_META]: intent.id } });
  });

  it('a retry pays the intent the order already has rather than making another', async () => {
    fake.fallback = 'requires_action';
    const first = await stripe.process(request(order()), settings);
    const id = first.meta![STRIPE_INTENT_META];
    // The shopper finished 3-D Secure in the browser: Stripe now has the intent as succeeded.
    fake.intents.set(id, { ...fake.intents.get(id)!, status: 'succeeded', amount_received: 1800 });
    fake.received.length = 0;
    const retry = await stripe.process(request(order({ meta: { [STRIPE_INTENT_META]: id } })), settings);
    expect(fake.received.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/payment_intents/${id}`]);
    expect(retry).toMatchObject({ status: 'success', orderStatus: 'processing', transactionId: id });
  });

  it('after a decline, a retry with another card confirms the same intent with it', async () => {
    fake.script.push('declined');
    const first = await stripe.process(request(order()), settings);
    const id = first.meta![STRIPE_INTENT_META];
    fake.received.length = 0;
    const retry = await stripe.process(request(order({ status: 'failed', meta: { [STRIPE_INTENT_META]: id } }), { stripe_payment_method: 'pm_card_amex' }), settings);
    expect(fake.received.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/payment_intents/${id}`, `POST /v1/payment_intents/${id}/confirm`]);
    const confirm = fake.calls(`POST /v1/payment_intents/${id}/confirm`)[0];
    expect(confirm.form).toEqual({ payment_method: 'pm_card_amex' });
    expect(confirm.headers['idempotency-key']).toBe('cartwright-order-1001-a:confirm:pm_card_amex');
    expect(retry).toMatchObject({ status: 'success', orderStatus: 'processing', transactionId: id });
    expect(fake.calls('POST /v1/payment_intents')).toEqual([]);
  });

  it('a retry without a new card after a decline reports the decline again, charging nothing', async () => {
    fake.script.push('declined');
    const id = (await stripe.process(request(order()), settings)).meta![STRIPE_INTENT_META];
    fake.received.length = 0;
    expect(await stripe.process(request(order({ meta: { [STRIPE_INTENT_META]: id } }), {}), settings)).toMatchObject({ status: 'failed', message: 'Your card was declined.' });
    expect(fake.received.map((r) => r.method)).toEqual(['GET']);
  });

  it('a cancelled intent is replaced by a new one, under a key of its own', async () => {
    const id = (await stripe.process(request(order()), settings)).meta![STRIPE_INTENT_META];
    fake.intents.set(id, { ...fake.intents.get(id)!, status: 'canceled' });
    fake.received.length = 0;
    const retry = await stripe.process(request(order({ meta: { [STRIPE_INTENT_META]: id } })), settings);
    const [create] = fake.calls('POST /v1/payment_intents');
    expect(create.headers['idempotency-key']).toBe(`cartwright-order-1001-a:after:${id}`);
    expect(retry).toMatchObject({ status: 'success' });
    expect(retry.meta![STRIPE_INTENT_META]).not.toBe(id);
  });

  it('an intent Stripe no longer knows (keys changed) is replaced by a new one', async () => {
    const retry = await stripe.process(request(order({ meta: { [STRIPE_INTENT_META]: 'pi_from_test_mode' } })), settings);
    expect(fake.received.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/payment_intents/pi_from_test_mode', 'POST /v1/payment_intents']);
    expect(fake.calls('POST /v1/payment_intents')[0].headers['idempotency-key']).toBe('cartwright-order-1001-a:after:pi_from_test_mode');
    expect(retry).toMatchObject({ status: 'success', orderStatus: 'processing' });
  });

  it('asks for card details rather than calling Stripe when none were given', async () => {
    expect(await stripe.process(request(order(), {}), settings)).toEqual({ status: 'failed', message: 'Please enter your card details.' });
    expect(fake.received).toEqual([]);
  });

  it('a payment that does not match the order total holds the order for someone to check', async () => {
    const id = (await stripe.process(request(order()), settings)).meta![STRIPE_INTENT_META];
    const outcome = await stripe.process(request(order({ meta: { [STRIPE_INTENT_META]: id }, lines: [{ ...order().lines[0], total: 2500 }], totals: { ...order().totals, total: 2500 } })), settings);
    expect(outcome).toMatchObject({ status: 'success', orderStatus: 'on-hold', transactionId: id });
  });

  it('a server that never answers is a timeout: GatewayUnavailableError, so the order stays pending', async () => {
    const impatient = new StripeGateway({ secretKey: SECRET, apiBase: fake.base, stripeOptions: { maxNetworkRetries: 0, telemetry: false, timeout: 300 } });
    fake.fallback = 'hang';
    const o = order();
    const before = structuredClone(o);
    const started = Date.now();
    const err = await impatient.process(request(o), settings).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayUnavailableError);
    expect(err).toMatchObject({ gateway: 'stripe', reason: 'timeout' });
    expect((err as Error).message).toMatch(/waiting for payment/);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(o).toEqual(before);
  });

  it('a dropped connection is unreachable, and a 500 a provider error: the order stays pending either way', async () => {
    fake.fallback = 'reset';
    await expect(stripe.process(request(order()), settings)).rejects.toMatchObject({ name: 'GatewayUnavailableError', reason: 'unreachable' });
    fake.fallback = 'server_error';
    await expect(stripe.process(request(order()), settings)).rejects.toMatchObject({ name: 'GatewayUnavailableError', reason: 'provider_error' });
  });

  it('with its own retry on, the library sends a failed request again under the same Idempotency-Key', async () => {
    const retrying = new StripeGateway({ secretKey: SECRET, apiBase: fake.base, stripeOptions: { telemetry: false } });
    fake.script.push('server_error');
    const outcome = await retrying.process(request(order()), settings);
    const calls = fake.calls('POST /v1/payment_intents');
    expect(calls.map((c) => c.headers['idempotency-key'])).toEqual(['cartwright-order-1001-a', 'cartwright-order-1001-a']);
    expect(outcome).toMatchObject({ status: 'success', orderStatus: 'processing' });
  });

  it('is unavailable without a secret key, and a key from the environment wins over the setting', async () => {
    const keyless = new StripeGateway({ apiBase: fake.base, stripeOptions: { maxNetworkRetries: 0, telemetry: false } });
    expect(keyless.available(settings)).toBe(false);
    expect(await keyless.process(request(order()), settings)).toMatchObject({ status: 'failed' });
    expect(fake.received).toEqual([]);
    await keyless.process(request(order()), settingsWith({ stripe_secret_key: 'sk_test_from_settings' }));
    expect(fake.received.at(-1)!.headers.authorization).toBe('Bearer sk_test_from_settings');
    await stripe.process(request(order()), settingsWith({ stripe_secret_key: 'sk_test_from_settings' }));
    expect(fake.received.at(-1)!.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it('refunds through the order’s intent, with the idempotency key it is given', async () => {
    const refunded = await stripe.refund(order({ meta: { [STRIPE_INTENT_META]: 'pi_paid' } }), 500, 'Damaged', 'refund-1001-1', settings);
    const [call] = fake.calls('POST /v1/refunds');
    expect(call.form).toEqual({ payment_intent: 'pi_paid', amount: '500', 'metadata[order_id]': '1001', 'metadata[reason]': 'Damaged' });
    expect(call.headers['idempotency-key']).toBe('refund-1001-1');
    expect(refunded).toEqual({ ok: true, reference: expect.stringMatching(/^re_/) });
    expect(await stripe.refund(order(), 500, '', 'refund-1001-2', settings)).toEqual({ ok: false, message: 'The order has no Stripe payment to refund.' });
  });

  describe('webhooks', () => {
    const WHSEC = 'whsec_test_secret';
    const hooked = new StripeGateway({ secretKey: SECRET, webhookSecret: WHSEC });
    const event = (type: string, object: object) => JSON.stringify({ id: `evt_${type}`, object: 'event', type, created: 1, livemode: false, api_version: null, data: { object } });
    const intent = { id: 'pi_hook', object: 'payment_intent', amount: 1800, amount_received: 1800, currency: 'gbp', status: 'succeeded', metadata: { order_id: '1001', order_key: 'wc_order_AbCdEfGhIjKlM' }, last_payment_error: null };
    const signed = (payload: string, secret = WHSEC) => ({ 'stripe-signature': Stripe.webhooks.generateTestHeaderString({ payload, secret }) });

    it('reads a signed payment_intent.succeeded as the order’s payment', async () => {
      const payload = event('payment_intent.succeeded', intent);
      expect(await hooked.webhook(Buffer.from(payload), signed(payload), settings)).toEqual({
        id: 'evt_payment_intent.succeeded',
        kind: 'succeeded',
        orderId: 1001,
        orderKey: 'wc_order_AbCdEfGhIjKlM',
        transactionId: 'pi_hook',
        amount: 1800,
        currency: 'GBP',
      });
    });

    it('reads payment_intent.payment_failed with the reason, and other events as other', async () => {
      const failed = event('payment_intent.payment_failed', { ...intent, status: 'requires_payment_method', last_payment_error: { message: 'Your card has insufficient funds.' } });
      expect(await hooked.webhook(Buffer.from(failed), signed(failed), settings)).toMatchObject({ kind: 'failed', orderId: 1001, message: 'Your card has insufficient funds.' });
      const other = event('charge.succeeded', { id: 'ch_1', object: 'charge' });
      expect(await hooked.webhook(Buffer.from(other), signed(other), settings)).toEqual({ id: 'evt_charge.succeeded', kind: 'other', orderId: null, transactionId: '' });
    });

    it('refuses (null) a wrong secret, a changed body, no signature, or no secret to check with', async () => {
      const payload = event('payment_intent.succeeded', intent);
      expect(await hooked.webhook(Buffer.from(payload), signed(payload, 'whsec_someone_else'), settings)).toBeNull();
      expect(await hooked.webhook(Buffer.from(payload.replace('1800', '1')), signed(payload), settings)).toBeNull();
      expect(await hooked.webhook(Buffer.from(payload), {}, settings)).toBeNull();
      expect(await new StripeGateway({ secretKey: SECRET }).webhook(Buffer.from(payload), signed(payload), settings)).toBeNull();
      // The setting serves when the environment has no secret.
      expect(await new StripeGateway({ secretKey: SECRET }).webhook(Buffer.from(payload), signed(payload), settingsWith({ stripe_webhook_secret: WHSEC }))).toMatchObject({ kind: 'succeeded' });
    });
  });
});
