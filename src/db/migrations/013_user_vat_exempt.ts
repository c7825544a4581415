import type { Kysely } from 'kysely';

/** WooCommerce's is_vat_exempt, kept on the customer's account: an exempt customer's carts carry no tax. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('is_vat_exempt', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('is_vat_exempt').execute();
}
