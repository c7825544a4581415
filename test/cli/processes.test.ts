import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES, freshPostgresDatabase } from '../helpers/app.ts';
import { eventually, runCli, startServer, tempDataDir } from '../helpers/cli.ts';

/**
 * `cartwright serve --processes 2`, as a user runs it, on SQLite and PostgreSQL: two server processes
 * answer on one port; concurrent writes to one cart through both lose nothing; a change made through
 * one is seen by the other; a process that dies is replaced; SIGTERM stops them all with exit 0.
 * Which process answered is read from the system status (`process.pid`), on a new connection each
 * time: the primary hands each new connection to the next process.
 */

const API = '/wp-json/cocart/v2';
const ADMIN = { username: 'admin', password: 'correct horse battery' };
const AUTH = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`;
const PRODUCT = '60';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request on a connection of its own (no keep-alive), so consecutive requests spread over the processes. */
function send(url: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = request(`${url}${path}`, { method, agent: false, headers: { ...headers, ...(data ? { 'content-type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path}: no answer in 10 s`)));
    req.on('error', reject);
    req.end(data);
  });
}

interface Status {
  process: { pid: number; processes: number };
  settings: { store: string };
}

async function status(url: string): Promise<Status> {
  const r = await send(url, 'GET', '/wp-json/cartwright/v1/system-status', { authorization: AUTH });
  expect(r.status).toBe(200);
  return JSON.parse(r.body) as Status;
}

