import type { Kysely } from 'kysely';
import { withId } from './helpers.ts';

/** Registered users (customers and staff) with their addresses. */
export async function up(db: Kysely<any>): Promise<void> {
  await withId(db, db.schema.createTable('users'))
    .addColumn('username', 'varchar(60)', (c) => c.notNull().unique())
    .addColumn('email', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('last_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('display_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('role', 'varchar(20)', (c) => c.notNull().defaultTo('customer'))
    .addColumn('billing_phone', 'varchar(40)', (c) => c.notNull().defaultTo(''))
    .addColumn('billing', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('shipping', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('token_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_billing_phone').on('users').column('billing_phone').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('users').execute();
}
