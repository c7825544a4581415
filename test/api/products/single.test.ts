import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { saveProduct } from '../../../src/catalog/repository.ts';
import { API, GBP, ORIGIN } from '../../helpers/api.ts';
import { DATABASES, createTestApp } from '../../helpers/app.ts';

/** GET /wp-json/cocart/v2/products/{id} (docs/wire-contract.md#products-api) against the demo catalogue. */

/** CoCart's v2 product keys, in order. */
const PRODUCT_KEYS = [
  'id', 'parent_id', 'name', 'type', 'slug', 'permalink', 'sku', 'global_unique_id', 'description', 'short_description',
  'dates', 'featured', 'prices', 'hidden_conditions', 'average_rating', 'review_count', 'rating_count', 'rated_out_of',
  'images', 'categories', 'tags', 'attributes', 'default_attributes', 'variations', 'grouped_products', 'stock', 'weight',
  'dimensions', 'reviews', 'related', 'upsells', 'cross_sells', 'total_sales', 'external_url', 'button_text', 'add_to_cart',
  'meta_data', '_links',
];
const PRICE_KEYS = ['price', 'regular_price', 'sale_price', 'price_range', 'on_sale', 'date_on_sale', 'currency'];
const STOCK_KEYS = ['is_in_stock', 'stock_quantity', 'stock_status', 'backorders', 'backorders_allowed', 'backordered', 'low_stock_amount'];
const WP_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

