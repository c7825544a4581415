import { BILLING_FIELDS, SHIPPING_FIELDS, type Cart, type CartLine, type Customer } from './types.ts';

/**
 * What happens to a guest's cart when its shopper logs in and already has a cart of their own. Runs
 * once per hand-over, while both carts are held, and returns the customer's cart; the guest cart is
 * then left empty. The store picks a built-in in settings (`cart.merge_strategy`); a plugin can put
 * its own in place before any runs (`api.policies.setMergeStrategy`), and the
 * `cartwright_merge_carts` filter still sees the result.
 */
export interface MergeStrategy {
  merge(guest: Cart, own: Cart): Cart;
}

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

/** Union of both carts; on the same line the guest's (the latest choice) wins, not a sum. */
export const unionMerge: MergeStrategy = {
  merge(guest, own) {
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
  },
};

/** The guest's cart replaces the customer's; the customer's details are kept, blanks filled from the guest's. */
export const guestReplaces: MergeStrategy = {
  merge: (guest, own) => ({ ...guest, customer: mergeCustomer(own.customer, guest.customer), notices: [...own.notices, ...guest.notices] }),
};

/** The customer's cart stays as it was; the guest's is dropped. */
export const keepCustomer: MergeStrategy = {
  merge: (_guest, own) => own,
};

export const BUILT_IN_MERGE_STRATEGIES: Readonly<Record<MergeStrategyName, MergeStrategy>> = {
  merge: unionMerge,
  'guest-replaces': guestReplaces,
  'keep-customer': keepCustomer,
};

/** The built-in strategy `name` applied to two carts. */
export function mergeCarts(name: MergeStrategyName, guest: Cart, own: Cart): Cart {
  return (BUILT_IN_MERGE_STRATEGIES[name] ?? unionMerge).merge(guest, own);
}
