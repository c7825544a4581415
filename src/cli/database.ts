import { openBus, type Bus } from '../cluster/bus.ts';
import type { Config } from '../config.ts';
import { connect, type DatabaseHandle } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { ChangeFeed } from '../events/changes.ts';
import { JobQueue } from '../jobs/queue.ts';
import { changeFeedWithWebhooks } from '../webhooks/dispatch.ts';
import { WebhookStore } from '../webhooks/store.ts';

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

/**
 * The change feed a command writes through, as a server node's: what it changes in the store queues the
 * same webhook deliveries, which a running server's worker then sends.
 */
export function storeChanges(handle: DatabaseHandle): ChangeFeed {
  const now = () => Math.floor(Date.now() / 1000);
  return changeFeedWithWebhooks(new WebhookStore(handle, now), new JobQueue(handle, now));
}