describe.each(DATABASES)('GET /products/{id} (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  async function get(path: string, headers: Record<string, string> = {}) {
    const res = await app.inject({ method: 'GET', url: `${API}/products/${path}`, headers });
    return { res, body: res.json() };
  }

  async function product(path: string) {
    const { res, body } = await get(path);
    expect(res.statusCode, res.body).toBe(200);
    return body;
  }

  describe('lookup', () => {
    it('by numeric id', async () => {
      const p = await product('10');
      expect(p).toMatchObject({ id: 10, name: 'Stainless Steel Snap Shackle', type: 'simple', sku: 'CW-SHK-001' });
    });

    it('by SKU, giving the same object as by id', async () => {
      expect(await product('CW-SHK-001')).toEqual(await product('10'));
    });

    it('by slug (extension), giving the same object as by id', async () => {
      expect(await product('stainless-steel-snap-shackle')).toEqual(await product('10'));
    });

    it('a hidden product is still reachable directly', async () => {
      expect((await product('49?fields=id')).id).toBe(49);
    });

    it('an unknown numeric id (999) → 404 cocart_product_invalid_id, as CoCart answers any id it cannot find', async () => {
      const { res, body } = await get('999');
      expect(res.statusCode).toBe(404);
      expect(body).toEqual({ code: 'cocart_product_invalid_id', message: 'Invalid ID.', data: { status: 404 } });
    });

    it.each(['no-such-product', 'CW-NOPE'])('an unknown SKU %s → 404 cocart_unknown_product_id', async (id) => {
      const { res, body } = await get(id);
      expect(res.statusCode).toBe(404);
      expect(body).toEqual({ code: 'cocart_unknown_product_id', message: 'Unknown product ID or SKU.', data: { status: 404 } });
    });

    it('the draft 50 → 404 cocart_product_invalid_id', async () => {
      const { res, body } = await get('50');
      expect(res.statusCode).toBe(404);
      expect(body.code).toBe('cocart_product_invalid_id');
      expect(body.data).toEqual({ status: 404 });
    });
  });

  describe('simple product object', () => {
    it('has exactly the CoCart product keys in order', async () => {
      const p = await product('10');
      expect(Object.keys(p)).toEqual(PRODUCT_KEYS);
      expect(Object.keys(p.prices)).toEqual(PRICE_KEYS);
      expect(Object.keys(p.stock)).toEqual(STOCK_KEYS);
      expect(Object.keys(p.hidden_conditions)).toEqual(['virtual', 'downloadable', 'manage_stock', 'sold_individually', 'reviews_allowed', 'shipping_required']);
      expect(Object.keys(p.dates)).toEqual(['created', 'created_gmt', 'modified', 'modified_gmt']);
      expect(Object.keys(p.add_to_cart)).toEqual(['text', 'description', 'has_options', 'is_purchasable', 'purchase_quantity', 'rest_url']);
    });

    it('carries the demo values', async () => {
      const p = await product('10');
      expect(p).toMatchObject({
        id: 10,
        parent_id: 0,
        slug: 'stainless-steel-snap-shackle',
        permalink: `${ORIGIN}/product/stainless-steel-snap-shackle/`,
        global_unique_id: '5012345678900',
        featured: false,
        hidden_conditions: { virtual: false, downloadable: false, manage_stock: true, sold_individually: false, reviews_allowed: true, shipping_required: true },
        categories: [{ id: 3, name: 'Ropes & Rigging', slug: 'ropes-rigging', rest_url: `${ORIGIN}${API}/products/categories/3` }],
        tags: [{ id: 21, name: 'Bestseller', slug: 'bestseller', rest_url: `${ORIGIN}${API}/products/tags/21` }],
        weight: { value: 0.06, unit: 'kg' },
        dimensions: { length: 8, width: 3, height: 1.5, unit: 'cm' },
        total_sales: 412,
        external_url: '',
        button_text: '',
      });
      expect(p.description).toContain('<strong>AISI 316</strong>');
      expect(p.short_description).toBe('<p>AISI 316 swivel snap shackle with a 1,200 kg safe working load.</p>');
      for (const key of ['created', 'created_gmt', 'modified', 'modified_gmt']) expect(p.dates[key]).toMatch(WP_DATE);
      expect(p._links).toEqual({
        self: [{ permalink: `${ORIGIN}/product/stainless-steel-snap-shackle/`, href: `${ORIGIN}${API}/products/10` }],
        collection: [{ permalink: `${ORIGIN}/shop/`, href: `${ORIGIN}${API}/products` }],
      });
    });

    it('lists its image with every size, featured first', async () => {
      const p = await product('11?fields=images');
      expect(p.images.map((i: { id: number }) => i.id)).toEqual([2, 3, 4, 5]);
      expect(p.images.map((i: { position: number }) => i.position)).toEqual([0, 1, 2, 3]);
      expect(p.images.map((i: { featured: boolean }) => i.featured)).toEqual([true, false, false, false]);
      const first = p.images[0];
      expect(first).toMatchObject({ name: 'jacket-navy', alt: 'Navy offshore waterproof jacket' });
      expect(first.src.thumbnail).toBe('https://picsum.photos/seed/cartwright-jacket-navy/150/150');
      expect(first.src.full).toBe('https://picsum.photos/seed/cartwright-jacket-navy/800/800');
      expect(Object.keys(first.src)).toContain('woocommerce_thumbnail');
    });

    it('money is JSON numbers in minor units by default', async () => {
      const p = await product('10?fields=prices,related');
      expect(p.prices).toEqual({
        price: 1299,
        regular_price: 1299,
        sale_price: '',
        price_range: [],
        on_sale: false,
        date_on_sale: { from: null, from_gmt: null, to: null, to_gmt: null },
        currency: GBP,
      });
      for (const r of p.related) expect(typeof r.price).toBe('number');
    });

    it('prices=formatted gives display strings', async () => {
      const p = await product('10?fields=prices.price,prices.regular_price,prices.sale_price,related');
      const f = await product('10?prices=formatted&fields=prices.price,prices.regular_price,prices.sale_price,related');
      expect(f.prices).toEqual({ price: '£12.99', regular_price: '£12.99', sale_price: '' });
      expect(f.related.map((r: { price: string }) => r.price)).toEqual(
        p.related.map((r: { price: number }) => `£${(r.price / 100).toFixed(2)}`),
      );
    });

    it('config[prices]=preformatted gives display strings too', async () => {
      const p = await product('29?config[prices]=preformatted&fields=prices.price,prices.regular_price,prices.sale_price');
      expect(p.prices).toEqual({ price: '£27.99', regular_price: '£34.99', sale_price: '£27.99' });
      const range = await product('11?config[prices]=preformatted&fields=prices.price_range');
      expect(range.prices.price_range).toEqual({ from: '£99.00', to: '£139.00' });
    });

    it('empty maps are [] on a simple product', async () => {
      const p = await product('10?fields=attributes,default_attributes,prices.price_range,variations,grouped_products');
      expect(p).toEqual({ prices: { price_range: [] }, attributes: [], default_attributes: [], variations: [], grouped_products: [] });
    });

    it('custom (non-global) attributes have id 0', async () => {
      const p = await product('37?fields=attributes');
      expect(p.attributes).toEqual({
        attribute_wood: { id: 0, name: 'Wood', position: 0, is_attribute_visible: true, used_for_variation: false, options: { teak: 'Teak' } },
        attribute_finish: {
          id: 0, name: 'Finish', position: 1, is_attribute_visible: true, used_for_variation: false,
          options: { oiled: 'Oiled', varnished: 'Varnished' },
        },
      });
    });

    it('add_to_cart.rest_url points at add-item with the minimum quantity, under the request host', async () => {
      const { body } = await get('10?fields=add_to_cart', { host: 'api.example.test' });
      expect(body.add_to_cart).toEqual({
        text: 'Add to cart',
        description: 'Add &ldquo;Stainless Steel Snap Shackle&rdquo; to your cart',
        has_options: false,
        is_purchasable: true,
        purchase_quantity: { min_purchase: 1, max_purchase: 150 },
        rest_url: 'http://api.example.test/wp-json/cocart/v2/cart/add-item?id=10&quantity=1',
      });
    });
  });

  describe('variable product 11', () => {
    it('keys attributes by attribute_<taxonomy> with an options map', async () => {
      const p = await product('11?fields=attributes');
      expect(Object.keys(p.attributes)).toEqual(['attribute_pa_colour', 'attribute_pa_size', 'attribute_material']);
      expect(p.attributes.attribute_pa_colour).toEqual({
        id: 1, name: 'Colour', position: 0, is_attribute_visible: true, used_for_variation: true,
        options: { red: 'Red', navy: 'Navy', yellow: 'Yellow' },
      });
      expect(p.attributes.attribute_pa_size.options).toEqual({ s: 'S', m: 'M', l: 'L', xl: 'XL' });
      expect(p.attributes.attribute_material).toMatchObject({ id: 0, name: 'Material', used_for_variation: false });
    });

    it('has default attributes', async () => {
      const p = await product('11?fields=default_attributes');
      expect(p.default_attributes).toEqual({
        attribute_pa_colour: { id: 1, name: 'Colour', option: 'navy' },
        attribute_pa_size: { id: 2, name: 'Size', option: 'm' },
      });
      // The beanie has none: an empty map.
      expect((await product('51?fields=default_attributes')).default_attributes).toEqual([]);
    });

    it('embeds its variations with the CoCart keys, out-of-stock 15 included', async () => {
      const p = await product('11?fields=variations');
      expect(p.variations.map((v: { id: number }) => v.id)).toEqual([12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]);
      for (const v of p.variations) {
        expect(Object.keys(v)).toEqual(['id', 'sku', 'description', 'attributes', 'featured_image', 'prices', 'stock', 'add_to_cart']);
        expect(Object.keys(v.prices)).toEqual(['price', 'regular_price', 'sale_price', 'on_sale', 'date_on_sale', 'currency']);
        expect(Object.keys(v.add_to_cart)).toEqual(['is_purchasable', 'purchase_quantity', 'rest_url']);
      }
      const red = p.variations.find((v: { id: number }) => v.id === 15);
      expect(red).toMatchObject({
        sku: 'CW-JKT-OFF-RED-XL',
        attributes: { attribute_pa_colour: 'red', attribute_pa_size: 'xl' },
        stock: { is_in_stock: false, stock_quantity: 0, stock_status: 'outofstock' },
      });
      const yellow = p.variations.find((v: { id: number }) => v.id === 21);
      expect(yellow.prices).toMatchObject({ price: 9900, regular_price: 12900, sale_price: 9900, on_sale: true });
      expect(yellow.add_to_cart.rest_url).toBe(
        `${ORIGIN}${API}/cart/add-item?id=21&quantity=1&variation[attribute_pa_colour]=yellow&variation[attribute_pa_size]=m`,
      );
      expect(yellow.featured_image.thumbnail).toBe('https://picsum.photos/seed/cartwright-jacket-yellow/150/150');
    });

    it('prices cover the variations: lowest price, price_range {from, to}, on sale', async () => {
      const p = await product('11?fields=prices');
      expect(p.prices).toMatchObject({ price: 9900, regular_price: 12900, sale_price: 9900, price_range: { from: 9900, to: 13900 }, on_sale: true });
      // One price for every variation: `to` is "".
      expect((await product('51?fields=prices.price_range')).prices.price_range).toEqual({ from: 1800, to: '' });
    });

    it('add_to_cart has no purchase_quantity and no rest_url', async () => {
      const p = await product('11?fields=add_to_cart');
      expect(p.add_to_cart).toEqual({
        text: 'Select options',
        description: 'Select options for &ldquo;Offshore Waterproof Jacket&rdquo;',
        has_options: true,
        is_purchasable: true,
        purchase_quantity: [],
        rest_url: '',
      });
    });

    it('links every variation', async () => {
      const p = await product('24?fields=_links');
      expect(p._links.variations).toEqual([25, 26, 27, 28].map((id) => ({ href: `${ORIGIN}${API}/products/24/variations/${id}` })));
    });

    it('is rated from its reviews', async () => {
      const p = await product('11?fields=average_rating,review_count,rating_count,rated_out_of');
      expect(p).toEqual({ average_rating: '4.67', review_count: 3, rating_count: 3, rated_out_of: 'Rated 4.67 out of 5' });
    });
  });

  describe('grouped and external products', () => {
    it('grouped 43 lists its children and a price range over them', async () => {
      const p = await product('43?fields=type,grouped_products,prices.price,prices.price_range,prices.on_sale,add_to_cart');
      expect(p).toEqual({
        type: 'grouped',
        prices: { price: 349, price_range: { from: 349, to: 2799 }, on_sale: true },
        grouped_products: [29, 45, 46],
        add_to_cart: {
          text: 'View products',
          description: 'View products in the &ldquo;Safety Starter Bundle&rdquo; group',
          has_options: false,
          is_purchasable: false,
          purchase_quantity: { min_purchase: 1, max_purchase: -1 },
          rest_url: '',
        },
      });
    });

    it('grouped 43 has no prices of its own: price is its cheapest child, regular and sale prices are empty', async () => {
      const p = await product('43?fields=prices.price,prices.regular_price,prices.sale_price,prices.price_range,prices.on_sale');
      expect(p).toEqual({ prices: { price: 349, regular_price: '', sale_price: '', price_range: { from: 349, to: 2799 }, on_sale: true } });
    });

    it('variable 11 on sale reports its cheapest regular price and its cheapest current price as the sale price', async () => {
      const p = await product('11?fields=prices.price,prices.regular_price,prices.sale_price,prices.on_sale');
      expect(p).toEqual({ prices: { price: 9900, regular_price: 12900, sale_price: 9900, on_sale: true } });
    });

    it('external 44 has its URL and button text and cannot be added to a cart', async () => {
      const p = await product('44?fields=type,external_url,button_text,add_to_cart,prices.price');
      expect(p).toEqual({
        type: 'external',
        prices: { price: 49900 },
        external_url: 'https://example.com/halyard-marine/chartplotter-7',
        button_text: 'Buy from Halyard Marine',
        add_to_cart: {
          text: 'Buy from Halyard Marine',
          description: 'Buy from Halyard Marine',
          has_options: false,
          is_purchasable: false,
          purchase_quantity: [],
          rest_url: '',
        },
      });
    });
  });

  describe('stock', () => {
    it('36 is out of stock', async () => {
      const p = await product('36?fields=stock,add_to_cart.text,add_to_cart.purchase_quantity');
      expect(p.stock).toEqual({
        is_in_stock: false, stock_quantity: 0, stock_status: 'outofstock', backorders: 'no',
        backorders_allowed: false, backordered: false, low_stock_amount: '',
      });
      expect(p.add_to_cart).toEqual({ text: 'Read more', purchase_quantity: { min_purchase: 1, max_purchase: 0 } });
    });

    it('37 is on backorder with notify', async () => {
      expect((await product('37?fields=stock')).stock).toEqual({
        is_in_stock: true, stock_quantity: -2, stock_status: 'onbackorder', backorders: 'notify',
        backorders_allowed: true, backordered: true, low_stock_amount: '',
      });
    });

    it('38 allows backorders with stock 0 and no purchase limit', async () => {
      const p = await product('38?fields=stock,add_to_cart.purchase_quantity');
      expect(p.stock).toEqual({
        is_in_stock: true, stock_quantity: 0, stock_status: 'onbackorder', backorders: 'yes',
        backorders_allowed: true, backordered: true, low_stock_amount: '',
      });
      expect(p.add_to_cart.purchase_quantity).toEqual({ min_purchase: 1, max_purchase: -1 });
    });

    it('35 has a low stock amount', async () => {
      expect((await product('35?fields=stock')).stock).toEqual({
        is_in_stock: true, stock_quantity: 3, stock_status: 'instock', backorders: 'no',
        backorders_allowed: false, backordered: false, low_stock_amount: 5,
      });
    });

    it('an unmanaged product has a null quantity', async () => {
      expect((await product('30?fields=stock.stock_quantity,stock.stock_status,hidden_conditions.manage_stock'))).toEqual({
        hidden_conditions: { manage_stock: false },
        stock: { stock_quantity: null, stock_status: 'instock' },
      });
    });
  });

  describe('purchase quantities', () => {
    it.each([
      [32, { min_purchase: 1, max_purchase: 1 }, 1],
      [33, { min_purchase: 2, max_purchase: 80 }, 2],
      [34, { min_purchase: 1, max_purchase: 5 }, 1],
      [10, { min_purchase: 1, max_purchase: 150 }, 1],
      [35, { min_purchase: 1, max_purchase: 3 }, 1],
      [57, { min_purchase: 1, max_purchase: -1 }, 1],
    ])('product %i', async (id, quantity, inUrl) => {
      const p = await product(`${id}?fields=add_to_cart.purchase_quantity,add_to_cart.rest_url,hidden_conditions.sold_individually`);
      expect(p.add_to_cart.purchase_quantity).toEqual(quantity);
      expect(p.add_to_cart.rest_url).toBe(`${ORIGIN}${API}/cart/add-item?id=${id}&quantity=${inUrl}`);
      expect(p.hidden_conditions.sold_individually).toBe(id === 32);
    });
  });

  describe('sales', () => {
    it('29 is on sale now with both dates set', async () => {
      const p = await product('29?fields=prices');
      expect(p.prices).toMatchObject({ price: 2799, regular_price: 3499, sale_price: 2799, price_range: [], on_sale: true });
      const { from, from_gmt, to, to_gmt } = p.prices.date_on_sale;
      for (const d of [from, from_gmt, to, to_gmt]) expect(d).toMatch(WP_DATE);
      const now = Date.now();
      expect(Date.parse(`${from_gmt}Z`)).toBeLessThan(now);
      expect(Date.parse(`${to_gmt}Z`)).toBeGreaterThan(now);
    });

    it('30: a sale that ended is no sale; the price is the regular price', async () => {
      const p = await product('30?fields=prices');
      expect(p.prices).toMatchObject({ price: 999, regular_price: 999, sale_price: '', on_sale: false });
      expect(Date.parse(`${p.prices.date_on_sale.to_gmt}Z`)).toBeLessThan(Date.now());
    });

    it('31: a scheduled sale has not started', async () => {
      const p = await product('31?fields=prices');
      expect(p.prices).toMatchObject({ price: 4499, regular_price: 4499, sale_price: '', on_sale: false });
      expect(Date.parse(`${p.prices.date_on_sale.from_gmt}Z`)).toBeGreaterThan(Date.now());
    });
  });

  describe('reviews and ratings', () => {
    it('average_rating is a two-decimal string', async () => {
      expect(await product('29?fields=average_rating,review_count,rating_count,rated_out_of')).toEqual({
        average_rating: '4.50', review_count: 2, rating_count: 2, rated_out_of: 'Rated 4.50 out of 5',
      });
      expect(await product('10?fields=average_rating,review_count,rating_count,rated_out_of')).toEqual({
        average_rating: '0.00', review_count: 0, rating_count: 0, rated_out_of: '',
      });
    });

    it('reviews are embedded only with show_reviews=true', async () => {
      expect((await product('29?fields=reviews')).reviews).toEqual([]);
      const p = await product('29?fields=reviews&show_reviews=true');
      expect(p.reviews).toHaveLength(2);
      expect(p.reviews[0]).toMatchObject({
        review_id: '5', author_name: 'Fiona Grant', author_url: '', review_comment: 'Peace of mind for family sailing.',
        rating: '5', verified: '1',
      });
      expect(Object.keys(p.reviews[0])).toEqual(['review_id', 'author_name', 'author_url', 'review_comment', 'review_date', 'review_date_gmt', 'rating', 'verified']);
      expect(p.reviews[1]).toMatchObject({ review_id: '4', author_name: 'Gareth Lewis', rating: '4' });
      expect(p.reviews[0].review_date_gmt).toMatch(WP_DATE);
    });
  });

  describe('meta_data', () => {
    it('hides private keys starting with "_"', async () => {
      expect((await product('10?fields=meta_data')).meta_data).toEqual([{ id: 1002, key: 'material', value: 'AISI 316 stainless steel' }]);
      expect((await product('32?fields=meta_data')).meta_data).toEqual([{ id: 1008, key: 'max_passengers', value: 4 }]);
    });

    it('include_meta and exclude_meta', async () => {
      expect((await product('11?fields=meta_data&include_meta=care_instructions')).meta_data.map((m: { key: string }) => m.key)).toEqual(['care_instructions']);
      expect((await product('11?fields=meta_data&include_meta=nothing')).meta_data).toEqual([]);
      expect((await product('35?fields=meta_data&exclude_meta=battery_life')).meta_data).toEqual([]);
      // A private key cannot be asked for.
      expect((await product('35?fields=meta_data&include_meta=_warranty')).meta_data).toEqual([]);
    });
  });

  describe('related, upsells and cross-sells', () => {
    const LINKED_KEYS = ['id', 'name', 'permalink', 'price', 'add_to_cart', 'rest_url'];

    it('related share a category or tag, exclude the product itself and hold at most 5', async () => {
      const p = await product('10?fields=related');
      expect(p.related.length).toBeGreaterThan(0);
      expect(p.related.length).toBeLessThanOrEqual(5);
      for (const r of p.related) {
        expect(Object.keys(r)).toEqual(LINKED_KEYS);
        expect(Object.keys(r.add_to_cart)).toEqual(['text', 'description', 'rest_url']);
        expect(r.id).not.toBe(10);
        expect(r.rest_url).toBe(`${ORIGIN}${API}/products/${r.id}`);
        const other = await product(`${r.id}?fields=categories,tags`);
        const shared = other.categories.some((c: { id: number }) => c.id === 3) || other.tags.some((t: { id: number }) => t.id === 21);
        expect(shared, `related ${r.id}`).toBe(true);
      }
    });

    it('cross_sells and upsells list the linked products', async () => {
      const ten = await product('10?fields=cross_sells,upsells');
      expect(ten.upsells).toEqual([]);
      expect(ten.cross_sells).toEqual([
        {
          id: 24,
          name: 'Braided Mooring Line',
          permalink: `${ORIGIN}/product/braided-mooring-line/`,
          price: 2499,
          add_to_cart: { text: 'Select options', description: 'Select options for &ldquo;Braided Mooring Line&rdquo;', rest_url: '' },
          rest_url: `${ORIGIN}${API}/products/24`,
        },
      ]);
      const kit = await product('29?fields=cross_sells,upsells');
      expect(kit.upsells.map((u: { id: number }) => u.id)).toEqual([43]);
      expect(kit.cross_sells.map((u: { id: number }) => u.id)).toEqual([45, 46]);
      expect(kit.cross_sells[0]).toMatchObject({
        price: 349,
        add_to_cart: { text: 'Add to cart', rest_url: `${ORIGIN}${API}/cart/add-item?id=45&quantity=1` },
      });
    });
  });

  describe('field selection', () => {
    it('fields with dots returns only those fields', async () => {
      expect(await product('10?fields=id,prices.price')).toEqual({ id: 10, prices: { price: 1299 } });
      expect(await product('10?fields=stock.stock_status,name')).toEqual({ name: 'Stainless Steel Snap Shackle', stock: { stock_status: 'instock' } });
    });

    it('fields with the colon syntax', async () => {
      expect(await product('11?fields=prices:price-regular_price')).toEqual({ prices: { price: 9900, regular_price: 12900 } });
      expect(await product('11?fields=id,stock:stock_status-is_in_stock')).toEqual({ id: 11, stock: { is_in_stock: true, stock_status: 'instock' } });
    });

    it('a whole object when its parent is listed', async () => {
      const p = await product('10?fields=hidden_conditions');
      expect(Object.keys(p)).toEqual(['hidden_conditions']);
      expect(Object.keys(p.hidden_conditions)).toHaveLength(6);
    });

    it('exclude_fields drops fields, nested ones too', async () => {
      const p = await product('10?exclude_fields=prices,_links,related');
      expect(Object.keys(p)).toEqual(PRODUCT_KEYS.filter((k) => !['prices', '_links', 'related'].includes(k)));
      const q = await product('10?exclude_fields=prices.currency,prices.date_on_sale&fields=prices');
      expect(Object.keys(q.prices)).toEqual(['price', 'regular_price', 'sale_price', 'price_range', 'on_sale']);
    });

    it('response=quick_browse has exactly its preset keys', async () => {
      const p = await product('11?response=quick_browse');
      expect(Object.keys(p)).toEqual(['id', 'parent_id', 'name', 'type', 'permalink', 'short_description', 'featured', 'prices', 'images', 'external_url', 'add_to_cart']);
    });

    it('response=quick_view has exactly its preset keys', async () => {
      const p = await product('11?response=quick_view');
      expect(Object.keys(p)).toEqual([
        'id', 'parent_id', 'name', 'type', 'permalink', 'short_description', 'featured', 'prices', 'images', 'attributes',
        'default_attributes', 'variations', 'stock', 'external_url', 'add_to_cart',
      ]);
      expect(p.variations).toHaveLength(12);
    });

    it('fields wins over a preset; an unknown preset is refused', async () => {
      expect(await product('10?response=quick_view&fields=id')).toEqual({ id: 10 });
      const { res, body } = await get('10?response=everything');
      expect(res.statusCode).toBe(400);
      expect(body.code).toBe('rest_invalid_param');
      expect(Object.keys(body.data.params)).toEqual(['response']);
    });
  });
});

