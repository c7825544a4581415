import type { Change } from '../events/changes.ts';
import type { OrderStatus } from '../orders/order.ts';
import type { Settings } from '../settings/schema.ts';

/**
 * Which order e-mails a change in the store sends, after WooCommerce's e-mail classes
 * (`includes/emails/class-wc-email-*.php`): each e-mail listens to the status transitions its class
 * hooks (`woocommerce_order_status_{from}_to_{to}_notification`), and the refunded one to the
 * full and partial refund notifications. Pure: no SQL, no SMTP.
 */

export const ORDER_EMAILS = [
  'new_order',
  'cancelled_order',
  'failed_order',
  'customer_on_hold_order',
  'customer_processing_order',
  'customer_completed_order',
  'customer_cancelled_order',
  'customer_refunded_order',
] as const;
export type OrderEmail = (typeof ORDER_EMAILS)[number];

/** The e-mails to the store (WooCommerce's admin e-mails), each with its recipients. */
export type StoreEmail = Exclude<OrderEmail, `customer_${string}`>;

/** Whom an e-mail goes to: the shopper (the billing address) or the store (the e-mail's recipients). */
export function isCustomerEmail(email: OrderEmail): boolean {
  return email.startsWith('customer_');
}

/** An e-mail the change sends; `refundId` and `partial` for the refunded one. */
export interface TriggeredEmail {
  email: OrderEmail;
  orderId: number;
  refundId?: number;
  partial?: boolean;
}

type Transition = readonly [from: OrderStatus | '*', to: OrderStatus];

/** The status transitions each e-mail is sent on, as its WooCommerce class registers them. */
const TRANSITIONS: Readonly<Record<Exclude<OrderEmail, 'customer_refunded_order'>, readonly Transition[]>> = {
  // WC_Email_New_Order: a new order is paid for or placed on hold.
  new_order: [
    ['pending', 'processing'], ['pending', 'completed'], ['pending', 'on-hold'],
    ['failed', 'processing'], ['failed', 'completed'], ['failed', 'on-hold'],
    ['cancelled', 'processing'], ['cancelled', 'completed'], ['cancelled', 'on-hold'],
  ],
  // WC_Email_Cancelled_Order: to the store, an order that was pending, processing or on hold is cancelled.
  cancelled_order: [['processing', 'cancelled'], ['on-hold', 'cancelled'], ['pending', 'cancelled']],
  // WC_Email_Failed_Order: to the store, the payment of a pending or on-hold order failed.
  failed_order: [['pending', 'failed'], ['on-hold', 'failed']],
  // WC_Email_Customer_On_Hold_Order: the order is received and waits for its payment.
  customer_on_hold_order: [['pending', 'on-hold'], ['failed', 'on-hold'], ['cancelled', 'on-hold']],
  // WC_Email_Customer_Processing_Order: the order is received and paid for ("order received").
  customer_processing_order: [['cancelled', 'processing'], ['failed', 'processing'], ['on-hold', 'processing'], ['pending', 'processing']],
  // WC_Email_Customer_Completed_Order: `woocommerce_order_status_completed_notification`, from any status.
  customer_completed_order: [['*', 'completed']],
  // WC_Email_Customer_Cancelled_Order: the shopper's processing or on-hold order is cancelled.
  customer_cancelled_order: [['processing', 'cancelled'], ['on-hold', 'cancelled']],
};

/**
 * WooCommerce sends the new-order e-mail once per order (`_new_order_email_sent`): an order cancelled
 * and paid for again does not announce itself twice.
 */
export const ONCE_PER_ORDER: ReadonlySet<OrderEmail> = new Set(['new_order']);

/**
 * The e-mails a change sends. An order is born `pending` in WooCommerce, so a new order stored with
 * another status (`from` null) counts as leaving `pending`. A refund sends the refunded e-mail, full
 * or partial; the status `refunded` on its own sends nothing (no money went back with it).
 */
export function emailsFor(change: Change): TriggeredEmail[] {
  if (change.resource !== 'order') return [];
  if (change.event === 'refunded') return [{ email: 'customer_refunded_order', orderId: change.id, refundId: change.refundId, partial: !change.full }];
  if (change.event !== 'status') return [];
  const from = change.from ?? 'pending';
  const out: TriggeredEmail[] = [];
  for (const [email, transitions] of Object.entries(TRANSITIONS) as [OrderEmail, readonly Transition[]][]) {
    if (transitions.some(([f, t]) => t === change.to && (f === '*' || f === from) && from !== change.to)) out.push({ email, orderId: change.id });
  }
  return out;
}

/** Whether the store's settings send `email` (its switch under Emails). */
export function emailEnabled(settings: Settings, email: OrderEmail): boolean {
  return settings.emails[`${email}_enabled`];
}

/** A store e-mail's recipients from its setting (comma-separated); none when the setting is empty. */
export function storeRecipients(settings: Settings, email: StoreEmail): string[] {
  return addressList(settings.emails[`${email}_recipient`]);
}

/** Comma-separated addresses, as a list. */
export function addressList(text: string): string[] {
  return text.split(',').map((a) => a.trim()).filter(Boolean);
}
