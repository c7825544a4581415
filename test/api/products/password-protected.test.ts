import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { wc } from '../../admin/helpers.ts';
import { API } from '../../helpers/api.ts';
import { DATABASES } from '../../helpers/app.ts';
import { authHeaders, storeWithStaff } from '../../helpers/auth.ts';
import { addItem, expectError } from '../cart/helpers.ts';

/**
 * Password-protected products (WordPress's post_password, set through wc/v3): hidden from the Products
 * API's lists and answered as an invalid ID (CoCart 4.9.2), shown to staff, refused by add-item.
 */

const SHACKLE = 10;
const BEANIE = 51;
const BEANIE_NAVY = 52;

describe.each(DATABASES)('password-protected products (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await storeWithStaff(kind);
  });
  afterAll(() => app.close());

  const get = async (path: string, login?: string) => {
    const res = await app.inject({ method: 'GET', url: `${API}/products${path}`, headers: authHeaders(login) });
    return { status: res.statusCode, body: res.json() };
  };
  const listed = async (query: string) => (await get(`?per_page=100&${query}`)).body.products.map((p: { id: number }) => p.id);
  const protect = async (id: number, password: string) => {
    const r = await wc(app, 'PUT', `/products/${id}`, { post_password: password });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };

  it('wc/v3 stores and shows the password as post_password', async () => {
    expect((await wc(app, 'GET', `/products/${SHACKLE}`)).body.post_password).toBe('');
    expect((await protect(SHACKLE, 'sesame')).post_password).toBe('sesame');
    await protect(BEANIE, 'wool');
    expect((await wc(app, 'GET', `/products/${BEANIE}`)).body.post_password).toBe('wool');
    expect((await wc(app, 'GET', `/products?include=${SHACKLE},${BEANIE}`)).body.map((p: { id: number }) => p.id).sort()).toEqual([SHACKLE, BEANIE]);
  });

  it('lists leave them out, whatever the filter, and their variations with them', async () => {
    const all = await listed('');
    expect(all).not.toContain(SHACKLE);
    expect(all).not.toContain(BEANIE);
    expect(all.length).toBeGreaterThan(10);
    expect(await listed(`include=${SHACKLE}`)).toEqual([]);
    expect(await listed('sku=CW-SHK-001')).toEqual([]);
    expect(await listed('search=beanie')).toEqual([]);
    expect(await listed(`parent=${BEANIE}&include_variations=true`)).toEqual([]);
    expect((await get('?per_page=100')).body.total_products).toBe(all.length);
  });

  it.each([
    ['by ID', `/${SHACKLE}`],
    ['by SKU', '/CW-SHK-001'],
    ['by slug', '/stainless-steel-snap-shackle'],
    ['a variation of one', `/${BEANIE_NAVY}`],
    ["the variable product's variations", `/${BEANIE}/variations`],
    ['one of its variations', `/${BEANIE}/variations/${BEANIE_NAVY}`],
  ])('%s answers 404 cocart_product_invalid_id to shoppers', async (_what, path) => {
    for (const login of [undefined, 'ada']) {
      const r = await get(path, login);
      expect([r.status, r.body]).toEqual([404, { code: 'cocart_product_invalid_id', message: 'Invalid ID.', data: { status: 404 } }]);
    }
  });

  it('staff, who may edit them, still see them one at a time', async () => {
    for (const login of ['admin', 'manager']) {
      expect((await get(`/${SHACKLE}?fields=id,name`, login)).body).toEqual({ id: SHACKLE, name: 'Stainless Steel Snap Shackle' });
      expect((await get(`/${BEANIE}/variations/${BEANIE_NAVY}?fields=id`, login)).body).toEqual({ id: BEANIE_NAVY });
    }
  });

  it('add-item refuses them with 400 cocart_product_failed_validation, and stores no cart', async () => {
    for (const body of [{ id: String(SHACKLE) }, { id: 'CW-SHK-001' }, { id: String(BEANIE_NAVY) }, { id: String(BEANIE), variation: { attribute_pa_colour: 'navy' } }]) {
      const r = await addItem(app, body);
      expectError(r, 400, 'cocart_product_failed_validation');
      expect(r.body.message).toBe('Product did not pass validation!');
      expect(r.key).toBeUndefined();
    }
  });

  it('clearing the password brings the product back everywhere', async () => {
    await protect(SHACKLE, '');
    expect(await listed(`include=${SHACKLE}`)).toEqual([SHACKLE]);
    expect((await get(`/${SHACKLE}?fields=id`)).body).toEqual({ id: SHACKLE });
    expect((await addItem(app, { id: String(SHACKLE) })).status).toBe(200);
  });
});
