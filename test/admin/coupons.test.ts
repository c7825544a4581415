import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES } from '../helpers/app.ts';
import { call } from '../api/cart/helpers.ts';
import { storeWithStaff } from '../helpers/auth.ts';
import { wc } from './helpers.ts';

describe.each(DATABASES)('wc/v3 coupons (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await storeWithStaff(kind);
  });
  afterAll(() => app.close());

  it('is for administrators and shop managers only', async () => {
    expect(await wc(app, 'GET', '/coupons', undefined, null)).toMatchObject({ status: 401, body: { code: 'woocommerce_rest_cannot_view', data: { status: 401 } } });
    expect(await wc(app, 'POST', '/coupons', { code: 'x' }, 'ada')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_create' } });
    expect(await wc(app, 'DELETE', '/coupons/1?force=true', undefined, 'ada')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_delete' } });
    expect((await wc(app, 'GET', '/coupons', undefined, 'manager')).status).toBe(200);
  });

  it('lists the demo coupons with paging headers, filtered by code and search', async () => {
    const r = await wc(app, 'GET', '/coupons?per_page=2&orderby=id&order=asc');
    expect(r.res.headers['x-wp-total']).toBe('6');
    expect(r.res.headers['x-wp-totalpages']).toBe('3');
    expect(r.res.headers.link).toMatch(/rel="next"/);
    expect(r.body.map((c: { code: string }) => c.code)).toEqual(['save10', 'fiver']);
    expect(r.body[1]).toMatchObject({
      code: 'fiver', amount: '5.00', discount_type: 'fixed_cart', minimum_amount: '20.00', maximum_amount: '0.00',
      usage_limit: null, usage_count: 0, used_by: [], date_expires: null, _links: { self: [{ href: expect.stringMatching(/\/wc\/v3\/coupons\/\d+$/) }] },
    });
    expect((await wc(app, 'GET', '/coupons?code=FIVER')).body.map((c: { code: string }) => c.code)).toEqual(['fiver']);
    expect((await wc(app, 'GET', '/coupons?search=clothing')).body.map((c: { code: string }) => c.code)).toEqual(['tee2off']);
    expect((await wc(app, 'GET', '/coupons?offset=5&orderby=id&order=asc')).body.map((c: { code: string }) => c.code)).toEqual(['summer']);
    expect(await wc(app, 'GET', '/coupons?orderby=price')).toMatchObject({ status: 400, body: { code: 'rest_invalid_param' } });
  });

  it('creates a coupon that the cart can use at once, with its discount', async () => {
    const created = await wc(app, 'POST', '/coupons', {
      code: 'Spring20', discount_type: 'percent', amount: '20', description: 'Spring sale', date_expires: '2099-06-30T23:59:59',
      individual_use: true, usage_limit: 100, meta_data: [{ key: 'campaign', value: 'spring' }],
    });
    expect(created.status, created.res.body).toBe(201);
    expect(created.res.headers.location).toMatch(new RegExp(`/wc/v3/coupons/${created.body.id}$`));
    expect(created.body).toMatchObject({
      code: 'spring20', amount: '20.00', discount_type: 'percent', individual_use: true, usage_limit: 100, usage_limit_per_user: null,
      email_restrictions: [], date_expires: '2099-06-30T23:59:59', status: 'publish',
      meta_data: [{ id: 1, key: 'campaign', value: 'spring' }],
    });
    expect((await wc(app, 'GET', `/coupons/${created.body.id}`)).body.code).toBe('spring20');

    const add = await call(app, { method: 'POST', url: '/cart/add-item', body: { id: '10', quantity: 2 } });
    expect(add.status).toBe(200);
    const applied = await call(app, { method: 'POST', url: '/cart/apply-coupon', key: add.key, body: { code: 'SPRING20' } });
    expect(applied.status, applied.res.body).toBe(200);
    // 2 × £12.99 = £25.98; 20 % off is £5.196, rounded to £5.20.
    expect(applied.body.totals.discount_total).toBe(520);

    // An update reaches the cart too: the applied coupon now takes 10 %.
    const updated = await wc(app, 'PUT', `/coupons/${created.body.id}`, { amount: '10' });
    expect(updated.body).toMatchObject({ amount: '10.00', code: 'spring20', individual_use: true });
    expect((await call(app, { url: '/cart', key: add.key })).body.totals.discount_total).toBe(260);
  });

  it('refuses duplicate codes, bad fields and unknown ids, storing nothing', async () => {
    expect(await wc(app, 'POST', '/coupons', { code: 'SAVE10', amount: '1' })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_coupon_code_already_exists', data: { status: 400 } } });
    expect(await wc(app, 'POST', '/coupons', { code: '  ' })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_empty_coupon_code' } });
    expect(await wc(app, 'POST', '/coupons', { amount: '1' })).toMatchObject({ status: 400, body: { code: 'rest_missing_callback_param' } });
    for (const [field, value] of [
      ['amount', 'ten'], ['amount', '-1'], ['discount_type', 'bogus'], ['date_expires', 'next week'], ['usage_limit', -1],
      ['minimum_amount', 'lots'], ['email_restrictions', ['not an email']], ['product_ids', ['x']], ['free_shipping', 'maybe'],
    ] as const) {
      const r = await wc(app, 'POST', '/coupons', { code: `bad-${field}`, [field]: value });
      expect([field, r.status, r.body.code]).toEqual([field, 400, 'rest_invalid_param']);
      expect(Object.keys(r.body.data.params)).toEqual([field]);
    }
    expect(await wc(app, 'POST', '/coupons', { code: 'toomuch', discount_type: 'percent', amount: '101' })).toMatchObject({ status: 400, body: { data: { params: { amount: expect.any(String) } } } });
    const fiver = (await wc(app, 'GET', '/coupons?code=fiver')).body[0];
    expect(await wc(app, 'PUT', `/coupons/${fiver.id}`, { code: 'save10' })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_coupon_code_already_exists' } });
    expect(await wc(app, 'PUT', `/coupons/${fiver.id}`, { description: 'changed', amount: 'free' })).toMatchObject({ status: 400 });
    expect((await wc(app, 'GET', `/coupons/${fiver.id}`)).body).toMatchObject({ description: '£5 off orders of £20 or more', amount: '5.00' });
    expect((await wc(app, 'GET', '/coupons?search=bad-')).body).toEqual([]);
    expect(await wc(app, 'GET', '/coupons/99999')).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_shop_coupon_invalid_id', message: 'Invalid ID.' } });
    expect(await wc(app, 'PUT', '/coupons/99999', { amount: '1' })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_shop_coupon_invalid_id' } });
  });

  it('trashes without force, deletes with it, and the cart stops accepting the code', async () => {
    const c = (await wc(app, 'POST', '/coupons', { code: 'gone', amount: '1.50' })).body;
    const trashed = await wc(app, 'DELETE', `/coupons/${c.id}`);
    expect(trashed.body).toMatchObject({ id: c.id, status: 'trash' });
    expect(await wc(app, 'DELETE', `/coupons/${c.id}`)).toMatchObject({ status: 410, body: { code: 'woocommerce_rest_already_trashed' } });
    expect((await wc(app, 'GET', '/coupons?code=gone')).body).toEqual([]);
    expect((await wc(app, 'GET', '/coupons?status=trash')).body.map((x: { id: number }) => x.id)).toEqual([c.id]);
    const add = await call(app, { method: 'POST', url: '/cart/add-item', body: { id: '10', quantity: 1 } });
    expect((await call(app, { method: 'POST', url: '/cart/apply-coupon', key: add.key, body: { code: 'gone' } })).status).toBe(400);

    expect((await wc(app, 'DELETE', `/coupons/${c.id}?force=true`)).body).toMatchObject({ id: c.id, code: 'gone' });
    expect((await wc(app, 'GET', `/coupons/${c.id}`)).status).toBe(404);
  });

  it('batch-creates, updates and deletes, each item on its own', async () => {
    const r = await wc(app, 'POST', '/coupons/batch', {
      create: [{ code: 'batch-a', amount: '2', email_restrictions: ['Ops@Example.org', '*@example.com'] }, { code: 'save10' }],
      update: [{ id: 99999, amount: '1' }],
    });
    expect(r.status).toBe(200);
    expect(r.body.create[0]).toMatchObject({ code: 'batch-a', amount: '2.00', email_restrictions: ['ops@example.org', '*@example.com'] });
    expect(r.body.create[1]).toMatchObject({ id: 0, error: { code: 'woocommerce_rest_coupon_code_already_exists', data: { status: 400 } } });
    expect(r.body.update[0]).toMatchObject({ id: 99999, error: { code: 'woocommerce_rest_shop_coupon_invalid_id' } });
    const d = await wc(app, 'POST', '/coupons/batch', { update: [{ id: r.body.create[0].id, free_shipping: true }], delete: [r.body.create[0].id] });
    expect(d.body.update[0]).toMatchObject({ free_shipping: true });
    expect(d.body.delete[0]).toMatchObject({ id: r.body.create[0].id });
    expect((await wc(app, 'GET', `/coupons/${r.body.create[0].id}`)).status).toBe(404);
  });
});
