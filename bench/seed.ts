import { createHash } from 'node:crypto';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Server } from './lib.ts';

/**
 * Carts written straight into a server's database, for benchmarks that need many of them: copies of
 * a real cart made through the API (every column but the id and the key), under keys worked out
 * from a prefix and a number, so that a benchmark can name any of them without keeping a list.
 */

/** The key of copy `i` (1-based) of `prefix`: 30 hex characters, as CoCart issues them, scattered over the index as real keys are. */
export function cloneKey(prefix: string, i: number): string {
  return createHash('md5').update(`${prefix}:${i}`).digest('hex').slice(0, 30);
}

/**
 * Stores `count` copies of the cart `templateKey` in `server`'s database, in one transaction, keyed
 * `cloneKey(prefix, 1…count)`. On SQLite the rows go in through a prepared statement (better-sqlite3),
 * on PostgreSQL in one `INSERT … SELECT` over `generate_series`, followed by `VACUUM ANALYZE` so that
 * no autovacuum runs into the measurement.
 */
export async function cloneCart(server: Server, templateKey: string, prefix: string, count: number): Promise<void> {
  if (server.env.DATABASE_URL) await clonePostgres(server.env.DATABASE_URL, templateKey, prefix, count);
  else cloneSqlite(join(server.env.DATA_DIR, 'cartwright.sqlite'), templateKey, prefix, count);
}

function cloneSqlite(file: string, templateKey: string, prefix: string, count: number): void {
  const db = new SQLite(file);
  try {
    db.pragma('busy_timeout = 30000');
    const template = db.prepare('SELECT * FROM carts WHERE cart_key = ?').get(templateKey) as Record<string, unknown> | undefined;
    if (!template) throw new Error(`no cart ${templateKey} to copy`);
    const columns = Object.keys(template).filter((c) => c !== 'id' && c !== 'cart_key');
    const insert = db.prepare(`INSERT INTO carts (cart_key, ${columns.join(', ')}) VALUES (?${', ?'.repeat(columns.length)})`);
    const values = columns.map((c) => template[c]);
    db.transaction(() => {
      for (let i = 1; i <= count; i++) insert.run(cloneKey(prefix, i), ...values);
    })();
    // The copies leave the write-ahead log for the database file, as they would have long since in a real store.
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

async function clonePostgres(url: string, templateKey: string, prefix: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'carts' AND column_name NOT IN ('id', 'cart_key') ORDER BY ordinal_position`,
    );
    const columns = rows.map((r) => r.column_name).join(', ');
    const r = await client.query(
      `INSERT INTO carts (cart_key, ${columns}) SELECT left(md5($2 || ':' || g), 30), ${columns} FROM carts, generate_series(1, $3::int) g WHERE cart_key = $1`,
      [templateKey, prefix, count],
    );
    if (r.rowCount !== count) throw new Error(`no cart ${templateKey} to copy`);
    await client.query('VACUUM ANALYZE carts');
  } finally {
    await client.end();
  }
}
