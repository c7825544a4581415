import { CocartError } from '../errors.ts';
import type { CartContext } from './context.ts';
import { priceCart } from './price-cart.ts';
import type { Cart } from './types.ts';

/** Choose a shipping rate for a package; it must be one of the rates the package has now. */
export function chooseShippingMethod(cart: Cart, rateId: string, packageIndex: number, ctx: CartContext): Cart {
  const priced = priceCart(cart, ctx.catalog, ctx.now, ctx.pricing, ctx.shopper);
  if (!priced.needsShipping) throw new CocartError('cocart_shipping_not_needed', 'invalid', 'Nothing in the cart needs shipping.');
  if (!priced.hasCalculatedShipping) {
    throw new CocartError('cocart_shipping_address_needed', 'invalid', 'Enter a shipping address first: rates depend on where the order goes.');
  }
  const pkg = priced.packages.find((p) => p.index === packageIndex);
  if (!pkg) throw new CocartError('cocart_shipping_package_invalid', 'not_found', 'There is no shipping package %s.', [packageIndex]);
  if (!pkg.rates.some((r) => r.rate.id === rateId)) {
    throw new CocartError('cocart_shipping_method_invalid', 'invalid', 'Shipping method "%1$s" is not available for this package. Available: %2$s', [
      rateId,
      pkg.rates.map((r) => r.rate.id).join(', ') || '-',
    ]);
  }
  const chosen = [...cart.chosenShipping];
  chosen[packageIndex] = rateId;
  return { ...cart, chosenShipping: chosen };
}
