import type { Kysely } from 'kysely';

/**
 * Images become WordPress attachments: their own dates, slug, caption and description, and, for an
 * image uploaded here, what WordPress keeps of the file (`_wp_attached_file` and
 * `_wp_attachment_metadata`: its path under the uploads directory, type, dimensions, bytes and the
 * sizes made of it) as one JSON value. Images kept before have no dates: they read as made when the
 * migration ran.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('media').addColumn('created_at', 'bigint').execute();
  await db.schema.alterTable('media').addColumn('modified_at', 'bigint').execute();
  await db.schema.alterTable('media').addColumn('slug', 'varchar(200)', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('media').addColumn('caption', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('media').addColumn('description', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('media').addColumn('upload', 'text').execute();
  const now = Math.floor(Date.now() / 1000);
  await db.updateTable('media').set({ created_at: now, modified_at: now }).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of ['upload', 'description', 'caption', 'slug', 'modified_at', 'created_at']) {
    await db.schema.alterTable('media').dropColumn(column).execute();
  }
}
