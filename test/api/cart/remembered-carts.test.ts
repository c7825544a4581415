import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { API } from '../../helpers/api.ts';
import { DATABASES, twoNodes, type TwoNodes } from '../../helpers/app.ts';

/**
 * A node starts a cart's next write from the cart as it last saved it. These tests change the cart
 * elsewhere in between (another node, staff deleting it) and check that nothing is lost or revived.
 */
describe.each(DATABASES)('writes from a remembered cart (%s)', (kind) => {
  let a: FastifyInstance;
  let b: FastifyInstance;
  let nodes: TwoNodes;

  beforeAll(async () => {
    nodes = await twoNodes(kind);
    ({ a, b } = nodes);
  });
  afterAll(() => nodes.close());

  const add = (app: FastifyInstance, id: string, quantity: number, key?: string) =>
    app.inject({ method: 'POST', url: `${API}/cart/add-item`, headers: key ? { 'cocart-api-cart-key': key } : {}, payload: { id, quantity } });
  const lines = async (app: FastifyInstance, key: string) => {
    const cart = (await app.inject({ url: `${API}/cart`, headers: { 'cocart-api-cart-key': key } })).json();
    return Object.fromEntries((cart.items as { id: number; quantity: { value: number } }[]).map((i) => [i.id, i.quantity.value]));
  };

  it('keeps a change another node made since this node last saved the cart', async () => {
    const first = await add(a, '10', 1);
    const key = first.headers['cocart-api-cart-key'] as string;
    expect((await add(b, '45', 2, key)).statusCode).toBe(200);
    // Node a still remembers the cart with one line; its write must start from the cart as b left it.
    const third = await add(a, '57', 1, key);
    expect(third.statusCode).toBe(200);
    expect(third.json().item_count).toBe(4);
    expect(await lines(b, key)).toEqual({ 10: 1, 45: 2, 57: 1 });
    expect(await lines(a, key)).toEqual({ 10: 1, 45: 2, 57: 1 });
  });

  it('does not bring back a cart deleted through another node', async () => {
    const first = await add(a, '10', 3);
    const key = first.headers['cocart-api-cart-key'] as string;
    expect(await b.runtime.sessions.delete(key)).toBe(true);
    const after = await add(a, '57', 1, key);
    expect(after.statusCode).toBe(200);
    // A cart that no longer exists is a new cart: only the new line, under a new key.
    expect(after.json().item_count).toBe(1);
    const newKey = after.headers['cocart-api-cart-key'] as string;
    expect(newKey).not.toBe(key);
    expect(await lines(b, newKey)).toEqual({ 57: 1 });
  });
});
