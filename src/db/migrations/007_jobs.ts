import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

/**
 * The background queue (WooCommerce's Action Scheduler): one row per scheduled action, and a log line
 * per change of its state. `args` is canonical JSON text (object keys sorted), so "the same hook and
 * arguments" is a text comparison. Times are unix seconds; `recurrence_seconds` is null for a one-off.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('scheduled_actions'))
    .addColumn('hook', 'varchar(191)', (c) => c.notNull())
    .addColumn('args', 'text', (c) => c.notNull())
    .addColumn('group_name', 'varchar(191)', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('scheduled_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('claimed_by', 'varchar(191)')
    .addColumn('lease_until', 'bigint')
    .addColumn('recurrence_seconds', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .execute();
  // Claiming (pending and due, oldest first) and finding expired leases (in-progress).
  await db.schema.createIndex('scheduled_actions_claim').on('scheduled_actions').columns(['status', 'scheduled_at']).execute();
  // Unique scheduling (same hook and args, still to run) and the admin list's hook filter.
  await db.schema.createIndex('scheduled_actions_hook').on('scheduled_actions').columns(['hook', 'status']).execute();
  await db.schema.createIndex('scheduled_actions_group').on('scheduled_actions').columns(['group_name', 'status']).execute();

  await withId(db, db.schema.createTable('scheduled_action_logs'))
    .addColumn('action_id', 'bigint', (c) => c.notNull().references('scheduled_actions.id').onDelete('cascade'))
    .addColumn('logged_at', 'bigint', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scheduled_action_logs_action').on('scheduled_action_logs').columns(['action_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('scheduled_action_logs').execute();
  await db.schema.dropTable('scheduled_actions').execute();
}
