import type { Kysely } from 'kysely';

/**
 * A guest cart merged into a customer's at login stays behind as a marker naming that customer, so a
 * write still on its way with the guest key is refused (the cart is the customer's now) instead of
 * silently starting a new cart that nobody would see.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('carts').addColumn('handed_to', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('carts').dropColumn('handed_to').execute();
}
