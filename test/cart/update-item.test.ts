import { describe, expect, it } from 'vitest';
import { updateItem } from '../../src/cart/update-item.ts';
import { cartWith, catalog, context, lineOf, refusal, simple, soldIndividually, stocked, variable, withContext } from './builders.ts';

const beanie = simple(1, 1800, { name: 'Beanie' });
const mug = stocked(2, 900, 5, 'no', { name: 'Mug' });
const preorder = stocked(3, 900, 1, 'yes', { name: 'Preorder' });
const card = soldIndividually(4, 5000, { name: 'Gift card' });
const nails = simple(5, 100, { name: 'Nails', minPurchase: 10, maxPurchase: 50 });
const ctx = context({ products: [beanie, mug, preorder, card, nails] });
const cart = cartWith(ctx, [{ id: 1, quantity: 2 }, { id: 2, quantity: 2 }]);
const beanieKey = lineOf(cart, 1).key;
const mugKey = lineOf(cart, 2).key;

describe('updateItem: changing a quantity', () => {
  it('raises a quantity and says it increased', () => {
    const r = updateItem(cart, beanieKey, 5, ctx);
    expect(r.change).toBe('increased');
    expect(r.line).toMatchObject({ key: beanieKey, quantity: 5 });
    expect(r.cart.lines.map((l) => l.quantity)).toEqual([5, 2]);
  });

  it('lowers a quantity and says it decreased', () => {
    const r = updateItem(cart, beanieKey, 1, ctx);
    expect(r.change).toBe('decreased');
    expect(lineOf(r.cart, 1).quantity).toBe(1);
  });

  it('says unchanged for the same quantity', () => {
    expect(updateItem(cart, beanieKey, 2, ctx).change).toBe('unchanged');
  });

  it('removes the line at 0, restorably, as removing it would', () => {
    const r = updateItem(cart, beanieKey, 0, ctx);
    expect(r).toMatchObject({ change: 'removed', line: null });
    expect(r.cart.lines.map((l) => l.key)).toEqual([mugKey]);
    expect(r.cart.removed.map((l) => [l.key, l.quantity])).toEqual([[beanieKey, 2]]);
  });

  it('keeps the line’s place in the cart', () => {
    const r = updateItem(cart, beanieKey, 7, ctx);
    expect(r.cart.lines.map((l) => l.key)).toEqual([beanieKey, mugKey]);
  });
});

describe('updateItem: refusals', () => {
  it('refuses an unknown key with cocart_item_not_in_cart (not_found)', () => {
    expect(refusal(() => updateItem(cart, 'f'.repeat(32), 3, ctx))).toMatchObject({ code: 'cocart_item_not_in_cart', kind: 'not_found' });
  });

  it('refuses the key "0" with cocart_cart_item_key_required (not_found)', () => {
    expect(refusal(() => updateItem(cart, '0', 3, ctx))).toMatchObject({ code: 'cocart_cart_item_key_required', kind: 'not_found' });
  });

  it('refuses a line whose product has left the catalogue with cocart_item_not_in_cart (not_found)', () => {
    const later = withContext(ctx, { catalog: catalog([mug]) });
    expect(refusal(() => updateItem(cart, beanieKey, 3, later))).toMatchObject({ code: 'cocart_item_not_in_cart', kind: 'not_found' });
  });

  it('refuses more than is in stock with cocart_not_enough_in_stock (not_found), naming what is left', () => {
    const err = refusal(() => updateItem(cart, mugKey, 6, ctx));
    expect(err).toMatchObject({ code: 'cocart_not_enough_in_stock', kind: 'not_found', args: ['Mug', 5] });
    expect(updateItem(cart, mugKey, 5, ctx).line?.quantity).toBe(5);
  });

  it('counts the other lines drawing on the same stock: 3 held elsewhere leaves 2', () => {
    const both = cartWith(ctx, [{ id: 2, quantity: 3, itemData: { gift: true } }], cart);
    expect(refusal(() => updateItem(both, mugKey, 3, ctx))).toMatchObject({ code: 'cocart_not_enough_in_stock', args: ['Mug', 2] });
  });

  it('counts a parent’s stock across its variations', () => {
    const tee = variable(50, { Colour: ['red', 'blue'] }, [
      { id: 51, price: 1000, attributes: { Colour: 'red' } },
      { id: 52, price: 1000, attributes: { Colour: 'blue' } },
    ], { name: 'Tee', manageStock: true, stockQuantity: 4 });
    const t = context({ products: [tee] });
    const tees = cartWith(t, [{ id: 51, quantity: 1 }, { id: 52, quantity: 1 }]);
    expect(refusal(() => updateItem(tees, lineOf(tees, 51).key, 4, t))).toMatchObject({ code: 'cocart_not_enough_in_stock', args: ['Tee - red', 3] });
    expect(updateItem(tees, lineOf(tees, 51).key, 3, t).change).toBe('increased');
  });

  it('lets a product on backorder go beyond its stock', () => {
    const c = cartWith(ctx, [{ id: 3, quantity: 1 }]);
    expect(updateItem(c, lineOf(c, 3).key, 20, ctx).line?.quantity).toBe(20);
  });

  it('refuses a quantity under the minimum or over the maximum purchase with cocart_quantity_invalid_amount (not_allowed)', () => {
    const c = cartWith(ctx, [{ id: 5, quantity: 10 }]);
    const key = lineOf(c, 5).key;
    expect(refusal(() => updateItem(c, key, 9, ctx))).toMatchObject({ code: 'cocart_quantity_invalid_amount', kind: 'not_allowed', args: ['Nails', 10] });
    expect(refusal(() => updateItem(c, key, 51, ctx))).toMatchObject({ code: 'cocart_quantity_invalid_amount', kind: 'not_allowed', args: ['Nails', 50] });
  });

  it('refuses a second of a sold-individually product with cocart_can_not_increase_quantity (not_allowed)', () => {
    const c = cartWith(ctx, [{ id: 4, quantity: 1 }]);
    expect(refusal(() => updateItem(c, lineOf(c, 4).key, 2, ctx))).toMatchObject({
      code: 'cocart_can_not_increase_quantity',
      kind: 'not_allowed',
      args: ['Gift card'],
    });
  });

  it('refuses more than a million on one line', () => {
    expect(refusal(() => updateItem(cart, beanieKey, 1_000_001, ctx))).toMatchObject({ code: 'cocart_quantity_invalid_amount', kind: 'not_allowed', args: ['Beanie', 1_000_000] });
  });
});
