import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import { inWriteTransaction, type DatabaseHandle } from '../db/connection.ts';
import type { Database, WebhookDeliveriesTable, WebhooksTable } from '../db/schema.ts';
import { afterDelivery, WEBHOOK_STATUSES, type WebhookStatus } from './topics.ts';

/** Webhooks and their delivery log in the database. */

export interface Webhook {
  id: number;
  name: string;
  status: WebhookStatus;
  topic: string;
  deliveryUrl: string;
  secret: string;
  apiVersion: number;
  userId: number;
  failureCount: number;
  /** Not delivered to yet (WooCommerce's `pending_delivery`, cleared by the first delivery or ping). */
  pendingDelivery: boolean;
  createdAt: number;
  modifiedAt: number;
}

export type NewWebhook = Omit<Webhook, 'id' | 'failureCount' | 'pendingDelivery' | 'createdAt' | 'modifiedAt'>;

export interface Delivery {
  id: number;
  webhookId: number;
  /** The same for every attempt of one delivery, so a receiver can tell a retry from a new event. */
  deliveryId: string;
  attempt: number;
  topic: string;
  resourceId: number;
  url: string;
  requestHeaders: Record<string, string>;
  responseCode: number | null;
  responseMessage: string;
  responseHeaders: Record<string, string>;
  responseBody: string;
  success: boolean;
  durationMs: number;
  createdAt: number;
}

export interface WebhookListQuery {
  offset: number;
  limit: number;
  status?: WebhookStatus;
  search?: string;
  include?: readonly number[];
  exclude?: readonly number[];
  after?: number;
  before?: number;
  orderBy: 'date' | 'id' | 'title';
  order: 'asc' | 'desc';
}

/** Attempts kept per webhook in the log; older ones are dropped as new ones come. */
export const DELIVERIES_KEPT = 100;

const ORDER_COLUMN = { date: 'created_at', id: 'id', title: 'name' } as const;

function json(text: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
  } catch {
    return {};
  }
}

function fromRow(r: Selectable<WebhooksTable>): Webhook {
  return {
    id: Number(r.id),
    name: r.name,
    status: (WEBHOOK_STATUSES as readonly string[]).includes(r.status) ? (r.status as WebhookStatus) : 'disabled',
    topic: r.topic,
    deliveryUrl: r.delivery_url,
    secret: r.secret,
    apiVersion: r.api_version,
    userId: Number(r.user_id),
    failureCount: r.failure_count,
    pendingDelivery: r.pending_delivery === 1,
    createdAt: Number(r.created_at),
    modifiedAt: Number(r.modified_at),
  };
}

function deliveryFromRow(r: Selectable<WebhookDeliveriesTable>): Delivery {
  return {
    id: Number(r.id),
    webhookId: Number(r.webhook_id),
    deliveryId: r.delivery_id,
    attempt: r.attempt,
    topic: r.topic,
    resourceId: Number(r.resource_id),
    url: r.url,
    requestHeaders: json(r.request_headers),
    responseCode: r.response_code,
    responseMessage: r.response_message,
    responseHeaders: json(r.response_headers),
    responseBody: r.response_body,
    success: r.success === 1,
    durationMs: r.duration_ms,
    createdAt: Number(r.created_at),
  };
}

export class WebhookStore {
  constructor(
    private readonly handle: DatabaseHandle,
    private readonly now: () => number,
  ) {}

  private get db(): Kysely<Database> {
    return this.handle.db;
  }

  async find(id: number): Promise<Webhook | null> {
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    const row = await this.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  /** The active webhooks of a topic, read in the transaction of the change that concerns them. */
  async activeFor(trx: Kysely<Database>, topic: string): Promise<{ id: number }[]> {
    const rows = await trx.selectFrom('webhooks').select('id').where('topic', '=', topic).where('status', '=', 'active').execute();
    return rows.map((r) => ({ id: Number(r.id) }));
  }

  async list(query: WebhookListQuery): Promise<{ total: number; webhooks: Webhook[] }> {
    let q = this.db.selectFrom('webhooks');
    if (query.status) q = q.where('status', '=', query.status);
    if (query.include?.length) q = q.where('id', 'in', [...query.include]);
    if (query.exclude?.length) q = q.where('id', 'not in', [...query.exclude]);
    if (query.after !== undefined) q = q.where('created_at', '>', query.after);
    if (query.before !== undefined) q = q.where('created_at', '<', query.before);
    const search = query.search?.trim().toLowerCase();
    if (search) {
      const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb.or([eb(sql`lower(name)`, 'like', sql`${pattern} escape '\\'`), eb(sql`lower(delivery_url)`, 'like', sql`${pattern} escape '\\'`)]));
    }
    const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await q.selectAll().orderBy(ORDER_COLUMN[query.orderBy], query.order).orderBy('id', query.order).limit(query.limit).offset(query.offset).execute();
    return { total, webhooks: rows.map(fromRow) };
  }

