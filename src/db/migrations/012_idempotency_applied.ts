import type { Kysely } from 'kysely';

/**
 * An idempotent cart write records, in the transaction that stores the cart, that it was applied and
 * to which cart. A retry after a crash between that commit and the stored answer then answers with
 * the cart instead of applying the write a second time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').addColumn('applied_cart', 'varchar(64)').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').dropColumn('applied_cart').execute();
}
