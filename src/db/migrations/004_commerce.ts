import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

/** The store's pricing rules: tax classes and rates, shipping zones with locations and methods, coupons, fee rules. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tax_classes')
    .addColumn('slug', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .execute();
  await withId(db, db.schema.createTable('tax_rates'))
    .addColumn('country', 'varchar(2)', (c) => c.notNull().defaultTo(''))
    .addColumn('state', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('postcodes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('cities', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('rate', 'varchar(8)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('compound', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('shipping', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('rate_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tax_class', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .execute();
  await withId(db, db.schema.createTable('shipping_zones'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('zone_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await withId(db, db.schema.createTable('shipping_zone_locations'))
    .addColumn('zone_id', 'bigint', (c) => c.notNull())
    .addColumn('code', 'varchar(200)', (c) => c.notNull())
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shipping_zone_locations_zone').on('shipping_zone_locations').column('zone_id').execute();
  // instance_id is the method's identity in WooCommerce (`flat_rate:<instance_id>`), so it is the key.
  await db.schema
    .createTable('shipping_zone_methods')
    .addColumn('instance_id', 'integer', (c) => c.primaryKey())
    .addColumn('zone_id', 'bigint', (c) => c.notNull())
    .addColumn('method_id', 'varchar(200)', (c) => c.notNull())
    .addColumn('method_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await withId(db, db.schema.createTable('coupons'))
    .addColumn('code', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('publish'))
    .addColumn('discount_type', 'varchar(20)', (c) => c.notNull().defaultTo('fixed_cart'))
    .addColumn('amount', 'varchar(20)', (c) => c.notNull().defaultTo('0'))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('expires_at', 'bigint')
    .addColumn('usage_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('individual_use', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('product_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('excluded_product_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('usage_limit', 'integer')
    .addColumn('usage_limit_per_user', 'integer')
    .addColumn('limit_usage_to_x_items', 'integer')
    .addColumn('free_shipping', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('product_categories', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('excluded_product_categories', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('exclude_sale_items', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('minimum_amount', 'bigint')
    .addColumn('maximum_amount', 'bigint')
    .addColumn('email_restrictions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('used_by', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('meta_data', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('modified_at', 'bigint', (c) => c.notNull())
    .execute();
  await withId(db, db.schema.createTable('fee_rules'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('type', 'varchar(20)', (c) => c.notNull().defaultTo('fixed'))
    .addColumn('amount', 'varchar(20)', (c) => c.notNull())
    .addColumn('taxable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('tax_class', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('conditions', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('rule_order', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['fee_rules', 'coupons', 'shipping_zone_methods', 'shipping_zone_locations', 'shipping_zones', 'tax_rates', 'tax_classes']) {
    await db.schema.dropTable(t).execute();
  }
}
