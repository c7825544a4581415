import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES } from '../helpers/app.ts';
import { call } from '../api/cart/helpers.ts';
import { basicAuth, storeWithStaff } from '../helpers/auth.ts';
import { wc } from './helpers.ts';

describe.each(DATABASES)('wc/v3 taxes and tax classes (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await storeWithStaff(kind);
  });
  afterAll(() => app.close());

  it('is for administrators and shop managers only', async () => {
    for (const path of ['/taxes', '/taxes/classes']) {
      expect((await wc(app, 'GET', path, undefined, null)).body).toMatchObject({ code: 'woocommerce_rest_cannot_view', data: { status: 401 } });
      expect((await wc(app, 'POST', path, { name: 'x' }, 'ada')).status).toBe(403);
      expect((await wc(app, 'GET', path, undefined, 'manager')).status).toBe(200);
    }
  });

  it('lists rates by order with paging headers, filtered by class', async () => {
    const r = await wc(app, 'GET', '/taxes?per_page=4');
    expect(r.res.headers['x-wp-total']).toBe('9');
    expect(r.res.headers['x-wp-totalpages']).toBe('3');
    expect(r.body[0]).toEqual({
      id: expect.any(Number), country: 'GB', state: '', postcode: '', city: '', postcodes: [], cities: [], rate: '20.0000', name: 'VAT',
      priority: 1, compound: false, shipping: true, order: 0, class: 'standard', _links: { self: [{ href: expect.stringMatching(/\/wc\/v3\/taxes\/\d+$/) }], collection: [{ href: expect.stringMatching(/\/wc\/v3\/taxes$/) }] },
    });
    const la = (await wc(app, 'GET', '/taxes?orderby=priority&order=desc&per_page=100')).body.find((t: { name: string }) => t.name === 'LA County Tax');
    expect(la).toMatchObject({ postcodes: ['90001...90099'], postcode: '90001...90099', cities: ['Los Angeles'], city: 'Los Angeles', rate: '2.2500', priority: 2 });
    expect((await wc(app, 'GET', '/taxes?class=reduced-rate')).body.map((t: { rate: string }) => t.rate)).toEqual(['5.0000']);
    expect((await wc(app, 'GET', '/taxes?class=standard')).res.headers['x-wp-total']).toBe('7');
    expect(await wc(app, 'GET', '/taxes?class=luxury')).toMatchObject({ status: 400, body: { code: 'rest_invalid_param', data: { params: { class: expect.stringContaining('standard, reduced-rate, zero-rate') } } } });
  });

  it('creates a rate the cart taxes with at once, and updates and deletes it', async () => {
    const created = await wc(app, 'POST', '/taxes', { country: 'no', rate: '25', name: 'MVA', postcode: '0150; 0151', cities: ['Oslo'], shipping: false });
    expect(created.status, created.res.body).toBe(201);
    expect(created.res.headers.location).toMatch(new RegExp(`/wc/v3/taxes/${created.body.id}$`));
    expect(created.body).toMatchObject({ country: 'NO', rate: '25.0000', name: 'MVA', postcodes: ['0150', '0151'], cities: ['Oslo'], city: 'Oslo', shipping: false, class: 'standard', priority: 1 });
    const id = created.body.id as number;

    const settings = await app.inject({ method: 'POST', url: '/wp-json/cocart/settings/save', headers: { authorization: basicAuth('admin') }, payload: { tax: { calc_taxes: true } } });
    expect(settings.statusCode, settings.body).toBe(200);
    const add = await call(app, { method: 'POST', url: '/cart/add-item', body: { id: '10', quantity: 1 } });
    const customer = await call(app, { method: 'POST', url: '/cart/update?namespace=update-customer', key: add.key, body: { country: 'NO', postcode: '0150', city: 'Oslo' } });
    expect(customer.status, customer.res.body).toBe(200);
    // 25 % of £12.99 is £3.2475: 325 pence.
    expect(customer.body.totals.total_tax).toBe(325);

    // Postcodes sent as a list replace the old ones; Oslo's 0150 no longer matches, so no tax.
    const updated = await wc(app, 'PUT', `/taxes/${id}`, { postcodes: ['0160'], rate: 12.5 });
    expect(updated.body).toMatchObject({ id, postcodes: ['0160'], postcode: '0160', rate: '12.5000', name: 'MVA' });
    expect((await call(app, { url: '/cart', key: add.key })).body.totals.total_tax).toBe(0);
    await wc(app, 'PUT', `/taxes/${id}`, { postcodes: [] });
    expect((await call(app, { url: '/cart', key: add.key })).body.totals.total_tax).toBe(162);

    expect(await wc(app, 'DELETE', `/taxes/${id}`)).toMatchObject({ status: 501, body: { code: 'woocommerce_rest_trash_not_supported' } });
    expect((await wc(app, 'DELETE', `/taxes/${id}?force=true`)).body).toMatchObject({ id, country: 'NO' });
    expect(await wc(app, 'GET', `/taxes/${id}`)).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_invalid_id', message: 'Invalid resource ID.' } });
    expect((await call(app, { url: '/cart', key: add.key })).body.totals.total_tax).toBe(0);
  });

  it('refuses bad fields, naming them, and stores nothing', async () => {
    const before = (await wc(app, 'GET', '/taxes')).res.headers['x-wp-total'];
    for (const [field, value] of [
      ['country', 'XX'], ['country', 'GBR'], ['rate', 'ten'], ['rate', '-1'], ['rate', '1.23456'], ['rate', '1000'], ['priority', -1],
      ['compound', 'maybe'], ['class', 'luxury'], ['order', 'first'], ['cities', 'x'.repeat(201)],
    ] as const) {
      const r = await wc(app, 'POST', '/taxes', { country: 'US', state: 'NY', rate: '4', [field]: value });
      expect([field, value, r.status, r.body.code]).toEqual([field, value, 400, 'rest_invalid_param']);
      expect(Object.keys(r.body.data.params)).toEqual([field]);
    }
    expect(await wc(app, 'POST', '/taxes', { country: 'US', state: 'Narnia', rate: '4' })).toMatchObject({ status: 400, body: { data: { params: { state: expect.any(String) } } } });
    expect(await wc(app, 'POST', '/taxes', { id: 5, rate: '4' })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_tax_exists' } });
    expect((await wc(app, 'GET', '/taxes')).res.headers['x-wp-total']).toBe(before);
    expect(await wc(app, 'PUT', '/taxes/99999', { rate: '4' })).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_invalid_id' } });
    expect(await wc(app, 'DELETE', '/taxes/99999?force=true')).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_invalid_id' } });
  });

  it('batch-creates, updates and deletes rates', async () => {
    const r = await wc(app, 'POST', '/taxes/batch', { create: [{ country: 'SE', rate: '25', name: 'Moms' }, { country: 'ZZ' }] });
    expect(r.body.create[0]).toMatchObject({ country: 'SE', rate: '25.0000' });
    expect(r.body.create[1]).toMatchObject({ id: 0, error: { code: 'rest_invalid_param' } });
    const id = r.body.create[0].id;
    const d = await wc(app, 'PUT', '/taxes/batch', { update: [{ id, state: 'AB' }], delete: [id] });
    expect(d.body.update[0]).toMatchObject({ id, state: 'AB' });
    expect(d.body.delete[0]).toMatchObject({ id });
  });

  it('manages tax classes: slug from the name, standard first, standard never deleted, rates go with their class', async () => {
    const list = await wc(app, 'GET', '/taxes/classes');
    expect(list.body.map((t: { slug: string }) => t.slug)).toEqual(['standard', 'reduced-rate', 'zero-rate']);
    expect(list.body[0]).toEqual({ slug: 'standard', name: 'Standard rate', _links: { collection: [{ href: expect.stringMatching(/\/wc\/v3\/taxes\/classes$/) }] } });

    const created = await wc(app, 'POST', '/taxes/classes', { name: 'Luxury Goods' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug: 'luxury-goods', name: 'Luxury Goods' });
    expect(created.res.headers.location).toMatch(/\/wc\/v3\/taxes\/classes\/luxury-goods$/);
    expect(await wc(app, 'POST', '/taxes/classes', { name: 'luxury goods' })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_tax_class_exists' } });
    expect(await wc(app, 'POST', '/taxes/classes', { name: ' ' })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_tax_class_invalid_name' } });
    expect(await wc(app, 'POST', '/taxes/classes', {})).toMatchObject({ status: 400, body: { code: 'rest_missing_callback_param' } });
    expect((await wc(app, 'GET', '/taxes/classes/luxury-goods')).body).toMatchObject([{ slug: 'luxury-goods', name: 'Luxury Goods' }]);
    expect((await wc(app, 'GET', '/taxes/classes/standard')).body).toMatchObject([{ slug: 'standard' }]);
    expect(await wc(app, 'GET', '/taxes/classes/nothing')).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_tax_class_invalid_slug', message: 'Invalid slug.', data: { status: 404 } } });

    const rate = await wc(app, 'POST', '/taxes', { country: 'GB', rate: '30', class: 'luxury-goods' });
    expect(rate.body.class).toBe('luxury-goods');
    expect(await wc(app, 'DELETE', '/taxes/classes/standard?force=true')).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_invalid_id' } });
    expect(await wc(app, 'DELETE', '/taxes/classes/luxury-goods')).toMatchObject({ status: 501, body: { code: 'woocommerce_rest_trash_not_supported' } });
    expect((await wc(app, 'DELETE', '/taxes/classes/luxury-goods?force=true')).body).toMatchObject({ slug: 'luxury-goods', name: 'Luxury Goods' });
    expect((await wc(app, 'GET', `/taxes/${rate.body.id}`)).status).toBe(404);
    expect(await wc(app, 'DELETE', '/taxes/classes/luxury-goods?force=true')).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_invalid_id' } });
    expect(await wc(app, 'POST', '/taxes', { country: 'GB', rate: '30', class: 'luxury-goods' })).toMatchObject({ status: 400, body: { code: 'rest_invalid_param' } });
  });
});
