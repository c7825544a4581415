import { sql, type Kysely } from 'kysely';
import { withId } from './helpers.ts';

/** Carts in session, in CoCart's v4 layout: owner ids in their own nullable columns, one active cart per customer. */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('carts'))
    .addColumn('cart_key', 'varchar(42)', (c) => c.notNull().unique())
    .addColumn('user_id', 'bigint')
    .addColumn('customer_id', 'bigint')
    .addColumn('cart_value', 'text', (c) => c.notNull())
    .addColumn('cart_created', 'bigint', (c) => c.notNull())
    .addColumn('cart_expiry', 'bigint', (c) => c.notNull())
    .addColumn('cart_source', 'varchar(200)', (c) => c.notNull().defaultTo('cocart'))
    .addColumn('cart_hash', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('revision', 'bigint', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('carts_expiry').on('carts').column('cart_expiry').execute();
  await db.schema.createIndex('carts_user').unique().on('carts').column('user_id').where(sql.ref('user_id'), 'is not', null).execute();
  await db.schema.createIndex('carts_customer').unique().on('carts').column('customer_id').where(sql.ref('customer_id'), 'is not', null).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('carts').execute();
}
