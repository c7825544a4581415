import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { shopperCall } from '../helpers/api.ts';

/**
 * SQLite locked by another process (a long transaction, a backup tool) past the time a writer waits:
 * the write is refused with 503 and Retry-After rather than hanging or failing with 500, reads go on
 * (WAL), nothing is half-written, and writes succeed again once the lock is gone.
 */

describe('SQLite locked by another process', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cw-locked-'));
    app = await buildApp(loadConfig({ LOG_LEVEL: 'silent', SEED_DEMO: 'true', WORKERS: '0', DATA_DIR: dir }));
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses writes with 503 while the lock is held, keeps reading, and writes again once it is gone', async () => {
    const added = await shopperCall(app, 'POST', '/cart/add-item', { payload: { id: '10', quantity: 1 } });
    expect(added.statusCode, added.body).toBe(200);
    const key = added.headers['cocart-api-cart-key'] as string;

    const other = new SQLite(join(dir, 'cartwright.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    try {
      const refused = await shopperCall(app, 'POST', '/cart/add-item', { key, payload: { id: '29', quantity: 1 } });
      expect(refused.statusCode, refused.body).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
      expect(refused.json()).toMatchObject({ code: 'cocart_service_unavailable', data: { status: 503 } });
      const read = await shopperCall(app, 'GET', '/cart', { key });
      expect(read.statusCode).toBe(200);
      expect(read.json().items).toHaveLength(1);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const again = await shopperCall(app, 'POST', '/cart/add-item', { key, payload: { id: '29', quantity: 1 } });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().items.map((i: { id: number }) => i.id).sort()).toEqual([10, 29]);
  }, 30_000);
});
