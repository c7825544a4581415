import { ChangeFeed, type ChangeListener, type Resource } from '../events/changes.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { WebhookStore } from './store.ts';
import { topicOf } from './topics.ts';

/**
 * Turns the store's changes into webhook deliveries: for each active webhook of the change's topic, one
 * background action, scheduled in the change's own transaction. The payload is built when the action
 * runs, from the resource as it is then (as WooCommerce does), so a delivery already waiting for a
 * resource covers a later change to it and no second one is queued.
 */

/** WooCommerce's own hook and group for a delivery in the background, so the queue reads the same. */
export const DELIVER_WEBHOOK = 'woocommerce_deliver_webhook_async';
export const PING_WEBHOOK = 'cartwright_webhook_ping';
export const WEBHOOK_GROUP = 'woocommerce-webhooks';
/**
 * Attempts per delivery, the retries waiting 30 s, 1, 2, 4, 8, 16 and 32 minutes. A webhook whose
 * deliveries keep failing is disabled before the last of them (see topics.ts).
 */
export const DELIVERY_ATTEMPTS = 8;

export interface DeliveryArgs {
  webhook_id: number;
  /** The resource's id, WooCommerce's first hook argument. */
  arg: number;
  [key: string]: number;
}

export function webhookDispatcher(store: WebhookStore, queue: JobQueue): ChangeListener {
  return async (trx, change) => {
    if (change.event === 'status' || change.event === 'refunded') return;
    const topic = topicOf(change.resource as Resource, change.event);
    for (const webhook of await store.activeFor(trx, topic)) {
      const args: DeliveryArgs = { webhook_id: webhook.id, arg: change.id };
      await queue.scheduleIn(trx, DELIVER_WEBHOOK, args, { coalesce: true, maxAttempts: DELIVERY_ATTEMPTS, group: WEBHOOK_GROUP });
    }
  };
}

/**
 * The store's change feed with webhook deliveries listening: what a server node writes through, and a
 * CLI command too (its deliveries wait in the queue for a server's worker).
 */
export function changeFeedWithWebhooks(store: WebhookStore, queue: JobQueue): ChangeFeed {
  const changes = new ChangeFeed();
  changes.listen(webhookDispatcher(store, queue));
  return changes;
}
