import type { Kysely } from 'kysely';

/**
 * A product's brands (WooCommerce's `product_brand` terms, kept by id like its categories and tags)
 * and its WordPress post password. Products made before have neither.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('products').addColumn('brand_ids', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('products').addColumn('post_password', 'text', (c) => c.notNull().defaultTo('')).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('products').dropColumn('post_password').execute();
  await db.schema.alterTable('products').dropColumn('brand_ids').execute();
}
