import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES } from '../helpers/app.ts';
import { call } from '../api/cart/helpers.ts';
import { CARTWRIGHT } from '../helpers/api.ts';
import { authHeaders, storeWithStaff } from '../helpers/auth.ts';

const FEES = `${CARTWRIGHT}/fee-rules`;

describe.each(DATABASES)('cartwright/v1 fee rules (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await storeWithStaff(kind);
  });
  afterAll(() => app.close());

  async function fees(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path = '', payload?: object, login: string | null = 'admin') {
    const res = await app.inject({ method, url: `${FEES}${path}`, headers: authHeaders(login), ...(payload ? { payload } : {}) });
    return { res, status: res.statusCode, body: res.json() };
  }

  async function cartIn(country: string, quantity = 1) {
    const add = await call(app, { method: 'POST', url: '/cart/add-item', body: { id: '10', quantity } });
    const r = await call(app, { method: 'POST', url: '/cart/update?namespace=update-customer', key: add.key, body: { country } });
    expect(r.status, r.res.body).toBe(200);
    return { key: add.key!, totals: r.body.totals };
  }

  it('is for administrators and shop managers only', async () => {
    expect(await fees('GET', '', undefined, null)).toMatchObject({ status: 401, body: { code: 'woocommerce_rest_cannot_view', data: { status: 401 } } });
    expect(await fees('POST', '', { name: 'x', amount: '1' }, 'ada')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_create' } });
    expect((await fees('GET', '', undefined, 'manager')).status).toBe(200);
  });

  it('lists the demo fee with paging headers', async () => {
    const r = await fees('GET');
    expect(r.res.headers['x-wp-total']).toBe('1');
    expect(r.body).toEqual([{
      id: expect.any(Number), name: 'Small order fee', enabled: true, type: 'fixed', amount: '1.50', taxable: true, tax_class: 'standard',
      minimum_amount: null, maximum_amount: '9.99', countries: [], payment_methods: [], requires_shipping: true, order: 0,
      _links: { self: [{ href: expect.stringMatching(/\/wp-json\/cartwright\/v1\/fee-rules\/\d+$/) }], collection: [{ href: expect.stringMatching(/\/wp-json\/cartwright\/v1\/fee-rules$/) }] },
    }]);
  });

  it('creates a fee the cart charges at once, then updates and deletes it', async () => {
    expect((await cartIn('GB')).totals.fee_total).toBe(0);
    const created = await fees('POST', '', { name: 'Card surcharge', type: 'percent', amount: '2.5', countries: ['gb'], minimum_amount: '10' });
    expect(created.status, created.res.body).toBe(201);
    expect(created.res.headers.location).toMatch(new RegExp(`/cartwright/v1/fee-rules/${created.body.id}$`));
    expect(created.body).toMatchObject({ name: 'Card surcharge', type: 'percent', amount: '2.5', countries: ['GB'], minimum_amount: '10.00', maximum_amount: null, enabled: true, taxable: false });
    const id = created.body.id as number;

    const gb = await cartIn('GB');
    // 2.5 % of £12.99 is £0.32475: 32 pence.
    expect(gb.totals.fee_total).toBe(32);
    expect((await call(app, { url: '/cart/fees', key: gb.key })).body).toMatchObject({ 'card-surcharge': { name: 'Card surcharge' } });
    expect((await cartIn('FR')).totals.fee_total).toBe(0);

    const updated = await fees('PUT', `/${id}`, { type: 'fixed', amount: '0.75', countries: [] });
    expect(updated.body).toMatchObject({ id, type: 'fixed', amount: '0.75', countries: [], minimum_amount: '10.00' });
    expect((await call(app, { url: '/cart', key: gb.key })).body.totals.fee_total).toBe(75);
    await fees('PUT', `/${id}`, { enabled: false });
    expect((await call(app, { url: '/cart', key: gb.key })).body.totals.fee_total).toBe(0);

    expect(await fees('DELETE', `/${id}`)).toMatchObject({ status: 501, body: { code: 'cartwright_rest_trash_not_supported' } });
    expect((await fees('DELETE', `/${id}?force=true`)).body).toMatchObject({ id, name: 'Card surcharge' });
    expect(await fees('GET', `/${id}`)).toMatchObject({ status: 404, body: { code: 'cartwright_rest_fee_rule_invalid_id', data: { status: 404 } } });
  });

  it('refuses bad fields, naming them, and stores nothing', async () => {
    const base = { name: 'Bad', amount: '1' };
    for (const [field, value] of [
      ['amount', 'one'], ['amount', '-1'], ['type', 'weird'], ['tax_class', 'luxury'], ['minimum_amount', 'lots'], ['countries', ['XX']],
      ['enabled', 'maybe'], ['name', ' '], ['maximum_amount', '0.50'],
    ] as const) {
      const r = await fees('POST', '', { ...base, minimum_amount: field === 'maximum_amount' ? '1' : undefined, [field]: value });
      expect([field, r.status, r.body.code, Object.keys(r.body.data?.params ?? {})]).toEqual([field, 400, 'rest_invalid_param', [field]]);
    }
    expect(await fees('POST', '', { ...base, type: 'percent', amount: '150' })).toMatchObject({ status: 400, body: { data: { params: { amount: expect.any(String) } } } });
    expect(await fees('POST', '', { amount: '1' })).toMatchObject({ status: 400, body: { code: 'rest_missing_callback_param' } });
    expect((await fees('GET')).res.headers['x-wp-total']).toBe('1');
    expect(await fees('PUT', '/99999', { name: 'x' })).toMatchObject({ status: 404, body: { code: 'cartwright_rest_fee_rule_invalid_id' } });
  });
});
