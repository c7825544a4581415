import { describe, expect, it } from 'vitest';
import { validateCart } from '../../src/cart/validate-cart.ts';
import { cartWith, catalog, context, lineOf, simple, stocked, variable, withContext } from './builders.ts';

const beanie = simple(1, 1800, { name: 'Beanie' });
const scarf = simple(2, 1200, { name: 'Scarf' });
const mug = stocked(3, 900, 5, 'no', { name: 'Mug' });
const tee = variable(10, { Colour: ['red'] }, [{ id: 11, price: 1000, attributes: { Colour: 'red' } }], { name: 'Tee' });
const ctx = context({ products: [beanie, scarf, mug, tee] });
const cart = cartWith(ctx, [{ id: 1, quantity: 1 }, { id: 2, quantity: 2 }, { id: 3, quantity: 4 }, { id: 11, quantity: 1 }]);
/** The same store later, with some products changed. */
const later = (...changed: Parameters<typeof catalog>[0]) => {
  const ids = new Set(changed.flat().map((p) => p.id));
  return withContext(ctx, { catalog: catalog([...[beanie, scarf, mug, tee].flat().filter((p) => !ids.has(p.id)), ...changed]) });
};
const GONE = { type: 'error', msgid: 'An item which is no longer available was removed from your cart.', args: [] };

describe('validateCart', () => {
  it('leaves a cart that can still be bought as it is', () => {
    const r = validateCart(cart, ctx);
    expect(r).toEqual({ cart, changed: false, warnings: [] });
    expect(r.cart).toBe(cart);
  });

  it('removes a line whose product was unpublished, with a notice kept for the shopper', () => {
    const r = validateCart(cart, later(simple(2, 1200, { name: 'Scarf', status: 'draft' })));
    expect(r.changed).toBe(true);
    expect(r.cart.lines.map((l) => l.id)).toEqual([1, 3, 11]);
    expect(r.cart.notices).toEqual([GONE]);
    expect(r.cart.removed).toEqual([]); // not restorable: it cannot be bought
  });

  it('removes a line whose product was deleted', () => {
    const r = validateCart(cart, withContext(ctx, { catalog: catalog([scarf, mug, tee]) }));
    expect(r.cart.lines.map((l) => l.id)).toEqual([2, 3, 11]);
    expect(r.cart.notices).toEqual([GONE]);
  });

  it('removes a variation whose parent was unpublished', () => {
    const hidden = variable(10, { Colour: ['red'] }, [{ id: 11, price: 1000, attributes: { Colour: 'red' } }], { name: 'Tee', status: 'private' });
    const r = validateCart(cart, later(hidden));
    expect(r.cart.lines.map((l) => l.id)).toEqual([1, 2, 3]);
    expect(r.cart.notices).toEqual([GONE]);
  });

  it('removes a line that can no longer be bought (its price was taken away), naming it', () => {
    const r = validateCart(cart, later(simple(1, null, { name: 'Beanie' })));
    expect(r.cart.lines.map((l) => l.id)).toEqual([2, 3, 11]);
    expect(r.cart.notices).toEqual([
      { type: 'error', msgid: '%s has been removed from your cart because it can no longer be purchased. Please contact us if you need assistance.', args: ['Beanie'] },
    ]);
  });

  it('keeps a line whose product went out of stock, warning on every read without storing the warning', () => {
    const r = validateCart(cart, later(simple(2, 1200, { name: 'Scarf', stockStatus: 'outofstock' })));
    expect(r.changed).toBe(false);
    expect(r.cart).toBe(cart);
    expect(r.warnings).toEqual([{ type: 'error', msgid: '"%s" is not in stock. Please edit your cart and try again.', args: ['Scarf'] }]);
  });

  it('warns when the cart holds more than is left in stock, naming what is', () => {
    const r = validateCart(cart, later(stocked(3, 900, 3, 'no', { name: 'Mug' })));
    expect(r.cart.lines).toHaveLength(4);
    expect(lineOf(r.cart, 3).quantity).toBe(4);
    expect(r.warnings).toEqual([
      { type: 'error', msgid: 'Sorry, we do not have enough "%1$s" in stock to fulfill your order (%2$s available). We apologize for any inconvenience caused.', args: ['Mug', 3] },
    ]);
  });

  it('does not warn about a shortage the store takes backorders for', () => {
    expect(validateCart(cart, later(stocked(3, 900, 3, 'notify', { name: 'Mug' }))).warnings).toEqual([]);
  });
});
