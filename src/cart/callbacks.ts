import type { CartContext } from './context.ts';
import type { StoreAddressRules } from './update-customer.ts';
import { updateCustomer } from './update-customer.ts';
import { updateCartQuantities } from './update-cart.ts';
import type { Cart } from './types.ts';
import { CocartError } from '../errors.ts';

/**
 * Cart update callbacks: `POST /cart/update?namespace=<name>` runs the callback registered under that
 * name (CoCart's "extension callbacks"). `update-cart` and `update-customer` are built in; a plugin
 * adds its own with `register`. A callback returns the new cart or throws a CocartError.
 */
export interface CartCallbackInput {
  /** Every request parameter (body, form and query merged). */
  params: Record<string, unknown>;
  cart: Cart;
  ctx: CartContext;
  address: StoreAddressRules;
}

export interface CartCallback {
  name: string;
  callback(input: CartCallbackInput): Cart | Promise<Cart>;
}

export class CartCallbackRegistry {
  private readonly callbacks = new Map<string, CartCallback>();

  constructor() {
    this.register({
      name: 'update-cart',
      callback: ({ params, cart, ctx }) => {
        if (!cart.lines.length && !cart.removed.length) throw new CocartError('cocart_cart_empty', 'not_found', 'Cart is empty. Please add items to cart first.');
        const quantities = params.quantity;
        if (quantities === undefined || quantities === null || typeof quantities !== 'object' || Array.isArray(quantities)) return cart;
        return updateCartQuantities(cart, quantities as Record<string, unknown>, ctx).cart;
      },
    });
    this.register({ name: 'update-customer', callback: ({ params, cart, address }) => updateCustomer(cart, params, address) });
  }

  /** Adds a callback; a name already taken is refused (false), as CoCart's registry does. */
  register(callback: CartCallback): boolean {
    if (!callback.name || this.callbacks.has(callback.name)) return false;
    this.callbacks.set(callback.name, callback);
    return true;
  }

  isRegistered(name: string): boolean {
    return this.callbacks.has(name);
  }

  get(name: string): CartCallback | undefined {
    return this.callbacks.get(name);
  }

  names(): string[] {
    return [...this.callbacks.keys()];
  }
}
