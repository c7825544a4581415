import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import giftWrap from '../../examples/gift-wrap/index.mjs';
import { API } from '../helpers/api.ts';
import { createTestApp, DATABASES } from '../helpers/app.ts';
import { ROOT, startServer, tempDataDir } from '../helpers/cli.ts';
import { join } from 'node:path';

describe.each(DATABASES)('example plugin: gift wrap (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind, { plugins: [giftWrap] });
  });
  afterAll(() => app.close());

  it('wraps the chosen item through its own cart update namespace and reports it in the item extensions', async () => {
    const add = await app.inject({ method: 'POST', url: `${API}/cart/add-item`, payload: { id: '10', quantity: '1' } });
    const key = add.headers['cocart-api-cart-key'] as string;
    const second = await app.inject({ method: 'POST', url: `${API}/cart/add-item?cart_key=${key}`, payload: { id: '45' } });
    const items = second.json().items as { item_key: string; id: number; extensions: unknown }[];
    expect(items.map((i) => i.extensions)).toEqual([
      { gift_wrap: { wrapped: false, message: '' } },
      { gift_wrap: { wrapped: false, message: '' } },
    ]);
    const shackle = items.find((i) => i.id === 10)!.item_key;

    const wrap = await app.inject({
      method: 'POST',
      url: `${API}/cart/update?namespace=gift-wrap&cart_key=${key}`,
      payload: { items: [shackle], message: 'Fair winds' },
    });
    expect(wrap.statusCode).toBe(200);
    const body = wrap.json();
    expect(body.notices).toEqual({ success: ['Gift wrapping updated.'] });
    const wrapped = body.items.find((i: { id: number }) => i.id === 10);
    expect(wrapped.extensions).toEqual({ gift_wrap: { wrapped: true, message: 'Fair winds' } });
    expect(wrapped.cart_item_data).toEqual({ gift_wrap: 'yes', gift_message: 'Fair winds' });
    expect(body.items.find((i: { id: number }) => i.id === 45).extensions).toEqual({ gift_wrap: { wrapped: false, message: '' } });

    // Stored with the cart: a later read still shows it.
    const read = (await app.inject({ method: 'GET', url: `${API}/cart?cart_key=${key}` })).json();
    expect(read.items.find((i: { id: number }) => i.id === 10).extensions.gift_wrap.wrapped).toBe(true);
  });

  it('keeps its namespace to itself: registering the same name again is refused', () => {
    expect(app.runtime.cartCallbacks.register({ name: 'gift-wrap', callback: ({ cart }) => cart })).toBe(false);
    expect(app.runtime.cartCallbacks.names()).toEqual(['update-cart', 'update-customer', 'gift-wrap']);
  });
});

describe('PLUGINS loads plugins into the real server', () => {
  it('serves the gift-wrap namespace when started with PLUGINS', async () => {
    const server = await startServer({ DATA_DIR: tempDataDir(), PLUGINS: join(ROOT, 'examples/gift-wrap/index.mjs') });
    try {
      const add = await fetch(`${server.url}${API}/cart/add-item`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: '10' }) });
      const key = add.headers.get('cocart-api-cart-key');
      const item = ((await add.json()) as { items: { item_key: string }[] }).items[0];
      const wrap = await fetch(`${server.url}${API}/cart/update?namespace=gift-wrap&cart_key=${key}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items: [item.item_key] }),
      });
      expect(wrap.status).toBe(200);
      const body = (await wrap.json()) as { items: { extensions: unknown }[] };
      expect(body.items[0].extensions).toEqual({ gift_wrap: { wrapped: true, message: '' } });
    } finally {
      await server.stop();
    }
  });

  it('refuses a PLUGINS entry that does not exist, naming the variable', async () => {
    const { runCli } = await import('../helpers/cli.ts');
    const r = await runCli(['serve'], { DATA_DIR: tempDataDir(), PLUGINS: '/nope/plugin.mjs' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('cartwright: Invalid environment variable PLUGINS: /nope/plugin.mjs does not exist.');
  });
});
