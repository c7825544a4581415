import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, twoNodes, type TwoNodes } from '../../helpers/app.ts';

/**
 * Batches on two nodes sharing one database: each node queues its own writes, so batches from the two
 * collide in the database, and the loser is redone on the winner's cart (holding the row).
 */
describe.each(DATABASES)('batches on two nodes (%s)', (kind) => {
  let nodes: TwoNodes;
  beforeAll(async () => {
    nodes = await twoNodes(kind);
  });
  afterAll(() => nodes.close());

  const batch = (node: 'a' | 'b', key: string, requests: object[]) =>
    nodes[node].inject({ method: 'POST', url: '/wp-json/cocart/batch', headers: { 'cocart-api-cart-key': key }, payload: { requests } });
  const add = (id: string) => ({ path: '/cocart/v2/cart/add-item', body: { id, quantity: '1' } });

  it('30 parallel batches split over both nodes all apply, each as one revision', async () => {
    const first = await nodes.a.inject({ method: 'POST', url: '/wp-json/cocart/v2/cart/add-item', payload: { id: '61' } });
    const key = first.headers['cocart-api-cart-key'] as string;
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => batch(i % 2 ? 'a' : 'b', key, [add('61'), add('60'), add('61')])));
    expect(results.map((r) => r.statusCode)).toEqual(Array(30).fill(200));
    const cart = (await nodes.b.inject({ url: '/wp-json/cocart/v2/cart', headers: { 'cocart-api-cart-key': key } })).json();
    const quantities = Object.fromEntries(cart.items.map((i: { id: number; quantity: { value: number } }) => [i.id, i.quantity.value]));
    expect(quantities).toEqual({ 61: 61, 60: 30 });
    expect((await nodes.a.runtime.sessions.find(key))!.revision).toBe(31);
  });

  it('batches racing single writes on the other node lose neither', async () => {
    const first = await nodes.a.inject({ method: 'POST', url: '/wp-json/cocart/v2/cart/add-item', payload: { id: '60' } });
    const key = first.headers['cocart-api-cart-key'] as string;
    const singles = Array.from({ length: 20 }, () =>
      nodes.b.inject({ method: 'POST', url: '/wp-json/cocart/v2/cart/add-item', headers: { 'cocart-api-cart-key': key }, payload: { id: '60' } }),
    );
    const batches = Array.from({ length: 10 }, () => batch('a', key, [add('60'), add('60')]));
    const results = await Promise.all([...singles, ...batches]);
    expect(results.map((r) => r.statusCode)).toEqual(Array(30).fill(200));
    const cart = (await nodes.a.inject({ url: '/wp-json/cocart/v2/cart', headers: { 'cocart-api-cart-key': key } })).json();
    expect(cart.items[0].quantity.value).toBe(1 + 20 + 20);
  });
});
