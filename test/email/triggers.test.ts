import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { emailEnabled, emailsFor, ONCE_PER_ORDER, ORDER_EMAILS, storeRecipients, type OrderEmail } from '../../src/email/triggers.ts';
import type { OrderStatus } from '../../src/orders/order.ts';
import { SettingsSchema, type Settings } from '../../src/settings/schema.ts';

/**
 * Which e-mails an order's status change or refund sends, as WooCommerce's e-mail classes hook the
 * status transitions (`woocommerce_order_status_{from}_to_{to}_notification`) and the refund
 * notifications. Each test names the WooCommerce e-mail it follows.
 */

const sent = (from: OrderStatus | null, to: OrderStatus): OrderEmail[] => emailsFor({ resource: 'order', event: 'status', id: 7, from, to }).map((e) => e.email);

describe('order e-mail triggers', () => {
  it('sends WC_Email_New_Order to the store when a pending, failed or cancelled order is paid for or put on hold', () => {
    for (const from of ['pending', 'failed', 'cancelled'] as const) {
      for (const to of ['processing', 'completed', 'on-hold'] as const) expect(sent(from, to)).toContain('new_order');
    }
    expect(sent('on-hold', 'processing')).not.toContain('new_order');
    expect(sent('processing', 'completed')).not.toContain('new_order');
    expect(ONCE_PER_ORDER.has('new_order')).toBe(true);
  });

  it('counts an order stored with a status as one leaving pending, as WooCommerce creates every order pending', () => {
    expect(sent(null, 'pending')).toEqual([]);
    expect(sent(null, 'processing')).toEqual(['new_order', 'customer_processing_order']);
    expect(sent(null, 'completed')).toEqual(['new_order', 'customer_completed_order']);
  });

  it('sends WC_Email_Customer_Processing_Order ("order received") when a pending, on-hold, failed or cancelled order is paid for', () => {
    expect(sent('pending', 'processing')).toEqual(['new_order', 'customer_processing_order']);
    expect(sent('on-hold', 'processing')).toEqual(['customer_processing_order']);
    expect(sent('failed', 'processing')).toEqual(['new_order', 'customer_processing_order']);
    expect(sent('cancelled', 'processing')).toEqual(['new_order', 'customer_processing_order']);
  });

  it('sends WC_Email_Customer_On_Hold_Order when a pending, failed or cancelled order waits for its payment', () => {
    expect(sent('pending', 'on-hold')).toEqual(['new_order', 'customer_on_hold_order']);
    expect(sent('failed', 'on-hold')).toEqual(['new_order', 'customer_on_hold_order']);
    expect(sent('processing', 'on-hold')).toEqual([]);
  });

  it('sends WC_Email_Customer_Completed_Order on every move to completed', () => {
    expect(sent('processing', 'completed')).toEqual(['customer_completed_order']);
    expect(sent('on-hold', 'completed')).toEqual(['customer_completed_order']);
    expect(sent('refunded', 'completed')).toEqual(['customer_completed_order']);
  });

  it('sends WC_Email_Cancelled_Order to the store from pending, processing or on-hold, and WC_Email_Customer_Cancelled_Order to the shopper from processing or on-hold', () => {
    expect(sent('processing', 'cancelled')).toEqual(['cancelled_order', 'customer_cancelled_order']);
    expect(sent('on-hold', 'cancelled')).toEqual(['cancelled_order', 'customer_cancelled_order']);
    // An unpaid order cancelled (its stock hold ran out): the store hears of it, the shopper is not told.
    expect(sent('pending', 'cancelled')).toEqual(['cancelled_order']);
    expect(sent('failed', 'cancelled')).toEqual([]);
    expect(sent('completed', 'cancelled')).toEqual([]);
  });

  it('sends WC_Email_Failed_Order to the store when a pending or on-hold order fails', () => {
    expect(sent('pending', 'failed')).toEqual(['failed_order']);
    expect(sent('on-hold', 'failed')).toEqual(['failed_order']);
    expect(sent('processing', 'failed')).toEqual([]);
  });

  it('sends WC_Email_Customer_Refunded_Order on a refund, full or partial, and nothing on the status refunded alone', () => {
    expect(emailsFor({ resource: 'order', event: 'refunded', id: 7, refundId: 3, full: false })).toEqual([{ email: 'customer_refunded_order', orderId: 7, refundId: 3, partial: true }]);
    expect(emailsFor({ resource: 'order', event: 'refunded', id: 7, refundId: 4, full: true })).toEqual([{ email: 'customer_refunded_order', orderId: 7, refundId: 4, partial: false }]);
    expect(sent('processing', 'refunded')).toEqual([]);
  });

  it('sends nothing for the changes webhooks follow, other resources, drafts and the trash', () => {
    expect(emailsFor({ resource: 'order', event: 'updated', id: 7 })).toEqual([]);
    expect(emailsFor({ resource: 'product', event: 'created', id: 7 })).toEqual([]);
    expect(sent('processing', 'trash')).toEqual([]);
    expect(sent('trash', 'processing')).toEqual([]);
  });

  it('reads each e-mail’s switch and the store e-mails’ recipients from the settings', () => {
    const settings = Value.Create(SettingsSchema) as Settings;
    for (const email of ORDER_EMAILS) expect(emailEnabled(settings, email)).toBe(true);
    const off = { ...settings, emails: { ...settings.emails, customer_completed_order_enabled: false, new_order_recipient: ' a@example.org, b@example.org ,' } };
    expect(emailEnabled(off, 'customer_completed_order')).toBe(false);
    expect(storeRecipients(off, 'new_order')).toEqual(['a@example.org', 'b@example.org']);
    expect(storeRecipients(off, 'failed_order')).toEqual([]);
  });
});
