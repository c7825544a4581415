import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import SwaggerParser from '@apidevtools/swagger-parser';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import type { CartwrightPlugin } from '../../src/runtime.ts';
import { Common } from '../../src/api/cocart-v2/cart-args.ts';
import { routeSchema } from '../../src/api/openapi/route-docs.ts';
import { UpdateCartBody } from '../../src/api/openapi/update-customer.ts';
import { DATABASES, createTestApp } from '../helpers/app.ts';

/**
 * The OpenAPI document at /docs/json is one a client can be generated from: every route declared with
 * defineRoute is in it, with its answers (named schemas in components), headers, security and query
 * options where a client sends them; it is valid OpenAPI 3.1; the bodies the server sends match it;
 * documenting them changed no byte of them; and TypeScript types generated from it type-check a small
 * storefront client (and refuse a wrong one), which then runs against the server.
 */

/** Every route declared through defineRoute, as the route files declare it. */
const declared = vi.hoisted(() => [] as { methods: string[]; url: string }[]);
vi.mock('../../src/api/route.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/api/route.ts')>();
  return {
    ...original,
    defineRoute: ((app, spec) => {
      declared.push({ methods: [spec.method].flat(), url: spec.url });
      return original.defineRoute(app, spec);
    }) as typeof original.defineRoute,
  };
});

type Json = Record<string, any>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const CART_OPTIONS = Object.keys(Common);

/** Fastify's `/a/:id(^\\d+$)/b` as the document writes it: `/wp-json/a/{id}/b`. */
function documentPath(url: string): string {
  return `/wp-json${url}`.replace(/:(\w+)(\([^/]*\))?/g, '{$1}');
}

function operations(doc: Json): { path: string; method: string; op: Json }[] {
  return Object.entries(doc.paths as Json).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] as Json })),
  );
}

const isCartPath = (path: string) => /^\/wp-json\/cocart\/v2\/cart(\/|$)/.test(path) || path === '/wp-json/cocart/batch' || path === '/wp-json/batch/v1';

/** A schema with its `$ref`s, `allOf`, `anyOf` and `oneOf` followed: every property name it can have. */
function propertyNames(doc: Json, schema: Json | undefined, seen = new Set<Json>()): string[] {
  if (!schema || seen.has(schema)) return [];
  seen.add(schema);
  if (schema.$ref) return propertyNames(doc, doc.components.schemas[String(schema.$ref).split('/').pop()!], seen);
  const nested = [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])] as Json[];
  return [...Object.keys(schema.properties ?? {}), ...nested.flatMap((s) => propertyNames(doc, s, seen))];
}

/** A plugin that changes bodies only for requests carrying `x-openapi-test: plugin`. */
const marked = (req: { headers: Readonly<Record<string, unknown>> } | undefined) => req?.headers['x-openapi-test'] === 'plugin';
const plugin: CartwrightPlugin = {
  name: 'openapi-test',
  register({ hooks }) {
    hooks.addFilter('cartwright_cart_vary', (vary, req) => `${vary}|${String(req.headers['x-openapi-test'] ?? '')}`);
    hooks.addFilter('cocart_cart', (response, req) => {
      if (!marked(req)) return response;
      const items = Array.isArray(response.items) ? response.items.map((i) => ({ ...(i as Json), x_badge: { text: 'New', rank: 1 } })) : response.items;
      // Fields no schema knows, and known fields with values of another type than documented.
      return { ...response, items, x_loyalty: { points: 12, tiers: ['gold', 3, null] }, item_count: 'two items', needs_payment: 'yes' };
    });
    hooks.addFilter('cocart_prepare_product_object_v2', (product, _p, req) =>
      marked(req) ? { ...product, x_rating_source: 'plugin', featured: 'sometimes', id: String(product.id) } : product,
    );
  },
};

