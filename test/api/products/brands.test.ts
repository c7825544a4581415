import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { wc } from '../../admin/helpers.ts';
import { API, ORIGIN } from '../../helpers/api.ts';
import { DATABASES } from '../../helpers/app.ts';
import { storeWithStaff } from '../../helpers/auth.ts';

/**
 * Brands (WooCommerce's product_brand, hierarchical like categories): managed at wc/v3/products/brands,
 * listed at cocart/v2/products/brands (Starter v5), and the product list's `brand` filter (CoCart 4.5).
 * The demo store has two: Cartwright Marine (80: products 10, 24, 35) and Solent Outdoor (81: 11, 51).
 */

const CARTWRIGHT = 80;
const SOLENT = 81;

describe.each(DATABASES)('product brands (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await storeWithStaff(kind);
  });
  afterAll(() => app.close());

  const get = async (path: string) => {
    const res = await app.inject({ method: 'GET', url: `${API}${path}` });
    return { status: res.statusCode, body: res.json(), headers: res.headers };
  };
  const listed = async (query: string) => {
    const r = await get(`/products?per_page=100&${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return (r.body.products as { id: number }[]).map((p) => p.id).sort((a, b) => a - b);
  };

  describe('cocart/v2/products/brands', () => {
    it('lists the brands as categories are shaped, by name, with paging headers', async () => {
      const r = await get('/products/brands');
      expect(r.status).toBe(200);
      expect(r.headers['x-wp-total']).toBe('2');
      expect(r.body).toEqual([
        {
          id: CARTWRIGHT, name: 'Cartwright Marine', slug: 'cartwright-marine', parent: 0, description: '<p>Our own chandlery range.</p>',
          display: 'default', image: null, menu_order: 0, count: 3,
          _links: {
            self: [{ href: `${ORIGIN}/wp-json/cocart/v2/products/brands/${CARTWRIGHT}` }],
            collection: [{ href: `${ORIGIN}/wp-json/cocart/v2/products/brands` }],
          },
        },
        expect.objectContaining({ id: SOLENT, name: 'Solent Outdoor', slug: 'solent-outdoor', count: 2 }),
      ]);
      expect((await get('/products/brands?product=11')).body.map((b: { id: number }) => b.id)).toEqual([SOLENT]);
      expect((await get('/products/brands?slug=cartwright-marine')).body.map((b: { id: number }) => b.id)).toEqual([CARTWRIGHT]);
    });

    it('gives one brand by ID; a category or an unknown ID is 404 cocart_term_invalid', async () => {
      expect((await get(`/products/brands/${SOLENT}`)).body).toMatchObject({ id: SOLENT, name: 'Solent Outdoor' });
      for (const id of [2, 9999]) {
        const r = await get(`/products/brands/${id}`);
        expect([r.status, r.body.code]).toEqual([404, 'cocart_term_invalid']);
      }
      const bad = await get('/products/brands/nike');
      expect([bad.status, bad.body.code]).toEqual([400, 'rest_invalid_param']);
    });
  });

  describe('the brand filter on the product list (CoCart 4.5)', () => {
    it('takes brand IDs or slugs, comma separated', async () => {
      expect(await listed(`brand=${CARTWRIGHT}`)).toEqual([10, 24, 35]);
      expect(await listed('brand=solent-outdoor')).toEqual([11, 51]);
      expect(await listed(`brand=cartwright-marine,${SOLENT}`)).toEqual([10, 11, 24, 35, 51]);
      expect(await listed('brand=no-such-brand')).toEqual([]);
    });

    it('with brand_operator not_in and and', async () => {
      const all = await listed('');
      expect(await listed(`brand=${CARTWRIGHT}&brand_operator=not_in`)).toEqual(all.filter((id) => ![10, 24, 35].includes(id)));
      expect(await listed(`brand=${CARTWRIGHT},${SOLENT}&brand_operator=and`)).toEqual([]);
      const bad = await get('/products?brand_operator=or');
      expect([bad.status, bad.body.code]).toEqual([400, 'rest_invalid_param']);
    });

    it("a variation is filed under its parent's brand", async () => {
      expect(await listed(`brand=${SOLENT}&parent=51&include_variations=true`)).toEqual([52, 53, 54]);
    });
  });

  describe('wc/v3/products/brands and a product’s brands', () => {
    let child: number;

    it('creates a brand under another; the parent brand filter takes in its children', async () => {
      const r = await wc(app, 'POST', '/products/brands', { name: 'Solent Kids', parent: SOLENT, description: 'Small sizes' });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body).toMatchObject({ name: 'Solent Kids', slug: 'solent-kids', parent: SOLENT, display: 'default', count: 0 });
      child = r.body.id;
      const p = await wc(app, 'PUT', '/products/61', { brands: [child] });
      expect(p.status, JSON.stringify(p.body)).toBe(200);
      expect(p.body.brands).toEqual([{ id: child, name: 'Solent Kids', slug: 'solent-kids' }]);
      expect(await listed(`brand=${SOLENT}`)).toEqual([11, 51, 61]);
      expect(await listed(`brand=${child}`)).toEqual([61]);
      expect((await wc(app, 'GET', `/products?brand=${SOLENT}`)).body.map((x: { id: number }) => x.id).sort((a: number, b: number) => a - b)).toEqual([11, 51, 61]);
      expect((await get(`/products/brands/${child}`)).body).toMatchObject({ parent: SOLENT, count: 1, _links: { up: [{ href: expect.stringMatching(new RegExp(`/products/brands/${SOLENT}$`)) }] } });
    });

    it('accepts brands as IDs or { id } objects, and refuses a term that is not a brand', async () => {
      expect((await wc(app, 'PUT', '/products/61', { brands: [{ id: CARTWRIGHT }, SOLENT] })).body.brands.map((b: { id: number }) => b.id)).toEqual([CARTWRIGHT, SOLENT]);
      const bad = await wc(app, 'PUT', '/products/61', { brands: [2] });
      expect([bad.status, bad.body.code]).toEqual([400, 'rest_invalid_param']);
      expect((await wc(app, 'GET', '/products/61')).body.brands.map((b: { id: number }) => b.id)).toEqual([CARTWRIGHT, SOLENT]);
      await wc(app, 'PUT', '/products/61', { brands: [child] });
    });

    it('deleting a brand moves its children up and takes it off its products', async () => {
      const grandchild = (await wc(app, 'POST', '/products/brands', { name: 'Solent Kids Waterproofs', parent: child })).body.id;
      expect((await wc(app, 'DELETE', `/products/brands/${child}?force=true`)).status).toBe(200);
      expect((await wc(app, 'GET', `/products/brands/${grandchild}`)).body.parent).toBe(SOLENT);
      expect((await wc(app, 'GET', '/products/61')).body.brands).toEqual([]);
      expect(await listed(`brand=${SOLENT}`)).toEqual([11, 51]);
    });

    it('is for staff only', async () => {
      expect((await wc(app, 'GET', '/products/brands', undefined, null)).body.code).toBe('woocommerce_rest_cannot_view');
      expect((await wc(app, 'POST', '/products/brands', { name: 'X' }, 'ada')).status).toBe(403);
    });
  });
});
