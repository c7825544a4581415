import { createHash } from 'node:crypto';
import type { Resource } from '../events/changes.ts';
import type { JsonObject } from '../hooks/types.ts';
import type { JobContext } from '../jobs/registry.ts';
import type { DeliveryArgs } from './dispatch.ts';
import { webhookSignature } from './signature.ts';
import type { Webhook, WebhookStore } from './store.ts';
import { isDelivered, splitTopic } from './topics.ts';

/**
 * One delivery attempt, as WooCommerce's `WC_Webhook::deliver` makes it: a JSON POST of the resource in
 * its wc/v3 shape (only `{id}` once deleted), signed, with the `X-WC-Webhook-*` headers, no redirects
 * followed. Every attempt is logged with the webhook's health. An attempt that fails throws, so the
 * queue tries again later with back-off; once the webhook is disabled (or paused, or deleted) nothing
 * more is sent.
 */

/** The resource as the wc/v3 API shows it now; null once it no longer exists. */
export type PayloadRenderer = (resource: Resource, id: number) => Promise<JsonObject | null>;

export interface DeliveryDeps {
  store: WebhookStore;
  render: PayloadRenderer;
  /** `X-WC-Webhook-Source`: the store's home URL, with a trailing slash. */
  source(): string;
  userAgent: string;
  timeoutMs: number;
}

/** Milliseconds a receiver has to answer. */
export const DELIVERY_TIMEOUT_MS = 30_000;
/** Characters of a receiver's answer kept in the log. */
const RESPONSE_KEPT = 2000;

interface Sent {
  code: number | null;
  message: string;
  headers: Record<string, string>;
  body: string;
  durationMs: number;
}

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number, signal: AbortSignal): Promise<Sent> {
  const started = performance.now();
  try {
    const res = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) });
    const text = await res.text().catch(() => '');
    return { code: res.status, message: res.statusText, headers: Object.fromEntries(res.headers), body: text.slice(0, RESPONSE_KEPT), durationMs: Math.round(performance.now() - started) };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const message = err instanceof Error && err.name === 'TimeoutError' ? `No answer within ${timeoutMs / 1000} s` : cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
    return { code: null, message, headers: {}, body: '', durationMs: Math.round(performance.now() - started) };
  }
}

/** The same for every attempt of one queued delivery (a receiver can tell a retry from a new event). */
function deliveryIdOf(webhook: Webhook, actionId: number): string {
  return createHash('sha256').update(`${webhook.id}:${actionId}`).digest('hex').slice(0, 32);
}

export async function deliverWebhook(deps: DeliveryDeps, args: DeliveryArgs, ctx: JobContext): Promise<void> {
  const webhook = await deps.store.find(Number(args.webhook_id));
  if (!webhook) return void ctx.log.info({ webhook: args.webhook_id }, 'Webhook deleted; nothing delivered');
  if (webhook.status !== 'active') return void ctx.log.info({ webhook: webhook.id, status: webhook.status }, 'Webhook not active; nothing delivered');
  const { resource, event } = splitTopic(webhook.topic);
  const id = Number(args.arg);
  let payload: JsonObject | null = { id };
  if (event !== 'deleted') {
    payload = await deps.render(resource, id);
    if (!payload) return void ctx.log.info({ webhook: webhook.id, resource, id }, 'The resource no longer exists; nothing delivered');
  }
  const body = JSON.stringify(payload);
  const deliveryId = deliveryIdOf(webhook, ctx.action.id);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': deps.userAgent,
    'x-wc-webhook-source': deps.source(),
    'x-wc-webhook-topic': webhook.topic,
    'x-wc-webhook-resource': resource,
    'x-wc-webhook-event': event,
    'x-wc-webhook-signature': webhookSignature(body, webhook.secret),
    'x-wc-webhook-id': String(webhook.id),
    'x-wc-webhook-delivery-id': deliveryId,
  };
  const sent = await post(webhook.deliveryUrl, body, headers, deps.timeoutMs, ctx.signal);
  const success = isDelivered(sent.code);
  const after = await logAttempt(deps, webhook, ctx, { topic: webhook.topic, resourceId: id, headers, sent, success });
  if (success) return;
  if (after && after.status !== 'active') {
    ctx.log.warn({ webhook: webhook.id, failures: after.failureCount }, 'Webhook disabled after repeated delivery failures');
    return;
  }
  throw new Error(sent.code === null ? `Delivery failed: ${sent.message}` : `Delivery failed: HTTP ${sent.code} ${sent.message}`.trim());
}

/**
 * WooCommerce's ping, sent when a webhook is made: a form POST of `webhook_id=<id>`. It tells the
 * receiver the webhook exists; its outcome is logged but does not count against the webhook's health.
 */
export async function pingWebhook(deps: DeliveryDeps, args: { webhook_id: number }, ctx: JobContext): Promise<void> {
  const webhook = await deps.store.find(Number(args.webhook_id));
  if (!webhook) return;
  const body = `webhook_id=${webhook.id}`;
  const headers = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': deps.userAgent };
  const sent = await post(webhook.deliveryUrl, body, headers, deps.timeoutMs, ctx.signal);
  await logAttempt(deps, webhook, ctx, { topic: 'ping', resourceId: 0, headers, sent, success: sent.code === 200, countsTowardsHealth: false });
}

/** Logs one attempt in the webhook's delivery log (and its health); the webhook as it now is. */
function logAttempt(
  deps: DeliveryDeps,
  webhook: Webhook,
  ctx: JobContext,
  attempt: { topic: string; resourceId: number; headers: Record<string, string>; sent: Sent; success: boolean; countsTowardsHealth?: boolean },
): Promise<Webhook | null> {
  const { sent } = attempt;
  return deps.store.recordDelivery({
    webhookId: webhook.id,
    actionId: ctx.action.id,
    deliveryId: deliveryIdOf(webhook, ctx.action.id),
    attempt: ctx.action.attempts,
    topic: attempt.topic,
    resourceId: attempt.resourceId,
    url: webhook.deliveryUrl,
    requestHeaders: attempt.headers,
    responseCode: sent.code,
    responseMessage: sent.message,
    responseHeaders: sent.headers,
    responseBody: sent.body,
    success: attempt.success,
    durationMs: sent.durationMs,
    countsTowardsHealth: attempt.countsTowardsHealth,
  });
}
