import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { DATABASES } from '../../helpers/app.ts';
import { basicAuth, storeWithStaff } from '../../helpers/auth.ts';
import { addItem, call, expectError, getCart, ok, type CallResult } from '../cart/helpers.ts';

/**
 * Batch requests (docs/wire-contract.md#batch): `POST /wp-json/cocart/batch`
 * (Beta 1's single cart answer) and `POST /wp-json/batch/v1` (WordPress's 207 envelope). Sub-requests
 * run in order on the cart the outer request names, which is loaded once and saved once.
 */

interface Sub {
  method?: string;
  path: string;
  body?: Record<string, unknown>;
  headers?: Record<string, string | string[]>;
}

const ADD = (id: string, quantity = '1'): Sub => ({ method: 'POST', path: '/cocart/v2/cart/add-item', body: { id, quantity } });
const CUSTOMER: Sub = {
  method: 'POST',
  path: '/cocart/v2/cart/update?namespace=update-customer',
  body: { first_name: 'Ada', email: 'ada@example.test', country: 'GB' },
};
/** Demo products 60, 30 and 61 are purchasable simple products without stock limits; this one does not exist. */
const MISSING = '999999';

describe.each(DATABASES)('batch requests (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await storeWithStaff(kind);
  });
  afterAll(() => app.close());

  interface BatchOptions {
    /** Sent as the outer CoCart-API-Cart-Key header. */
    key?: string;
    /** Query string of the batch URL, `?` included. */
    query?: string;
    headers?: Record<string, string>;
    validation?: 'normal' | 'require-all-validate';
  }

  /** One batch request to `url` (`/cocart/batch` or `/batch/v1`). */
  async function batch(url: '/cocart/batch' | '/batch/v1', requests: Sub[], options: BatchOptions = {}): Promise<CallResult> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (options.key !== undefined) headers['cocart-api-cart-key'] = options.key;
    const payload = JSON.stringify({ ...(options.validation ? { validation: options.validation } : {}), requests });
    const res: LightMyRequestResponse = await app.inject({ method: 'POST', url: `/wp-json${url}${options.query ?? ''}`, headers, payload });
    const body = res.body === '' ? undefined : res.json();
    const key = res.headers['cocart-api-cart-key'];
    return { res, status: res.statusCode, body, key: typeof key === 'string' ? key : undefined };
  }

  /** A stored cart with one line (product 60 by default): its key. Its session is at revision 1. */
  async function existingCart(id = '60', quantity = '1'): Promise<string> {
    const r = await addItem(app, { id, quantity });
    expect(r.status, r.res.body).toBe(200);
    expect(r.key).toMatch(/^[0-9a-f]{30}$/);
    return r.key!;
  }

  const revision = async (key: string) => (await app.runtime.sessions.find(key))?.revision;
  /** The stored cart's lines as [product id, quantity], read back through GET /cart. */
  const lines = async (key: string, headers: Record<string, string> = {}) => {
    const r = await call(app, { url: '/cart', key, headers });
    return (ok(r).items as { id: number; quantity: { value: number } }[]).map((i) => [i.id, i.quantity.value]);
  };
  const cartLines = (cart: { items: { id: number; quantity: { value: number } }[] }) => cart.items.map((i) => [i.id, i.quantity.value]);
  /** The message and code of the error a request gives when run on its own. */
  async function errorOf(sub: Sub, key?: string): Promise<{ code: string; message: string }> {
    const r = await call(app, { method: (sub.method ?? 'POST') as 'POST', url: sub.path.replace('/cocart/v2', ''), body: sub.body, key });
    expect(r.status, r.res.body).toBeGreaterThanOrEqual(400);
    return { code: r.body.code, message: r.body.message };
  }

  describe('single cart answer (/cocart/batch)', () => {
    it('three sub-requests on a new guest cart: one cart with both lines, the customer and every success notice in order; saved once', async () => {
      const r = await batch('/cocart/batch', [ADD('60', '2'), ADD('30'), CUSTOMER]);
      const cart = ok(r);
      expect(r.key).toMatch(/^[0-9a-f]{30}$/);
      expect(cart.cart_key).toBe(r.key);
      expect(cartLines(cart)).toEqual([
        [60, 2],
        [30, 1],
      ]);
      expect(cart.customer.billing_address.billing_first_name).toBe('Ada');

      // The same three requests one by one on another cart give the notices the batch must merge, in order.
      const one = await addItem(app, { id: '60', quantity: '2' });
      const two = await addItem(app, { id: '30', quantity: '1' }, one.key);
      const three = await call(app, { method: 'POST', url: '/cart/update?namespace=update-customer', body: CUSTOMER.body, key: one.key });
      const expected = [one, two, three].flatMap((x) => ok(x).notices?.success ?? []);
      expect(expected).toHaveLength(3);
      expect(cart.notices.success).toEqual(expected);
      expect(cart.notices.error).toBeUndefined();

      expect(await revision(r.key!)).toBe(1);
      expect(await lines(r.key!)).toEqual([
        [60, 2],
        [30, 1],
      ]);
      const stored = ok(await getCart(app, r.key!));
      expect(stored.customer.billing_address.billing_first_name).toBe('Ada');
      expect(stored.customer.billing_address.billing_email).toBe('ada@example.test');
      expect(stored.customer.billing_address.billing_country).toBe('GB');
    });

    it('three writes on an existing cart are saved once (revision 1 → 2)', async () => {
      const key = await existingCart('60');
      expect(await revision(key)).toBe(1);
      const r = await batch('/cocart/batch', [ADD('60', '2'), ADD('30'), CUSTOMER], { key });
      const cart = ok(r);
      expect(cart.cart_key).toBe(key);
      expect(r.key).toBe(key);
      expect(cartLines(cart)).toEqual([
        [60, 3],
        [30, 1],
      ]);
      expect(await revision(key)).toBe(2);
      expect(await lines(key)).toEqual([
        [60, 3],
        [30, 1],
      ]);
    });

    it('a failing sub-request in the middle: 200, the good lines, its error among the notices and in cocart-batch-errors', async () => {
      const failure = await errorOf(ADD(MISSING));
      const r = await batch('/cocart/batch', [ADD('60'), ADD(MISSING), ADD('30')]);
      const cart = ok(r);
      expect(cartLines(cart)).toEqual([
        [60, 1],
        [30, 1],
      ]);
      expect(cart.notices.error).toContain(failure.message);
      expect(r.res.headers['cocart-batch-errors']).toBe(`1:${failure.code}`);
      expect(await lines(r.key!)).toEqual([
        [60, 1],
        [30, 1],
      ]);
    });

    it('the last sub-request failing: 200, the cart as the earlier ones left it, and an error notice', async () => {
      const missingItem: Sub = { method: 'POST', path: '/cocart/v2/cart/item/doesnotexist', body: { quantity: '2' } };
      const key = await existingCart('30');
      const failure = await errorOf(missingItem, key);
      const r = await batch('/cocart/batch', [ADD('60'), missingItem]);
      const cart = ok(r);
      expect(cartLines(cart)).toEqual([[60, 1]]);
      expect(cart.notices.error).toEqual([failure.message]);
      expect(r.res.headers['cocart-batch-errors']).toBe(`1:${failure.code}`);
      expect(await lines(r.key!)).toEqual([[60, 1]]);
    });

    it('every sub-request failing on an existing cart: 200 with the unchanged cart and every error notice', async () => {
      const key = await existingCart('60', '2');
      const before = ok(await getCart(app, key));
      const failure = await errorOf(ADD(MISSING), key);
      const r = await batch('/cocart/batch', [ADD(MISSING), ADD(MISSING)], { key });
      const cart = ok(r);
      expect(cart.cart_key).toBe(key);
      expect(cartLines(cart)).toEqual([[60, 2]]);
      expect(cart.totals).toEqual(before.totals);
      expect(cart.notices.error).toEqual([failure.message, failure.message]);
      expect(r.res.headers['cocart-batch-errors']).toBe(`0:${failure.code}, 1:${failure.code}`);
      expect(await lines(key)).toEqual([[60, 2]]);
    });

    it('every sub-request failing on a new guest cart: 200, an empty cart, and no cart stored', async () => {
      const failure = await errorOf(ADD(MISSING));
      const r = await batch('/cocart/batch', [ADD(MISSING), ADD(MISSING)]);
      const cart = ok(r);
      expect(cart.items).toEqual([]);
      expect(cart.item_count).toBe(0);
      expect(cart.notices.error).toEqual([failure.message, failure.message]);
      if (r.key !== undefined) expect(await app.runtime.sessions.find(r.key)).toBeNull();
      if (cart.cart_key) expect(await app.runtime.sessions.find(cart.cart_key)).toBeNull();
    });
  });

  describe('require-all-validate', () => {
    it('one invalid sub-request: 207 failed validation, null for the valid ones, and nothing applied', async () => {
      const key = await existingCart('60');
      const r = await batch('/cocart/batch', [ADD('30'), { method: 'POST', path: '/cocart/v2/cart/add-item', body: { quantity: '1' } }, ADD('61')], {
        key,
        validation: 'require-all-validate',
      });
      expect(r.status, r.res.body).toBe(207);
      expect(Object.keys(r.body).sort()).toEqual(['failed', 'responses']);
      expect(r.body.failed).toBe('validation');
      expect(r.body.responses).toHaveLength(3);
      expect(r.body.responses[0]).toBeNull();
      expect(r.body.responses[2]).toBeNull();
      const invalid = r.body.responses[1];
      expect(invalid).toMatchObject({ status: 400, body: { code: 'rest_missing_callback_param', data: { status: 400 } } });
      expect(typeof invalid.body.message).toBe('string');
      expect(invalid.body.data.params).toEqual(['id']);
      expect(invalid.headers).toBeTypeOf('object');
      expect(invalid.headers).not.toBeNull();
      expect(await lines(key)).toEqual([[60, 1]]);
      expect(await revision(key)).toBe(1);
    });

    it('a value of the wrong type ("quantity":"abc") is invalid too: 207 failed validation, nothing applied', async () => {
      const key = await existingCart('60');
      const wrong = { method: 'POST', path: '/cocart/v2/cart/add-item', body: { id: '30', quantity: 'abc' } } as const;
      const update = { method: 'POST', path: '/cocart/v2/cart/item/0123abc', body: { quantity: 'x' } } as const;
      for (const bad of [wrong, update]) {
        const r = await batch('/cocart/batch', [ADD('61'), bad], { key, validation: 'require-all-validate' });
        expect(r.status, r.res.body).toBe(207);
        expect(r.body.failed).toBe('validation');
        expect(r.body.responses[0]).toBeNull();
        expect(r.body.responses[1]).toMatchObject({ status: 400, body: { code: 'rest_invalid_param', data: { status: 400, params: { quantity: expect.any(String) } } } });
      }
      expect(await lines(key)).toEqual([[60, 1]]);
      expect(await revision(key)).toBe(1);
    });

    it('without require-all-validate the same wrong type fails alone: the valid sub-request runs', async () => {
      const key = await existingCart('60');
      const r = await batch('/cocart/batch', [ADD('61'), { method: 'POST', path: '/cocart/v2/cart/add-item', body: { id: '30', quantity: 'abc' } }], { key });
      expect(cartLines(ok(r))).toEqual([
        [60, 1],
        [61, 1],
      ]);
    });

    it('all valid: runs normally, one cart with HTTP 200', async () => {
      const key = await existingCart('60');
      const r = await batch('/cocart/batch', [ADD('30'), ADD('61', '3')], { key, validation: 'require-all-validate' });
      const cart = ok(r);
      expect(cart.cart_key).toBe(key);
      expect(cartLines(cart)).toEqual([
        [60, 1],
        [30, 1],
        [61, 3],
      ]);
      expect(await lines(key)).toEqual([
        [60, 1],
        [30, 1],
        [61, 3],
      ]);
      expect(await revision(key)).toBe(2);
    });
  });

  describe('limits', () => {
    it('26 sub-requests → 400 rest_invalid_param, nothing applied', async () => {
      const key = await existingCart('60');
      const r = await batch('/cocart/batch', Array.from({ length: 26 }, () => ADD('30')), { key });
      expectError(r, 400, 'rest_invalid_param');
      expect(await lines(key)).toEqual([[60, 1]]);
      expect(await revision(key)).toBe(1);
    });

    it('25 sub-requests are allowed', async () => {
      const r = await batch('/cocart/batch', Array.from({ length: 25 }, () => ADD('30')));
      expect(cartLines(ok(r))).toEqual([[30, 25]]);
    });

    it('a GET sub-request → 400 rest_invalid_param naming requests[0][method]', async () => {
      const r = await batch('/cocart/batch', [{ method: 'GET', path: '/cocart/v2/cart' }]);
      expectError(r, 400, 'rest_invalid_param');
      expect(r.body.data.params.requests).toContain('requests[0][method]');
    });

    it('a path outside cocart/v2 → 400 cocart_rest_invalid_path and nothing runs', async () => {
      const key = await existingCart('60');
      const r = await batch('/cocart/batch', [ADD('30'), { method: 'POST', path: '/wc/v3/products', body: { name: 'x' } }], { key });
      expectError(r, 400, 'cocart_rest_invalid_path');
      expect(await lines(key)).toEqual([[60, 1]]);
      expect(await revision(key)).toBe(1);
      // On a new guest cart no cart is stored either.
      const guest = await batch('/cocart/batch', [ADD('30'), { path: '/wp/v2/posts' }]);
      expectError(guest, 400, 'cocart_rest_invalid_path');
      expect(guest.key).toBeUndefined();
    });

    it('a path without the leading slash → parse_path_failed for that sub-request', async () => {
      const bad: Sub = { method: 'POST', path: 'cocart/v2/cart/add-item', body: { id: '30', quantity: '1' } };
      const r = await batch('/cocart/batch', [ADD('60'), bad]);
      const cart = ok(r);
      expect(cartLines(cart)).toEqual([[60, 1]]);
      expect(r.res.headers['cocart-batch-errors']).toBe('1:parse_path_failed');
      expect(cart.notices.error).toHaveLength(1);

      const raw = await batch('/batch/v1', [bad]);
      expect(raw.status, raw.res.body).toBe(207);
      expect(raw.body.responses).toHaveLength(1);
      expect(raw.body.responses[0]).toMatchObject({ status: 400, body: { code: 'parse_path_failed', data: { status: 400 } } });
    });
  });

  describe('mixed paths on /cocart/batch', () => {
    it('an add-item and a non-batchable route → 207 envelopes: the cart (CoCart header spelling), then rest_batch_not_allowed', async () => {
      const r = await batch('/cocart/batch', [ADD('60'), { method: 'POST', path: '/cocart/v2/login' }]);
      expect(r.status, r.res.body).toBe(207);
      expect(Object.keys(r.body)).toEqual(['responses']);
      expect(r.body.responses).toHaveLength(2);
      const [first, second] = r.body.responses;
      expect(first.status).toBe(200);
      expect(cartLines(first.body)).toEqual([[60, 1]]);
      expect(first.headers).toHaveProperty('CoCart-API-Cart-Key');
      expect(first.headers).not.toHaveProperty('cocart-api-cart-key');
      expect(first.headers['CoCart-API-Cart-Key']).toBe(first.body.cart_key);
      expect(r.key).toBe(first.body.cart_key);
      expect(second.status).toBe(400);
      expect(second.body).toMatchObject({ code: 'rest_batch_not_allowed', data: { status: 400 } });
      expect(await lines(r.key!)).toEqual([[60, 1]]);
    });

    it('an unknown route → its envelope is 404 rest_no_route', async () => {
      const r = await batch('/cocart/batch', [ADD('60'), { method: 'POST', path: '/cocart/v2/login' }, { method: 'POST', path: '/cocart/v2/cart/nope' }]);
      expect(r.status, r.res.body).toBe(207);
      expect(r.body.responses).toHaveLength(3);
      expect(r.body.responses[2]).toMatchObject({ status: 404, body: { code: 'rest_no_route', data: { status: 404 } } });
      const raw = await batch('/batch/v1', [{ method: 'POST', path: '/cocart/v2/cart/nope' }]);
      expect(raw.status, raw.res.body).toBe(207);
      expect(raw.body.responses[0]).toMatchObject({ status: 404, body: { code: 'rest_no_route' } });
    });
  });

  describe('/batch/v1', () => {
    it('always 207 with one envelope per sub-request, in order, all writes on one cart', async () => {
      const r = await batch('/batch/v1', [ADD('60', '2'), ADD('30'), CUSTOMER]);
      expect(r.status, r.res.body).toBe(207);
      expect(Object.keys(r.body)).toEqual(['responses']);
      const responses = r.body.responses;
      expect(responses.map((e: { status: number }) => e.status)).toEqual([200, 200, 200]);
      expect(cartLines(responses[0].body)).toEqual([[60, 2]]);
      expect(cartLines(responses[1].body)).toEqual([
        [60, 2],
        [30, 1],
      ]);
      expect(responses[2].body.customer.billing_address.billing_first_name).toBe('Ada');
      const key = responses[0].body.cart_key;
      expect(key).toMatch(/^[0-9a-f]{30}$/);
      for (const e of responses) {
        expect(e.body.cart_key).toBe(key);
        expect(e.headers['CoCart-API-Cart-Key']).toBe(key);
      }
      expect(r.key).toBe(key);
      expect(await lines(key)).toEqual([
        [60, 2],
        [30, 1],
      ]);
      expect(await revision(key)).toBe(1);
    });

    it('on an existing cart: 207 too, saved once', async () => {
      const key = await existingCart('60');
      const r = await batch('/batch/v1', [ADD('30'), ADD('61')], { key });
      expect(r.status, r.res.body).toBe(207);
      expect(r.body.responses.map((e: { status: number }) => e.status)).toEqual([200, 200]);
      expect(await lines(key)).toEqual([
        [60, 1],
        [30, 1],
        [61, 1],
      ]);
      expect(await revision(key)).toBe(2);
    });

    it('a non-CoCart path and a nested batch → rest_batch_not_allowed', async () => {
      const r = await batch('/batch/v1', [
        ADD('60'),
        { method: 'POST', path: '/wc/v3/products', body: { name: 'Nope', regular_price: '1.00' } },
        { method: 'POST', path: '/batch/v1', body: { requests: [ADD('30')] } },
        { method: 'POST', path: '/cocart/batch', body: { requests: [ADD('30')] } },
      ]);
      expect(r.status, r.res.body).toBe(207);
      const [first, ...rest] = r.body.responses;
      expect(first.status).toBe(200);
      for (const e of rest) expect(e).toMatchObject({ status: 400, body: { code: 'rest_batch_not_allowed', data: { status: 400 } } });
      // The nested batches added nothing.
      expect(await lines(first.body.cart_key)).toEqual([[60, 1]]);
    });
  });

  describe('identity', () => {
    it("a cart_key in a sub-request's body is ignored: the write lands in the outer request's cart", async () => {
      const outer = await existingCart('60');
      const other = await existingCart('30');
      const r = await batch('/cocart/batch', [{ method: 'POST', path: '/cocart/v2/cart/add-item', body: { id: '61', quantity: '1', cart_key: other } }], {
        key: outer,
      });
      expect(ok(r).cart_key).toBe(outer);
      expect(await lines(outer)).toEqual([
        [60, 1],
        [61, 1],
      ]);
      expect(await lines(other)).toEqual([[30, 1]]);
      expect(await revision(other)).toBe(1);
    });

    it("a CoCart-API-Cart-Key in a sub-request's headers is ignored (outer cart named by ?cart_key=)", async () => {
      const outer = await existingCart('60');
      const other = await existingCart('30');
      const r = await batch('/cocart/batch', [{ ...ADD('61'), headers: { 'CoCart-API-Cart-Key': other } }, { ...ADD('61'), headers: { 'cocart-api-cart-key': other } }], {
        query: `?cart_key=${outer}`,
      });
      const cart = ok(r);
      expect(cart.cart_key).toBe(outer);
      expect(cartLines(cart)).toEqual([
        [60, 1],
        [61, 2],
      ]);
      expect(await lines(outer)).toEqual([
        [60, 1],
        [61, 2],
      ]);
      expect(await lines(other)).toEqual([[30, 1]]);
      expect(await revision(other)).toBe(1);
    });

    it("bad credentials in a sub-request's Authorization header are ignored: no 401, it acts as the outer caller", async () => {
      const key = await existingCart('60');
      const bad = basicAuth('ada', 'wrong password');
      const r = await batch('/cocart/batch', [{ ...ADD('30'), headers: { Authorization: bad } }], { key });
      const cart = ok(r);
      expect(r.res.headers['cocart-batch-errors']).toBeUndefined();
      expect(cartLines(cart)).toEqual([
        [60, 1],
        [30, 1],
      ]);
      const raw = await batch('/batch/v1', [{ ...ADD('61'), headers: { authorization: basicAuth('nobody', 'nothing') } }], { key });
      expect(raw.status, raw.res.body).toBe(207);
      expect(raw.body.responses[0].status).toBe(200);
      expect(await lines(key)).toEqual([
        [60, 1],
        [30, 1],
        [61, 1],
      ]);
    });

    it("a customer's batch writes to their own cart; a guest naming that cart's key is refused", async () => {
      const auth = { authorization: basicAuth('ada') };
      const r = await batch('/cocart/batch', [ADD('60'), ADD('30', '2')], { headers: auth });
      const cart = ok(r);
      const key = cart.cart_key;
      expect(key).toBeTruthy();
      expect(r.key).toBe(key);
      const mine = ok(await call(app, { url: '/cart', headers: auth }));
      expect(mine.cart_key).toBe(key);
      expect(cartLines(mine)).toEqual([
        [60, 1],
        [30, 2],
      ]);
      expect((await app.runtime.sessions.find(key))?.customerId).not.toBeNull();

      const guest = await batch('/cocart/batch', [ADD('61')], { key });
      expectError(guest, 403, 'cocart_cart_needs_authenticating');
      const raw = await batch('/batch/v1', [ADD('61')], { query: `?cart_key=${key}` });
      expectError(raw, 403, 'cocart_cart_needs_authenticating');
      expect(cartLines(ok(await call(app, { url: '/cart', headers: auth })))).toEqual([
        [60, 1],
        [30, 2],
      ]);
    });
  });

  it('20 parallel batches of two add-items on one cart: every one answered 200, the quantity exactly 1 + 40', async () => {
    const key = await existingCart('61');
    const results = await Promise.all(Array.from({ length: 20 }, () => batch('/cocart/batch', [ADD('61'), ADD('61')], { key })));
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    for (const r of results) expect(r.body.cart_key).toBe(key);
    expect(await lines(key)).toEqual([[61, 41]]);
    expect(await revision(key)).toBe(21);
  });

  describe('If-Match on the outer request', () => {
    it("the cart's current ETag → 200 and applied; a stale one → 412 cocart_cart_modified and nothing applied", async () => {
      const key = await existingCart('60');
      const read = await getCart(app, key);
      const etag = read.res.headers.etag as string;
      expect(etag).toBeTruthy();

      const fresh = await batch('/cocart/batch', [ADD('30')], { key, headers: { 'if-match': etag } });
      expect(cartLines(ok(fresh))).toEqual([
        [60, 1],
        [30, 1],
      ]);
      expect(await revision(key)).toBe(2);

      const stale = await batch('/cocart/batch', [ADD('61'), ADD('30')], { key, headers: { 'if-match': etag } });
      expectError(stale, 412, 'cocart_cart_modified');
      expect(await lines(key)).toEqual([
        [60, 1],
        [30, 1],
      ]);
      expect(await revision(key)).toBe(2);

      const staleRaw = await batch('/batch/v1', [ADD('61')], { key, headers: { 'if-match': etag } });
      expectError(staleRaw, 412, 'cocart_cart_modified');
      expect(await revision(key)).toBe(2);
    });
  });
});
