import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { saveProduct } from '../../../src/catalog/repository.ts';
import { API } from '../../helpers/api.ts';
import { DATABASES, twoNodes, type TwoNodes } from '../../helpers/app.ts';

/**
 * GET /cart answers from a rendered copy while the cart is unchanged. These tests make sure a copy is
 * never served stale: not after a write through another node, not after a catalogue change.
 */
describe.each(DATABASES)('rendered cart responses (%s)', (kind) => {
  let a: FastifyInstance;
  let b: FastifyInstance;
  let nodes: TwoNodes;

  beforeAll(async () => {
    nodes = await twoNodes(kind);
    ({ a, b } = nodes);
  });
  afterAll(() => nodes.close());

  const get = (app: FastifyInstance, key: string, headers: Record<string, string> = {}) =>
    app.inject({ url: `${API}/cart`, headers: { 'cocart-api-cart-key': key, ...headers } });

  it('shows a write made through another node at once, and answers 304 only while nothing changed', async () => {
    const add = await a.inject({ method: 'POST', url: `${API}/cart/add-item`, payload: { id: '10' } });
    const key = add.headers['cocart-api-cart-key'] as string;
    const first = await get(a, key);
    const again = await get(a, key);
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect((await get(a, key, { 'if-none-match': first.headers.etag as string })).statusCode).toBe(304);

    const viaB = await b.inject({ method: 'POST', url: `${API}/cart/add-item`, headers: { 'cocart-api-cart-key': key }, payload: { id: '45', quantity: 2 } });
    expect(viaB.statusCode).toBe(200);

    const after = await get(a, key);
    expect(after.json().item_count).toBe(3);
    expect(after.headers.etag).not.toBe(first.headers.etag);
    expect((await get(a, key, { 'if-none-match': first.headers.etag as string })).statusCode).toBe(200);
  });

  it('re-renders after a catalogue change (a new price reaches an unchanged cart)', async () => {
    const add = await a.inject({ method: 'POST', url: `${API}/cart/add-item`, payload: { id: '57' } });
    const key = add.headers['cocart-api-cart-key'] as string;
    const before = (await get(a, key)).json().totals.total as number;
    const mug = a.runtime.catalog.current().products.get(57)!;
    await saveProduct(a.runtime.database.db, { ...mug, regularPrice: (mug.regularPrice ?? 0) + 100 });
    await a.runtime.catalog.changed();
    expect((await get(a, key)).json().totals.total).toBe(before + 100);
  });
});
