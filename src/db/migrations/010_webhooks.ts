import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

/**
 * Webhooks, as WooCommerce keeps them: a topic, where to deliver, the secret that signs each delivery,
 * a status (active, paused, or disabled after repeated failures) and the count of failures in a row.
 * Each delivery attempt is logged beside its webhook: what was sent (headers, not the body, which
 * holds shoppers' personal data), what came back and how long it took.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('webhooks'))
    .addColumn('name', 'varchar(191)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('topic', 'varchar(191)', (c) => c.notNull())
    .addColumn('delivery_url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('api_version', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('user_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('failure_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pending_delivery', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('modified_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhooks_topic').on('webhooks').columns(['topic', 'status']).execute();

  await withId(db, db.schema.createTable('webhook_deliveries'))
    .addColumn('webhook_id', 'bigint', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('delivery_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('action_id', 'bigint')
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('topic', 'varchar(191)', (c) => c.notNull())
    .addColumn('resource_id', 'bigint', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('request_headers', 'text', (c) => c.notNull())
    .addColumn('response_code', 'integer')
    .addColumn('response_message', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('response_headers', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('response_body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('success', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_deliveries_webhook').on('webhook_deliveries').columns(['webhook_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhooks').execute();
}
