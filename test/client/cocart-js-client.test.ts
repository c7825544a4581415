import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import CoCartAPI from '@cocart/cocart-rest-api';
import { createTestApp, DATABASES, listen } from '../helpers/app.ts';

/** A storefront using the official CoCart JavaScript client (`@cocart/cocart-rest-api`) against a real listening server. */
describe.each(DATABASES)('the official CoCart JS client (%s)', (kind) => {
  let app: FastifyInstance;
  let client: InstanceType<typeof CoCartAPI>;

  beforeAll(async () => {
    app = await createTestApp(kind);
    client = new CoCartAPI({ url: await listen(app), version: 'cocart/v2' });
  });
  afterAll(() => app.close());

  it('creates a guest cart, adds items, reads the cart, updates and removes an item', async () => {
    const created = await client.post('cart', {});
    expect(created.status).toBe(200);
    const cartKey: string = created.data.cart_key;
    expect(cartKey).toMatch(/^[0-9a-f]{30}$/);
    expect(created.headers['cocart-api-cart-key']).toBe(cartKey);

    const first = await client.post('cart/add-item', { id: '10', quantity: '2' }, { cart_key: cartKey });
    expect(first.status).toBe(200);
    expect(first.data.cart_key).toBe(cartKey);
    expect(first.data.item_count).toBe(2);

    const second = await client.post(
      'cart/add-item',
      { id: '11', quantity: '1', variation: { attribute_pa_colour: 'navy', attribute_pa_size: 'm' } },
      { cart_key: cartKey },
    );
    expect(second.data.items).toHaveLength(2);

    const cart = await client.get('cart', { cart_key: cartKey });
    expect(cart.status).toBe(200);
    expect(cart.data.items.map((i: { id: number; quantity: { value: number } }) => [i.id, i.quantity.value])).toEqual([
      [10, 2],
      [17, 1],
    ]);
    expect(cart.data.totals.total).toBe(2 * 1299 + 12900);

    const shackle = cart.data.items[0].item_key as string;
    const updated = await client.post(`cart/item/${shackle}`, { quantity: '3' }, { cart_key: cartKey });
    expect(updated.status).toBe(200);
    expect(updated.data.items[0].quantity.value).toBe(3);
    expect(updated.data.totals.subtotal).toBe(3 * 1299 + 12900);

    const removed = await client.delete(`cart/item/${shackle}`, { cart_key: cartKey });
    expect(removed.status).toBe(200);
    expect(removed.data.items.map((i: { id: number }) => i.id)).toEqual([17]);
    expect(removed.data.removed_items.map((i: { id: number; quantity: number }) => [i.id, i.quantity])).toEqual([[10, 3]]);

    const count = await client.get('cart/items/count', { cart_key: cartKey });
    expect(count.data).toBe(1);
  });

  it('surfaces CoCart errors to the client as rejected requests with CoCart codes', async () => {
    await expect(client.post('cart/add-item', { id: '36', quantity: '1' })).rejects.toMatchObject({
      response: { status: 404, data: { code: 'cocart_product_out_of_stock', data: { status: 404 } } },
    });
  });
});
