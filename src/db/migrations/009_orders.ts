import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

/**
 * Orders. One row per order with its addresses (JSON), totals as charged (minor units) and where it
 * stands; its lines (items, shipping, fees, coupons, taxes) one row each, so each has an id that notes
 * and refunds can name; its notes; its refunds. `payment_events` remembers which payment-provider
 * events were handled, so a webhook delivered twice acts once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('orders'))
    .addColumn('order_key', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('prices_include_tax', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('customer_id', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('billing', 'text', (c) => c.notNull())
    .addColumn('shipping', 'text', (c) => c.notNull())
    .addColumn('billing_email', 'varchar(191)', (c) => c.notNull().defaultTo(''))
    .addColumn('payment_method', 'varchar(100)', (c) => c.notNull().defaultTo(''))
    .addColumn('payment_method_title', 'varchar(191)', (c) => c.notNull().defaultTo(''))
    .addColumn('transaction_id', 'varchar(191)', (c) => c.notNull().defaultTo(''))
    .addColumn('customer_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_via', 'varchar(40)', (c) => c.notNull())
    .addColumn('cart_hash', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('discount_total', 'bigint', (c) => c.notNull())
    .addColumn('discount_tax', 'bigint', (c) => c.notNull())
    .addColumn('shipping_total', 'bigint', (c) => c.notNull())
    .addColumn('shipping_tax', 'bigint', (c) => c.notNull())
    .addColumn('cart_tax', 'bigint', (c) => c.notNull())
    .addColumn('total', 'bigint', (c) => c.notNull())
    .addColumn('total_tax', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('modified_at', 'bigint', (c) => c.notNull())
    .addColumn('paid_at', 'bigint')
    .addColumn('completed_at', 'bigint')
    .addColumn('stock_reduced', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('coupon_usage_recorded', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hold_until', 'bigint')
    .addColumn('meta_data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('orders_status').on('orders').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('orders_customer').on('orders').columns(['customer_id', 'created_at']).execute();
  await db.schema.createIndex('orders_hold').on('orders').columns(['status', 'hold_until']).execute();

  await withId(db, db.schema.createTable('order_items'))
    .addColumn('order_id', 'bigint', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('type', 'varchar(20)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('order_items_order').on('order_items').columns(['order_id', 'position']).execute();

  await withId(db, db.schema.createTable('order_notes'))
    .addColumn('order_id', 'bigint', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('customer_note', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('author', 'varchar(191)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('order_notes_order').on('order_notes').columns(['order_id', 'id']).execute();

  await withId(db, db.schema.createTable('order_refunds'))
    .addColumn('order_id', 'bigint', (c) => c.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('refunded_by', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('refunded_payment', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lines', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('order_refunds_order').on('order_refunds').columns(['order_id', 'id']).execute();

  await db.schema
    .createTable('payment_events')
    .addColumn('gateway', 'varchar(40)', (c) => c.notNull())
    .addColumn('event_id', 'varchar(191)', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('payment_events_pkey', ['gateway', 'event_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('payment_events').execute();
  await db.schema.dropTable('order_refunds').execute();
  await db.schema.dropTable('order_notes').execute();
  await db.schema.dropTable('order_items').execute();
  await db.schema.dropTable('orders').execute();
}
