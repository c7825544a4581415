import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { API } from '../helpers/api.ts';
import { DATABASES, createTestApp } from '../helpers/app.ts';

/**
 * How requests reach routes and what every response carries (docs/wire-contract.md#transport, #response-headers, #cors):
 * `?rest_route=`, bodies, bracket queries, booleans, method override, headers, caching, CORS, languages, docs.
 */

const NO_ROUTE_EN = 'No route was found matching the URL and request method.';
const NO_ROUTE_FR = "Aucune route ne correspond à l'URL et à la méthode de la requête.";

describe.each(DATABASES)('HTTP transport (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

  describe('routing', () => {
    it('/?rest_route= answers like /wp-json', async () => {
      const viaPath = await get(`${API}/products/10`);
      const viaQuery = await get('/?rest_route=/cocart/v2/products/10');
      expect(viaQuery.statusCode).toBe(200);
      expect(viaQuery.json()).toEqual(viaPath.json());
    });

    it('/?rest_route= keeps the other query parameters', async () => {
      const res = await get('/?rest_route=/cocart/v2/products/10&fields=id,name');
      expect(res.json()).toEqual({ id: 10, name: 'Stainless Steel Snap Shackle' });
      const list = await get('/index.php?rest_route=%2Fcocart%2Fv2%2Fproducts&per_page=2&fields=id&orderby=id&order=asc');
      expect(list.statusCode).toBe(200);
      expect(list.json().products).toEqual([{ id: 10 }, { id: 11 }]);
      expect(list.headers['x-wp-total']).toBe('30');
    });

    it('an unknown route → 404 rest_no_route as JSON', async () => {
      for (const [method, url] of [['GET', `${API}/nothing-here`], ['GET', '/wp-json/nope'], ['PUT', `${API}/products`], ['GET', '/?rest_route=/cocart/v2/nope']] as const) {
        const res = await app.inject({ method, url });
        expect(res.statusCode, url).toBe(404);
        expect(res.headers['content-type'], url).toMatch(/^application\/json/);
        expect(res.json(), url).toEqual({ code: 'rest_no_route', message: NO_ROUTE_EN, data: { status: 404 } });
      }
    });

    it('tolerates a trailing slash', async () => {
      const res = await get(`${API}/products/10/?fields=id`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ id: 10 });
      const list = await get(`${API}/products/?fields=id&per_page=1`);
      expect(list.statusCode).toBe(200);
      expect(list.json().total_products).toBe(30);
    });

    it('matches routes case-insensitively', async () => {
      const res = await get('/wp-json/CoCart/V2/Products/10?fields=id');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ id: 10 });
    });
  });

  describe('bodies', () => {
    const reviews = `${API}/products/reviews`;

    it('malformed JSON → 400 rest_invalid_json', async () => {
      const res = await app.inject({ method: 'POST', url: reviews, headers: { 'content-type': 'application/json' }, payload: '{"product_id": 10,' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'rest_invalid_json', data: { status: 400 } });
    });

    it('an empty JSON body means no parameters', async () => {
      const res = await app.inject({ method: 'POST', url: reviews, headers: { 'content-type': 'application/json' }, payload: '' });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('rest_missing_callback_param');
    });

    it('accepts a form-urlencoded body', async () => {
      const res = await app.inject({
        method: 'POST',
        url: reviews,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'product_id=35&review=Loud+and+clear%21&reviewer=Form+Poster&reviewer_email=form.poster%40example.test&rating=5',
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ product_id: 35, review: '<p>Loud and clear!</p>\n', reviewer: 'Form Poster', rating: 5, status: 'hold' });
    });

    it('takes parameters from the query string on POST too, the body winning', async () => {
      const res = await app.inject({
        method: 'POST',
        url: `${reviews}?product_id=999&reviewer=Query+Poster`,
        payload: { product_id: 10, review: 'Body and query.', reviewer_email: 'query.poster@example.test' },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ product_id: 10, reviewer: 'Query Poster' });
    });
  });

  describe('query parameters', () => {
    it('parses PHP bracket arrays', async () => {
      const res = await get(`${API}/products?include[]=10&include[]=29&fields=id&orderby=include`);
      expect(res.json().products).toEqual([{ id: 10 }, { id: 29 }]);
      const indexed = await get(`${API}/products?include[0]=36&include[1]=10&fields=id&orderby=include`);
      expect(indexed.json().products).toEqual([{ id: 36 }, { id: 10 }]);
    });

    it('parses PHP bracket objects (config[prices]=preformatted)', async () => {
      const res = await get(`${API}/products/10?config[prices]=preformatted&fields=prices.price`);
      expect(res.json()).toEqual({ prices: { price: '£12.99' } });
      const encoded = await get(`${API}/products/10?config%5Bprices%5D=preformatted&fields=prices.price`);
      expect(encoded.json()).toEqual({ prices: { price: '£12.99' } });
    });

    it.each(['true', 'yes', '1', 'TRUE'])('boolean %s is true', async (value) => {
      const res = await get(`${API}/products?featured=${value}&fields=id`);
      expect(res.statusCode).toBe(200);
      expect(res.json().total_products).toBe(4);
    });

    it.each(['false', 'no', '0'])('boolean %s is false', async (value) => {
      const res = await get(`${API}/products?featured=${value}&fields=id`);
      expect(res.json().total_products).toBe(26);
    });

    it('a boolean that is not one refuses with rest_invalid_param', async () => {
      const res = await get(`${API}/products?featured=maybe`);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'rest_invalid_param', data: { params: { featured: expect.any(String) } } });
    });

    it('unknown parameters are ignored', async () => {
      const res = await get(`${API}/products/10?fields=id&no_such_param=1&another[deep]=x`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ id: 10 });
    });
  });

  describe('method override', () => {
    it('_method=GET on a POST reaches the GET route', async () => {
      const plain = await app.inject({ method: 'POST', url: `${API}/products/10?fields=id` });
      expect(plain.statusCode).toBe(404);
      expect(plain.json().code).toBe('rest_no_route');
      const overridden = await app.inject({ method: 'POST', url: `${API}/products/10?fields=id&_method=GET` });
      expect(overridden.statusCode).toBe(200);
      expect(overridden.json()).toEqual({ id: 10 });
    });

    it('_method=DELETE and X-HTTP-Method-Override: DELETE route the POST as a DELETE', async () => {
      const payload = { product_id: 10 };
      // The reviews route has POST: a plain POST reaches it and fails validation…
      const plain = await app.inject({ method: 'POST', url: `${API}/products/reviews`, payload });
      expect(plain.json().code).toBe('rest_missing_callback_param');
      // …while as DELETE there is no such route.
      const query = await app.inject({ method: 'POST', url: `${API}/products/reviews?_method=DELETE`, payload });
      expect(query.statusCode).toBe(404);
      expect(query.json().code).toBe('rest_no_route');
      const header = await app.inject({ method: 'POST', url: `${API}/products/reviews`, payload, headers: { 'x-http-method-override': 'DELETE' } });
      expect(header.statusCode).toBe(404);
      expect(header.json().code).toBe('rest_no_route');
    });
  });

  describe('response headers', () => {
    it('CoCart-Timestamp, CoCart-Version and nosniff on successes and errors', async () => {
      for (const url of [`${API}/products/10?fields=id`, `${API}/store`, `${API}/products/999`, `${API}/no-route`]) {
        const res = await get(url);
        const stamp = Number(res.headers['cocart-timestamp']);
        expect(Number.isInteger(stamp), url).toBe(true);
        expect(Math.abs(stamp - Date.now() / 1000), url).toBeLessThan(60);
        expect(res.headers['cocart-version'], url).toMatch(/^\d+\.\d+\.\d+/);
        expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      }
    });

    it("security headers (helmet) on every answer, readable cross-origin by storefronts; the dashboard keeps its own policy", async () => {
      for (const url of [`${API}/store`, `${API}/no-route`, '/health', '/assets/placeholder.svg', '/admin']) {
        const res = await get(url);
        expect(res.headers['x-content-type-options'], url).toBe('nosniff');
        expect(res.headers['x-frame-options'], url).toBe('SAMEORIGIN');
        expect(res.headers['strict-transport-security'], url).toMatch(/^max-age=\d+/);
        expect(res.headers['referrer-policy'], url).toBeDefined();
        expect(res.headers['cross-origin-resource-policy'], url).toBe('cross-origin');
        expect(res.headers['x-powered-by'], url).toBeUndefined();
      }
      expect((await get(`${API}/store`)).headers['content-security-policy']).toBeUndefined();
    });

    it('JSON responses are application/json; charset=utf-8', async () => {
      expect((await get(`${API}/products/10?fields=id`)).headers['content-type']).toMatch(/^application\/json; charset=utf-8$/i);
    });
  });

  describe('caching', () => {
    it('Products routes are cacheable: no no-store Cache-Control', async () => {
      for (const url of [`${API}/products?per_page=1`, `${API}/products/10`, `${API}/products/11/variations`, `${API}/products/categories`, `${API}/products/reviews`]) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(200);
        expect(String(res.headers['cache-control'] ?? ''), url).not.toContain('no-store');
        expect(res.headers.pragma, url).toBeUndefined();
      }
    });

    it('the store route must revalidate', async () => {
      const res = await get(`${API}/store`);
      expect(res.headers['cache-control']).toBe('no-store, no-cache, must-revalidate, max-age=0');
    });

    it('other CoCart paths are not stored, error answers included', async () => {
      const res = await get(`${API}/sessions`);
      expect(res.statusCode).toBe(401);
      expect(res.headers['cache-control']).toBe('no-store, no-cache, must-revalidate');
      expect(res.headers.pragma).toBe('no-cache');
    });
  });

  describe('CORS', () => {
    it('echoes the Origin with credentials and exposes the cart-key header, fresh or cached', async () => {
      // A URL no other test asks for: the first answer is rendered, the second may come from the response cache.
      for (const attempt of ['first', 'second']) {
        const res = await get(`${API}/products/10?fields=id&cors_probe=1`, { origin: 'https://shop.example.test', 'accept-encoding': 'gzip' });
        expect(res.statusCode, attempt).toBe(200);
        expect(res.headers['access-control-allow-origin'], attempt).toBe('https://shop.example.test');
        expect(res.headers['access-control-allow-credentials'], attempt).toBe('true');
        // Products responses may be stored by shared caches, so they must vary on Origin.
        expect(String(res.headers.vary).split(/,\s*/), attempt).toContain('Origin');
        const exposed = String(res.headers['access-control-expose-headers']).toLowerCase().split(/,\s*/);
        const names = ['cocart-api-cart-key', 'cocart-api-cart-expiring', 'cocart-api-cart-expiration', 'x-wp-total', 'x-wp-totalpages', 'link'];
        // Starter v5's names as well.
        for (const h of [...names, 'cart-key', 'cart-expiring', 'cart-expiration', 'timestamp']) {
          expect(exposed, `${attempt}: ${h}`).toContain(h);
        }
        expect(res.json(), attempt).toEqual({ id: 10 });
      }
    });

    it('a preflight asking for CoCart-API-Cart-Key is allowed', async () => {
      const res = await app.inject({
        method: 'OPTIONS',
        url: `${API}/products/reviews`,
        headers: {
          origin: 'https://shop.example.test',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'CoCart-API-Cart-Key, Content-Type',
        },
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(200);
      expect(res.statusCode).toBeLessThan(300);
      expect(res.body).toBe('');
      expect(res.headers['access-control-allow-origin']).toBe('https://shop.example.test');
      expect(res.headers['access-control-allow-credentials']).toBe('true');
      const allowed = String(res.headers['access-control-allow-headers']).toLowerCase().split(/,\s*/);
      expect(allowed).toContain('cocart-api-cart-key');
      expect(allowed).toContain('cart-key');
      expect(allowed).toContain('content-type');
      const methods = String(res.headers['access-control-allow-methods']).split(/,\s*/);
      for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) expect(methods).toContain(m);
      expect(res.headers['access-control-max-age']).toBe('600');
    });

    it('only listed origins are echoed once origins are configured', async () => {
      const settings = app.runtime.settings.get();
      await app.runtime.settings.save({ ...settings, general: { ...settings.general, cors_allowed_origins: ['https://shop.example.test'] } });
      try {
        const allowed = await get(`${API}/products/10?fields=id`, { origin: 'https://SHOP.example.test/' });
        expect(allowed.headers['access-control-allow-origin']).toBe('https://SHOP.example.test/');
        const other = await get(`${API}/products/10?fields=id`, { origin: 'https://evil.example' });
        expect(other.headers['access-control-allow-origin']).toBeUndefined();
      } finally {
        await app.runtime.settings.save(settings);
      }
    });
  });

  describe('languages', () => {
    it('Accept-Language: fr gives the French message; the code stays', async () => {
      const res = await get(`${API}/nothing-here`, { 'accept-language': 'fr' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ code: 'rest_no_route', message: NO_ROUTE_FR, data: { status: 404 } });
      const weighted = await get(`${API}/nothing-here`, { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' });
      expect(weighted.json().message).toBe(NO_ROUTE_FR);
    });

    it('?lang=fr too, and it wins over Accept-Language', async () => {
      expect((await get(`${API}/nothing-here?lang=fr`)).json()).toEqual({ code: 'rest_no_route', message: NO_ROUTE_FR, data: { status: 404 } });
      expect((await get(`${API}/nothing-here?lang=fr`, { 'accept-language': 'en' })).json().message).toBe(NO_ROUTE_FR);
      expect((await get(`${API}/nothing-here?lang=en`, { 'accept-language': 'fr' })).json().message).toBe(NO_ROUTE_EN);
    });

    it('an unsupported language falls back to English', async () => {
      expect((await get(`${API}/nothing-here`, { 'accept-language': 'de-DE' })).json().message).toBe(NO_ROUTE_EN);
    });

    it('validation messages are translated too, parameter names are not', async () => {
      const res = await get(`${API}/products?per_page=0`, { 'accept-language': 'fr' });
      expect(res.json()).toMatchObject({ code: 'rest_invalid_param', message: 'Paramètre(s) invalide(s) : per_page' });
      const product = await get(`${API}/products/10?fields=add_to_cart.text`, { 'accept-language': 'fr' });
      expect(product.json()).toEqual({ add_to_cart: { text: 'Ajouter au panier' } });
    });
  });

  describe('API documentation', () => {
    it('GET /docs serves HTML', async () => {
      const res = await get('/docs');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toMatch(/<html/i);
    });

    it('GET /docs/json is an OpenAPI 3.1 document with the products routes', async () => {
      const res = await get('/docs/json');
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.paths).toHaveProperty(['/wp-json/cocart/v2/products']);
      expect(doc.paths['/wp-json/cocart/v2/products']).toHaveProperty('get');
      expect(doc.paths).toHaveProperty(['/wp-json/cocart/v2/products/{id}']);
      expect(doc.paths).toHaveProperty(['/wp-json/cocart/v2/products/reviews']);
      expect(doc.paths['/wp-json/cocart/v2/products/reviews']).toHaveProperty('post');
      expect(doc.paths).toHaveProperty(['/wp-json/cocart/v2/store']);
    });
  });
});
