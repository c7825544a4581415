import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { DatabaseHandle } from './connection.ts';
import * as m001 from './migrations/001_catalog.ts';
import * as m002 from './migrations/002_carts.ts';
import * as m003 from './migrations/003_users.ts';
import * as m004 from './migrations/004_commerce.ts';
import * as m005 from './migrations/005_idempotency.ts';
import * as m006 from './migrations/006_cart_handover.ts';
import * as m007 from './migrations/007_jobs.ts';
import * as m008 from './migrations/008_session_layout.ts';
import * as m009 from './migrations/009_orders.ts';
import * as m010 from './migrations/010_webhooks.ts';
import * as m011 from './migrations/011_user_modified.ts';
import * as m012 from './migrations/012_idempotency_applied.ts';
import * as m013 from './migrations/013_user_vat_exempt.ts';

/** Structural migrations, in order. They run at start-up; data upgrades are jobs (see jobs/). */
const MIGRATIONS: Record<string, Migration> = {
  '001_catalog': m001,
  '002_carts': m002,
  '003_users': m003,
  '004_commerce': m004,
  '005_idempotency': m005,
  '006_cart_handover': m006,
  '007_jobs': m007,
  '008_session_layout': m008,
  '009_orders': m009,
  '010_webhooks': m010,
  '011_user_modified': m011,
  '012_idempotency_applied': m012,
  '013_user_vat_exempt': m013,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  const migrator = new Migrator({ db: handle.db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
