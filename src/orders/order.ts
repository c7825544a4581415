import { randomBytes } from 'node:crypto';

/**
 * An order: what a shopper bought, at the prices, taxes and discounts charged, with its addresses and
 * where it stands. Money is integer minor units of the order's currency. Plain data, no I/O: the
 * orders store keeps it, checkout makes it from a priced cart, the APIs present it.
 */

/**
 * WooCommerce's order statuses (stored without the `wc-` prefix), and `trash`: an order the store
 * deleted without `force` waits there, out of every list that does not ask for it, until it is deleted
 * for good or given a status again.
 */
export const ORDER_STATUSES = ['checkout-draft', 'pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'trash'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** How each status is named to people. */
export const STATUS_LABELS: Readonly<Record<OrderStatus, string>> = {
  'checkout-draft': 'Draft',
  pending: 'Pending payment',
  processing: 'Processing',
  'on-hold': 'On hold',
  completed: 'Completed',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
  failed: 'Failed',
  trash: 'Trash',
};

export interface OrderAddress {
  first_name: string;
  last_name: string;
  company: string;
  address_1: string;
  address_2: string;
  city: string;
  state: string;
  postcode: string;
  country: string;
  email: string;
  phone: string;
}

/** Tax of one rate on a line: before discounts (subtotal) and after (total). */
export interface LineTax {
  rateId: number;
  subtotal: number;
  total: number;
}

export interface OrderLine {
  /** The item's id within the store (0 until stored). */
  id: number;
  productId: number;
  variationId: number;
  name: string;
  sku: string;
  quantity: number;
  /** `attribute_pa_colour: blue`, as the cart chose them. */
  variation: Record<string, string>;
  /** The cart item's own data (e.g. an engraving). */
  itemData: Record<string, unknown>;
  taxClass: string;
  /** Before discounts, excl. tax. */
  subtotal: number;
  subtotalTax: number;
  /** After discounts, excl. tax. */
  total: number;
  tax: number;
  taxes: LineTax[];
  /** The product whose stock this line draws on (a variation's own, or its parent's); 0 when none is kept. */
  stockProductId: number;
  /** Units taken off the shelf for this line (0 until stock is reduced; back to 0 when restored). */
  reducedStock: number;
}

export interface ShippingLine {
  id: number;
  /** `flat_rate:3` */
  rateId: string;
  methodId: string;
  instanceId: number;
  methodTitle: string;
  total: number;
  tax: number;
  taxes: { rateId: number; total: number }[];
}

export interface FeeLine {
  id: number;
  name: string;
  taxClass: string;
  taxable: boolean;
  total: number;
  tax: number;
}

export interface CouponLine {
  id: number;
  code: string;
  discountType: string;
  /** The coupon's own amount (percent, or minor units for fixed coupons). */
  nominalAmount: number;
  freeShipping: boolean;
  discount: number;
  discountTax: number;
}

export interface TaxLine {
  id: number;
  rateId: number;
  rateCode: string;
  label: string;
  compound: boolean;
  taxTotal: number;
  shippingTaxTotal: number;
}

export interface OrderTotals {
  discountTotal: number;
  discountTax: number;
  shippingTotal: number;
  shippingTax: number;
  /** Tax on items and fees. */
  cartTax: number;
  total: number;
  totalTax: number;
}

export interface Order {
  id: number;
  /** `wc_order_…`: whoever holds it may see the order (the order-received page). */
  key: string;
  status: OrderStatus;
  currency: string;
  pricesIncludeTax: boolean;
  /** 0 for a guest. */
  customerId: number;
  billing: OrderAddress;
  shipping: OrderAddress;
  paymentMethod: string;
  paymentMethodTitle: string;
  transactionId: string;
  customerNote: string;
  /** `checkout`, `rest-api`, `admin`. */
  createdVia: string;
  /** The cart's hash when the order was made from it, so a retried checkout finds the same order. */
  cartHash: string;
  lines: OrderLine[];
  shippingLines: ShippingLine[];
  feeLines: FeeLine[];
  couponLines: CouponLine[];
  taxLines: TaxLine[];
  totals: OrderTotals;
  /** Unix seconds. */
  createdAt: number;
  modifiedAt: number;
  paidAt: number | null;
  completedAt: number | null;
  /** Whether the lines' stock has been taken off the shelf (once per order). */
  stockReduced: boolean;
  /** Whether the coupons' usage counts include this order. */
  couponUsageRecorded: boolean;
  /** Until when an unpaid order holds its stock; null when it holds none. */
  holdUntil: number | null;
  /** Other facts kept with the order (a payment provider's references, say). */
  meta: Record<string, string>;
}

/** The meta key of the language the order was placed in (hidden from `meta_data`, as every `_` key). */
export const ORDER_LOCALE_META = '_locale';

export function emptyAddress(): OrderAddress {
  return { first_name: '', last_name: '', company: '', address_1: '', address_2: '', city: '', state: '', postcode: '', country: '', email: '', phone: '' };
}

/** WooCommerce's `needs_payment()`: pending or failed, with something to pay. */
export function needsPayment(order: Pick<Order, 'status' | 'totals'>): boolean {
  return (order.status === 'pending' || order.status === 'failed') && order.totals.total > 0;
}

/** WooCommerce's `is_paid()`. */
export function isPaid(order: Pick<Order, 'status'>): boolean {
  return order.status === 'processing' || order.status === 'completed';
}

/** `wc_order_` and 13 random letters and digits, as WooCommerce makes order keys. */
export function newOrderKey(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const bytes = randomBytes(13);
  return `wc_order_${[...bytes].map((b) => alphabet[b % alphabet.length]).join('')}`;
}
