import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature, webhookSignature } from '../../src/webhooks/signature.ts';
import { afterDelivery, isDelivered, isTopic, MAX_DELIVERY_FAILURES, TOPICS } from '../../src/webhooks/topics.ts';

/** The pure rules of webhooks: WooCommerce's topics, what counts as delivered, when a webhook is disabled, the signature. */

describe('webhook rules', () => {
  it("knows WooCommerce's topics (customers have no trash, so no customer.restored)", () => {
    expect(TOPICS).toHaveLength(15);
    expect(['order.created', 'order.updated', 'order.deleted', 'order.restored', 'product.restored', 'coupon.deleted', 'customer.deleted'].every(isTopic)).toBe(true);
    expect(['customer.restored', 'order.shipped', 'action.woocommerce_add_to_cart', 'order', ''].some(isTopic)).toBe(false);
  });

  it('counts 2xx, 301 and 302 as delivered, as WC_Webhook::log_delivery does', () => {
    expect([200, 201, 204, 299, 301, 302].every(isDelivered)).toBe(true);
    expect([null, 100, 303, 304, 400, 410, 500, 503].some(isDelivered)).toBe(false);
  });

  it('disables a webhook on the failure after more than five in a row, as WC_Webhook::failed_delivery does', () => {
    expect(MAX_DELIVERY_FAILURES).toBe(5);
    let health = { status: 'active' as const, failureCount: 0 } as { status: 'active' | 'paused' | 'disabled'; failureCount: number };
    const seen: string[] = [];
    for (let i = 0; i < 7; i++) {
      health = afterDelivery(health, false);
      seen.push(`${health.status}:${health.failureCount}`);
    }
    expect(seen).toEqual(['active:1', 'active:2', 'active:3', 'active:4', 'active:5', 'active:6', 'disabled:6']);
    // A success starts the count again.
    expect(afterDelivery({ status: 'active', failureCount: 4 }, true)).toEqual({ status: 'active', failureCount: 0 });
  });

  it('signs the exact body with HMAC-SHA256 in base64, as WC_Webhook::generate_signature does', () => {
    const body = '{"id":7,"status":"processing"}';
    // Computed apart, with Python's hmac module: base64(hmac_sha256(key, body)), as PHP's
    // base64_encode( hash_hmac( 'sha256', $body, $secret, true ) ).
    const expected = 'c+O9PItdZPGZrz61ufyNdupbkiPQngE2HELysoOBUgo=';
    expect(webhookSignature(body, 's3cret')).toBe(expected);
    expect(verifyWebhookSignature(body, 's3cret', expected)).toBe(true);
    expect(verifyWebhookSignature(body, 'other', expected)).toBe(false);
    expect(verifyWebhookSignature(body, 's3cret', 'short')).toBe(false);
  });
});