describe.each(DATABASES)('OpenAPI document (%s)', (kind) => {
  let app: FastifyInstance;
  let doc: Json;
  /** What handlers returned for requests marked for the plugin, before serialization. */
  const returned: unknown[] = [];

  beforeAll(async () => {
    declared.length = 0;
    app = await createTestApp(kind, { plugins: [plugin] });
    app.addHook('preSerialization', async (req, _reply, payload) => {
      if (marked(req)) returned.push(payload);
      return payload;
    });
    await app.ready();
    const res = await app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    doc = res.json();
  });
  afterAll(() => app.close());

  it('lists every route declared with defineRoute, and nothing else', () => {
    const expected = declared.flatMap(({ methods, url }) => methods.map((m) => `${m.toLowerCase()} ${documentPath(url)}`)).sort();
    const listed = operations(doc).map(({ method, path }) => `${method} ${path}`).sort();
    expect(expected.length).toBeGreaterThan(150);
    expect(listed).toEqual(expected);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
  });

  it('names its response schemas in components, and refers to them', () => {
    const names = Object.keys(doc.components.schemas);
    for (const name of ['Error', 'Money', 'Cart', 'CartItem', 'CartTotals', 'Product', 'ProductList', 'Session', 'SessionList', 'StoreIndex', 'LoginAnswer', 'UpdateCustomer']) {
      expect(names).toContain(name);
    }
    expect(names.filter((n) => n.startsWith('def-'))).toEqual([]);
    const answer = (path: string, method = 'get', status = '200') => doc.paths[path][method].responses[status].content['application/json'].schema;
    expect(answer('/wp-json/cocart/v2/cart')).toEqual({ $ref: '#/components/schemas/Cart' });
    expect(answer('/wp-json/cocart/v2/cart/add-item', 'post').anyOf ?? [answer('/wp-json/cocart/v2/cart/add-item', 'post')]).toContainEqual({ $ref: '#/components/schemas/Cart' });
    expect(answer('/wp-json/cocart/v2/products')).toEqual({ $ref: '#/components/schemas/ProductList' });
    expect(answer('/wp-json/cocart/v2/products/{id}')).toEqual({ $ref: '#/components/schemas/Product' });
    expect(answer('/wp-json/cocart/v2/store')).toEqual({ $ref: '#/components/schemas/StoreIndex' });
    expect(answer('/wp-json/cocart/v2/login', 'post')).toEqual({ $ref: '#/components/schemas/LoginAnswer' });
    expect(answer('/wp-json/cocart/v2/session/{session_key}')).toEqual({ $ref: '#/components/schemas/Session' });
    expect(answer('/wp-json/cocart/v2/products/reviews', 'post', '201')).toEqual({ $ref: '#/components/schemas/ProductReview' });
  });

  it('gives every operation an answer and the Error envelope for 4XX and 5XX', () => {
    for (const { path, method, op } of operations(doc)) {
      const statuses = Object.keys(op.responses);
      expect(statuses.some((s) => s.startsWith('2')), `${method} ${path}`).toBe(true);
      expect(op.responses['4XX']?.content['application/json'].schema, `${method} ${path}`).toEqual({ $ref: '#/components/schemas/Error' });
      expect(op.responses['5XX']?.content['application/json'].schema, `${method} ${path}`).toEqual({ $ref: '#/components/schemas/Error' });
    }
  });

  it('declares Basic and Bearer authentication: optional for storefront routes, required for the administrative ones', () => {
    expect(doc.components.securitySchemes).toEqual({
      basicAuth: expect.objectContaining({ type: 'http', scheme: 'basic' }),
      bearerAuth: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
    });
    for (const { path, method, op } of operations(doc)) {
      const authenticated = /^\/wp-json\/(wc\/v3|cartwright\/v1|cocart\/settings)\/|^\/wp-json\/cocart\/v2\/sessions?(\/|$)|^\/wp-json\/cocart\/(v2\/login|jwt\/validate-token)$|^\/wp-json\/cocart\/v2\/my-account(\/|$)/.test(path);
      const anonymous = op.security.some((s: Json) => Object.keys(s).length === 0);
      expect(anonymous, `${method} ${path}`).toBe(!authenticated);
    }
    expect(doc.paths['/wp-json/cocart/v2/cart'].get.security).toEqual([{}, { basicAuth: [] }, { bearerAuth: [] }]);
    expect(doc.paths['/wp-json/wc/v3/products'].get.security).toEqual([{ basicAuth: [] }, { bearerAuth: [] }]);
    expect(doc.paths['/wp-json/cocart/jwt/validate-token'].post.security).toEqual([{ bearerAuth: [] }]);
  });

  it('declares the cart headers: the cart key on every cart route, Idempotency-Key and If-Match on cart writes and batches', () => {
    let writes = 0;
    for (const { path, method, op } of operations(doc).filter((o) => isCartPath(o.path))) {
      const headers = (op.parameters ?? []).filter((p: Json) => p.in === 'header').map((p: Json) => p.name);
      expect(headers, `${method} ${path}`).toContain('CoCart-API-Cart-Key');
      if (method !== 'get') {
        writes++;
        expect(headers, `${method} ${path}`).toEqual(expect.arrayContaining(['Idempotency-Key', 'If-Match']));
      }
      for (const [status, response] of Object.entries(op.responses as Json)) {
        if (!status.startsWith('2')) continue;
        expect(Object.keys(response.headers ?? {}), `${method} ${path} ${status}`).toEqual(
          expect.arrayContaining(['CoCart-API-Cart-Key', 'CoCart-API-Cart-Expiring', 'CoCart-API-Cart-Expiration']),
        );
      }
    }
    expect(writes).toBeGreaterThan(15);
    const batch = doc.paths['/wp-json/cocart/batch'].post.parameters.map((p: Json) => p.name);
    expect(batch).toEqual(expect.arrayContaining(['Idempotency-Key', 'If-Match', 'CoCart-API-Cart-Key']));
  });

  it('shows the cart options as query parameters, never as body fields (cart_key in a JSON body is ignored)', () => {
    let withBody = 0;
    for (const { path, method, op } of operations(doc)) {
      const body = op.requestBody?.content?.['application/json']?.schema;
      expect(propertyNames(doc, body), `${method} ${path}`).not.toContain('cart_key');
      if (!isCartPath(path)) continue;
      for (const option of CART_OPTIONS) expect(propertyNames(doc, body), `${method} ${path}`).not.toContain(option);
      if (body) withBody++;
    }
    expect(withBody).toBeGreaterThan(5);
    const addItem = doc.paths['/wp-json/cocart/v2/cart/add-item'].post;
    const query = addItem.parameters.filter((p: Json) => p.in === 'query').map((p: Json) => p.name);
    expect(query).toEqual(expect.arrayContaining(CART_OPTIONS));
    expect(addItem.parameters.find((p: Json) => p.name === 'config')).toMatchObject({ in: 'query', style: 'deepObject', explode: true });
    expect(addItem.requestBody).toMatchObject({ required: true });
    expect(addItem.requestBody.content['application/json'].schema.required).toEqual(['id']);
    expect(doc.paths['/wp-json/cocart/v2/cart/clear'].post.requestBody.required).toBe(false);
    // A GET keeps every argument in the query string.
    const getCart = doc.paths['/wp-json/cocart/v2/cart'].get;
    expect(getCart.requestBody).toBeUndefined();
    expect(getCart.parameters.filter((p: Json) => p.in === 'query').map((p: Json) => p.name)).toEqual(expect.arrayContaining(CART_OPTIONS));
  });

  it('documents the update-customer fields, for the update route to use as its body', () => {
    const fields = Object.keys(doc.components.schemas.UpdateCustomer.properties);
    for (const name of ['first_name', 'last_name', 'email', 'phone', 'company', 'address_1', 'address_2', 'city', 'state', 'country', 'postcode', 'ship_to_different_address']) {
      expect(fields).toContain(name);
    }
    for (const name of ['s_first_name', 's_last_name', 's_company', 's_address_1', 's_address_2', 's_city', 's_state', 's_country', 's_postcode', 's_phone']) {
      expect(fields).toContain(name);
    }
    // As the route will declare it (`body: UpdateCartBody`): its own body, the cart options still in the query.
    const schema = routeSchema({
      methods: ['POST'],
      url: '/cocart/v2/cart/update',
      summary: 'update',
      tags: [],
      args: { type: 'object', properties: { namespace: {}, ...Common } } as never,
      body: UpdateCartBody,
    });
    expect(schema.body).toBe(UpdateCartBody);
    expect(Object.keys((schema.querystring as Json).properties)).toEqual(CART_OPTIONS);
  });

  describe('the bodies the server sends', () => {
    let key = '';
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    const check = (name: string, body: unknown) => {
      const validate = ajv.getSchema(`doc#/components/schemas/${name}`) ?? ajv.compile({ $ref: `doc#/components/schemas/${name}` });
      const valid = validate(body);
      expect(validate.errors ?? [], `${name}: ${JSON.stringify(validate.errors?.slice(0, 3))}`).toEqual([]);
      expect(valid).toBe(true);
    };
    const get = async (url: string, headers: Record<string, string> = {}) => {
      const res = await app.inject({ url, headers: { 'cocart-api-cart-key': key, ...headers } });
      expect(res.statusCode, url).toBe(200);
      return res.json();
    };

    beforeAll(async () => {
      ajv.addSchema({ $id: 'doc', components: doc.components });
      const res = await app.inject({ method: 'POST', url: '/wp-json/cocart/v2/cart/add-item', payload: { id: '40', quantity: 2 } });
      expect(res.statusCode).toBe(200);
      key = String(res.headers['cocart-api-cart-key']);
    });

    it('match their schemas: cart, items, totals, products, store, errors', async () => {
      check('Cart', await get('/wp-json/cocart/v2/cart'));
      check('Cart', await get('/wp-json/cocart/v2/cart?prices=formatted'));
      check('Cart', await get('/wp-json/cocart/v2/cart?fields=items,totals.total'));
      check('CartItems', await get('/wp-json/cocart/v2/cart/items'));
      check('CartTotals', await get('/wp-json/cocart/v2/cart/totals'));
      check('CartLegacyTotals', await get('/wp-json/cocart/v2/cart/totals?html=true'));
      check('CartShipping', await get('/wp-json/cocart/v2/cart/shipping-methods'));
      check('CartFees', await get('/wp-json/cocart/v2/cart/fees'));
      const list = await get('/wp-json/cocart/v2/products?per_page=100');
      check('ProductList', list);
      for (const type of ['simple', 'variable', 'grouped', 'external']) {
        const product = list.products.find((p: Json) => p.type === type);
        check('Product', await get(`/wp-json/cocart/v2/products/${product.id}`));
        if (type === 'variable') for (const v of await get(`/wp-json/cocart/v2/products/${product.id}/variations`)) check('Product', v);
      }
      for (const c of await get('/wp-json/cocart/v2/products/categories')) check('ProductCategory', c);
      for (const t of await get('/wp-json/cocart/v2/products/tags')) check('ProductTag', t);
      for (const a of await get('/wp-json/cocart/v2/products/attributes')) check('ProductAttribute', a);
      check('StoreIndex', await get('/wp-json/cocart/v2/store'));
      const error = await app.inject({ url: '/wp-json/cocart/v2/products/999999' });
      expect(error.statusCode).toBe(404);
      check('Error', error.json());
      const invalid = await app.inject({ url: '/wp-json/cocart/v2/products?per_page=0' });
      expect(invalid.statusCode).toBe(400);
      check('Error', invalid.json());
    });

    it('are sent exactly as JSON.stringify writes them, plugin fields and off-schema values included', async () => {
      // Without a response schema Fastify sends JSON.stringify(payload); the payload a handler returned is
      // caught before serialization (preSerialization hook) and compared with the bytes sent.
      returned.length = 0;
      const headers = { 'x-openapi-test': 'plugin', 'cocart-api-cart-key': key };
      const write = await app.inject({ method: 'POST', url: '/wp-json/cocart/v2/cart/calculate', headers });
      const product = await app.inject({ url: '/wp-json/cocart/v2/products/40?openapi_test=plugin', headers });
      const missing = await app.inject({ url: '/wp-json/cocart/v2/products/999999?openapi_test=plugin', headers });
      expect([write.statusCode, product.statusCode, missing.statusCode]).toEqual([200, 200, 404]);
      expect(returned).toHaveLength(3);
      expect(write.body).toBe(JSON.stringify(returned[0]));
      expect(product.body).toBe(JSON.stringify(returned[1]));
      expect(missing.body).toBe(JSON.stringify(returned[2]));
      // What a schema-driven serializer would have dropped or coerced is there as the plugin made it.
      const cart = write.json();
      expect(cart).toMatchObject({ x_loyalty: { points: 12, tiers: ['gold', 3, null] }, item_count: 'two items', needs_payment: 'yes' });
      expect(cart.items[0].x_badge).toEqual({ text: 'New', rank: 1 });
      expect(product.json()).toMatchObject({ id: '40', featured: 'sometimes', x_rating_source: 'plugin' });
      expect(write.body).toContain('"item_count":"two items"');
    });
  });
});

