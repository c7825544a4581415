import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES, createTestApp } from '../../helpers/app.ts';
import { API } from '../../helpers/api.ts';
import { call, newCart, ok } from './helpers.ts';

/**
 * Conditional GETs as CoCart 4.9 answers them (docs/wire-contract.md#if-match-and-etag): an ETag on cart
 * and product answers, 304 for a GET whose If-None-Match names it, `CoCart-Cache: HIT|MISS|SKIP`, and
 * `_skip_cache` to bypass all of it.
 */
describe.each(DATABASES)('ETag, If-None-Match and CoCart-Cache (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  describe('cart', () => {
    it('GET /cart: MISS with an ETag, then 304 HIT with no body while the cart is unchanged, then MISS again after a write', async () => {
      const { key } = await newCart(app);
      const first = await call(app, { url: '/cart', key });
      expect(first.res.headers['cocart-cache']).toBe('MISS');
      const etag = first.res.headers.etag as string;
      expect(etag).toMatch(/^".+"$/);

      const again = await call(app, { url: '/cart', key, headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      expect(again.res.body).toBe('');
      expect(again.res.headers['cocart-cache']).toBe('HIT');
      expect(again.res.headers.etag).toBe(etag);
      expect(again.res.headers['cocart-api-cart-key']).toBe(key);

      // A weak form of the tag, or the tag inside a list, matches too (weak comparison).
      expect((await call(app, { url: '/cart', key, headers: { 'if-none-match': `"other", W/${etag}` } })).status).toBe(304);

      ok(await call(app, { method: 'POST', url: '/cart/add-item', key, body: { id: '30' } }));
      const changed = await call(app, { url: '/cart', key, headers: { 'if-none-match': etag } });
      expect(changed.status).toBe(200);
      expect(changed.res.headers['cocart-cache']).toBe('MISS');
      expect(changed.res.headers.etag).not.toBe(etag);
    });

    it('items, items/count, totals and one item have ETags of their own and answer 304 too', async () => {
      const { key, cart } = await newCart(app);
      const itemKey = cart.items[0].item_key as string;
      const tags = new Set<string>();
      for (const url of ['/cart/items', '/cart/items/count', '/cart/totals', `/cart/item/${itemKey}`]) {
        const first = await call(app, { url, key });
        expect(first.status, url).toBe(200);
        expect(first.res.headers['cocart-cache'], url).toBe('MISS');
        const etag = first.res.headers.etag as string;
        tags.add(etag);
        const again = await call(app, { url, key, headers: { 'if-none-match': etag } });
        expect(again.status, url).toBe(304);
        expect(again.res.headers['cocart-cache'], url).toBe('HIT');
      }
      expect(tags.size).toBe(4);
    });

    it('a write answers with the ETag of the cart it left, and is never a 304', async () => {
      const { key } = await newCart(app);
      const etag = (await call(app, { url: '/cart', key })).res.headers.etag as string;
      const write = await call(app, { method: 'POST', url: '/cart/calculate', key, headers: { 'if-none-match': etag } });
      expect(write.status).toBe(200);
      expect(write.res.headers.etag).toMatch(/^".+"$/);
    });

    it('an answer that shows notices is never 304, even asked with its own ETag', async () => {
      const added = await call(app, { method: 'POST', url: '/cart/add-item', body: { id: '10' } });
      expect(added.body.notices.success).toHaveLength(1);
      expect(added.res.headers['cocart-cache']).toBe('MISS');
    });

    it('_skip_cache=true (or 1): the full answer, no ETag, CoCart-Cache: SKIP', async () => {
      const { key } = await newCart(app);
      const etag = (await call(app, { url: '/cart', key })).res.headers.etag as string;
      for (const flag of ['true', '1']) {
        const r = await call(app, { url: `/cart?_skip_cache=${flag}`, key, headers: { 'if-none-match': etag } });
        expect(r.status).toBe(200);
        expect(r.body.items).toHaveLength(1);
        expect(r.res.headers['cocart-cache']).toBe('SKIP');
        expect(r.res.headers.etag).toBeUndefined();
      }
      const notSkipped = await call(app, { url: '/cart?_skip_cache=0', key });
      expect(notSkipped.res.headers['cocart-cache']).toBe('MISS');
      expect(notSkipped.res.headers.etag).toMatch(/^".+"$/);
    });

    it('CORS lets a browser read CoCart-Cache and send If-None-Match', async () => {
      const pre = await app.inject({
        method: 'OPTIONS',
        url: `${API}/cart`,
        headers: { origin: 'https://shop.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
      });
      expect(String(pre.headers['access-control-allow-headers'])).toContain('If-None-Match');
      const r = await app.inject({ url: `${API}/cart`, headers: { origin: 'https://shop.example' } });
      expect(String(r.headers['access-control-expose-headers'])).toMatch(/ETag.*CoCart-Cache/);
    });
  });

  describe('products', () => {
    const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url: `${API}${url}`, headers });

    it.each(['/products?per_page=5', '/products/10', '/products/11/variations', '/products/categories', '/products/reviews?product=35'])(
      '%s: a weak ETag, MISS, then 304 HIT (from the response cache, gzip or not)',
      async (url) => {
        const first = await get(url);
        expect(first.statusCode).toBe(200);
        expect(first.headers['cocart-cache']).toBe('MISS');
        const etag = first.headers.etag as string;
        expect(etag).toMatch(/^W\/"[0-9a-f]{32}"$/);
        const cached = await get(url);
        expect(cached.headers.etag).toBe(etag);
        for (const encoding of ['identity', 'gzip']) {
          const again = await get(url, { 'if-none-match': etag, 'accept-encoding': encoding });
          expect(again.statusCode).toBe(304);
          expect(again.body).toBe('');
          expect(again.headers['cocart-cache']).toBe('HIT');
          expect(again.headers['content-encoding']).toBeUndefined();
        }
      },
    );

    it('another representation has another ETag', async () => {
      const a = (await get('/products/10')).headers.etag;
      const b = (await get('/products/10?prices=formatted')).headers.etag;
      expect(a).not.toBe(b);
      expect((await get('/products/10?prices=formatted', { 'if-none-match': a as string })).statusCode).toBe(200);
    });

    it('_skip_cache=1: the full answer, no ETag, CoCart-Cache: SKIP', async () => {
      const etag = (await get('/products/10')).headers.etag as string;
      const r = await get('/products/10?_skip_cache=1', { 'if-none-match': etag });
      expect(r.statusCode).toBe(200);
      expect(r.json().id).toBe(10);
      expect(r.headers['cocart-cache']).toBe('SKIP');
      expect(r.headers.etag).toBeUndefined();
    });

    it('an error carries no ETag and is never a 304', async () => {
      const r = await get('/products/999', { 'if-none-match': '*' });
      expect(r.statusCode).toBe(404);
      expect(r.headers.etag).toBeUndefined();
    });
  });
});
