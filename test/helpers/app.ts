import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp, type AppOptions } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';

/**
 * Test apps on real databases: SQLite (in memory) always, PostgreSQL (a fresh database per app,
 * dropped afterwards) when DATABASE_URL is set. Use `describe.each(DATABASES)`.
 */
export type DatabaseKind = 'sqlite' | 'postgres';

export const DATABASES: DatabaseKind[] = process.env.DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestAppOptions extends AppOptions {
  env?: Record<string, string>;
}

/** Creates an empty PostgreSQL database and returns its URL and a function that drops it. */
export async function freshPostgresDatabase(prefix = 'cw_test'): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.DATABASE_URL;
  if (!admin) throw new Error('DATABASE_URL is not set');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function createTestApp(kind: DatabaseKind, options: TestAppOptions = {}): Promise<FastifyInstance> {
  // No background workers unless a test asks for them (WORKERS), so nothing runs behind a test's back;
  // uploads go to a directory of the app's own (MEDIA_DIR), never into ./data.
  const env: Record<string, string> = { LOG_LEVEL: 'silent', SEED_DEMO: 'true', WORKERS: '0', ...options.env };
  env.MEDIA_DIR ??= mkdtempSync(join(tmpdir(), 'cw-media-'));
  if (kind === 'postgres') {
    const db = await freshPostgresDatabase();
    const app = await buildApp(loadConfig({ ...env, DATABASE_URL: db.url }), options);
    app.addHook('onClose', async () => db.drop());
    return app;
  }
  return buildApp(loadConfig(env), { sqliteFile: ':memory:', ...options });
}

/** Starts `app` listening on a free local port, for clients that need a real server; its origin, `http://127.0.0.1:<port>`. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** GET a JSON resource through the app: the response and its parsed body. */
export async function getJson(app: FastifyInstance, url: string): Promise<{ res: Awaited<ReturnType<FastifyInstance['inject']>>; body: any }> {
  const res = await app.inject({ method: 'GET', url });
  return { res, body: res.json() };
}

export interface TwoNodes {
  a: FastifyInstance;
  b: FastifyInstance;
  close(): Promise<void>;
}

/**
 * Two servers of one store sharing one database (a SQLite file, or a fresh PostgreSQL database),
 * as several API nodes behind a load balancer would; `extra` adds environment (REDIS_URL, WORKERS,
 * say); `options` go to both apps (a shared clock, say).
 */
export async function twoNodes(kind: DatabaseKind, extra: Record<string, string> = {}, options: AppOptions = {}): Promise<TwoNodes> {
  const env: Record<string, string> = { LOG_LEVEL: 'silent', WORKERS: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'cw-nodes-')), ...extra };
  let drop: (() => Promise<void>) | null = null;
  if (kind === 'postgres') {
    const db = await freshPostgresDatabase();
    env.DATABASE_URL = db.url;
    drop = db.drop;
  }
  const a = await buildApp(loadConfig(env), options);
  const b = await buildApp(loadConfig({ ...env, SEED_DEMO: 'false' }), options);
  return {
    a,
    b,
    close: async () => {
      await a.close();
      await b.close();
      await drop?.();
    },
  };
}
