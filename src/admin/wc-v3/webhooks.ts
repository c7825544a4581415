import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { trashNotSupported } from '../../catalog/admin/input.ts';
import { paginate } from '../../api/pagination.ts';
import { origin } from '../../api/request-context.ts';
import { defineRoute } from '../../api/route.ts';
import { CocartError } from '../../errors.ts';
import type { JsonObject } from '../../hooks/types.ts';
import type { Runtime } from '../../runtime.ts';
import { PING_WEBHOOK, WEBHOOK_GROUP } from '../../webhooks/dispatch.ts';
import type { Delivery, Webhook } from '../../webhooks/store.ts';
import { hooksOf, isTopic, splitTopic, WEBHOOK_STATUSES, type WebhookStatus } from '../../webhooks/topics.ts';
import { requireManager } from './access.ts';
import { links, pathId, WcContext } from './context.ts';
import { defineResource } from './resource.ts';
import { COLLECTION_ARGS, literals, ViewArgs } from './schema.ts';

/**
 * `wc/v3/webhooks`: WooCommerce's webhooks controller (list, create, retrieve, update, delete — no
 * trash — and batch), and the delivery log of each webhook as WooCommerce's earlier API had it
 * (`webhooks/{id}/deliveries`). The secret shows in the `edit` context only, which a create or an
 * update answers in. A new active webhook is pinged in the background, as WooCommerce pings one.
 */

const ListArgs = Type.Object({
  ...COLLECTION_ARGS,
  orderby: Type.Optional(literals(['date', 'id', 'title'])),
  status: Type.Optional(literals(['all', ...WEBHOOK_STATUSES])),
});

const WebhookBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 191 })),
  status: Type.Optional(Type.String()),
  topic: Type.Optional(Type.String({ maxLength: 191 })),
  delivery_url: Type.Optional(Type.String({ maxLength: 2000 })),
  secret: Type.Optional(Type.String({ maxLength: 500 })),
  api_version: Type.Optional(Type.String()),
});
const CreateBody = Type.Composite([WebhookBody, Type.Object({ id: Type.Optional(Type.Integer({ minimum: 0 })) })]);

const DeliveryListArgs = Type.Object({ page: COLLECTION_ARGS.page, per_page: COLLECTION_ARGS.per_page, context: COLLECTION_ARGS.context });

const invalidId = (kind: 'not_found' | 'invalid', message = 'Invalid ID.') => new CocartError('woocommerce_rest_shop_webhook_invalid_id', kind, message);
const invalidTopic = (message: string) => new CocartError('woocommerce_rest_shop_webhook_invalid_topic', 'invalid', message);
const invalidUrl = () =>
  new CocartError('woocommerce_rest_shop_webhook_invalid_delivery_url', 'invalid', 'Webhook delivery URL must be a valid URL starting with http:// or https://.');
const invalidStatus = () => new CocartError('woocommerce_rest_shop_webhook_invalid_status', 'invalid', 'Webhook status must be valid.');

