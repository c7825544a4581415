import { sql } from 'kysely';
import type { Logger } from '../logger.ts';
import type { DatabaseHandle } from './connection.ts';
import { postgresDriver } from './drivers.ts';
import { isDatabaseUnavailable } from './outage.ts';

/**
 * The database at start-up. A PostgreSQL database that does not exist yet is created when the
 * configured user may create databases (as `createdb` would); anything else that keeps the store from
 * starting becomes one sentence saying what is wrong and what to do, without the password.
 */

export class DatabaseStartupError extends Error {}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function createDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  const maintenance = new URL(databaseUrl);
  maintenance.pathname = '/postgres';
  const client = new (postgresDriver().Client)({ connectionString: maintenance.toString(), connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } catch (err) {
    // Another node made it first.
    if ((err as { code?: string }).code === '42P04') return;
    const reason = err instanceof Error ? err.message : String(err);
    throw new DatabaseStartupError(
      `database "${name}" does not exist on ${url.host} and could not be created (${reason}); create it with: createdb -h ${url.hostname} -p ${url.port || 5432} -U ${decodeURIComponent(url.username) || 'postgres'} ${name}`,
    );
  } finally {
    await client.end().catch(() => {});
  }
}

export async function prepareDatabase(handle: DatabaseHandle, databaseUrl: string | null, log: Logger): Promise<void> {
  try {
    await sql`select 1`.execute(handle.db);
    return;
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (databaseUrl && code === '3D000') {
      await createDatabase(databaseUrl);
      log.info({ database: handle.describe }, 'Created the database');
      return;
    }
    const reason = err instanceof Error ? err.message : String(err);
    if (isDatabaseUnavailable(err)) {
      throw new DatabaseStartupError(`cannot reach the database at ${handle.describe} (${reason}); is it running, and is DATABASE_URL right?`);
    }
    throw new DatabaseStartupError(`cannot use the database at ${handle.describe}: ${reason}`);
  }
}
