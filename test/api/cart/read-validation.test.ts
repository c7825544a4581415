import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { saveProduct } from '../../../src/catalog/repository.ts';
import type { Product } from '../../../src/catalog/types.ts';
import { DATABASES, createTestApp } from '../../helpers/app.ts';
import { addItem, getCart, newCart, ok } from './helpers.ts';

/**
 * What reading a cart does when the catalogue changed under it (docs/wire-contract.md#notices): lines
 * that can no longer be bought are removed with an error notice shown once; stock problems are error
 * notices on every read; prices follow the catalogue.
 */

describe.each(DATABASES)('cart read validation (%s)', (kind) => {
  let app: FastifyInstance;
  let key: string;

  async function changeProduct(id: number, change: Partial<Product>) {
    const p = app.runtime.catalog.current().products.get(id)!;
    await saveProduct(app.runtime.database.db, { ...p, ...change });
    await app.runtime.catalog.changed();
  }

  beforeAll(async () => {
    app = await createTestApp(kind);
    key = (await newCart(app, { id: '47', quantity: '1' })).key;
    ok(await addItem(app, { id: '46', quantity: '2' }, key));
    ok(await addItem(app, { id: '10', quantity: '5' }, key));
    ok(await addItem(app, { id: '45', quantity: '1' }, key));
    ok(await getCart(app, key));
    await changeProduct(47, { status: 'draft' });
    await changeProduct(46, { stockQuantity: 0 });
    await changeProduct(10, { stockQuantity: 3 });
    await changeProduct(45, { regularPrice: 399 });
  });
  afterAll(() => app.close());

  it('removes a line whose product is gone, with an error notice; warns about stock; prices follow the catalogue', async () => {
    const cart = ok(await getCart(app, key));
    expect(cart.items.map((i: { id: number }) => i.id)).toEqual([46, 10, 45]);
    expect(cart.notices).toEqual({
      error: [
        'An item which is no longer available was removed from your cart.',
        '"Waterproof LED Head Torch" is not in stock. Please edit your cart and try again.',
        'Sorry, we do not have enough "Stainless Steel Snap Shackle" in stock to fulfill your order (3 available). We apologize for any inconvenience caused.',
      ],
    });
    expect(cart.items[2]).toMatchObject({ id: 45, price: 399, totals: { subtotal: 399 } });
  });

  it('the removal notice is shown once; the stock warnings on every read until fixed', async () => {
    const cart = ok(await getCart(app, key));
    expect(cart.items.map((i: { id: number }) => i.id)).toEqual([46, 10, 45]);
    expect(cart.notices).toEqual({
      error: [
        '"Waterproof LED Head Torch" is not in stock. Please edit your cart and try again.',
        'Sorry, we do not have enough "Stainless Steel Snap Shackle" in stock to fulfill your order (3 available). We apologize for any inconvenience caused.',
      ],
    });
  });

  it('the removed line is not restorable (it was dropped, not moved to removed items)', async () => {
    expect(ok(await getCart(app, key)).removed_items).toEqual([]);
  });
});
