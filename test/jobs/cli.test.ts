import { describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { JobQueue } from '../../src/jobs/queue.ts';
import { DATABASES, freshPostgresDatabase } from '../helpers/app.ts';
import { runCli, tempDataDir } from '../helpers/cli.ts';
import { insertCarts } from './helpers.ts';

/** The CLI (the built bundle: `npm run build` first), on a store's database prepared directly. */
describe.each(DATABASES)('cartwright sessions cleanup and jobs list (%s)', (kind) => {
  it('deletes expired carts in the foreground and says how many; lists scheduled actions', async () => {
    const dataDir = tempDataDir();
    const pg = kind === 'postgres' ? await freshPostgresDatabase() : null;
    const env: Record<string, string> = { DATA_DIR: dataDir, ...(pg ? { DATABASE_URL: pg.url } : {}) };
    try {
      const handle = connect({ databaseUrl: pg?.url ?? null, dataDir });
      const now = Math.floor(Date.now() / 1000);
      let live: string[];
      try {
        await migrateToLatest(handle);
        await insertCarts(handle.db, Array.from({ length: 1203 }, (_, i) => now - 10 - i));
        live = await insertCarts(handle.db, [now + 3600, now + 86400]);
        const queue = new JobQueue(handle, () => now);
        await queue.schedule('test_cli', { n: 1 }, { group: 'cli', at: now + 60 });
        await queue.cancel((await queue.schedule('test_cli', { n: 2 }, { group: 'cli' })).id);
      } finally {
        await handle.close();
      }

      const first = await runCli(['sessions', 'cleanup', '--json'], env);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(JSON.parse(first.stdout)).toEqual({ deleted: 1203 });
      const again = await runCli(['sessions', 'cleanup'], env);
      expect(again.code).toBe(0);
      expect(again.stdout.trim()).toBe('Deleted 0 expired carts.');

      const list = await runCli(['jobs', 'list', '--group', 'cli', '--json'], env);
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout)).toMatchObject({
        total: 2,
        counts: { pending: 1, canceled: 1, complete: 0, failed: 0, 'in-progress': 0 },
        actions: [
          { hook: 'test_cli', status: 'pending', args: { n: 1 }, group: 'cli', attempts: 0, max_attempts: 3 },
          { hook: 'test_cli', status: 'canceled', args: { n: 2 } },
        ],
      });
      const pending = JSON.parse((await runCli(['jobs', 'list', '--status', 'pending', '--group', 'cli', '--json'], env)).stdout);
      expect(pending.actions).toHaveLength(1);
      const bad = await runCli(['jobs', 'list', '--status', 'done'], env);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('Unknown status "done"');

      const check = connect({ databaseUrl: pg?.url ?? null, dataDir });
      try {
        expect((await check.db.selectFrom('carts').select('cart_key').orderBy('id').execute()).map((r) => r.cart_key)).toEqual(live);
      } finally {
        await check.close();
      }
    } finally {
      await pg?.drop();
    }
  });
});
