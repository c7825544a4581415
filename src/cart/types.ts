/** The cart aggregate as stored in a session row. Money is integer minor units. */

export interface CartLine {
  /** 32-hex line identity: product, variation, chosen attributes and item data. */
  key: string;
  /** The product added: a variation's id for variations. */
  id: number;
  /** The parent product for variations, else equal to `id`. */
  productId: number;
  variationId: number;
  /** Chosen attributes, `attribute_<taxonomy>` → value. */
  variation: Record<string, string>;
  quantity: number;
  /** The caller's `item_data`; part of the line identity. */
  itemData: Record<string, unknown>;
  /** A custom unit price accepted under the price-override rules, remembered for the line. */
  customPrice: number | null;
}

export const BILLING_FIELDS = [
  'first_name', 'last_name', 'company', 'country', 'address_1', 'address_2', 'city', 'state', 'postcode', 'phone', 'email',
] as const;
export const SHIPPING_FIELDS = [
  'first_name', 'last_name', 'company', 'country', 'address_1', 'address_2', 'city', 'state', 'postcode', 'phone',
] as const;

export type BillingField = (typeof BILLING_FIELDS)[number];
export type ShippingField = (typeof SHIPPING_FIELDS)[number];

export interface Customer {
  billing: Record<BillingField, string>;
  shipping: Record<ShippingField, string>;
  shipToDifferentAddress: boolean;
  /** Extra `billing_*` / `shipping_*` fields a store or plugin collects. */
  extra: Record<string, string>;
}

export type NoticeType = 'error' | 'success' | 'notice' | 'info';
export const NOTICE_TYPES: readonly NoticeType[] = ['error', 'success', 'notice', 'info'];

/** A message for the shopper, kept untranslated so it is shown in the language of the request that reads it. */
export interface Notice {
  type: NoticeType;
  msgid: string;
  args: unknown[];
}

export interface Cart {
  lines: CartLine[];
  /** Removed lines, restorable, most recent last. */
  removed: CartLine[];
  customer: Customer;
  /** Applied coupon codes, lower case. */
  coupons: string[];
  /** Chosen shipping rate per package index. */
  chosenShipping: string[];
  /** The payment method the shopper chose, for fee rules that depend on it ('' for none). */
  paymentMethod?: string;
  /**
   * The order checkout placed from this cart while it waits for payment: a retried checkout of the
   * same cart pays for that order instead of placing another. Gone once the cart is emptied.
   */
  order?: { id: number; key: string };
  /** Notices waiting to be shown; cleared once a response carries them. */
  notices: Notice[];
}

export function emptyCustomer(): Customer {
  const blank = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, ''])) as Record<K, string>;
  return { billing: blank(BILLING_FIELDS), shipping: blank(SHIPPING_FIELDS), shipToDifferentAddress: false, extra: {} };
}

export function emptyCart(): Cart {
  return { lines: [], removed: [], customer: emptyCustomer(), coupons: [], chosenShipping: [], notices: [] };
}

export function itemCount(lines: readonly CartLine[]): number {
  return lines.reduce((n, l) => n + l.quantity, 0);
}

/** Nothing in the cart and nothing to restore: CoCart's "completely empty". */
export function isCompletelyEmpty(cart: Cart): boolean {
  return cart.lines.length === 0 && cart.removed.length === 0;
}
