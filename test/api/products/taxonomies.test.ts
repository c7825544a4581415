import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { API, ORIGIN } from '../../helpers/api.ts';
import { DATABASES, createTestApp, getJson } from '../../helpers/app.ts';

/** Categories, tags, attributes and attribute terms, as WordPress term lists with CoCart's item shapes. */

/** Category ids ordered by name. */
const CATEGORIES_BY_NAME = [10, 2, 12, 11, 7, 5, 9, 13, 6, 3, 4, 1, 8];
/** Tag ids ordered by name. */
const TAGS_BY_NAME = [21, 25, 22, 24, 26, 20, 23];

describe.each(DATABASES)('product taxonomies (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  const get = (path: string) => getJson(app, `${API}/products/${path}`);
  async function ids(path: string): Promise<number[]> {
    const { res, body } = await get(path);
    expect(res.statusCode, res.body).toBe(200);
    expect(Array.isArray(body)).toBe(true);
    return body.map((t: { id: number }) => t.id);
  }

  describe('categories', () => {
    it('list is a bare array ordered by name with the paging headers', async () => {
      const { res, body } = await get('categories');
      expect(res.statusCode).toBe(200);
      expect(body.map((c: { id: number }) => c.id)).toEqual(CATEGORIES_BY_NAME.slice(0, 10));
      expect(res.headers['x-wp-total']).toBe('13');
      expect(res.headers['x-wp-totalpages']).toBe('2');
      expect(res.headers.link).toBe(`<${ORIGIN}${API}/products/categories?page=2>; rel="next"`);
    });

    it('pages', async () => {
      const { res, body } = await get('categories?per_page=5&page=3');
      expect(body.map((c: { id: number }) => c.id)).toEqual(CATEGORIES_BY_NAME.slice(10));
      expect(res.headers['x-wp-totalpages']).toBe('3');
      expect(res.headers.link).toBe(`<${ORIGIN}${API}/products/categories?per_page=5&page=2>; rel="prev"`);
    });

    it('parent=0 lists the top level; parent=<id> its children', async () => {
      expect(await ids('categories?per_page=100&parent=0')).toEqual([2, 12, 11, 7, 13, 1]);
      expect(await ids('categories?parent=2')).toEqual([6, 3, 4]);
      expect(await ids('categories?parent=4')).toEqual([5]);
    });

    it('hide_empty leaves out categories without products', async () => {
      expect(await ids('categories?per_page=100&hide_empty=true')).toEqual(CATEGORIES_BY_NAME.filter((id) => id !== 1));
      expect(await ids('categories?per_page=100&hide_empty=false')).toEqual(CATEGORIES_BY_NAME);
    });

    it('search, include, exclude and slug', async () => {
      expect(await ids('categories?search=saf')).toEqual([4]);
      // Case-insensitive: Boating, Camping, Clothing, Ropes & Rigging.
      expect(await ids('categories?search=ING')).toEqual([2, 11, 7, 3]);
      expect(await ids('categories?include=2,5,7')).toEqual([2, 7, 5]);
      expect(await ids('categories?per_page=100&exclude=1,2')).toEqual(CATEGORIES_BY_NAME.filter((id) => id !== 1 && id !== 2));
      expect(await ids('categories?slug=ropes-rigging')).toEqual([3]);
    });

    it('orderby name, id, slug, count and include; order desc', async () => {
      expect(await ids('categories?per_page=100&orderby=id')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
      expect(await ids('categories?per_page=100&orderby=id&order=desc')).toEqual([13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
      expect(await ids('categories?per_page=100&order=desc')).toEqual([...CATEGORIES_BY_NAME].reverse());
      expect(await ids('categories?include=7,2,5&orderby=include')).toEqual([7, 2, 5]);
      const { body } = await get('categories?per_page=100&orderby=count&order=desc');
      const counts = body.map((c: { count: number }) => c.count);
      for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(counts[i - 1]);
      expect(body[0]).toMatchObject({ id: 2, count: 14 });
      expect(body[12]).toMatchObject({ id: 1, count: 0 });
      const slugs = (await get('categories?per_page=100&orderby=slug')).body.map((c: { slug: string }) => c.slug);
      expect(slugs).toEqual([...slugs].sort());
    });

    it('product=<id> lists that product’s categories', async () => {
      expect(await ids('categories?product=35')).toEqual([6, 4]);
      expect(await ids('categories?product=42')).toEqual([12, 13]);
      expect(await ids('categories?product=999')).toEqual([]);
    });

    it('refuses invalid parameters', async () => {
      for (const query of ['per_page=0', 'orderby=popularity', 'parent=abc']) {
        const { res, body } = await get(`categories?${query}`);
        expect(res.statusCode, query).toBe(400);
        expect(body.code, query).toBe('rest_invalid_param');
      }
    });

    it('a category has the CoCart keys; image is null or an object', async () => {
      const { body } = await get('categories?per_page=100');
      for (const c of body) {
        expect(Object.keys(c)).toEqual(['id', 'name', 'slug', 'parent', 'description', 'display', 'image', 'menu_order', 'count', '_links']);
        expect(['default', 'products', 'subcategories', 'both']).toContain(c.display);
      }
      const boating = body.find((c: { id: number }) => c.id === 2);
      expect(boating).toMatchObject({
        name: 'Boating',
        slug: 'boating',
        parent: 0,
        description: '<p>Everything for life afloat.</p>',
        display: 'both',
        image: { id: 41, src: `${ORIGIN}/wp-content/uploads/cartwright-demo/cat-boating-300x300.webp`, name: 'cat-boating', alt: 'Yachts in a harbour' },
        menu_order: 1,
      });
      expect(body.find((c: { id: number }) => c.id === 10).image).toBeNull();
    });

    it('count counts products, including those of descendant categories', async () => {
      const count = async (id: number) => (await get(`categories/${id}`)).body.count;
      expect(await count(5)).toBe(1); // 45
      expect(await count(4)).toBe(5); // 29 35 43 46 + 45 from Flares & Signals
      expect(await count(2)).toBe(14); // everything in Boating and below
      expect(await count(7)).toBe(7); // Clothing and its three subcategories, without search-only 48 (as WooCommerce recounts)
      expect(await count(1)).toBe(0); // only the hidden 49
      expect(await count(2)).toBe((await (await app.inject({ method: 'GET', url: `${API}/products?category=2&per_page=1` })).json()).total_products);
    });

    it('single category with links (up for a child)', async () => {
      const { res, body } = await get('categories/5');
      expect(res.statusCode).toBe(200);
      expect(body).toEqual({
        id: 5,
        name: 'Flares & Signals',
        slug: 'flares-signals',
        parent: 4,
        description: '',
        display: 'default',
        image: null,
        menu_order: 1,
        count: 1,
        _links: {
          self: [{ href: `${ORIGIN}${API}/products/categories/5` }],
          collection: [{ href: `${ORIGIN}${API}/products/categories` }],
          up: [{ href: `${ORIGIN}${API}/products/categories/4` }],
        },
      });
      expect((await get('categories/2')).body._links).not.toHaveProperty('up');
    });

    it.each([['999'], ['20']])('unknown category %s (or a tag id) → 404 cocart_term_invalid', async (id) => {
      const { res, body } = await get(`categories/${id}`);
      expect(res.statusCode).toBe(404);
      expect(body).toEqual({ code: 'cocart_term_invalid', message: 'Term does not exist.', data: { status: 404 } });
    });
  });

  describe('tags', () => {
    it('list is a bare array ordered by name', async () => {
      const { res, body } = await get('tags');
      expect(res.statusCode).toBe(200);
      expect(body.map((t: { id: number }) => t.id)).toEqual(TAGS_BY_NAME);
      expect(res.headers['x-wp-total']).toBe('7');
      expect(res.headers['x-wp-totalpages']).toBe('1');
      expect(res.headers.link).toBeUndefined();
      for (const t of body) expect(Object.keys(t)).toEqual(['id', 'name', 'slug', 'description', 'count', '_links']);
      expect(body.find((t: { id: number }) => t.id === 24)).toMatchObject({ name: 'Gift Idea', slug: 'gift-idea', description: '', count: 6 });
    });

    it('offset, product, orderby count and search', async () => {
      expect(await ids('tags?per_page=2&offset=1')).toEqual(TAGS_BY_NAME.slice(1, 3));
      expect(await ids('tags?product=11')).toEqual([21, 23]);
      expect(await ids('tags?product=39')).toEqual([]);
      expect(await ids('tags?search=water')).toEqual([23]);
      const { body } = await get('tags?orderby=count&order=desc');
      const counts = body.map((t: { count: number }) => t.count);
      for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(counts[i - 1]);
      expect(counts[0]).toBe(6);
    });

    it('single tag', async () => {
      const { res, body } = await get('tags/21');
      expect(res.statusCode).toBe(200);
      expect(body).toEqual({
        id: 21,
        name: 'Bestseller',
        slug: 'bestseller',
        description: '',
        count: 3,
        _links: { self: [{ href: `${ORIGIN}${API}/products/tags/21` }], collection: [{ href: `${ORIGIN}${API}/products/tags` }] },
      });
    });

    it('a category id is not a tag → 404 cocart_term_invalid', async () => {
      const { res, body } = await get('tags/1');
      expect(res.statusCode).toBe(404);
      expect(body.code).toBe('cocart_term_invalid');
    });
  });

  describe('attributes', () => {
    it('list returns all with X-WP-TotalPages 1', async () => {
      const { res, body } = await get('attributes');
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-wp-total']).toBe('3');
      expect(res.headers['x-wp-totalpages']).toBe('1');
      expect(body.map((a: { slug: string }) => a.slug)).toEqual(['pa_colour', 'pa_size', 'pa_length']);
      expect(body[0]).toEqual({
        id: 1,
        name: 'Colour',
        slug: 'pa_colour',
        type: 'select',
        order_by: 'menu_order',
        has_archives: false,
        _links: { self: [{ href: `${ORIGIN}${API}/products/attributes/1` }], collection: [{ href: `${ORIGIN}${API}/products/attributes` }] },
      });
      expect(body[2]).toMatchObject({ id: 3, name: 'Length', order_by: 'name_num' });
    });

    it('single attribute', async () => {
      const { res, body } = await get('attributes/2');
      expect(res.statusCode).toBe(200);
      expect(body).toMatchObject({ id: 2, name: 'Size', slug: 'pa_size', type: 'select' });
    });

    it('unknown attribute → 404 cocart_attribute_invalid', async () => {
      const { res, body } = await get('attributes/9');
      expect(res.statusCode).toBe(404);
      expect(body).toEqual({ code: 'cocart_attribute_invalid', message: 'Attribute does not exist.', data: { status: 404 } });
    });
  });

  describe('attribute terms', () => {
    it('list of an attribute’s terms, ordered by name', async () => {
      const { res, body } = await get('attributes/1/terms');
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-wp-total']).toBe('5');
      expect(body.map((t: { name: string }) => t.name)).toEqual(['Black', 'Green', 'Navy', 'Red', 'Yellow']);
      for (const t of body) expect(Object.keys(t)).toEqual(['id', 'name', 'slug', 'description', 'menu_order', 'count', '_links']);
      // Navy: the jacket, the mooring line and the beanie.
      expect(body.find((t: { slug: string }) => t.slug === 'navy')).toMatchObject({ id: 41, menu_order: 1, count: 3 });
      expect(body[0]._links).toEqual({
        self: [{ href: `${ORIGIN}${API}/products/attributes/1/terms/43` }],
        collection: [{ href: `${ORIGIN}${API}/products/attributes/1/terms` }],
      });
    });

    it('orderby, product and paging', async () => {
      expect(await ids('attributes/2/terms?orderby=id')).toEqual([50, 51, 52, 53]);
      expect(await ids('attributes/1/terms?product=24')).toEqual([43, 41, 40]);
      expect(await ids('attributes/3/terms?per_page=2&page=2&orderby=id')).toEqual([62]);
    });

    it('single term', async () => {
      const { res, body } = await get('attributes/1/terms/41');
      expect(res.statusCode).toBe(200);
      expect(body).toMatchObject({ id: 41, name: 'Navy', slug: 'navy', description: '', menu_order: 1, count: 3 });
    });

    it('a term of another attribute → 404 cocart_term_invalid', async () => {
      const { res, body } = await get('attributes/1/terms/50');
      expect(res.statusCode).toBe(404);
      expect(body.code).toBe('cocart_term_invalid');
    });

    it.each(['attributes/9/terms', 'attributes/9/terms/41'])('unknown attribute in %s → 404 cocart_taxonomy_invalid', async (path) => {
      const { res, body } = await get(path);
      expect(res.statusCode).toBe(404);
      expect(body).toMatchObject({ code: 'cocart_taxonomy_invalid', data: { status: 404 } });
    });
  });
});
