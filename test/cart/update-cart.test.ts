import { describe, expect, it } from 'vitest';
import { updateCartQuantities } from '../../src/cart/update-cart.ts';
import { cartWith, context, lineOf, simple, soldIndividually } from './builders.ts';

const ctx = context({ products: [simple(1, 1800, { name: 'Beanie' }), simple(2, 1200, { name: 'Scarf' }), soldIndividually(3, 5000, { name: 'Gift card' })] });
const cart = cartWith(ctx, [{ id: 1, quantity: 1 }, { id: 2, quantity: 2 }, { id: 3, quantity: 1 }]);
const [beanie, scarf, card] = [1, 2, 3].map((id) => lineOf(cart, id).key);

describe('updateCartQuantities (the update-cart callback)', () => {
  it('sets several quantities at once, removing lines set to 0 restorably, with one notice', () => {
    const r = updateCartQuantities(cart, { [beanie]: '4', [scarf]: 0 }, ctx);
    expect(r.changed).toBe(true);
    expect(r.cart.lines.map((l) => [l.id, l.quantity])).toEqual([[1, 4], [3, 1]]);
    expect(r.cart.removed.map((l) => [l.id, l.quantity])).toEqual([[2, 2]]);
    expect(r.cart.notices).toEqual([{ type: 'success', msgid: 'Cart updated.', args: [] }]);
  });

  it('skips unknown keys and unchanged quantities, saying nothing', () => {
    const r = updateCartQuantities(cart, { ['f'.repeat(32)]: 3, [scarf]: 2 }, ctx);
    expect(r).toEqual({ cart, changed: false });
  });

  it('turns problems into error notices, applying the rest', () => {
    const r = updateCartQuantities(cart, { [card]: 2, [beanie]: 3, [scarf]: 1_000_001 }, ctx);
    expect(r.cart.lines.map((l) => [l.id, l.quantity])).toEqual([[1, 3], [2, 2], [3, 1]]);
    expect(r.cart.notices).toEqual([
      { type: 'error', msgid: 'You can only have 1 %s in your cart.', args: ['Gift card'] },
      { type: 'error', msgid: 'The quantity of "%1$s" cannot be more than %2$d.', args: ['Scarf', 1_000_000] },
    ]);
  });

  it('asks the context whether an extension allows each change', () => {
    const strict = { ...ctx, allowQuantityUpdate: (line: { id: number }, q: number) => line.id !== 1 || q <= 2 };
    const r = updateCartQuantities(cart, { [beanie]: 5 }, strict);
    expect(r.changed).toBe(false);
    expect(r.cart.notices).toEqual([{ type: 'error', msgid: 'Unable to update the quantity of "%s".', args: ['Beanie'] }]);
  });
});
