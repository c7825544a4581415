import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { API, ORIGIN } from '../../helpers/api.ts';
import { DATABASES, createTestApp, getJson } from '../../helpers/app.ts';

/** Variations on their own ("without parent"): /products/{id}/variations[/{id}] and /products/{variation id}. */

/** A product's keys minus those a variation on its own drops (docs/wire-contract.md#products-api), in order. */
const VARIATION_KEYS = [
  'id', 'parent_id', 'name', 'slug', 'permalink', 'sku', 'global_unique_id', 'description', 'dates', 'featured', 'prices',
  'hidden_conditions', 'images', 'categories', 'tags', 'attributes', 'stock', 'weight', 'dimensions', 'total_sales',
  'add_to_cart', 'meta_data', '_links',
];
const REMOVED = [
  'type', 'short_description', 'average_rating', 'review_count', 'rating_count', 'rated_out_of', 'reviews',
  'default_attributes', 'variations', 'grouped_products', 'related', 'upsells', 'cross_sells', 'external_url', 'button_text',
];

describe.each(DATABASES)('product variations (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  const get = (path: string) => getJson(app, `${API}/products/${path}`);

  describe('GET /products/11/variations', () => {
    it('is a bare array with the paging headers', async () => {
      const { res, body } = await get('11/variations');
      expect(res.statusCode).toBe(200);
      expect(Array.isArray(body)).toBe(true);
      expect(body).toHaveLength(10);
      expect(res.headers['x-wp-total']).toBe('12');
      expect(res.headers['x-wp-totalpages']).toBe('2');
      expect(res.headers.link).toBe(`<${ORIGIN}${API}/products/11/variations?page=2>; rel="next"`);
      for (const v of body) expect(v.parent_id).toBe(11);
    });

    it('pages through all twelve', async () => {
      const first = await get('11/variations?per_page=5&orderby=id&order=asc');
      const third = await get('11/variations?per_page=5&page=3&orderby=id&order=asc');
      expect(first.body.map((v: { id: number }) => v.id)).toEqual([12, 13, 14, 15, 16]);
      expect(third.body.map((v: { id: number }) => v.id)).toEqual([22, 23]);
      expect(third.res.headers.link).toBe(`<${ORIGIN}${API}/products/11/variations?per_page=5&page=2&orderby=id&order=asc>; rel="prev"`);
      const beyond = await get('11/variations?per_page=5&page=4');
      expect(beyond.res.statusCode).toBe(400);
      expect(beyond.body.code).toBe('cocart_products_invalid_page_number');
    });

    it('each variation has the trimmed keys', async () => {
      const { body } = await get('11/variations?per_page=100');
      expect(body).toHaveLength(12);
      for (const v of body) {
        expect(Object.keys(v)).toEqual(VARIATION_KEYS);
        for (const key of REMOVED) expect(v, key).not.toHaveProperty(key);
        expect(v.hidden_conditions).not.toHaveProperty('reviews_allowed');
        expect(v.add_to_cart).not.toHaveProperty('has_options');
        expect(Object.keys(v.add_to_cart)).toEqual(['text', 'description', 'is_purchasable', 'purchase_quantity', 'rest_url']);
      }
    });

    it('attributes are attribute_<name> → {id, name, option}', async () => {
      const { body } = await get('11/variations?include=12');
      expect(body).toHaveLength(1);
      expect(body[0].attributes).toEqual({
        attribute_pa_colour: { id: 1, name: 'Colour', option: { red: 'Red' } },
        attribute_pa_size: { id: 2, name: 'Size', option: { s: 'S' } },
      });
    });

    it('stock_status filters the list', async () => {
      expect((await get('11/variations?per_page=100&stock_status=outofstock')).body.map((v: { id: number }) => v.id)).toEqual([15]);
      const inStock = (await get('11/variations?per_page=100&stock_status=instock&orderby=id&order=asc')).body.map((v: { id: number }) => v.id);
      expect(inStock).toEqual([12, 13, 14, 16, 17, 18, 19, 20, 21, 22, 23]);
      const { res, body } = await get('51/variations?stock_status=onbackorder');
      expect(res.headers['x-wp-total']).toBe('1');
      expect(body.map((v: { id: number }) => v.id)).toEqual([54]);
    });

    it('other list filters apply: on_sale, sku, include/exclude', async () => {
      expect((await get('11/variations?on_sale=true')).body.map((v: { id: number }) => v.id)).toEqual([21]);
      expect((await get('11/variations?sku=CW-JKT-OFF-NAVY-M')).body.map((v: { id: number }) => v.id)).toEqual([17]);
      expect((await get('11/variations?exclude=12,13&per_page=100')).body).toHaveLength(10);
    });

    it('an unknown numeric parent → 404 cocart_product_invalid_id', async () => {
      const { res, body } = await get('999/variations');
      expect(res.statusCode).toBe(404);
      expect(body).toMatchObject({ code: 'cocart_product_invalid_id', data: { status: 404 } });
    });

    it('the parent can be given by SKU', async () => {
      const { res, body } = await get('CW-MLN/variations?orderby=id&order=asc');
      expect(res.statusCode).toBe(200);
      expect(body.map((v: { id: number }) => v.id)).toEqual([25, 26, 27, 28]);
    });

    it('a simple product has no variations', async () => {
      const { res, body } = await get('10/variations');
      expect(res.statusCode).toBe(200);
      expect(body).toEqual([]);
      expect(res.headers['x-wp-total']).toBe('0');
    });
  });

  describe('GET /products/11/variations/21', () => {
    it('is the variation on sale, trimmed', async () => {
      const { res, body } = await get('11/variations/21');
      expect(res.statusCode).toBe(200);
      expect(Object.keys(body)).toEqual(VARIATION_KEYS);
      expect(body).toMatchObject({
        id: 21,
        parent_id: 11,
        name: 'Offshore Waterproof Jacket - Yellow, M',
        sku: 'CW-JKT-OFF-YELLOW-M',
        permalink: `${ORIGIN}/product/offshore-waterproof-jacket/?attribute_pa_colour=yellow&attribute_pa_size=m`,
        prices: { price: 9900, regular_price: 12900, sale_price: 9900, price_range: [], on_sale: true },
        hidden_conditions: { virtual: false, downloadable: false, manage_stock: false, sold_individually: false, shipping_required: true },
        attributes: {
          attribute_pa_colour: { id: 1, name: 'Colour', option: { yellow: 'Yellow' } },
          attribute_pa_size: { id: 2, name: 'Size', option: { m: 'M' } },
        },
        add_to_cart: {
          text: 'Add to cart',
          is_purchasable: true,
          purchase_quantity: { min_purchase: 1, max_purchase: -1 },
          rest_url: `${ORIGIN}${API}/cart/add-item?id=21&quantity=1&variation[attribute_pa_colour]=yellow&variation[attribute_pa_size]=m`,
        },
      });
      // Categories and tags are the parent's.
      expect(body.categories.map((c: { id: number }) => c.id)).toEqual([8]);
      expect(body.tags.map((t: { id: number }) => t.id)).toEqual([23, 21]);
      expect(body._links).toEqual({
        self: [{ permalink: body.permalink, href: `${ORIGIN}${API}/products/11/variations/21` }],
        collection: [{ href: `${ORIGIN}${API}/products/11/variations` }],
        up: [{ permalink: `${ORIGIN}/product/offshore-waterproof-jacket/`, href: `${ORIGIN}${API}/products/11` }],
      });
    });

    it('a managed variation has its own stock', async () => {
      const { body } = await get('11/variations/17?fields=stock,add_to_cart.purchase_quantity');
      expect(body.stock).toMatchObject({ stock_quantity: 15, stock_status: 'instock', low_stock_amount: 3 });
      expect(body.add_to_cart.purchase_quantity).toEqual({ min_purchase: 1, max_purchase: 15 });
    });

    it('a variation of another parent → 404 cocart_product_variation_invalid_id', async () => {
      for (const path of ['24/variations/21', '11/variations/999', '11/variations/10', '11/variations/52']) {
        const { res, body } = await get(path);
        expect(res.statusCode, path).toBe(404);
        expect(body, path).toEqual({ code: 'cocart_product_variation_invalid_id', message: 'Invalid variation ID.', data: { status: 404 } });
      }
    });

    it('an unknown parent → 404', async () => {
      const { res, body } = await get('999/variations/21');
      expect(res.statusCode).toBe(404);
      expect(body.code).toBe('cocart_product_invalid_id');
    });

    it('a non-numeric variation id is an invalid parameter', async () => {
      const { res, body } = await get('11/variations/abc');
      expect(res.statusCode).toBe(400);
      expect(body.code).toBe('rest_invalid_param');
      expect(Object.keys(body.data.params)).toEqual(['id']);
    });
  });

  describe('GET /products/{variation id}', () => {
    it('returns the variation on its own, the same object as under its parent', async () => {
      const direct = await get('21');
      expect(direct.res.statusCode).toBe(200);
      expect(direct.body).toEqual((await get('11/variations/21')).body);
      expect(direct.body._links.up[0].href).toBe(`${ORIGIN}${API}/products/11`);
      expect(direct.body).not.toHaveProperty('type');
    });

    it('by the variation SKU too', async () => {
      expect((await get('CW-JKT-OFF-YELLOW-M?fields=id,parent_id')).body).toEqual({ id: 21, parent_id: 11 });
    });
  });

  describe('inheritance from the parent', () => {
    it('a variation without weight or dimensions ships with its parent’s', async () => {
      // 21 has its own weight (0.9) but no dimensions: the jacket's 40 × 30 × 8 apply.
      expect((await get('21?fields=weight,dimensions')).body).toEqual({
        weight: { value: 0.9, unit: 'kg' },
        dimensions: { length: 40, width: 30, height: 8, unit: 'cm' },
      });
      // 25 has no weight: the mooring line's 1.2; 28 has its own 3.1. The mooring line has no dimensions.
      expect((await get('25?fields=weight,dimensions')).body).toEqual({
        weight: { value: 1.2, unit: 'kg' },
        dimensions: { length: '', width: '', height: '', unit: 'cm' },
      });
      expect((await get('28?fields=weight')).body.weight).toEqual({ value: 3.1, unit: 'kg' });
    });

    it('a variation without an image shows its parent’s featured image', async () => {
      const own = (await get('21?fields=images')).body.images;
      expect(own.map((i: { id: number }) => i.id)).toEqual([4]);
      const inherited = (await get('25?fields=images')).body.images;
      expect(inherited).toHaveLength(1);
      expect(inherited[0]).toMatchObject({ id: 6, name: 'mooring-line', position: 0, featured: true });
      const embedded = (await get('24?fields=variations')).body.variations;
      expect(embedded.find((v: { id: number }) => v.id === 25).featured_image.thumbnail).toBe('https://picsum.photos/seed/cartwright-mooring-line/150/150');
    });
  });

  describe('"any" attribute variation 25', () => {
    it('has an empty option for the attribute it leaves open', async () => {
      const { body } = await get('24/variations/25');
      expect(body.name).toBe('Braided Mooring Line - 10 m');
      expect(body.attributes).toEqual({
        attribute_pa_length: { id: 3, name: 'Length', option: { '10m': '10 m' } },
        attribute_pa_colour: { id: 1, name: 'Colour', option: [] },
      });
    });

    it('leaves the open attribute out of its permalink but names it (empty) in the add-to-cart URL', async () => {
      const { body } = await get('24/variations/25');
      expect(body.permalink).toBe(`${ORIGIN}/product/braided-mooring-line/?attribute_pa_length=10m`);
      expect(body.add_to_cart.rest_url).toBe(
        `${ORIGIN}${API}/cart/add-item?id=25&quantity=1&variation[attribute_pa_length]=10m&variation[attribute_pa_colour]=`,
      );
    });

    it('embedded in its parent it carries "" for the open attribute', async () => {
      const { body } = await get('24?fields=variations');
      const v = body.variations.find((x: { id: number }) => x.id === 25);
      expect(v.attributes).toEqual({ attribute_pa_length: '10m', attribute_pa_colour: '' });
    });
  });
});
