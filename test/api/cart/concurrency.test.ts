import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestApp, DATABASES } from '../../helpers/app.ts';

const API = '/wp-json/cocart/v2';
// Purchasable demo products without stock limits.
const UNLIMITED = ['30', '31', '41', '42', '45', '47', '55', '56', '57', '58', '59', '60', '61'];

/** Parallel writes to one cart within one process: every one applies, none overwrites another. */
describe.each(DATABASES)('concurrent writes to one cart (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
  });
  afterAll(() => app.close());

  const add = (key: string, id: string) =>
    app.inject({ method: 'POST', url: `${API}/cart/add-item`, headers: { 'cocart-api-cart-key': key }, payload: { id, quantity: '1' } });

  it('50 parallel increments of one line add up exactly', async () => {
    const first = await app.inject({ method: 'POST', url: `${API}/cart/add-item`, payload: { id: '60' } });
    const key = first.headers['cocart-api-cart-key'] as string;
    const results = await Promise.all(Array.from({ length: 50 }, () => add(key, '60')));
    expect(results.map((r) => r.statusCode)).toEqual(Array(50).fill(200));
    const cart = (await app.inject({ url: `${API}/cart`, headers: { 'cocart-api-cart-key': key } })).json();
    expect(cart.items).toHaveLength(1);
    expect(cart.items[0].quantity.value).toBe(51);
  });

  it('parallel adds of different products all land as their own lines', async () => {
    const first = await app.inject({ method: 'POST', url: `${API}/cart/add-item`, payload: { id: '10' } });
    const key = first.headers['cocart-api-cart-key'] as string;
    const results = await Promise.all(UNLIMITED.map((id) => add(key, id)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(UNLIMITED.length).fill(200));
    const cart = (await app.inject({ url: `${API}/cart`, headers: { 'cocart-api-cart-key': key } })).json();
    expect(cart.items.map((i: { id: number }) => String(i.id)).sort()).toEqual(['10', ...UNLIMITED].sort());
  });
});
