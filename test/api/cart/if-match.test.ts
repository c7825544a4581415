import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestApp, DATABASES } from '../../helpers/app.ts';
import { call, expectError, ok } from './helpers.ts';

/** Optimistic concurrency for clients that ask for it: a cart write with If-Match runs only on the cart the client saw. */
describe.each(DATABASES)('If-Match on cart writes (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  const newCart = async () => {
    const r = await call(app, { method: 'POST', url: '/cart/add-item', body: { id: '60' } });
    ok(r);
    return r.key!;
  };
  const etagOf = async (key: string) => {
    const r = await call(app, { url: '/cart', key });
    ok(r);
    return { etag: r.res.headers.etag as string, body: r.body };
  };
  const quantityOf = async (key: string) => (await etagOf(key)).body.items.map((i: { id: number; quantity: { value: number } }) => [i.id, i.quantity.value]);

  it('a write with the current ETag goes ahead; the same ETag again is stale: 412 with the current hash and ETag, nothing changed', async () => {
    const key = await newCart();
    const { etag } = await etagOf(key);
    ok(await call(app, { method: 'POST', url: '/cart/add-item', key, body: { id: '30' }, headers: { 'if-match': etag } }));
    const stale = await call(app, { method: 'POST', url: '/cart/add-item', key, body: { id: '61' }, headers: { 'if-match': etag } });
    expectError(stale, 412, 'cocart_cart_modified');
    const now = await etagOf(key);
    expect(stale.body.data.cart_hash).toBe(now.body.cart_hash);
    expect(stale.body.data.etag.split('.')[0]).toBe(now.etag.split('.')[0]);
    expect(await quantityOf(key)).toEqual([[60, 1], [30, 1]]);
    // The ETag the 412 names is good for the retry.
    ok(await call(app, { method: 'POST', url: '/cart/add-item', key, body: { id: '61' }, headers: { 'if-match': stale.body.data.etag } }));
    expect(await quantityOf(key)).toEqual([[60, 1], [30, 1], [61, 1]]);
  });

  it('the ETag of a write response (notices and all) names the cart it left', async () => {
    const key = await newCart();
    const written = await call(app, { method: 'POST', url: '/cart/add-item', key, body: { id: '30' } });
    ok(written);
    expect(written.res.headers.etag).toMatch(/^"\d+-[0-9a-f]{8}\.[0-9a-f]+"$/);
    ok(await call(app, { method: 'POST', url: '/cart/item/' + written.body.items[1].item_key, key, body: { quantity: 3 }, headers: { 'if-match': written.res.headers.etag as string } }));
    expect(await quantityOf(key)).toEqual([[60, 1], [30, 3]]);
  });

  it('accepts the cart_hash, weak tags, lists and *; refuses an ETag of another cart at the same revision', async () => {
    const key = await newCart();
    const other = await newCart();
    const { etag, body } = await etagOf(key);
    const { etag: otherTag } = await etagOf(other);
    expect(otherTag.split('-')[0]).toBe(etag.split('-')[0]);
    expectError(await call(app, { method: 'POST', url: '/cart/calculate', key, headers: { 'if-match': otherTag } }), 412, 'cocart_cart_modified');
    ok(await call(app, { method: 'POST', url: '/cart/calculate', key, headers: { 'if-match': `"${body.cart_hash}"` } }));
    const { etag: fresh } = await etagOf(key);
    ok(await call(app, { method: 'POST', url: '/cart/calculate', key, headers: { 'if-match': `"nope", W/${fresh}` } }));
    ok(await call(app, { method: 'POST', url: '/cart/calculate', key, headers: { 'if-match': '*' } }));
  });

  it('If-Match on a cart that does not exist yet fails, * included', async () => {
    expectError(await call(app, { method: 'POST', url: '/cart/add-item', body: { id: '60' }, headers: { 'if-match': '*' } }), 412, 'cocart_cart_modified');
    expectError(await call(app, { method: 'POST', url: '/cart/add-item', key: 'f'.repeat(30), body: { id: '60' }, headers: { 'if-match': '"1-abcdef12.0"' } }), 412, 'cocart_cart_modified');
  });

  it('guards every kind of cart write: update-customer, clear, remove, coupons', async () => {
    const key = await newCart();
    const stale = (await etagOf(key)).etag;
    ok(await call(app, { method: 'POST', url: '/cart/add-item', key, body: { id: '30' } }));
    const writes = [
      { method: 'POST' as const, url: '/cart/update?namespace=update-customer', body: { first_name: 'Ada' } },
      { method: 'POST' as const, url: '/cart/clear' },
      { method: 'DELETE' as const, url: '/cart/items' },
      { method: 'POST' as const, url: '/cart/apply-coupon', body: { coupon: 'nothing' } },
    ];
    for (const w of writes) expectError(await call(app, { ...w, key, headers: { 'if-match': stale } }), 412, 'cocart_cart_modified');
    expect(await quantityOf(key)).toEqual([[60, 1], [30, 1]]);
  });

  it('of 10 parallel writes made with one ETag exactly one lands', async () => {
    const key = await newCart();
    const { etag } = await etagOf(key);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => call(app, { method: 'POST', url: '/cart/add-item', key, body: { id: '61' }, headers: { 'if-match': etag } })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 412)).toHaveLength(9);
    expect(await quantityOf(key)).toEqual([[60, 1], [61, 1]]);
  });

  it('without If-Match nothing changes: writes need no precondition', async () => {
    const key = await newCart();
    ok(await call(app, { method: 'POST', url: '/cart/add-item', key, body: { id: '60' } }));
    expect(await quantityOf(key)).toEqual([[60, 2]]);
  });
});
