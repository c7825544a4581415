import { describe, expect, it } from 'vitest';
import { addItems } from '../../src/cart/add-items.ts';
import { itemKey } from '../../src/cart/item-key.ts';
import { emptyCart } from '../../src/cart/types.ts';
import { cartWith, context, grouped, lineOf, refusal, simple, stocked } from './builders.ts';

const ctx = context({
  products: [
    simple(1, 1800, { name: 'Beanie' }),
    simple(2, 1200, { name: 'Scarf' }),
    stocked(3, 900, 2, 'no', { name: 'Gloves' }),
    grouped(30, [1, 2, 3], { name: 'Winter set' }),
  ],
});

describe('addItems: children of a grouped product', () => {
  it('adds each child with a quantity as its own line, with one notice naming them all', () => {
    const { cart, lines, products } = addItems(emptyCart(), { id: '30', quantity: { '1': 2, '2': '3' } }, ctx);
    expect(products.map((p) => p.name)).toEqual(['Beanie', 'Scarf']);
    expect(cart.lines).toEqual(lines);
    expect(cart.lines.map((l) => [l.key, l.id, l.quantity])).toEqual([
      [itemKey(1, 0, {}, {}), 1, 2],
      [itemKey(2, 0, {}, {}), 2, 3],
    ]);
    expect(cart.notices).toEqual([{ type: 'success', msgid: '%s have been added to your cart.', args: ['"Beanie", "Scarf"'] }]);
  });

  it('skips children with no, zero or unreadable quantities', () => {
    const { cart } = addItems(emptyCart(), { id: '30', quantity: { '1': 0, '2': 'lots', '3': 1 } }, ctx);
    expect(cart.lines.map((l) => l.id)).toEqual([3]);
  });

  it('adds onto lines the cart already has', () => {
    const before = cartWith(ctx, [{ id: 1, quantity: 1 }]);
    const { cart } = addItems(before, { id: '30', quantity: { '1': 2 } }, ctx);
    expect(lineOf(cart, 1).quantity).toBe(3);
  });

  it('keeps a valid email given with the add', () => {
    const { cart } = addItems(emptyCart(), { id: '30', quantity: { '1': 1 }, email: 'Jo@example.com' }, ctx);
    expect(cart.customer.billing.email).toBe('jo@example.com');
  });

  it('refuses an empty choice with cocart_grouped_product_empty (not_found)', () => {
    expect(refusal(() => addItems(emptyCart(), { id: '30', quantity: {} }, ctx))).toMatchObject({ code: 'cocart_grouped_product_empty', kind: 'not_found' });
  });

  it('refuses a choice of nothing but zeros with cocart_grouped_product_failed (not_found)', () => {
    expect(refusal(() => addItems(emptyCart(), { id: '30', quantity: { '1': 0, '2': '0' } }, ctx))).toMatchObject({
      code: 'cocart_grouped_product_failed',
      kind: 'not_found',
    });
  });

  it('refuses an unknown grouped product with cocart_invalid_product (invalid)', () => {
    expect(refusal(() => addItems(emptyCart(), { id: '99', quantity: { '1': 1 } }, ctx))).toMatchObject({ code: 'cocart_invalid_product', kind: 'invalid' });
  });

  it('is all or nothing: one child short of stock refuses the lot with that child’s error', () => {
    const before = cartWith(ctx, [{ id: 2, quantity: 1 }]);
    const err = refusal(() => addItems(before, { id: '30', quantity: { '1': 1, '3': 5 } }, ctx));
    expect(err).toMatchObject({ code: 'cocart_not_enough_in_stock', kind: 'not_found', args: ['Gloves', 2] });
    // Nothing was added to the cart it was given.
    expect(before.lines.map((l) => [l.id, l.quantity])).toEqual([[2, 1]]);
  });
});
