import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { CartwrightPlugin } from '../../../src/runtime.ts';
import { SessionStore } from '../../../src/sessions/store.ts';
import { createTestApp, DATABASES } from '../../helpers/app.ts';

/**
 * A batch redone because another node changed the cart while it ran: its sub-requests run again on
 * the new revision, but what they announce (the hooks' actions) goes out once, from the attempt that
 * was stored, after it was stored.
 */

describe.each(DATABASES)('a batch redone after a conflict (%s)', (kind) => {
  let app: FastifyInstance;
  const announced: string[] = [];
  const plugin: CartwrightPlugin = {
    name: 'count-announcements',
    register(api) {
      api.hooks.addAction('cocart_added_item_to_cart', (_context, item) => void announced.push(`added ${(item as { id: number }).id}`));
      api.hooks.addAction('cocart_after_item_added_to_cart', (item) => void announced.push(`after ${(item as { id: number }).id}`));
    },
  };
  beforeAll(async () => {
    app = await createTestApp(kind, { plugins: [plugin] });
  });
  afterAll(() => app.close());

  it('announces each sub-request once, after the cart is stored', async () => {
    const first = await app.inject({ method: 'POST', url: '/wp-json/cocart/v2/cart/add-item', payload: { id: '10', quantity: 1 } });
    const key = first.headers['cocart-api-cart-key'] as string;
    announced.length = 0;
    // The batch's first save finds the cart changed by someone else, so the batch runs again.
    const store = SessionStore.prototype as unknown as { save: (...args: unknown[]) => Promise<unknown> };
    const save = vi.spyOn(store, 'save').mockImplementationOnce(async () => null);
    try {
      const r = await app.inject({
        method: 'POST',
        url: '/wp-json/cocart/batch',
        headers: { 'cocart-api-cart-key': key },
        payload: { requests: [{ method: 'POST', path: '/cocart/v2/cart/add-item', body: { id: '29', quantity: 1 } }, { method: 'POST', path: '/cocart/v2/cart/add-item', body: { id: '30', quantity: 2 } }] },
      });
      expect(r.statusCode, r.body).toBe(200);
      // Saved twice: the refused first attempt and the one that was stored.
      expect(save.mock.calls.length).toBeGreaterThanOrEqual(2);
    } finally {
      save.mockRestore();
    }
    expect(announced).toEqual(['added 29', 'after 29', 'added 30', 'after 30']);
    const cart = (await app.inject({ url: '/wp-json/cocart/v2/cart', headers: { 'cocart-api-cart-key': key } })).json();
    expect(cart.items.map((i: { id: number; quantity: { value: number } }) => [i.id, i.quantity.value])).toEqual([[10, 1], [29, 1], [30, 2]]);
  });
});
