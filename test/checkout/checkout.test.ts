import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { saveProduct } from '../../src/catalog/repository.ts';
import type { PaymentGateway, PaymentOutcome } from '../../src/payments/gateway.ts';
import type { CartwrightPlugin } from '../../src/runtime.ts';
import { API, shopperCall } from '../helpers/api.ts';
import { createTestApp, DATABASES } from '../helpers/app.ts';
import { authHeaders, withUser } from '../helpers/auth.ts';

/**
 * POST checkout end to end through the Cart and Checkout APIs: an order equal to the cart, stock taken
 * once, the cart emptied only once the order is paid or accepted, refusals that change nothing, and a
 * retried checkout that pays for the same order. Payment goes through a gateway a plugin registers,
 * whose answer each test chooses.
 */

const BILLING = { first_name: 'Ada', last_name: 'Lovelace', address_1: '1 Quay Street', city: 'Bristol', postcode: 'BS1 4XX', country: 'GB', email: 'ada@example.org' };

describe.each(DATABASES)('checkout (%s)', (kind) => {
  let app: FastifyInstance;
  let next: PaymentOutcome | 'throw' = { status: 'success', orderStatus: 'processing', transactionId: 'tx-1' };
  const charges: { orderId: number; total: number; idempotencyKey: string }[] = [];
  const gateway: PaymentGateway = {
    id: 'testpay',
    supports: ['products'],
    title: () => 'Test payments',
    description: () => 'Pays as the test says',
    enabled: () => true,
    available: () => true,
    async process({ order, idempotencyKey }) {
      charges.push({ orderId: order.id, total: order.totals.total, idempotencyKey });
      if (next === 'throw') throw new Error('provider did not answer');
      return next;
    },
  };
  const plugin: CartwrightPlugin = { name: 'test-payments', register: (api) => void api.payments.register(gateway) };

  beforeAll(async () => {
    app = await createTestApp(kind, { plugins: [plugin] });
    await withUser(app, 'customer', 'checkout-ada');
    await withUser(app, 'customer', 'checkout-grace');
  });
  afterAll(() => app.close());

  const cartWith = async (items: [string, number][], login?: string) => {
    let key = '';
    for (const [id, quantity] of items) {
      const r = await shopperCall(app, 'POST', '/cart/add-item', { key, login, payload: { id, quantity } });
      expect(r.statusCode, r.body).toBe(200);
      key = r.headers['cocart-api-cart-key'] as string;
    }
    return key;
  };
  const checkout = (key: string, body: object = {}, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: `${API}/checkout`,
      headers: { ...(key ? { 'cocart-api-cart-key': key } : {}), ...headers },
      payload: { billing_address: BILLING, payment_method: 'testpay', ...body },
    });
  const cart = async (key: string, login?: string) => (await shopperCall(app, 'GET', '/cart', { key, login })).json();
  const stockOf = (id: number) => app.runtime.catalog.current().products.get(id)!.stockQuantity;
  const setStock = async (id: number, quantity: number) => {
    const p = app.runtime.catalog.current().products.get(id)!;
    await saveProduct(app.runtime.database.db, { ...p, manageStock: true, stockQuantity: quantity, backorders: 'no', stockStatus: quantity > 0 ? 'instock' : 'outofstock' });
    await app.runtime.catalog.changed();
  };

  it('places an order equal to the cart, takes the stock, empties the cart and shows the order to its key holder', async () => {
    next = { status: 'success', orderStatus: 'processing', transactionId: 'tx-1' };
    await setStock(45, 10);
    const key = await cartWith([['45', 2], ['57', 1]]);
    // The address decides the shipping and taxes: the cart as checkout will see it.
    await app.inject({ method: 'PUT', url: `${API}/checkout`, headers: { 'cocart-api-cart-key': key }, payload: { billing_address: BILLING } });
    const before = await cart(key);
    expect(before.totals.shipping_total).toBeGreaterThan(0);
    const r = await checkout(key, { customer_note: 'Leave it by the door' });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({
      status: 'processing',
      order_number: String(body.order_id),
      customer_id: 0,
      billing_address: { ...BILLING, company: '', address_2: '', state: '', phone: '' },
      payment_method: 'testpay',
      payment_result: { payment_status: 'success', redirect_url: `http://localhost:80/checkout/order-received/${body.order_id}/?key=${body.order_key}` },
    });
    expect(body.order_key).toMatch(/^wc_order_[A-Za-z0-9]{13}$/);
    expect(stockOf(45)).toBe(8);
    expect((await cart(key)).items).toEqual([]);

    const order = await app.runtime.orders.get(body.order_id);
    expect(order.totals.total).toBe(before.totals.total);
    expect(order.lines.map((l) => [l.productId, l.quantity])).toEqual([[45, 2], [57, 1]]);
    expect(order).toMatchObject({ customerNote: 'Leave it by the door', transactionId: 'tx-1', createdVia: 'checkout' });
    expect(charges.at(-1)).toMatchObject({ orderId: body.order_id, total: before.totals.total });

    const received = await app.inject({ url: `${API}/order-received/${body.order_id}?order_key=${body.order_key}` });
    expect(received.statusCode).toBe(200);
    expect(received.json()).toMatchObject({ order_id: body.order_id, status: 'processing', status_name: 'Processing', total: String(before.totals.total), needs_payment: false });
    expect(received.json().items.map((i: { product_id: number; quantity: number }) => [i.product_id, i.quantity])).toEqual([[45, 2], [57, 1]]);
    const wrongKey = await app.inject({ url: `${API}/order-received/${body.order_id}?order_key=wc_order_AAAAAAAAAAAAA` });
    expect([wrongKey.statusCode, wrongKey.json().code]).toEqual([403, 'cocart_order_invalid_key']);
    const noKey = await app.inject({ url: `${API}/order-received/${body.order_id}` });
    expect([noKey.statusCode, noKey.json().code]).toEqual([400, 'cocart_order_invalid_params']);
    const stranger = await app.inject({ url: `${API}/order-received/${body.order_id}?order_key=${body.order_key}`, headers: authHeaders('checkout-grace') });
    expect([stranger.statusCode, stranger.json().code]).toEqual([403, 'cocart_order_not_owned']);
    const unknown = await app.inject({ url: `${API}/order-received/999999?order_key=${body.order_key}` });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'cocart_order_not_found']);
  });

  it('a customer’s order is theirs, with their id', async () => {
    next = { status: 'success', orderStatus: 'on-hold', note: 'Awaiting payment' };
    await cartWith([['45', 1]], 'checkout-ada');
    const r = await app.inject({ method: 'POST', url: `${API}/checkout`, headers: authHeaders('checkout-ada'), payload: { billing_address: BILLING, payment_method: 'testpay' } });
    expect(r.statusCode, r.body).toBe(200);
    const ada = (await app.runtime.database.db.selectFrom('users').select('id').where('username', '=', 'checkout-ada').executeTakeFirstOrThrow()).id;
    expect(r.json()).toMatchObject({ customer_id: ada, status: 'on-hold', payment_result: { payment_status: 'success' } });
    expect((await cart('', 'checkout-ada')).items).toEqual([]);
    const own = await app.inject({ url: `${API}/order-received/${r.json().order_id}?order_key=${r.json().order_key}`, headers: authHeaders('checkout-ada') });
    expect(own.statusCode).toBe(200);
  });

  it.each([
    ['an empty cart', async () => cartWith([]), {}, 'cocart_cant_checkout_empty_cart'],
    ['a missing billing field', async () => cartWith([['45', 1]]), { billing_address: { ...BILLING, city: '' } }, 'cocart_address_field_required'],
    ['an invalid e-mail', async () => cartWith([['45', 1]]), { billing_address: { ...BILLING, email: 'ada@' } }, 'cocart_invalid_address_fields'],
    ['an unknown payment method', async () => cartWith([['45', 1]]), { payment_method: 'bitcoin' }, 'cocart_invalid_payment_method'],
    ['an unknown shipping method', async () => cartWith([['45', 1]]), { shipping_method: 'teleport:9' }, 'cocart_invalid_shipping_method'],
  ] as const)('refuses %s with 400 and leaves the cart as it was', async (_what, make, body, code) => {
    const key = await make();
    const before = key ? await cart(key) : null;
    const orders = await app.runtime.orders.store.counts();
    const r = await checkout(key || 'no-such-cart-key', body);
    expect([r.statusCode, r.json().code], r.body).toEqual([400, code]);
    expect(r.json().data.status).toBe(400);
    if (before) expect(await cart(key)).toEqual(before);
    expect(await app.runtime.orders.store.counts()).toEqual(orders);
  });

  it('refuses a checkout with neither a cart key nor a customer: 401', async () => {
    const r = await checkout('');
    expect([r.statusCode, r.json().code]).toEqual([401, 'cocart_rest_authentication_required']);
  });

  it('refuses more than the shelf holds, and changes nothing', async () => {
    next = { status: 'success', orderStatus: 'processing' };
    await setStock(45, 5);
    const key = await cartWith([['45', 4]]);
    await setStock(45, 3);
    const r = await checkout(key);
    expect([r.statusCode, r.json().code]).toEqual([400, 'cocart_insufficient_stock']);
    expect(r.json().message).toContain('Only 3 remaining');
    expect(stockOf(45)).toBe(3);
    expect((await cart(key)).items).toHaveLength(1);
  });

  it('a refused payment fails the order and keeps the cart; the retry pays for the same order', async () => {
    await setStock(45, 10);
    const key = await cartWith([['45', 1]]);
    next = { status: 'failed', message: 'Your card was declined.' };
    const first = await checkout(key);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'failed', payment_result: { payment_status: 'failed', message: 'Your card was declined.' } });
    expect((await cart(key)).items).toHaveLength(1);
    expect(stockOf(45)).toBe(9);

    next = { status: 'success', orderStatus: 'processing', transactionId: 'tx-2' };
    const retry = await checkout(key);
    expect(retry.json()).toMatchObject({ order_id: first.json().order_id, order_key: first.json().order_key, status: 'processing', payment_result: { payment_status: 'success' } });
    expect(stockOf(45)).toBe(9);
    expect((await cart(key)).items).toEqual([]);
    // One charge key for both attempts of the same order.
    const attempts = charges.filter((c) => c.orderId === first.json().order_id);
    expect(attempts).toHaveLength(2);
    expect(new Set(attempts.map((a) => a.idempotencyKey)).size).toBe(1);
  });

  it('an action the shopper must take keeps the order pending and the cart; a provider that does not answer too', async () => {
    const key = await cartWith([['45', 1]]);
    next = { status: 'requires_action', actionType: 'stripe_confirm_payment', actionData: { client_secret: 'pi_1_secret_2', intent_type: 'payment_intent' } };
    const first = await checkout(key);
    expect(first.json()).toMatchObject({
      status: 'pending',
      payment_result: { payment_status: 'requires_action', action_type: 'stripe_confirm_payment', action_data: { client_secret: 'pi_1_secret_2', intent_type: 'payment_intent' } },
    });
    next = 'throw';
    const down = await checkout(key);
    expect(down.json()).toMatchObject({ order_id: first.json().order_id, status: 'pending', payment_result: { payment_status: 'failed' } });
    expect((await cart(key)).items).toHaveLength(1);
  });

  it('a cart changed after a failed payment gets a new order, and the old one gives its stock back', async () => {
    await setStock(45, 10);
    const key = await cartWith([['45', 2]]);
    next = { status: 'failed', message: 'Declined.' };
    const first = await checkout(key);
    expect(stockOf(45)).toBe(8);
    await shopperCall(app, 'POST', '/cart/add-item', { key, payload: { id: '57', quantity: 1 } });
    next = { status: 'success', orderStatus: 'processing' };
    const second = await checkout(key);
    expect(second.json().order_id).not.toBe(first.json().order_id);
    expect((await app.runtime.orders.get(first.json().order_id)).status).toBe('cancelled');
    expect(stockOf(45)).toBe(8);
  });

  it('Idempotency-Key: the same request again answers the same order, once', async () => {
    next = { status: 'success', orderStatus: 'processing' };
    const key = await cartWith([['57', 1]]);
    const count = (await app.runtime.orders.store.counts()).processing;
    const first = await checkout(key, {}, { 'idempotency-key': `checkout-${key}` });
    const again = await checkout(key, {}, { 'idempotency-key': `checkout-${key}` });
    expect(first.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toBe(first.body);
    expect((await app.runtime.orders.store.counts()).processing).toBe(count + 1);
  });

  it('counts a coupon’s use, and a coupon used up refuses the next order', async () => {
    next = { status: 'success', orderStatus: 'processing' };
    await app.runtime.database.db.updateTable('coupons').set({ usage_limit: 1, usage_count: 0, used_by: '[]' }).where('code', '=', 'save10').execute();
    await app.runtime.rules.changed();
    const a = await cartWith([['45', 1]]);
    const b = await cartWith([['45', 1]]);
    for (const key of [a, b]) expect((await shopperCall(app, 'POST', '/cart/apply-coupon', { key, payload: { code: 'save10' } })).statusCode).toBe(200);
    const first = await checkout(a);
    expect(first.statusCode, first.body).toBe(200);
    const coupon = await app.runtime.database.db.selectFrom('coupons').select(['usage_count', 'used_by']).where('code', '=', 'save10').executeTakeFirstOrThrow();
    expect(coupon).toEqual({ usage_count: 1, used_by: JSON.stringify(['ada@example.org']) });
    const second = await checkout(b);
    expect([second.statusCode, second.json().code]).toEqual([400, 'cocart_invalid_coupon']);
    expect(second.json().message).toBe('The coupon "save10" is no longer valid and has been removed.');
    // Nothing was bought: the cart keeps its items (the coupon that no longer holds comes off when it is read).
    expect((await cart(b)).items).toHaveLength(1);
  });

  it('cancels an unpaid order once its hold runs out, giving the stock back', async () => {
    await setStock(45, 10);
    const key = await cartWith([['45', 3]]);
    next = { status: 'requires_action', actionType: 'x', actionData: {} };
    const r = await checkout(key);
    expect(stockOf(45)).toBe(7);
    const id = r.json().order_id;
    await app.runtime.database.db.updateTable('orders').set({ hold_until: 1 }).where('id', '=', id).execute();
    expect(await app.runtime.orders.cancelExpiredHolds()).toBe(1);
    expect((await app.runtime.orders.get(id)).status).toBe('cancelled');
    expect(stockOf(45)).toBe(10);
    expect((await app.runtime.orders.store.notes(id)).map((n) => n.note)).toContain('Unpaid order cancelled - time limit reached.');
  });

  it('PUT checkout applies addresses, shipping and payment choices together, or none of them', async () => {
    const key = await cartWith([['45', 1]]);
    const ok = await app.inject({ method: 'PUT', url: `${API}/checkout`, headers: { 'cocart-api-cart-key': key }, payload: { billing_address: BILLING, payment_method: 'testpay' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ message: 'Checkout data updated.', payment_method: 'testpay', customer: { billing_address: { city: 'Bristol', email: 'ada@example.org' } } });
    expect(Object.keys(ok.json().items)).toHaveLength(1);
    const before = await cart(key);
    const bad = await app.inject({ method: 'PATCH', url: `${API}/checkout`, headers: { 'cocart-api-cart-key': key }, payload: { billing_address: { city: 'Bath', email: 'not-an-email' } } });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'cocart_invalid_address_fields']);
    expect(await cart(key)).toEqual(before);
    const methods = await app.inject({ url: `${API}/checkout/payment-methods`, headers: { 'cocart-api-cart-key': key } });
    expect(methods.json().testpay).toMatchObject({ id: 'testpay', title: 'Test payments' });
  });

  it('pays for a failed order on the order-received page', async () => {
    const key = await cartWith([['45', 1]]);
    next = { status: 'failed', message: 'Declined.' };
    const placed = (await checkout(key)).json();
    const refused = await app.inject({ method: 'POST', url: `${API}/order-received/${placed.order_id}/pay?order_key=${placed.order_key}`, payload: { payment_method: 'testpay' } });
    expect([refused.statusCode, refused.json().code]).toEqual([400, 'cocart_payment_failed']);
    next = { status: 'success', orderStatus: 'processing' };
    const paid = await app.inject({ method: 'POST', url: `${API}/order-received/${placed.order_id}/pay?order_key=${placed.order_key}`, payload: { payment_method: 'testpay' } });
    expect(paid.json()).toMatchObject({ success: true, order_id: placed.order_id, order_status: 'processing' });
    const again = await app.inject({ method: 'POST', url: `${API}/order-received/${placed.order_id}/pay?order_key=${placed.order_key}`, payload: { payment_method: 'testpay' } });
    expect([again.statusCode, again.json().code]).toEqual([400, 'cocart_order_invalid_status']);
  });

  it('makes an account for a guest who asks, and the order is the new customer’s; an e-mail with an account is refused', async () => {
    next = { status: 'success', orderStatus: 'processing' };
    const key = await cartWith([['57', 1]]);
    const billing = { ...BILLING, email: 'new-shopper@example.org' };
    const r = await checkout(key, { billing_address: billing, create_account: true, customer_password: 'Sturdy-Password-42' });
    expect(r.statusCode, r.body).toBe(200);
    const made = await app.runtime.database.db.selectFrom('users').select(['id', 'username']).where('email', '=', 'new-shopper@example.org').executeTakeFirstOrThrow();
    expect(r.json().customer_id).toBe(made.id);
    const login = await app.inject({ method: 'POST', url: `${API}/login`, headers: authHeaders('new-shopper@example.org', 'Sturdy-Password-42') });
    expect(login.statusCode).toBe(200);

    const again = await cartWith([['57', 1]]);
    const orders = await app.runtime.orders.store.counts();
    const refused = await checkout(again, { billing_address: billing, create_account: true, customer_password: 'Another-Password-43' });
    expect([refused.statusCode, refused.json().code]).toEqual([400, 'cocart_account_creation_failed']);
    expect(await app.runtime.orders.store.counts()).toEqual(orders);
  });

  it('describes the checkout form', async () => {
    const r = await app.inject({ url: `${API}/checkout/config` });
    expect(r.statusCode).toBe(200);
    expect(r.json().fields.billing.billing_email).toMatchObject({ type: 'email', required: true });
    expect(r.json().countries.allowed_countries.GB).toBe('United Kingdom (UK)');
    expect(r.json().account).toEqual({ allow_registration: true, guest_checkout_enabled: true, must_create_account: false });
  });
});