  async insert(webhook: NewWebhook): Promise<Webhook> {
    const now = this.now();
    const row = await this.db
      .insertInto('webhooks')
      .values({
        name: webhook.name,
        status: webhook.status,
        topic: webhook.topic,
        delivery_url: webhook.deliveryUrl,
        secret: webhook.secret,
        api_version: webhook.apiVersion,
        user_id: webhook.userId,
        created_at: now,
        modified_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return fromRow(row);
  }

  /**
   * Changes what was given. A webhook made active again starts with no failures (WooCommerce keeps the
   * count, and a re-enabled webhook would be disabled again by its first failure).
   */
  async update(id: number, change: Partial<Pick<Webhook, 'name' | 'status' | 'topic' | 'deliveryUrl' | 'secret'>>): Promise<Webhook | null> {
    const set: Updateable<WebhooksTable> = { modified_at: this.now() };
    if (change.name !== undefined) set.name = change.name;
    if (change.topic !== undefined) set.topic = change.topic;
    if (change.deliveryUrl !== undefined) set.delivery_url = change.deliveryUrl;
    if (change.secret !== undefined) set.secret = change.secret;
    if (change.status !== undefined) {
      set.status = change.status;
      if (change.status === 'active') set.failure_count = 0;
    }
    const row = await this.db.updateTable('webhooks').set(set).where('id', '=', id).returningAll().executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async delete(id: number): Promise<boolean> {
    const r = await this.db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /**
   * Logs one attempt and updates the webhook's health in one transaction (under the webhook's row
   * lock, so attempts running at once count every failure); answers the webhook as it now is. A ping's
   * outcome is logged without counting.
   */
  async recordDelivery(delivery: Omit<Delivery, 'id' | 'createdAt'> & { actionId: number | null; countsTowardsHealth?: boolean }): Promise<Webhook | null> {
    const now = this.now();
    return inWriteTransaction(this.handle, async (trx) => {
      let q = trx.selectFrom('webhooks').selectAll().where('id', '=', delivery.webhookId);
      if (this.handle.dialect === 'postgres') q = q.forUpdate();
      const row = await q.executeTakeFirst();
      if (!row) return null;
      const current = fromRow(row);
      await trx
        .insertInto('webhook_deliveries')
        .values({
          webhook_id: delivery.webhookId,
          delivery_id: delivery.deliveryId,
          action_id: delivery.actionId,
          attempt: delivery.attempt,
          topic: delivery.topic,
          resource_id: delivery.resourceId,
          url: delivery.url,
          request_headers: JSON.stringify(delivery.requestHeaders),
          response_code: delivery.responseCode,
          response_message: delivery.responseMessage,
          response_headers: JSON.stringify(delivery.responseHeaders),
          response_body: delivery.responseBody,
          success: delivery.success ? 1 : 0,
          duration_ms: delivery.durationMs,
          created_at: now,
        })
        .execute();
      const oldest = await trx
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('webhook_id', '=', delivery.webhookId)
        .orderBy('id', 'desc')
        .offset(DELIVERIES_KEPT)
        .limit(1)
        .executeTakeFirst();
      if (oldest) await trx.deleteFrom('webhook_deliveries').where('webhook_id', '=', delivery.webhookId).where('id', '<=', oldest.id).execute();
      const counts = delivery.countsTowardsHealth !== false && current.status === 'active';
      const health = counts ? afterDelivery(current, delivery.success) : { status: current.status, failureCount: current.failureCount };
      const updated = await trx
        .updateTable('webhooks')
        .set({ status: health.status, failure_count: health.failureCount, pending_delivery: delivery.success ? 0 : row.pending_delivery })
        .where('id', '=', delivery.webhookId)
        .returningAll()
        .executeTakeFirstOrThrow();
      return fromRow(updated);
    });
  }

  /** The log of a webhook's attempts, newest first. */
  async deliveries(webhookId: number, offset: number, limit: number): Promise<{ total: number; deliveries: Delivery[] }> {
    const base = this.db.selectFrom('webhook_deliveries').where('webhook_id', '=', webhookId);
    const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await base.selectAll().orderBy('id', 'desc').limit(limit).offset(offset).execute();
    return { total, deliveries: rows.map(deliveryFromRow) };
  }

  async delivery(webhookId: number, id: number): Promise<Delivery | null> {
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    const row = await this.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId).where('id', '=', id).executeTakeFirst();
    return row ? deliveryFromRow(row) : null;
  }
}
