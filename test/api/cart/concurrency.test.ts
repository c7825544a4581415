import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { API } from '../../helpers/api.ts';
import { DATABASES } from '../../helpers/app.ts';
import { storeWithStaff } from '../../helpers/auth.ts';
import { wc } from '../../admin/helpers.ts';

// Purchasable demo products without stock limits.
const UNLIMITED = ['30', '31', '41', '42', '45', '47', '55', '56', '57', '58', '59', '60', '61'];
const N = 100;

/** Parallel writes to one cart within one process: every one applies, none overwrites another. */
describe.each(DATABASES)('concurrent writes to one cart (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await storeWithStaff(kind);
  });
  afterAll(() => app.close());

  const add = (key: string, id: string) =>
    app.inject({ method: 'POST', url: `${API}/cart/add-item`, headers: { 'cocart-api-cart-key': key }, payload: { id, quantity: '1' } });
  const readCart = async (key: string) => (await app.inject({ url: `${API}/cart`, headers: { 'cocart-api-cart-key': key } })).json();
  /** A cart with one line of `id`; its key. */
  const startCart = async (id: string) => {
    const first = await app.inject({ method: 'POST', url: `${API}/cart/add-item`, payload: { id } });
    expect(first.statusCode, first.body).toBe(200);
    return first.headers['cocart-api-cart-key'] as string;
  };

  it('50 parallel increments of one line add up exactly', async () => {
    const key = await startCart('60');
    const results = await Promise.all(Array.from({ length: 50 }, () => add(key, '60')));
    expect(results.map((r) => r.statusCode)).toEqual(Array(50).fill(200));
    const cart = await readCart(key);
    expect(cart.items).toHaveLength(1);
    expect(cart.items[0].quantity.value).toBe(51);
  });

  it('parallel adds of different products all land as their own lines', async () => {
    const key = await startCart('10');
    const results = await Promise.all(UNLIMITED.map((id) => add(key, id)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(UNLIMITED.length).fill(200));
    const cart = await readCart(key);
    expect(cart.items.map((i: { id: number }) => String(i.id)).sort()).toEqual(['10', ...UNLIMITED].sort());
  });

  it(`${N} parallel increments of one line add up exactly`, async () => {
    const key = await startCart('61');
    const results = await Promise.all(Array.from({ length: N }, () => add(key, '61')));
    expect(results.map((r) => r.statusCode)).toEqual(Array(N).fill(200));
    const cart = await readCart(key);
    expect(cart.items).toHaveLength(1);
    expect(cart.items[0]).toMatchObject({ id: 61, quantity: { value: N + 1 } });
    expect(cart.item_count).toBe(N + 1);
  });

  it(`${N} parallel adds of ${N} distinct products land as exactly ${N} lines of one each`, async () => {
    // The demo catalogue has too few products: make N simple ones without stock management.
    const created = await wc(app, 'POST', '/products/batch', {
      create: Array.from({ length: N }, (_, i) => ({ name: `Concurrency ${kind} ${i}`, type: 'simple', regular_price: '1.00', manage_stock: false })),
    });
    expect(created.status, created.res.body).toBe(200);
    const ids: string[] = created.body.create.map((p: { id: number; error?: unknown }) => {
      expect(p.error).toBeUndefined();
      return String(p.id);
    });
    expect(new Set(ids).size).toBe(N);

    // An existing, empty cart, so every add below writes to the same row.
    const key = await startCart('10');
    expect((await app.inject({ method: 'POST', url: `${API}/cart/clear`, headers: { 'cocart-api-cart-key': key } })).statusCode).toBe(200);
    expect((await readCart(key)).items).toEqual([]);

    const results = await Promise.all(ids.map((id) => add(key, id)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(N).fill(200));
    const cart = await readCart(key);
    expect(cart.items).toHaveLength(N);
    expect(cart.items.map((i: { id: number }) => String(i.id)).sort()).toEqual([...ids].sort());
    expect(cart.items.every((i: { quantity: { value: number } }) => i.quantity.value === 1)).toBe(true);
    expect(cart.item_count).toBe(N);
  }, 60_000);

  it(`${N} parallel quantity updates of one line: each answers 200, and the last one applied wins whole`, async () => {
    const key = await startCart('59');
    const itemKey = (await readCart(key)).items[0].item_key as string;
    // Setting an absolute quantity does not commute: only "one of the requested values" is certain.
    const requested = Array.from({ length: N }, (_, i) => i + 2);
    const results = await Promise.all(
      requested.map((q) =>
        app.inject({ method: 'POST', url: `${API}/cart/item/${itemKey}`, headers: { 'cocart-api-cart-key': key }, payload: { quantity: String(q) } }),
      ),
    );
    for (const r of results) expect(r.statusCode, r.body).toBe(200);
    const cart = await readCart(key);
    expect(cart.items).toHaveLength(1);
    expect(requested).toContain(cart.items[0].quantity.value);
    expect(cart.item_count).toBe(cart.items[0].quantity.value);
  }, 60_000);
});