function validUrl(text: string): boolean {
  try {
    const url = new URL(text.trim());
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function status(text: string | undefined): WebhookStatus | undefined {
  if (text === undefined || text === '') return undefined;
  const s = text.toLowerCase();
  if (!(WEBHOOK_STATUSES as readonly string[]).includes(s)) throw invalidStatus();
  return s as WebhookStatus;
}

/** WooCommerce's `wp_generate_password( 50, true, true )`: letters, digits and punctuation. */
function newSecret(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()-_ []{}<>~`+=,.;:/?|';
  return [...randomBytes(50)].map((b) => alphabet[b % alphabet.length]).join('');
}

function editContext(req: FastifyRequest): boolean {
  return req.method !== 'GET' || (req.query as { context?: string }).context === 'edit';
}

export function webhookJson(c: WcContext, w: Webhook, withSecret: boolean): JsonObject {
  const { resource, event } = splitTopic(w.topic);
  const body: JsonObject = {
    id: w.id,
    name: w.name,
    status: w.status,
    topic: w.topic,
    resource,
    event,
    hooks: hooksOf(w.topic),
    delivery_url: w.deliveryUrl,
    failure_count: w.failureCount,
    date_created: c.date(w.createdAt),
    date_created_gmt: c.dateGmt(w.createdAt),
    date_modified: c.date(w.modifiedAt),
    date_modified_gmt: c.dateGmt(w.modifiedAt),
    _links: links(`${c.root}/webhooks/${w.id}`, `${c.root}/webhooks`),
  };
  if (withSecret) body.secret = w.secret;
  return body;
}

export function deliveryJson(c: WcContext, d: Delivery): JsonObject {
  const summary = d.responseCode === null ? `Failed: ${d.responseMessage}` : `HTTP ${d.responseCode} ${d.responseMessage}`.trim();
  return {
    id: d.id,
    delivery_id: d.deliveryId,
    attempt: d.attempt,
    topic: d.topic,
    resource_id: d.resourceId,
    success: d.success,
    duration: (d.durationMs / 1000).toFixed(3),
    summary,
    request_method: 'POST',
    request_url: d.url,
    request_headers: d.requestHeaders,
    // Not kept: the payload holds shoppers' personal data (WooCommerce logs it only when debugging).
    request_body: '',
    response_code: d.responseCode === null ? '' : String(d.responseCode),
    response_message: d.responseMessage,
    response_headers: d.responseHeaders,
    response_body: d.responseBody,
    date_created: c.date(d.createdAt),
    date_created_gmt: c.dateGmt(d.createdAt),
    _links: links(`${c.root}/webhooks/${d.webhookId}/deliveries/${d.id}`, `${c.root}/webhooks/${d.webhookId}/deliveries`, `${c.root}/webhooks/${d.webhookId}`),
  };
}

export function registerWebhookRoutes(app: FastifyInstance, runtime: Runtime): void {
  const store = runtime.webhooks;
  const find = async (id: number, kind: 'not_found' | 'invalid' = 'not_found'): Promise<Webhook> => {
    const webhook = await store.find(id);
    if (!webhook) throw invalidId(kind, kind === 'invalid' ? 'ID is invalid.' : 'Invalid ID.');
    return webhook;
  };

  defineResource(app, runtime, {
    url: '/wc/v3/webhooks',
    tags: ['WooCommerce: webhooks'],
    summaries: {
      list: 'List webhooks',
      create: 'Create a webhook (topic and delivery_url required; a secret is made when none is given); an active one is pinged',
      get: 'Retrieve a webhook',
      update: 'Update a webhook (made active again, it starts with no failures)',
      delete: 'Delete a webhook (force=true: webhooks have no trash)',
    },
    args: { list: ListArgs, create: CreateBody, update: WebhookBody, get: ViewArgs },
    permit: requireManager,
    json: (c, w: Webhook, req) => webhookJson(c, w, editContext(req)),
    list: async (c, args) => {
      const gmt = args.dates_are_gmt ?? false;
      const after = args.after ? c.parseDate('after', args.after, gmt) : null;
      const before = args.before ? c.parseDate('before', args.before, gmt) : null;
      const { total, webhooks } = await store.list({
        offset: args.offset ?? (args.page - 1) * args.per_page,
        limit: args.per_page,
        status: args.status === 'all' ? undefined : args.status,
        search: args.search,
        include: args.include,
        exclude: args.exclude,
        after: after ?? undefined,
        before: before ?? undefined,
        orderBy: args.orderby ?? 'date',
        order: (args.order ?? 'desc').toLowerCase() === 'asc' ? 'asc' : 'desc',
      });
      return { total, items: webhooks };
    },
    get: (_c, id) => find(id),
    create: async (c, body, req) => {
      if (body.id) throw new CocartError('woocommerce_rest_shop_webhook_exists', 'invalid', 'Cannot create existing %s.', ['shop_webhook']);
      const topic = body.topic?.trim().toLowerCase() ?? '';
      if (!isTopic(topic)) throw invalidTopic('Webhook topic is required and must be valid.');
      if (!body.delivery_url || !validUrl(body.delivery_url)) throw invalidUrl();
      const webhook = await store.insert({
        name: body.name?.trim() || `Webhook created on ${c.date(c.now)?.replace('T', ' ')}`,
        status: status(body.status) ?? 'active',
        topic,
        deliveryUrl: body.delivery_url.trim(),
        secret: body.secret || newSecret(),
        apiVersion: 3,
        userId: req.user?.id ?? 0,
      });
      if (webhook.status === 'active') await runtime.jobs.queue.schedule(PING_WEBHOOK, { webhook_id: webhook.id }, { group: WEBHOOK_GROUP, maxAttempts: 1 });
      return webhook;
    },
    update: async (_c, id, body) => {
      await find(id, 'invalid');
      const topic = body.topic?.trim().toLowerCase();
      if (topic && !isTopic(topic)) throw invalidTopic('Webhook topic must be valid.');
      if (body.delivery_url && !validUrl(body.delivery_url)) throw invalidUrl();
      const updated = await store.update(id, {
        name: body.name?.trim() || undefined,
        topic: topic || undefined,
        deliveryUrl: body.delivery_url?.trim() || undefined,
        secret: body.secret || undefined,
        status: status(body.status),
      });
      if (!updated) throw invalidId('invalid', 'ID is invalid.');
      return updated;
    },
    delete: async (_c, id, force) => {
      if (!force) throw trashNotSupported('Webhooks do not support trashing.');
      const webhook = await find(id);
      await store.delete(id);
      return webhook;
    },
  });

  const context = (req: FastifyRequest) => new WcContext(runtime, req);
  defineRoute(app, {
    method: 'GET',
    url: '/wc/v3/webhooks/:id(^\\d+$)/deliveries',
    summary: "A webhook's delivery log, newest first (the last 100 attempts)",
    tags: ['WooCommerce: webhooks'],
    args: DeliveryListArgs,
    handler: async (req, reply, args: Static<typeof DeliveryListArgs>) => {
      requireManager(req, 'list');
      const webhook = await find(pathId(req));
      const { total, deliveries } = await store.deliveries(webhook.id, (args.page - 1) * args.per_page, args.per_page);
      paginate(req, reply, origin(req, runtime), total, args.page, args.per_page, null);
      const c = context(req);
      return deliveries.map((d) => deliveryJson(c, d));
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/wc/v3/webhooks/:webhook_id(^\\d+$)/deliveries/:id(^\\d+$)',
    summary: 'One delivery attempt of a webhook',
    tags: ['WooCommerce: webhooks'],
    handler: async (req) => {
      requireManager(req, 'view');
      const webhook = await find(pathId(req, 'webhook_id'));
      const delivery = await store.delivery(webhook.id, pathId(req));
      if (!delivery) throw new CocartError('woocommerce_rest_invalid_id', 'not_found', 'Invalid ID.');
      return deliveryJson(context(req), delivery);
    },
  });
}
