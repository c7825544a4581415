import { describe, expect, it } from 'vitest';
import { chooseShippingMethod } from '../../src/cart/choose-shipping-method.ts';
import { BRISTOL, cartWith, context, flatRate, freeShipping, localPickup, price, refusal, shipTo, simple, virtual, zone } from './builders.ts';

const ctx = context({
  products: [simple(1, 2000, { name: 'Beanie' }), virtual(2, 1500, { name: 'E-book' })],
  shippingZones: [zone(1, ['GB'], [flatRate(1, '5'), freeShipping(2, { requires: 'min_amount', minAmount: 3000 }), localPickup(3)]), zone(0, [], [flatRate(4, '15')])],
});
const cart = shipTo(cartWith(ctx, [{ id: 1, quantity: 1 }]), BRISTOL);

describe('chooseShippingMethod', () => {
  it('stores the chosen rate for the package, and pricing then charges it', () => {
    expect(price(cart, ctx).totals.shipping_total).toBe(500); // the first rate until one is chosen
    const chosen = chooseShippingMethod(cart, 'local_pickup:3', 0, ctx);
    expect(chosen.chosenShipping).toEqual(['local_pickup:3']);
    expect(price(chosen, ctx).packages[0].chosen).toBe('local_pickup:3');
    expect(price(chosen, ctx).totals).toMatchObject({ shipping_total: 0, total: 2000 });
  });

  it('refuses a rate the package is not offered with cocart_shipping_method_invalid (invalid), listing what is', () => {
    // £20 is under free shipping's £30 minimum, so it is not offered.
    const err = refusal(() => chooseShippingMethod(cart, 'free_shipping:2', 0, ctx));
    expect(err).toMatchObject({ code: 'cocart_shipping_method_invalid', kind: 'invalid', args: ['free_shipping:2', 'flat_rate:1, local_pickup:3'] });
    const bigger = cartWith(ctx, [{ id: 1, quantity: 1 }], cart);
    expect(chooseShippingMethod(bigger, 'free_shipping:2', 0, ctx).chosenShipping).toEqual(['free_shipping:2']);
  });

  it('offers the rates of the zone the address falls in', () => {
    const abroad = shipTo(cart, { country: 'FR', postcode: '75001', city: 'Paris' });
    expect(refusal(() => chooseShippingMethod(abroad, 'flat_rate:1', 0, ctx))).toMatchObject({ args: ['flat_rate:1', 'flat_rate:4'] });
    expect(price(chooseShippingMethod(abroad, 'flat_rate:4', 0, ctx), ctx).totals.shipping_total).toBe(1500);
  });

  it('refuses a package that does not exist with cocart_shipping_package_invalid (not_found)', () => {
    expect(refusal(() => chooseShippingMethod(cart, 'flat_rate:1', 1, ctx))).toMatchObject({ code: 'cocart_shipping_package_invalid', kind: 'not_found', args: [1] });
  });

  it('refuses when nothing needs shipping with cocart_shipping_not_needed (invalid)', () => {
    const ebook = shipTo(cartWith(ctx, [{ id: 2, quantity: 1 }]), BRISTOL);
    expect(refusal(() => chooseShippingMethod(ebook, 'flat_rate:1', 0, ctx))).toMatchObject({ code: 'cocart_shipping_not_needed', kind: 'invalid' });
    const off = context({ catalog: ctx.catalog, pricing: { shippingEnabled: false } });
    expect(refusal(() => chooseShippingMethod(cart, 'flat_rate:1', 0, off))).toMatchObject({ code: 'cocart_shipping_not_needed', kind: 'invalid' });
  });

  it('refuses before an address is known with cocart_shipping_address_needed (invalid)', () => {
    const nowhere = cartWith(ctx, [{ id: 1, quantity: 1 }]);
    expect(refusal(() => chooseShippingMethod(nowhere, 'flat_rate:1', 0, ctx))).toMatchObject({ code: 'cocart_shipping_address_needed', kind: 'invalid' });
  });

  it('wants a postcode as well when the store says shipping costs need a full address', () => {
    const strict = context({ catalog: ctx.catalog, shippingZones: [zone(1, ['GB'], [flatRate(1, '5')])], pricing: { shippingRequiresAddress: true } });
    const countryOnly = shipTo(cartWith(strict, [{ id: 1, quantity: 1 }]), { country: 'GB' });
    expect(refusal(() => chooseShippingMethod(countryOnly, 'flat_rate:1', 0, strict))).toMatchObject({ code: 'cocart_shipping_address_needed' });
    expect(chooseShippingMethod(shipTo(countryOnly, { postcode: 'BS1 4XX' }), 'flat_rate:1', 0, strict).chosenShipping).toEqual(['flat_rate:1']);
  });
});
