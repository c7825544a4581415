import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { cleanupExpiredCarts } from '../jobs/recurring.ts';
import { SessionStore } from '../sessions/store.ts';
import { withDatabase } from './database.ts';

/** `cartwright sessions …`: carts in session. */
export function registerSessionCommands(program: Command): void {
  const sessions = program.command('sessions').description('carts in session');

  sessions
    .command('cleanup')
    .description('delete expired carts now (what the twice-daily background job cartwright_cleanup_sessions does), 500 at a time')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const deleted = await withDatabase(loadConfig(), (handle) =>
        // Only expiry matters here; carts are never extended by a cleanup.
        cleanupExpiredCarts(new SessionStore(handle, { now: () => Math.floor(Date.now() / 1000), lifetime: () => 0 })),
      );
      if (opts.json) console.log(JSON.stringify({ deleted }));
      else console.log(deleted === 1 ? 'Deleted 1 expired cart.' : `Deleted ${deleted} expired carts.`);
    });
}
