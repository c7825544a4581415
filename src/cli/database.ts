import { openBus, type Bus } from '../cluster/bus.ts';
import type { Config } from '../config.ts';
import { connect, type DatabaseHandle } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';

/** Opens the configured database (migrated) and the bus for one CLI command, and closes both after. */
export async function withDatabase<T>(config: Config, work: (handle: DatabaseHandle, bus: Bus) => Promise<T>): Promise<T> {
  const handle = connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  try {
    await migrateToLatest(handle);
    const bus = await openBus({ redisUrl: config.redisUrl, databaseUrl: config.databaseUrl, sqlite: handle.db, pollMs: 0 });
    try {
      return await work(handle, bus);
    } finally {
      await bus.close();
    }
  } finally {
    await handle.close();
  }
}
