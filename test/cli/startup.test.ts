import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { DATABASES } from '../helpers/app.ts';
import { runCli, startServer, tempDataDir } from '../helpers/cli.ts';
import { freePort } from '../helpers/ports.ts';

/**
 * `cartwright serve` against a database it cannot use: one line saying what is wrong and what to do
 * (never the password), exit code 1; a PostgreSQL database that does not exist yet is created.
 */

describe('serve at start-up', () => {
  it('stops with one clear line when the database cannot be reached', async () => {
    const port = await freePort();
    const r = await runCli(['serve'], { DATABASE_URL: `postgres://shop:hunter2@127.0.0.1:${port}/shop`, DATA_DIR: tempDataDir() });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`cartwright: cannot reach the database at postgres://127.0.0.1:${port}/shop (connect ECONNREFUSED 127.0.0.1:${port}); is it running, and is DATABASE_URL right?`);
    expect(r.stderr + r.stdout).not.toContain('hunter2');
  });

  describe.each(DATABASES.filter((k) => k === 'postgres'))('on %s', () => {
    it('creates a database that does not exist yet, then serves', async () => {
      const name = `cw_created_${randomBytes(4).toString('hex')}`;
      const url = new URL(process.env.DATABASE_URL!);
      url.pathname = `/${name}`;
      const server = await startServer({ DATABASE_URL: url.toString(), SEED_DEMO: 'true' });
      try {
        const products = await fetch(`${server.url}/wp-json/cocart/v2/products?per_page=1`);
        expect(products.status).toBe(200);
      } finally {
        await server.stop();
        const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await admin.connect();
        const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
        expect(found.rowCount).toBe(1);
      }
    }, 90_000);
  });
});
