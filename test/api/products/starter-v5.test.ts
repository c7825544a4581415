import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { API } from '../../helpers/api.ts';
import { DATABASES, createTestApp } from '../../helpers/app.ts';

/**
 * Starter v5's Products API routes, served beside CoCart 4.x's: a product by slug and an attribute by
 * slug; and CoCart 4.5's `orderby=rand`, drawn anew for each request.
 */

describe.each(DATABASES)('Products API: Starter v5 routes and orderby=rand (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  const get = async (path: string) => {
    const res = await app.inject({ method: 'GET', url: `${API}/products${path}` });
    return { status: res.statusCode, body: res.json() };
  };

  describe('products/{slug}', () => {
    it('gives the product with that slug, as by ID', async () => {
      expect((await get('/offshore-waterproof-jacket')).body).toEqual((await get('/11')).body);
    });

    it('cleans the slug as WordPress does (case, stray characters)', async () => {
      expect((await get('/Offshore-Waterproof-Jacket?fields=id')).body).toEqual({ id: 11 });
    });

    it("finds a variation by its own slug when no product has it", async () => {
      expect((await get('/merino-wool-beanie-cw-acc-beanie-navy?fields=id,parent_id')).body).toEqual({ id: 52, parent_id: 51 });
    });

    it('a SKU still wins, as in CoCart 4.x', async () => {
      expect((await get('/CW-ACC-BEANIE-NAVY?fields=id')).body).toEqual({ id: 52 });
    });

    it('a slug nothing has is 404 cocart_unknown_product_id; a draft is not found by slug', async () => {
      for (const slug of ['no-such-product', 'carbon-fibre-paddle']) {
        const r = await get(`/${slug}`);
        expect([r.status, r.body.code]).toEqual([404, 'cocart_unknown_product_id']);
      }
    });
  });

  describe('products/attributes/{slug}', () => {
    it('gives the attribute by slug, with or without pa_, as by ID', async () => {
      const byId = (await get('/attributes/1')).body;
      expect(byId).toMatchObject({ id: 1, name: 'Colour', slug: 'pa_colour' });
      expect((await get('/attributes/colour')).body).toEqual(byId);
      expect((await get('/attributes/pa_colour')).body).toEqual(byId);
    });

    it('and its terms, all or one', async () => {
      const terms = (await get('/attributes/colour/terms?orderby=id')).body;
      expect(terms.map((t: { slug: string }) => t.slug)).toEqual(['red', 'navy', 'yellow', 'black', 'green']);
      expect(terms).toEqual((await get('/attributes/1/terms?orderby=id')).body);
      expect((await get('/attributes/pa_size/terms/51')).body).toMatchObject({ id: 51, slug: 'm' });
    });

    it('an unknown slug is 404, as an unknown ID is; a path that is no slug is 400', async () => {
      expect(await get('/attributes/flavour')).toMatchObject({ status: 404, body: { code: 'cocart_attribute_invalid' } });
      expect(await get('/attributes/99')).toMatchObject({ status: 404, body: { code: 'cocart_attribute_invalid' } });
      expect(await get('/attributes/flavour/terms')).toMatchObject({ status: 404, body: { code: 'cocart_taxonomy_invalid' } });
      expect(await get('/attributes/colour/terms/51')).toMatchObject({ status: 404, body: { code: 'cocart_term_invalid' } });
      expect(await get('/attributes/col%20our')).toMatchObject({ status: 400, body: { code: 'rest_invalid_param' } });
    });
  });

  describe('orderby=rand', () => {
    const ids = async (query: string) => ((await get(`?per_page=100&${query}`)).body.products as { id: number }[]).map((p) => p.id);

    it('lists the same products as any other order, each once', async () => {
      const byId = await ids('orderby=id&order=asc');
      const random = await ids('orderby=rand');
      expect([...random].sort((a, b) => a - b)).toEqual(byId);
    });

    it('is drawn anew for each request, not answered from the rendered-answer cache', async () => {
      // Twenty-odd products: the chance that ten draws all come out in one order is nil.
      const orders = new Set<string>();
      for (let i = 0; i < 10; i++) orders.add((await ids('orderby=rand')).join(','));
      expect(orders.size).toBeGreaterThan(1);
    });
  });
});
