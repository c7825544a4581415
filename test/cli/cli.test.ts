import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, startServer, tempDataDir, eventually } from '../helpers/cli.ts';
import { freshPostgresDatabase } from '../helpers/app.ts';

const GOOD = join(ROOT, 'test/fixtures/woocommerce-products.csv');
const BAD = join(ROOT, 'test/fixtures/woocommerce-products-bad.csv');
const JSON_FILE = join(ROOT, 'test/fixtures/catalog.json');

describe('cartwright CLI', () => {
  it('prints its version, in text and as JSON', async () => {
    const text = await runCli(['version']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Cartwright version is \d+\.\d+\.\d+/);
    const json = await runCli(['version', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ version: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
  });

  it('refuses a bad environment variable with one line naming it, and no stack trace', async () => {
    const r = await runCli(['serve'], { PORT: 'eighty', DATA_DIR: tempDataDir() });
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('PORT');
    expect(lines[0]).toContain('"eighty"');
    const db = await runCli(['version'], { DATABASE_URL: 'mysql://x' });
    expect(db.code).toBe(2);
    expect(db.stderr).toContain('DATABASE_URL');
    // A password in a URL is never shown, even when the URL is refused.
    const withPassword = await runCli(['version'], { DATABASE_URL: 'mysql://shop:hunter2@db.example/shop', REDIS_URL: 'http://:hunter2@cache' });
    expect(withPassword.code).toBe(2);
    expect(withPassword.stderr).toContain('DATABASE_URL="mysql://shop:***@db.example/shop"');
    expect(withPassword.stderr).not.toContain('hunter2');
    const redis = await runCli(['version'], { REDIS_URL: 'http://:hunter2@cache' });
    expect(redis.stderr).toContain('REDIS_URL');
    expect(redis.stderr).not.toContain('hunter2');
  });

  it('rejects an unknown command with a non-zero exit', async () => {
    const r = await runCli(['frobnicate']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('frobnicate');
  });

  it('imports a WooCommerce CSV, re-imports it as updates, and reports a bad file line by line without writing', async () => {
    const dataDir = tempDataDir();
    const env = { DATA_DIR: dataDir };
    const first = await runCli(['import', GOOD], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Imported .*woocommerce-products\.csv: 11 created, 0 updated\./);

    const again = await runCli(['import', GOOD, '--json'], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ created: 0, updated: 11, errors: [] });

    const bad = await runCli(['import', BAD, '--json'], env);
    expect(bad.code).toBe(1);
    const result = JSON.parse(bad.stdout) as { created: number; updated: number; errors: { line: number; reason: string }[] };
    expect(result.created).toBe(0);
    expect(result.updated).toBe(0);
    expect(result.errors.length).toBeGreaterThanOrEqual(3);
    for (const e of result.errors) {
      expect(e.line).toBeGreaterThan(1);
      expect(e.reason.length).toBeGreaterThan(5);
    }
    const text = await runCli(['import', BAD], env);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(/Nothing was imported/);
    expect(text.stderr).toMatch(/line \d+: /);

    // The bad file wrote nothing: the good file still re-imports as 11 plain updates.
    const after = await runCli(['import', GOOD, '--json'], env);
    expect(JSON.parse(after.stdout)).toEqual({ created: 0, updated: 11, errors: [] });
  });

  it('imports the JSON format and says clearly when the file is missing', async () => {
    const env = { DATA_DIR: tempDataDir() };
    const ok = await runCli(['import', JSON_FILE, '--json'], env);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).created).toBeGreaterThan(0);
    const missing = await runCli(['import', '/nonexistent/file.csv'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('cartwright: File not found: /nonexistent/file.csv');
  });
});

describe('cartwright serve on SQLite', () => {
  it('serves the demo catalogue on first start and picks up an import made beside it', async () => {
    const dataDir = tempDataDir();
    const server = await startServer({ DATA_DIR: dataDir });
    try {
      const list = await fetch(`${server.url}/wp-json/cocart/v2/products?per_page=5`);
      expect(list.status).toBe(200);
      expect(Number(list.headers.get('x-wp-total'))).toBeGreaterThanOrEqual(25);
      expect((await fetch(`${server.url}/wp-json/cocart/v2/products/woo-hoodie`)).status).toBe(404);

      const imported = await runCli(['import', GOOD], { DATA_DIR: dataDir });
      expect(imported.code).toBe(0);
      const product = await eventually(async () => {
        const r = await fetch(`${server.url}/wp-json/cocart/v2/products/woo-hoodie`);
        return r.status === 200 ? ((await r.json()) as { sku: string; type: string }) : undefined;
      });
      expect(product).toMatchObject({ sku: 'woo-hoodie', type: 'variable' });
    } finally {
      await server.stop();
    }
  });
});

describe.runIf(process.env.DATABASE_URL)('cartwright on PostgreSQL', () => {
  it.each([
    ['LISTEN/NOTIFY', {}],
    ['Redis', process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : null],
  ] as const)('two servers share one catalogue and both see an import at once (%s)', async (_name, extra) => {
    if (extra === null) return expect(process.env.REDIS_URL).toBeUndefined();
    const db = await freshPostgresDatabase('cw_cli');
    const env = { DATABASE_URL: db.url, DATA_DIR: tempDataDir(), ...extra };
    const a = await startServer(env);
    const b = await startServer(env);
    try {
      for (const s of [a, b]) expect((await fetch(`${s.url}/wp-json/cocart/v2/products/woo-hoodie`)).status).toBe(404);
      // Warm both caches with the old answer, so a stale cache would show.
      for (const s of [a, b]) expect((await fetch(`${s.url}/wp-json/cocart/v2/products?sku=woo-hoodie`)).headers.get('x-wp-total')).toBe('0');
      const imported = await runCli(['import', GOOD], env);
      expect(imported.code).toBe(0);
      for (const s of [a, b]) {
        await eventually(async () => {
          const r = await fetch(`${s.url}/wp-json/cocart/v2/products?sku=woo-hoodie`);
          return r.headers.get('x-wp-total') === '1';
        }, 15_000);
      }
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      await db.drop();
    }
  });
});
