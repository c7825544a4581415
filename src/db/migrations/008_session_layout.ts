import { sql, type Kysely } from 'kysely';

/**
 * Carts in CoCart's 3.x layout, as `cartwright import-sessions` brings them from a WordPress store:
 * a customer's cart is keyed by their user ID and its owner is known only from that key (`layout` 3).
 * The v4 session-layout upgrade gives such a cart its owner columns and a random key, and keeps the
 * old key in `legacy_key` so that it still finds the cart.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('carts').addColumn('layout', 'smallint', (c) => c.notNull().defaultTo(4)).execute();
  await db.schema.alterTable('carts').addColumn('legacy_key', 'varchar(42)').execute();
  await db.schema.createIndex('carts_legacy_key').unique().on('carts').column('legacy_key').where(sql.ref('legacy_key'), 'is not', null).execute();
  await db.schema.createIndex('carts_layout').on('carts').column('layout').where(sql.ref('layout'), '<', 4).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('carts_layout').execute();
  await db.schema.dropIndex('carts_legacy_key').execute();
  await db.schema.alterTable('carts').dropColumn('legacy_key').execute();
  await db.schema.alterTable('carts').dropColumn('layout').execute();
}
