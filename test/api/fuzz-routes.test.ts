import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestApp, DATABASES } from '../helpers/app.ts';
import { authHeaders, withStaff } from '../helpers/auth.ts';

/**
 * Every documented route, fed generated input: path parameters, query parameters (its own and made-up
 * ones) and JSON bodies of any shape, as a guest and as an administrator. Whatever comes in, the answer
 * is JSON, and an error is in CoCart's shape with a 4xx status, never a 5xx (WooCommerce's 501 for a
 * delete of something without a trash aside).
 */

interface Route {
  method: string;
  path: string;
  params: string[];
}

const HOSTILE = fc.oneof(
  fc.constantFrom('', ' ', '0', '-1', '1e400', '9007199254740993', 'null', 'true', '[]', '{}', '__proto__', 'constructor', '%00', '../../etc', '<script>', '💥', 'x'.repeat(3000)),
  fc.string({ maxLength: 40 }),
  fc.integer().map(String),
);
const VALUE: fc.Arbitrary<unknown> = fc.oneof(HOSTILE, fc.jsonValue({ maxDepth: 4 }), fc.array(HOSTILE, { maxLength: 3 }));

function documentedRoutes(app: FastifyInstance): Route[] {
  const doc = (app as unknown as { swagger(): { paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }>> } }).swagger();
  const routes: Route[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const body = Object.values(op.requestBody?.content ?? {})[0]?.schema?.properties ?? {};
      routes.push({ method: method.toUpperCase(), path, params: [...params, ...Object.keys(body)] });
    }
  }
  return routes;
}

describe.each(DATABASES)('generated input on every route (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
    await withStaff(app);
    await app.ready();
  });
  afterAll(() => app.close());

  it('answers every request with JSON and never a 5xx', async () => {
    const routes = documentedRoutes(app);
    expect(routes.length).toBeGreaterThan(100);
    const failures: string[] = [];
    let requests = 0;
    for (const route of routes) {
      const pathParams = (route.path.match(/\{[^}]+\}/g) ?? []).length;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.oneof(fc.integer({ min: 0, max: 40 }).map(String), HOSTILE), { minLength: pathParams, maxLength: pathParams }),
          fc.dictionary(fc.oneof(fc.constantFrom(...(route.params.length ? route.params : ['x'])), fc.string({ maxLength: 8 })), VALUE, { maxKeys: 5 }),
          fc.boolean(),
          async (pathValues, fields, asAdmin) => {
            let i = 0;
            const path = route.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(pathValues[i++] ?? '1'));
            const query = route.method === 'GET' || route.method === 'DELETE';
            const search = query ? new URLSearchParams(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])).toString() : '';
            requests++;
            const res = await app.inject({
              method: route.method as 'GET',
              url: `${path}${search ? `?${search}` : ''}`,
              headers: asAdmin ? authHeaders('admin') : {},
              ...(query ? {} : { payload: fields as object }),
            });
            const type = String(res.headers['content-type'] ?? '');
            const wcTrash = res.statusCode === 501 && /trash_not_supported/.test(res.body);
            if ((res.statusCode >= 500 && !wcTrash) || (res.body !== '' && !type.startsWith('application/json'))) {
              failures.push(`${route.method} ${res.statusCode} ${path}${search ? `?${search}` : ''} ${JSON.stringify(fields).slice(0, 200)} → ${res.body.slice(0, 200)}`);
              return false;
            }
            if (res.statusCode >= 400) {
              const body = res.json();
              if (typeof body.code !== 'string' || typeof body.message !== 'string' || body.data?.status !== res.statusCode) {
                failures.push(`${route.method} ${path}: not CoCart's error shape: ${res.body.slice(0, 200)}`);
                return false;
              }
            }
            return true;
          },
        ),
        { numRuns: 25, seed: 20261207, endOnFailure: true },
      ).catch((err: Error) => {
        // A failure above is already listed; anything else thrown is one too.
        if (!failures.some((f) => f.includes(route.path.replace(/\{[^}]+\}/g, '')))) failures.push(`${route.method} ${route.path}: ${err.message.slice(0, 300)}`);
      });
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThanOrEqual(routes.length * 25);
  }, 600_000);
});
