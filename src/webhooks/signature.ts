import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `X-WC-Webhook-Signature`: the base64 HMAC-SHA256 of the exact body sent, keyed with the webhook's
 * secret. A receiver computes it over the raw bytes it received (before any JSON parsing).
 */
export function webhookSignature(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** Whether `signature` is the one `body` should carry (compared in constant time). */
export function verifyWebhookSignature(body: string, secret: string, signature: string): boolean {
  const expected = Buffer.from(webhookSignature(body, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