/** What the test uses of test/fixtures/storefront-client/client.ts. */
type Transport = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<{ status: number; headers: { get(name: string): string | null }; json(): Promise<unknown> }>;
interface StorefrontModule {
  StorefrontClient: new (base: string, transport: Transport) => { cartKey: string | null };
  describeCart(client: { cartKey: string | null }, productId: string, quantity: number): Promise<string>;
  failure(error: { code: string; message: string; data: { status: number } }): string;
}

describe('TypeScript types generated from the document', () => {
  let app: FastifyInstance;
  let dir: string;
  let diagnostics: Map<string, string[]>;

  beforeAll(async () => {
    app = await createTestApp('sqlite');
    const doc = (await app.inject({ url: '/docs/json' })).json();
    dir = mkdtempSync(join(tmpdir(), 'cw-openapi-'));
    writeFileSync(join(dir, 'api-types.ts'), astToString(await openapiTS(doc)));
    writeFileSync(join(dir, 'client.ts'), readFileSync(new URL('../fixtures/storefront-client/client.ts', import.meta.url), 'utf8'));
    // A deliberate mistake: a property the Cart does not have must not compile.
    writeFileSync(
      join(dir, 'wrong.ts'),
      [
        "import type { Cart } from './client.ts';",
        'export const name = (cart: Cart) => cart.items?.[0]?.nmae;',
        'export const total = (cart: Cart) => cart.totals?.grand_total;',
      ].join('\n'),
    );
    const program = ts.createProgram([join(dir, 'client.ts'), join(dir, 'wrong.ts')], {
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      allowImportingTsExtensions: true,
      lib: ['lib.es2022.d.ts'],
      types: [],
      skipLibCheck: true,
    });
    diagnostics = new Map();
    for (const d of ts.getPreEmitDiagnostics(program)) {
      const file = d.file ? d.file.fileName.split('/').pop()! : '(global)';
      diagnostics.set(file, [...(diagnostics.get(file) ?? []), ts.flattenDiagnosticMessageText(d.messageText, '\n')]);
    }
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('type-check the storefront client', () => {
    expect(diagnostics.get('client.ts') ?? []).toEqual([]);
    expect(diagnostics.get('api-types.ts') ?? []).toEqual([]);
    expect(diagnostics.get('(global)') ?? []).toEqual([]);
  });

  it('refuse a property the document does not have', () => {
    const errors = diagnostics.get('wrong.ts') ?? [];
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(/nmae/);
    expect(errors[1]).toMatch(/grand_total/);
  });

  it('describe what the server answers: the client runs against it', async () => {
    // The copy that was type-checked against the generated types (the fixture is outside the project's type check).
    const { StorefrontClient, describeCart, failure } = (await import(pathToFileURL(join(dir, 'client.ts')).href)) as StorefrontModule;
    const transport: Transport = async (url, init) => {
      const res = await app.inject({ url, method: init.method as 'GET', headers: init.headers, payload: init.body });
      return {
        status: res.statusCode,
        headers: { get: (name: string) => (res.headers[name.toLowerCase()] as string | undefined) ?? null },
        json: async () => res.json(),
      };
    };
    const client = new StorefrontClient('', transport);
    expect(await describeCart(client, '40', 2)).toBe('Solent Tide Tables (PDF) × 2 (GBP), total 998');
    expect(client.cartKey).toMatch(/^\w+$/);
    expect(await describeCart(client, '40', 1)).toBe('Solent Tide Tables (PDF) × 3 (GBP), total 1497');
    expect(await describeCart(new StorefrontClient('', transport), '999999', 1)).toBe('404 cocart_product_invalid_id: Invalid ID.');
    expect(failure({ code: 'x', message: 'y', data: { status: 400 } })).toBe('400 x: y');
  });
});