/** The parent of a process, from /proc. */
function parentOf(pid: number): number {
  return Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('serve --processes refuses what is not a count', () => {
  it.each(['0', 'abc', '-1', '2.5'])('--processes %s: one line, exit 2', async (value) => {
    const r = await runCli(['serve', `--processes=${value}`], { DATA_DIR: tempDataDir() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`cartwright: Invalid --processes "${value}": expected a whole number from 1 to 1024, or auto (one per core).`);
  });

  it('PROCESSES=abc: one line, exit 2', async () => {
    const r = await runCli(['serve'], { DATA_DIR: tempDataDir(), PROCESSES: 'abc' });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('cartwright: Invalid environment variable PROCESSES="abc": expected a whole number from 1 to 1024, or auto (one per core).');
  });
});

describe.each(DATABASES)('serve --processes 2 (%s)', (kind) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let env: Record<string, string>;
  let drop: (() => Promise<void>) | null = null;
  /** Reads one value from the store's database, as it is stored. */
  let query: (text: string) => Promise<number>;

  beforeAll(async () => {
    env = { DATA_DIR: tempDataDir(), SEED_DEMO: 'true', LOG_LEVEL: 'info' };
    if (kind === 'postgres') {
      const db = await freshPostgresDatabase('cw_processes');
      env.DATABASE_URL = db.url;
      drop = db.drop;
      query = async (text) => {
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        try {
          return Number(Object.values((await client.query(text)).rows[0])[0]);
        } finally {
          await client.end();
        }
      };
    } else {
      query = async (text) => {
        const db = new SQLite(join(env.DATA_DIR, 'cartwright.sqlite'), { readonly: true });
        try {
          return Number(Object.values(db.prepare(text).get() as object)[0]);
        } finally {
          db.close();
        }
      };
    }
    server = await startServer(env, ['--processes', '2']);
    const admin = await runCli(['user', 'create', '--role', 'administrator', '--username', ADMIN.username, '--email', 'admin@example.org', '--password', ADMIN.password], env);
    expect(admin.code).toBe(0);
  }, 90_000);

  afterAll(async () => {
    await server?.stop();
    await drop?.();
  });

  it('answers from two processes, children of the one started; the store was prepared once', async () => {
    const seen = new Map<number, Status>();
    await eventually(async () => {
      const s = await status(server.url);
      seen.set(s.process.pid, s);
      return seen.size === 2;
    });
    for (const [pid, s] of seen) {
      expect(s.process.processes).toBe(2);
      expect(parentOf(pid)).toBe(server.child.pid);
    }
    // The primary logged the start-up line once, for both.
    expect(server.stdout().match(/2 processes — API at/g)).toHaveLength(1);
    // Demo catalogue and recurring tasks exist once, not once per process.
    expect(await query("select count(*) from products where sku = 'CW-CLO-KIDS-TRS'")).toBe(1);
    expect(await query("select count(*) from scheduled_actions where hook = 'cartwright_cleanup_sessions'")).toBe(1);
  });

  it('loses no update when many connections add to one cart through both processes at once', async () => {
    const first = await send(server.url, 'POST', `${API}/cart/add-item`, {}, { id: PRODUCT, quantity: '1' });
    expect(first.status).toBe(200);
    const key = String(first.headers['cocart-api-cart-key']);
    const answers = await Promise.all(
      Array.from({ length: 120 }, () => send(server.url, 'POST', `${API}/cart/add-item`, { 'cocart-api-cart-key': key }, { id: PRODUCT, quantity: '1' })),
    );
    const statuses = answers.map((a) => a.status);
    // Every write applied, or was refused whole with 409; none was half-done or lost.
    expect(statuses.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    const applied = statuses.filter((s) => s === 200).length;
    expect(applied).toBeGreaterThan(100);
    const cart = JSON.parse((await send(server.url, 'GET', `${API}/cart`, { 'cocart-api-cart-key': key })).body) as { items: { quantity: { value: number } }[] };
    expect(cart.items.map((i) => i.quantity.value)).toEqual([1 + applied]);
  });

  it('shows a settings change and a product change made through one process on the other', async () => {
    const saved = await send(server.url, 'POST', '/wp-json/cocart/settings/save', { authorization: AUTH }, { store: { title: 'Two Processes Ltd' } });
    expect(saved.status).toBe(200);
    // Both processes report the new title. On SQLite the processes of one server skip each other's bus
    // rows, so only the primary's relay can tell the other one.
    const pids = new Set<number>();
    await eventually(async () => {
      const s = await status(server.url);
      if (s.settings.store === 'Two Processes Ltd') pids.add(s.process.pid);
      return pids.size === 2;
    }, 5000);

    const renamed = await send(server.url, 'PUT', `/wp-json/wc/v3/products/${PRODUCT}`, { authorization: AUTH }, { name: 'Renamed on one process' });
    expect(renamed.status).toBe(200);
    // Each process keeps its own catalogue, told of the change over the bus (on a busy machine a
    // moment after the PUT has answered): both come to show the new name within 10 s, not at once.
    const names = () =>
      Promise.all(Array.from({ length: 4 }, async () => JSON.parse((await send(server.url, 'GET', `${API}/products/${PRODUCT}`)).body).name as string));
    await eventually(async () => (await names()).every((n) => n === 'Renamed on one process'), 10_000);
    expect(await names()).toEqual(Array(4).fill('Renamed on one process'));
  });

  it('counts rate limits for the machine, not per process', async () => {
    const on = await send(server.url, 'POST', '/wp-json/cocart/settings/save', { authorization: AUTH }, { rate_limit: { enabled: true, limit: 6, seconds: 60 } });
    expect(on.status).toBe(200);
    // Both processes hold the new settings before the guest's requests start.
    const pids = new Set<number>();
    await eventually(async () => {
      const s = await status(server.url);
      pids.add(s.process.pid);
      return pids.size === 2;
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) statuses.push((await send(server.url, 'GET', `${API}/store`)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429, 429, 429]);
    } finally {
      const off = await send(server.url, 'POST', '/wp-json/cocart/settings/save', { authorization: AUTH }, { rate_limit: { enabled: false } });
      expect(off.status).toBe(200);
    }
  });

  it('replaces a process that dies, and keeps answering meanwhile', async () => {
    const victim = (await status(server.url)).process.pid;
    process.kill(victim, 'SIGKILL');
    // Once the primary knows (a connection handed to the dying process in that instant is node:cluster's
    // to lose), the survivor answers everything while its new sibling starts.
    await eventually(async () => server.stdout().includes('A server process stopped unexpectedly; starting another'));
    for (let i = 0; i < 4; i++) expect((await send(server.url, 'GET', `${API}/store`)).status).toBe(200);
    const seen = new Set<number>();
    await eventually(async () => {
      seen.add((await status(server.url)).process.pid);
      return seen.size === 2;
    }, 20_000);
    expect(seen.has(victim)).toBe(false);
    for (const pid of seen) expect(parentOf(pid)).toBe(server.child.pid);
  }, 30_000);

  it('stops every process on SIGTERM and exits 0', async () => {
    const pids = new Set<number>();
    await eventually(async () => {
      pids.add((await status(server.url)).process.pid);
      return pids.size === 2;
    });
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    server.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    for (const pid of pids) expect(alive(pid)).toBe(false);
  }, 60_000);
});
