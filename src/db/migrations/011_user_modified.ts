import type { Kysely } from 'kysely';

/**
 * When a user was last saved (WooCommerce's `last_update`, its customers' `date_modified`). Users made
 * before it have none: they read as last saved when they were made.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('modified_at', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('modified_at').execute();
}
