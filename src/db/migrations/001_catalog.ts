import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('options')
    .addColumn('name', 'varchar(191)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await withId(db, db.schema.createTable('media'))
    .addColumn('src', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('alt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sizes', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();

  await withId(db, db.schema.createTable('attributes'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'varchar(190)', (c) => c.notNull().unique())
    .addColumn('type', 'varchar(50)', (c) => c.notNull().defaultTo('select'))
    .addColumn('order_by', 'varchar(20)', (c) => c.notNull().defaultTo('menu_order'))
    .addColumn('has_archives', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await withId(db, db.schema.createTable('terms'))
    .addColumn('taxonomy', 'varchar(200)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'varchar(200)', (c) => c.notNull())
    .addColumn('parent', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('menu_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('display', 'varchar(20)', (c) => c.notNull().defaultTo('default'))
    .addColumn('image_id', 'bigint')
    .addUniqueConstraint('terms_taxonomy_slug', ['taxonomy', 'slug'])
    .execute();

  await withId(db, db.schema.createTable('products'))
    .addColumn('parent_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('publish'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'varchar(200)', (c) => c.notNull())
    .addColumn('sku', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('global_unique_id', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('short_description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('modified_at', 'bigint', (c) => c.notNull())
    .addColumn('featured', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('catalog_visibility', 'varchar(20)', (c) => c.notNull().defaultTo('visible'))
    .addColumn('menu_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('regular_price', 'bigint')
    .addColumn('sale_price', 'bigint')
    .addColumn('sale_from', 'bigint')
    .addColumn('sale_to', 'bigint')
    .addColumn('tax_status', 'varchar(20)', (c) => c.notNull().defaultTo('taxable'))
    .addColumn('tax_class', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('manage_stock', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stock_quantity', 'bigint')
    .addColumn('stock_status', 'varchar(20)', (c) => c.notNull().defaultTo('instock'))
    .addColumn('backorders', 'varchar(10)', (c) => c.notNull().defaultTo('no'))
    .addColumn('low_stock_amount', 'bigint')
    .addColumn('sold_individually', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('min_purchase', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('max_purchase', 'integer')
    .addColumn('weight', 'double precision')
    .addColumn('length', 'double precision')
    .addColumn('width', 'double precision')
    .addColumn('height', 'double precision')
    .addColumn('shipping_class', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('virtual', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('downloadable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reviews_allowed', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('total_sales', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('external_url', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('button_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('attributes', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('default_attributes', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('grouped_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('upsell_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('cross_sell_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('category_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('tag_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('image_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('meta_data', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await db.schema.createIndex('products_parent').on('products').column('parent_id').execute();
  await db.schema.createIndex('products_slug').on('products').column('slug').execute();
  await db.schema.createIndex('products_sku').on('products').column('sku').execute();

  await withId(db, db.schema.createTable('reviews'))
    .addColumn('product_id', 'bigint', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('hold'))
    .addColumn('reviewer', 'text', (c) => c.notNull())
    .addColumn('reviewer_email', 'text', (c) => c.notNull())
    .addColumn('review', 'text', (c) => c.notNull())
    .addColumn('rating', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('user_id', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reviews_product').on('reviews').columns(['product_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['reviews', 'products', 'terms', 'attributes', 'media', 'options']) await db.schema.dropTable(t).execute();
}