describe.each(DATABASES)('GET /products/{id} with store changes (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
    const snapshot = app.runtime.catalog.current();
    const radio = snapshot.products.get(35)!;
    await saveProduct(app.runtime.database.db, {
      ...radio,
      metaData: [
        ...radio.metaData,
        { id: 9001, key: 'support_contact', value: 'radio-support@example.com' },
        { id: 9002, key: 'manual_url', value: 'https://example.com/manuals/vhf.pdf' },
      ],
    });
    await app.runtime.catalog.changed();
    const settings = app.runtime.settings.get();
    await app.runtime.settings.save({ ...settings, store: { ...settings.store, hide_out_of_stock_items: true } });
  });
  afterAll(() => app.close());

  it('meta_data hides values that are e-mail addresses', async () => {
    const p = (await app.inject({ method: 'GET', url: `${API}/products/35?fields=meta_data` })).json();
    expect(p.meta_data.map((m: { key: string }) => m.key)).toEqual(['battery_life', 'manual_url']);
  });

  it('embedded variations leave out-of-stock ones out when the store hides them', async () => {
    const p = (await app.inject({ method: 'GET', url: `${API}/products/11?fields=variations` })).json();
    expect(p.variations.map((v: { id: number }) => v.id)).toEqual([12, 13, 14, 16, 17, 18, 19, 20, 21, 22, 23]);
  });
});
