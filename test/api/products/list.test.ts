import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { insertReview } from '../../../src/catalog/repository.ts';
import { API, ORIGIN } from '../../helpers/api.ts';
import { DATABASES, createTestApp, getJson } from '../../helpers/app.ts';

/** GET /wp-json/cocart/v2/products (docs/wire-contract.md#products-api) against the demo catalogue. */

/** Every listed product of the demo in the default order (date DESC): visible + shop-only, no 48/49/50. */
const DEFAULT_LIST = [40, 60, 38, 51, 35, 61, 43, 31, 37, 29, 44, 24, 34, 11, 33, 46, 10, 55, 32, 56, 59, 30, 57, 58, 42, 39, 41, 36, 45, 47];
const BY_ID = [...DEFAULT_LIST].sort((a, b) => a - b);
const JACKET_VARIATIONS = [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
const ALL_VARIATIONS = [...JACKET_VARIATIONS, 25, 26, 27, 28, 52, 53, 54];
const FEATURED = [11, 29, 35, 51];

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

describe.each(DATABASES)('GET /products (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  const list = (query: string) => getJson(app, `${API}/products?${query}`);

  /** Ids of one full page (per_page=100) of a query, in response order. */
  async function ids(query: string): Promise<number[]> {
    const { res, body } = await list(`per_page=100&fields=id&${query}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(body.total_products).toBe(body.products.length);
    return body.products.map((p: { id: number }) => p.id);
  }

  async function expectInvalidParam(query: string, param: string) {
    const { res, body } = await list(query);
    expect(res.statusCode).toBe(400);
    expect(body.code).toBe('rest_invalid_param');
    expect(body.data.status).toBe(400);
    expect(Object.keys(body.data.params)).toEqual([param]);
    expect(body.message).toContain(param);
  }

  describe('pagination', () => {
    it('defaults to page 1 of 10 with the WordPress paging headers', async () => {
      const { res, body } = await list('fields=id');
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-wp-total']).toBe('30');
      expect(res.headers['x-wp-totalpages']).toBe('3');
      expect(body.products.map((p: { id: number }) => p.id)).toEqual(DEFAULT_LIST.slice(0, 10));
      expect(body.page).toBe(1);
      expect(body.total_pages).toBe(3);
      expect(body.total_products).toBe(30);
      expect(body._links.prev).toBeUndefined();
      expect(body._links.next).toEqual([{ href: `${ORIGIN}${API}/products?fields=id&page=2` }]);
      expect(res.headers.link).toBe(`<${ORIGIN}${API}/products?fields=id&page=2>; rel="next"`);
    });

    it('pages with per_page and links prev/next keeping every other parameter', async () => {
      const { res, body } = await list('per_page=7&page=2&fields=id&orderby=id&order=asc');
      expect(res.statusCode).toBe(200);
      expect(body.products.map((p: { id: number }) => p.id)).toEqual(BY_ID.slice(7, 14));
      expect(res.headers['x-wp-total']).toBe('30');
      expect(res.headers['x-wp-totalpages']).toBe('5');
      const prev = `${ORIGIN}${API}/products?per_page=7&page=1&fields=id&orderby=id&order=asc`;
      const next = `${ORIGIN}${API}/products?per_page=7&page=3&fields=id&orderby=id&order=asc`;
      expect(res.headers.link).toBe(`<${prev}>; rel="prev", <${next}>; rel="next"`);
      expect(body._links).toEqual({ prev: [{ href: prev }], next: [{ href: next }] });
      expect(body).toMatchObject({ page: 2, total_pages: 5, total_products: 30 });
    });

    it('adds a page parameter when the request had none and keeps bracket parameters', async () => {
      const { res } = await list('per_page=20&fields=id&include[]=10&include[]=11&include[]=24&include[]=29&include[]=30&include[]=31&include[]=32&include[]=33&include[]=34&include[]=35&include[]=36&include[]=37&include[]=38&include[]=39&include[]=40&include[]=41&include[]=42&include[]=43&include[]=44&include[]=45&include[]=46');
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-wp-total']).toBe('21');
      const link = String(res.headers.link);
      expect(link).toMatch(/rel="next"$/);
      const url = new URL(link.slice(1, link.indexOf('>')));
      expect(url.searchParams.get('page')).toBe('2');
      expect(url.searchParams.get('per_page')).toBe('20');
      expect(url.searchParams.getAll('include[]')).toHaveLength(21);
    });

    it('has only a prev link on the last page', async () => {
      const { res, body } = await list('per_page=7&page=5&fields=id&orderby=id&order=asc');
      expect(res.statusCode).toBe(200);
      expect(body.products.map((p: { id: number }) => p.id)).toEqual(BY_ID.slice(28));
      expect(body._links.next).toBeUndefined();
      expect(body._links.prev).toEqual([{ href: `${ORIGIN}${API}/products?per_page=7&page=4&fields=id&orderby=id&order=asc` }]);
      expect(res.headers.link).toBe(`<${ORIGIN}${API}/products?per_page=7&page=4&fields=id&orderby=id&order=asc>; rel="prev"`);
    });

    it('lists every category and tag as siblings of the products, ordered by name', async () => {
      const { body } = await list('fields=id&per_page=1');
      expect(body.categories).toHaveLength(13);
      expect(body.categories.map((c: { name: string }) => c.name)).toEqual([
        'Accessories', 'Boating', 'Books & Courses', 'Camping', 'Clothing', 'Flares & Signals', 'Footwear', 'Gifts',
        'Navigation', 'Ropes & Rigging', 'Safety', 'Uncategorised', 'Waterproofs',
      ]);
      expect(body.categories[1]).toEqual({ id: 2, name: 'Boating', slug: 'boating', rest_url: `${ORIGIN}${API}/products/categories/2` });
      expect(body.tags.map((t: { id: number }) => t.id)).toEqual([21, 25, 22, 24, 26, 20, 23]);
      expect(body.tags[0]).toEqual({ id: 21, name: 'Bestseller', slug: 'bestseller', rest_url: `${ORIGIN}${API}/products/tags/21` });
      expect(Object.keys(body)).toEqual(['products', 'categories', 'tags', 'page', 'total_pages', 'total_products', '_links']);
    });

    it('refuses a page beyond the last one', async () => {
      const { res, body } = await list('per_page=7&page=6');
      expect(res.statusCode).toBe(400);
      expect(body).toMatchObject({ code: 'cocart_products_invalid_page_number', data: { status: 400 } });
    });

    it.each(['0', '101', 'abc', '-1'])('refuses per_page=%s naming per_page', async (value) => {
      await expectInvalidParam(`per_page=${value}`, 'per_page');
    });

    it('refuses page=0', async () => {
      await expectInvalidParam('page=0', 'page');
    });

    it('refuses invalid enum values', async () => {
      await expectInvalidParam('orderby=bogus', 'orderby');
      await expectInvalidParam('type=bogus', 'type');
      await expectInvalidParam('stock_status=bogus', 'stock_status');
      await expectInvalidParam('catalog_visibility=bogus', 'catalog_visibility');
      await expectInvalidParam('order=sideways', 'order');
    });
  });

  describe('filters', () => {
    it('search matches title, content and excerpt, and shows search-only products', async () => {
      // 11 by its name, 45 ("lifejacket") and 48 ("Fits the … Jacket", search-only) by their descriptions.
      expect(await ids('search=jacket')).toEqual([11, 45, 48]);
      expect(await ids('search=zip')).toEqual([38, 48]);
      expect(await ids('search=nothing-matches-this')).toEqual([]);
    });

    it('search hides shop-only products unless any visibility is asked for', async () => {
      expect(await ids('search=shackle')).toEqual([10]);
      expect(await ids('search=shackle&catalog_visibility=any')).toEqual([10, 47]);
    });

    it('slug matches exactly', async () => {
      expect(await ids('slug=merino-wool-beanie')).toEqual([51]);
      expect(await ids('slug=merino')).toEqual([]);
      expect(await ids('slug=trade-sample-rope-offcut')).toEqual([]);
      expect(await ids('slug=trade-sample-rope-offcut&catalog_visibility=any')).toEqual([49]);
    });

    it('after and before bound the creation date (exclusive)', async () => {
      const { body } = await list('include=38&fields=id,dates');
      const created = Date.parse(`${body.products[0].dates.created_gmt}Z`) / 1000;
      const iso = (t: number) => new Date(t * 1000).toISOString().slice(0, 19);
      // Created 10, 15 and 20 days ago: 40, 60, 38.
      expect(await ids(`after=${iso(created - 1)}`)).toEqual([40, 60, 38]);
      expect(await ids(`after=${iso(created)}`)).toEqual([40, 60]);
      expect(await ids(`after=${iso(created - 1)}Z&before=${iso(created + 1)}Z`)).toEqual([38]);
      const before = await ids(`before=${iso(created)}`);
      expect(before).toEqual(DEFAULT_LIST.slice(3));
    });

    it('refuses a malformed date', async () => {
      await expectInvalidParam('after=yesterday', 'after');
      await expectInvalidParam('before=2024-13-45T99:00', 'before');
    });

    it('type filters by product type', async () => {
      expect(await ids('type=variable')).toEqual([51, 24, 11]);
      expect(await ids('type=grouped')).toEqual([43]);
      expect(await ids('type=external')).toEqual([44]);
      expect(await ids('type=simple')).toEqual(DEFAULT_LIST.filter((id) => ![51, 24, 11, 43, 44].includes(id)));
    });

    it('type=variation lists only variations, trimmed and without their parents', async () => {
      expect(sorted(await ids('type=variation'))).toEqual(ALL_VARIATIONS);
      const { body } = await list('type=variation&include=21');
      expect(body.products).toHaveLength(1);
      const v = body.products[0];
      expect(v.id).toBe(21);
      expect(v.parent_id).toBe(11);
      for (const key of ['type', 'short_description', 'average_rating', 'review_count', 'variations', 'related', 'external_url']) {
        expect(v, key).not.toHaveProperty(key);
      }
      expect(v.attributes.attribute_pa_colour).toEqual({ id: 1, name: 'Colour', option: { yellow: 'Yellow' } });
      expect(v._links.up[0].href).toBe(`${ORIGIN}${API}/products/11`);
    });

    it('sku takes a comma list and also matches variations', async () => {
      expect(sorted(await ids('sku=CW-SHK-001,CW-JKT-OFF-YELLOW-M'))).toEqual([10, 21]);
      expect(await ids('sku=CW-MLN-10')).toEqual([25]);
      expect(await ids('sku=NO-SUCH-SKU')).toEqual([]);
    });

    it('global_unique_id matches GTINs', async () => {
      expect(await ids('global_unique_id=9781234567897')).toEqual([42]);
    });

    it('hide_free keeps every priced product (the demo has no free ones)', async () => {
      const { body } = await list('hide_free=true&per_page=100&fields=id,prices.price');
      expect(body.total_products).toBe(30);
      for (const p of body.products) expect(p.prices.price).toBeGreaterThan(0);
    });

    it('featured true and false', async () => {
      expect(sorted(await ids('featured=true'))).toEqual(FEATURED);
      const notFeatured = await ids('featured=false');
      expect(notFeatured).toEqual(DEFAULT_LIST.filter((id) => !FEATURED.includes(id)));
    });

    it('category by id includes products of descendant categories', async () => {
      // Boating directly: 32 33 37 38; Ropes: 10 24 47; Safety: 29 35 43 46; Flares (under Safety): 45; Navigation: 35 36 44.
      expect(sorted(await ids('category=2'))).toEqual([10, 24, 29, 32, 33, 35, 36, 37, 38, 43, 44, 45, 46, 47]);
      expect(await ids('category=5')).toEqual([45]);
    });

    it('category by slug, parent category matching its descendants', async () => {
      expect(sorted(await ids('category=safety'))).toEqual([29, 35, 43, 45, 46]);
      expect(sorted(await ids('category=clothing'))).toEqual([11, 30, 51, 55, 56, 59, 60]);
      expect(sorted(await ids('category=books-courses,gifts'))).toEqual([36, 39, 40, 41, 42, 51, 57]);
      expect(await ids('category=no-such-category')).toEqual([]);
    });

    it('category_operator in, not in and and', async () => {
      const safety = [29, 35, 43, 45, 46];
      expect(sorted(await ids('category=4&category_operator=in'))).toEqual(safety);
      const notIn = await ids('category=4&category_operator=not%20in');
      expect(notIn).toEqual(DEFAULT_LIST.filter((id) => !safety.includes(id)));
      expect(await ids('category=4&category_operator=not_in')).toEqual(notIn);
      expect(await ids('category=6,4&category_operator=and')).toEqual([35]);
      expect(await ids('category=6,12&category_operator=and')).toEqual([]);
    });

    it('tag and tag_operator', async () => {
      expect(await ids('tag=21')).toEqual([29, 11, 10]);
      expect(await ids('tag=bestseller')).toEqual([29, 11, 10]);
      expect(await ids('tag=21,23&tag_operator=and')).toEqual([11]);
      expect(sorted(await ids('tag=21,25&tag_operator=in'))).toEqual([10, 11, 29, 30]);
      const giftIdeas = [29, 36, 41, 42, 51, 57];
      expect(await ids('tag=gift-idea&tag_operator=not%20in')).toEqual(DEFAULT_LIST.filter((id) => !giftIdeas.includes(id)));
    });

    it('attributes filter by term slug and by term id', async () => {
      expect(await ids('attributes[0][attribute]=pa_colour&attributes[0][slug][]=yellow')).toEqual([11]);
      expect(await ids('attributes[0][attribute]=pa_colour&attributes[0][term_id][]=43')).toEqual([51, 24]);
      // term_id wins over slug.
      expect(await ids('attributes[0][attribute]=pa_colour&attributes[0][term_id][]=42&attributes[0][slug][]=black')).toEqual([11]);
      expect(await ids('attributes[0][attribute]=pa_length&attributes[0][slug][]=30m')).toEqual([24]);
    });

    it('attributes operator and / not in', async () => {
      expect(await ids('attributes[0][attribute]=pa_colour&attributes[0][slug][]=navy&attributes[0][slug][]=black&attributes[0][operator]=and')).toEqual([51, 24]);
      expect(await ids('attributes[0][attribute]=pa_colour&attributes[0][slug][]=red&attributes[0][slug][]=green&attributes[0][operator]=and')).toEqual([]);
      const notRed = await ids('attributes[0][attribute]=pa_colour&attributes[0][slug][]=red&attributes[0][operator]=not%20in');
      expect(notRed).toEqual(DEFAULT_LIST.filter((id) => id !== 11 && id !== 24));
    });

    it('attribute_relation combines several attribute filters', async () => {
      const two = 'attributes[0][attribute]=pa_colour&attributes[0][slug][]=yellow&attributes[1][attribute]=pa_length&attributes[1][slug][]=10m';
      expect(await ids(two)).toEqual([]);
      expect(await ids(`${two}&attribute_relation=and`)).toEqual([]);
      expect(await ids(`${two}&attribute_relation=in`)).toEqual([24, 11]);
      const both = 'attributes[0][attribute]=pa_colour&attributes[0][slug][]=red&attributes[1][attribute]=pa_length&attributes[1][slug][]=10m';
      expect(await ids(both)).toEqual([24]);
    });

    it('stock_status instock, outofstock and onbackorder', async () => {
      expect(await ids('stock_status=outofstock')).toEqual([36]);
      expect(await ids('stock_status=onbackorder')).toEqual([38, 37]);
      expect(await ids('stock_status=instock')).toEqual(DEFAULT_LIST.filter((id) => ![36, 37, 38].includes(id)));
      expect(sorted(await ids('stock_status=outofstock,onbackorder'))).toEqual([36, 37, 38]);
    });

    it('on_sale true lists 29, the jacket (a variation on sale) and the bundle containing 29; not 30 or 31', async () => {
      const onSale = await ids('on_sale=true');
      expect(sorted(onSale)).toEqual([11, 29, 43]);
      const notOnSale = await ids('on_sale=false');
      expect(notOnSale).toEqual(DEFAULT_LIST.filter((id) => !onSale.includes(id)));
      expect(notOnSale).toContain(30);
      expect(notOnSale).toContain(31);
    });

    it('min_price and max_price are decimal strings in major units, inclusive', async () => {
      const { body } = await list('min_price=20&max_price=30.00&type=simple&per_page=100&fields=id,prices.price');
      expect(sorted(body.products.map((p: { id: number }) => p.id))).toEqual([29, 41, 55, 59, 60]);
      for (const p of body.products) {
        expect(p.prices.price).toBeGreaterThanOrEqual(2000);
        expect(p.prices.price).toBeLessThanOrEqual(3000);
      }
      // 41 costs exactly £25.00; 45 exactly £3.49.
      expect(await ids('min_price=25&max_price=25&type=simple')).toEqual([41]);
      expect(await ids('min_price=3.49&max_price=3.49&type=simple')).toEqual([45]);
      expect(sorted(await ids('max_price=5&type=simple'))).toEqual([40, 45, 47, 58]);
      expect(await ids('min_price=100&max_price=20')).toEqual([]);
      // A sale that ended leaves the regular price (9.99); a scheduled one too (44.99).
      expect(await ids('min_price=9.99&max_price=9.99')).toEqual([30]);
      expect(await ids('min_price=44.99&max_price=44.99')).toEqual([31]);
    });

    it('refuses a price that is not a number', async () => {
      await expectInvalidParam('min_price=abc', 'min_price');
      await expectInvalidParam('max_price=1,5', 'max_price');
    });

    it('catalog_visibility defaults to shop-listed products: 48 (search only) and 49 (hidden) are left out', async () => {
      const listed = await ids('');
      expect(listed).toEqual(DEFAULT_LIST);
      expect(listed).toContain(47);
      expect(listed).not.toContain(48);
      expect(listed).not.toContain(49);
    });

    it('catalog_visibility any, visible, catalog, search and hidden', async () => {
      expect(sorted(await ids('catalog_visibility=any'))).toEqual(sorted([...DEFAULT_LIST, 48, 49]));
      expect(await ids('catalog_visibility=hidden')).toEqual([49]);
      expect(await ids('catalog_visibility=visible')).toEqual(DEFAULT_LIST.filter((id) => id !== 47));
      expect(await ids('catalog_visibility=catalog')).toEqual(DEFAULT_LIST);
      const search = await ids('catalog_visibility=search');
      expect(search).toContain(48);
      expect(search).not.toContain(47);
      expect(search).toHaveLength(30);
    });

    it('never lists the draft 50', async () => {
      expect(await ids('catalog_visibility=any&include=50')).toEqual([]);
      expect(await ids('catalog_visibility=any&search=paddle')).toEqual([]);
      expect(await ids('catalog_visibility=any&slug=carbon-fibre-paddle')).toEqual([]);
      expect(await ids('sku=CW-BOAT-PADDLE')).toEqual([]);
      expect(await ids('catalog_visibility=any&include_variations=true')).not.toContain(50);
    });

    it('rating buckets by rounded average', async () => {
      // Averages: 32 → 5, 11 → 4.67, 29 → 4.5, 35 → 4, 57 → 4, 30 → 2, 36 → 2.
      expect(sorted(await ids('rating=5'))).toEqual([11, 29, 32]);
      expect(sorted(await ids('rating[]=4&rating[]=1'))).toEqual([35, 57]);
      expect(sorted(await ids('rating=2,3'))).toEqual([30, 36]);
      expect(await ids('rating=3')).toEqual([]);
      await expectInvalidParam('rating=6', 'rating');
    });

    it('include and exclude', async () => {
      expect(await ids('include=10,29,36')).toEqual([29, 10, 36]);
      expect(await ids('include=10,29,36&orderby=include')).toEqual([10, 29, 36]);
      expect(await ids('exclude=10,11')).toEqual(DEFAULT_LIST.filter((id) => id !== 10 && id !== 11));
      expect(await ids('include=10,11&exclude=10')).toEqual([11]);
      await expectInvalidParam('include=abc', 'include');
    });

    it('parent and parent_exclude filter variations by their parent', async () => {
      expect(sorted(await ids('parent=11&include_variations=true'))).toEqual(JACKET_VARIATIONS);
      expect(await ids('type=variation&parent=24')).toEqual([28, 27, 26, 25]);
      expect(sorted(await ids('type=variation&parent_exclude=11'))).toEqual([25, 26, 27, 28, 52, 53, 54]);
      // Without variations there is nothing whose parent is 11.
      expect(await ids('parent=11')).toEqual([]);
    });

    it('offset skips products regardless of page', async () => {
      const { body } = await list('offset=28&per_page=100&fields=id');
      expect(body.products.map((p: { id: number }) => p.id)).toEqual(DEFAULT_LIST.slice(28));
      expect(body.total_products).toBe(30);
      const { body: small } = await list('offset=5&per_page=3&fields=id');
      expect(small.products.map((p: { id: number }) => p.id)).toEqual(DEFAULT_LIST.slice(5, 8));
    });
  });

  describe('ordering', () => {
    async function products(query: string, fields: string) {
      const { res, body } = await list(`per_page=100&fields=id,${fields}&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(body.products).toHaveLength(30);
      return body.products as Record<string, any>[];
    }

    function nonIncreasing(values: number[]) {
      for (let i = 1; i < values.length; i++) expect(values[i], `position ${i}`).toBeLessThanOrEqual(values[i - 1]);
    }
    function nonDecreasing(values: number[]) {
      for (let i = 1; i < values.length; i++) expect(values[i], `position ${i}`).toBeGreaterThanOrEqual(values[i - 1]);
    }
    const byName = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' });

    it('date DESC by default, ASC on request', async () => {
      const desc = await products('', 'dates.created_gmt');
      expect(desc.map((p) => p.id)).toEqual(DEFAULT_LIST);
      nonIncreasing(desc.map((p) => Date.parse(p.dates.created_gmt)));
      const asc = await products('orderby=date&order=asc', 'dates.created_gmt');
      expect(asc.map((p) => p.id)).toEqual([...DEFAULT_LIST].reverse());
    });

    it('id ASC and DESC', async () => {
      expect((await products('orderby=id&order=asc', 'name')).map((p) => p.id)).toEqual(BY_ID);
      expect((await products('orderby=id&order=desc', 'name')).map((p) => p.id)).toEqual([...BY_ID].reverse());
      expect((await products('orderby=id&order=DESC', 'name')).map((p) => p.id)).toEqual([...BY_ID].reverse());
    });

    it('title is alphabetical (ASC unless DESC is asked for)', async () => {
      const names = (await products('orderby=title', 'name')).map((p) => p.name as string);
      expect(names).toEqual([...names].sort(byName));
      expect(names[0]).toBe('Braided Mooring Line');
      expect(names[29]).toBe('Wool Boot Socks (2 pairs)');
      const desc = (await products('orderby=title&order=desc', 'name')).map((p) => p.name as string);
      expect(desc).toEqual([...names].reverse());
    });

    it('alphabetical is always A–Z and reverse_alpha always Z–A', async () => {
      const az = (await products('orderby=title&order=asc', 'name')).map((p) => p.id);
      expect((await products('orderby=alphabetical', 'name')).map((p) => p.id)).toEqual(az);
      expect((await products('orderby=alphabetical&order=desc', 'name')).map((p) => p.id)).toEqual(az);
      expect((await products('orderby=reverse_alpha', 'name')).map((p) => p.id)).toEqual([...az].reverse());
      expect((await products('orderby=reverse_alpha&order=asc', 'name')).map((p) => p.id)).toEqual([...az].reverse());
    });

    it('slug and name order by slug', async () => {
      const asc = (await products('orderby=slug&order=asc', 'slug')).map((p) => p.slug as string);
      expect(asc).toEqual([...asc].sort());
      const desc = (await products('orderby=name&order=desc', 'slug')).map((p) => p.slug as string);
      expect(desc).toEqual([...asc].reverse());
    });

    it('menu_order ASC then title', async () => {
      // 30 has menu order 0, 11 has 1, 35 and 29 share 2 ("Handheld…" before "Marine…"), 10 has 3.
      const ids = (await products('orderby=menu_order', 'name')).map((p) => p.id);
      expect(ids.slice(0, 6)).toEqual([30, 11, 35, 29, 10, 24]);
      expect(ids[29]).toBe(61);
    });

    it('price_asc: prices never decrease', async () => {
      const list = await products('orderby=price_asc', 'prices.price');
      nonDecreasing(list.map((p) => p.prices.price));
      expect(list[0].prices.price).toBe(349);
      expect(list[29].id).toBe(38);
    });

    it('price_desc: prices never increase', async () => {
      const { body } = await list('orderby=price_desc&type=simple&per_page=100&fields=id,prices.price');
      const prices = body.products.map((p: { prices: { price: number } }) => p.prices.price);
      nonIncreasing(prices);
      expect(body.products[0].id).toBe(38);
      expect(prices[0]).toBe(89500);
    });

    it('popularity and sales: total sales DESC', async () => {
      const sales = await products('orderby=sales', 'total_sales');
      nonIncreasing(sales.map((p) => p.total_sales));
      expect(sales[0]).toMatchObject({ id: 45, total_sales: 990 });
      const popularity = await products('orderby=popularity', 'total_sales');
      expect(popularity.map((p) => p.id)).toEqual(sales.map((p) => p.id));
    });

    it('rating: average rating DESC', async () => {
      const list = await products('orderby=rating', 'average_rating');
      nonIncreasing(list.map((p) => Number(p.average_rating)));
      expect(list.slice(0, 3).map((p) => p.id)).toEqual([32, 11, 29]);
    });

    it('review_count: review count DESC', async () => {
      const list = await products('orderby=review_count', 'review_count');
      nonIncreasing(list.map((p) => p.review_count));
      expect(list[0]).toMatchObject({ id: 11, review_count: 3 });
    });

    it('on_sale_first and featured_first', async () => {
      const sale = await products('orderby=on_sale_first', 'prices.on_sale');
      expect(sorted(sale.slice(0, 3).map((p) => p.id))).toEqual([11, 29, 43]);
      expect(sale.slice(3).every((p) => p.prices.on_sale === false)).toBe(true);
      const featured = await products('orderby=featured_first', 'featured');
      expect(sorted(featured.slice(0, 4).map((p) => p.id))).toEqual(FEATURED);
      expect(featured.slice(4).every((p) => p.featured === false)).toBe(true);
    });

    it('by_stock: stock quantity DESC', async () => {
      const list = await products('orderby=by_stock', 'stock.stock_quantity');
      nonIncreasing(list.map((p) => p.stock.stock_quantity ?? 0));
      expect(list[0]).toMatchObject({ id: 10, stock: { stock_quantity: 150 } });
      expect(list[29]).toMatchObject({ id: 37, stock: { stock_quantity: -2 } });
    });

    it('include keeps the order of the include list', async () => {
      expect(await ids('include=36,10,44,29&orderby=include')).toEqual([36, 10, 44, 29]);
    });

    it('rand returns the same set', async () => {
      expect(sorted(await ids('orderby=rand'))).toEqual(BY_ID);
    });

    it('relevance puts title matches first when searching', async () => {
      const list = await ids('search=waterproof&orderby=relevance');
      // Title matches (11, 30, 46, 60) score above description-only matches.
      expect(sorted(list.slice(0, 4))).toEqual([11, 30, 46, 60]);
      expect(list.length).toBeGreaterThan(4);
    });
  });

  describe('include_variations', () => {
    it('lists variations alongside products as full objects with type "variation" and parent_id', async () => {
      const all = await ids('include_variations=true');
      expect(sorted(all)).toEqual(sorted([...DEFAULT_LIST, ...ALL_VARIATIONS]));
      const { res, body } = await list('include_variations=true&include=21,10&orderby=include');
      expect(res.statusCode).toBe(200);
      const [v, simple] = body.products;
      expect(simple.id).toBe(10);
      expect(v.id).toBe(21);
      expect(v.type).toBe('variation');
      expect(v.parent_id).toBe(11);
      // Full shape: the keys a trimmed variation lacks are present.
      for (const key of ['type', 'short_description', 'average_rating', 'review_count', 'default_attributes', 'variations', 'external_url']) {
        expect(v, key).toHaveProperty(key);
      }
      expect(v.prices).toMatchObject({ price: 9900, regular_price: 12900, sale_price: 9900, on_sale: true });
      expect(Object.keys(v)).toEqual(Object.keys(simple));
    });

    it('is off by default', async () => {
      expect(await ids('')).not.toContain(21);
    });
  });

  it('price filters match a variable product when any variation is in range, and price_desc sorts it by its highest price', async () => {
    // Jacket 11 costs 9900 (a variation on sale) to 13900: in range for 130–140 though its lowest price is not.
    expect(await ids('min_price=130&max_price=140&type=variable')).toContain(11);
    expect(await ids('min_price=200&type=variable')).not.toContain(11);
    const byHighest = await ids('orderby=price_desc&type=variable');
    expect(byHighest[0]).toBe(11);
  });

  it('an empty result has no prev link and reports zero pages', async () => {
    const { res, body } = await list('search=zzzzzz&page=2');
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-wp-total']).toBe('0');
    expect(res.headers.link).toBeUndefined();
    expect(body._links).toEqual([]);
  });

  it('an unknown enum value names the parameter and its allowed values', async () => {
    const { res, body } = await list('orderby=cheapest');
    expect(res.statusCode).toBe(400);
    expect(body.code).toBe('rest_invalid_param');
    expect(body.data.params.orderby).toMatch(/^orderby is not one of date, id, menu_order, .*price_desc/);
  });
});

describe.each(DATABASES)('GET /products rating buckets after a new approved review (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
    // 30 has ratings 1 and 3 (average 2.00); a third rating of 3 makes it 2.33, which WooCommerce files under 2.
    await insertReview(app.runtime.database.db, {
      productId: 30, status: 'approved', reviewer: 'Rating Tester', reviewerEmail: 'rating.tester@example.test',
      review: 'Average.', rating: 3, verified: false, userId: null, createdAt: app.runtime.now(),
    });
    await app.runtime.catalog.changed();
  });
  afterAll(() => app.close());

  it('uses the rounded average', async () => {
    const product = (await app.inject({ method: 'GET', url: `${API}/products/30?fields=average_rating,review_count` })).json();
    expect(product).toEqual({ average_rating: '2.33', review_count: 3 });
    const two = (await app.inject({ method: 'GET', url: `${API}/products?rating=2&fields=id` })).json();
    expect(two.products.map((p: { id: number }) => p.id)).toEqual([30, 36]);
    const three = (await app.inject({ method: 'GET', url: `${API}/products?rating=3&fields=id` })).json();
    expect(three.products).toEqual([]);
  });
});
