import { BILLING_FIELDS, SHIPPING_FIELDS, type Cart, type CartLine, type Customer } from './types.ts';

/**
 * What happens to a guest's cart when its shopper logs in and already has a cart of their own
 * (spec/cart-api.md §6.4). The store chooses the strategy in settings (`cart.merge_strategy`);
 * a plugin can replace it through the `cartwright_merge_carts` filter.
 */
export type MergeStrategyName = 'merge' | 'guest-replaces' | 'keep-customer';
export const MERGE_STRATEGIES: readonly MergeStrategyName[] = ['merge', 'guest-replaces', 'keep-customer'];

/** The customer's own details win; blanks are filled from what the guest entered. */
function mergeCustomer(own: Customer, guest: Customer): Customer {
  const billing = { ...own.billing };
  for (const f of BILLING_FIELDS) if (!billing[f]) billing[f] = guest.billing[f];
  const shipping = { ...own.shipping };
  for (const f of SHIPPING_FIELDS) if (!shipping[f]) shipping[f] = guest.shipping[f];
  return { billing, shipping, shipToDifferentAddress: own.shipToDifferentAddress || guest.shipToDifferentAddress, extra: { ...guest.extra, ...own.extra } };
}

function unionLines(own: CartLine[], guest: CartLine[]): CartLine[] {
  const guestKeys = new Set(guest.map((l) => l.key));
  return [...own.filter((l) => !guestKeys.has(l.key)), ...guest];
}

export function mergeCarts(strategy: MergeStrategyName, guest: Cart, own: Cart): Cart {
  switch (strategy) {
    case 'keep-customer':
      return own;
    case 'guest-replaces':
      return { ...guest, customer: mergeCustomer(own.customer, guest.customer), notices: [...own.notices, ...guest.notices] };
    case 'merge':
    default: {
      // Union of both carts; on the same line the guest's (the latest choice) wins, not a sum.
      const lines = unionLines(own.lines, guest.lines);
      const lineKeys = new Set(lines.map((l) => l.key));
      return {
        lines,
        removed: unionLines(own.removed, guest.removed).filter((l) => !lineKeys.has(l.key)),
        customer: mergeCustomer(own.customer, guest.customer),
        coupons: [...new Set([...own.coupons, ...guest.coupons])],
        chosenShipping: guest.chosenShipping.length ? guest.chosenShipping : own.chosenShipping,
        notices: [...own.notices, ...guest.notices],
      };
    }
  }
}
