import { EVENTS, RESOURCES, type ChangeEvent, type Resource } from '../events/changes.ts';

/**
 * Webhook topics, statuses and health as WooCommerce has them. A topic is `resource.event`; customers
 * have no trash, so there is no `customer.restored`. A webhook that failed more than
 * `MAX_DELIVERY_FAILURES` deliveries in a row is disabled (WooCommerce's
 * `woocommerce_max_webhook_delivery_failures`); a success (2xx, 301 or 302) starts the count again.
 */

export const WEBHOOK_STATUSES = ['active', 'paused', 'disabled'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

export const MAX_DELIVERY_FAILURES = 5;

export const TOPICS: readonly string[] = RESOURCES.flatMap((r) => EVENTS.filter((e) => !(r === 'customer' && e === 'restored')).map((e) => `${r}.${e}`));

/** The WooCommerce actions each topic listens to, as its `hooks` field lists them (for clients that show them). */
const HOOKS: Record<string, string[]> = {
  'coupon.created': ['woocommerce_process_shop_coupon_meta', 'woocommerce_new_coupon'],
  'coupon.updated': ['woocommerce_process_shop_coupon_meta', 'woocommerce_update_coupon'],
  'coupon.deleted': ['wp_trash_post'],
  'coupon.restored': ['untrashed_post'],
  'customer.created': ['user_register', 'woocommerce_created_customer', 'woocommerce_new_customer'],
  'customer.updated': ['profile_update', 'woocommerce_update_customer'],
  'customer.deleted': ['delete_user'],
  'order.created': ['woocommerce_new_order'],
  'order.updated': ['woocommerce_update_order', 'woocommerce_order_refunded', 'woocommerce_delete_order_refund'],
  'order.deleted': ['wp_trash_post', 'woocommerce_trash_order'],
  'order.restored': ['untrashed_post', 'woocommerce_untrash_order'],
  'product.created': ['woocommerce_process_product_meta', 'woocommerce_new_product', 'woocommerce_new_product_variation'],
  'product.updated': ['woocommerce_process_product_meta', 'woocommerce_update_product', 'woocommerce_update_product_variation'],
  'product.deleted': ['wp_trash_post'],
  'product.restored': ['untrashed_post'],
};

export function isTopic(topic: string): boolean {
  return TOPICS.includes(topic);
}

export function topicOf(resource: Resource, event: ChangeEvent): string {
  return `${resource}.${event}`;
}

export function splitTopic(topic: string): { resource: Resource; event: ChangeEvent } {
  const [resource, event] = topic.split('.') as [Resource, ChangeEvent];
  return { resource, event };
}

export function hooksOf(topic: string): string[] {
  return HOOKS[topic] ?? [];
}

/** WooCommerce counts 2xx, 301 and 302 as delivered. */
export function isDelivered(status: number | null): boolean {
  return status !== null && status >= 200 && status < 303;
}

/**
 * A webhook's health after one delivery: the failures in a row, and whether it is now disabled (only an
 * active webhook is disabled by failing; a success never re-enables one).
 */
export function afterDelivery(health: { status: WebhookStatus; failureCount: number }, delivered: boolean): { status: WebhookStatus; failureCount: number } {
  if (delivered) return { status: health.status, failureCount: 0 };
  if (health.failureCount > MAX_DELIVERY_FAILURES) return { status: 'disabled', failureCount: health.failureCount };
  return { status: health.status, failureCount: health.failureCount + 1 };
}
