import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, report, ROOT, startBare, startCartwright, type Measurement, type Server } from './lib.ts';
import { freshDatabase, updateRate } from './postgres.ts';

/**
 * Cart API throughput against a bare Fastify route, in one run: get-cart on a 5-line cart and
 * add-item onto an existing cart, 10 keep-alive connections, on SQLite and (when DATABASE_URL is
 * set) on a fresh PostgreSQL database, where the database's own one-row UPDATE rate is measured too.
 * Usage: npm run bench -- cart [--seconds 10]
 */
const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 10;
const API = '/wp-json/cocart/v2';
const FIVE_LINES = ['55', '56', '57', '58', '59'];
const CARTS = 200;

async function post(server: Server, path: string, body: unknown, key?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers['cocart-api-cart-key'] = key;
  const r = await fetch(`${server.url}${API}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r;
}

async function scenarios(server: Server, label: string): Promise<Measurement[]> {
  let key = '';
  for (const id of FIVE_LINES) key = (await post(server, '/cart/add-item', { id, quantity: '1' }, key || undefined)).headers.get('cocart-api-cart-key')!;
  // Writes spread over many shoppers' carts, as a store sees them (one hot cart is bench/concurrency's case).
  const writeKeys: string[] = [];
  for (let i = 0; i < CARTS; i++) writeKeys.push((await post(server, '/cart/add-item', { id: '60', quantity: '1' })).headers.get('cocart-api-cart-key')!);
  let next = 0;
  const getUrl = `${server.url}${API}/cart`;
  await load('warm-up', getUrl, { seconds: 2, headers: { 'cocart-api-cart-key': key } });
  const get = await load(`GET cart, 5 lines (${label})`, getUrl, { seconds, headers: { 'cocart-api-cart-key': key } });
  const add = await load(`POST cart/add-item, ${CARTS} carts (${label})`, `${server.url}${API}/cart/add-item`, {
    seconds,
    requests: [
      {
        method: 'POST',
        body: JSON.stringify({ id: '60', quantity: '1' }),
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, 'content-type': 'application/json', 'cocart-api-cart-key': writeKeys[next++ % CARTS] },
        }),
      },
    ],
  });
  return [get, add];
}

const bare = await startBare(8090);
const lines: string[] = [];
const rows: Measurement[] = [];
let rss = '';
try {
  await load('warm-up', `${bare.url}/bare`, { seconds: 2 });
  const baseline = await load('bare Fastify route (1 KB JSON)', `${bare.url}/bare`, { seconds });

  const sqlite = await startCartwright(8091, null);
  try {
    rows.push(...(await scenarios(sqlite, 'SQLite')));
    rss += `SQLite server RSS ${sqlite.rssMb().toFixed(0)} MB`;
  } finally {
    await sqlite.stop();
  }

  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) {
    const db = await freshDatabase('cw_bench');
    try {
      const server = await startCartwright(8092, db.url);
      try {
        rows.push(...(await scenarios(server, 'PostgreSQL')));
        rss += `, PostgreSQL server RSS ${server.rssMb().toFixed(0)} MB`;
      } finally {
        await server.stop();
      }
      const update = await updateRate(db.url, 10, seconds);
      rows.push({ name: 'PostgreSQL itself: one-row UPDATE by primary key, 10 clients', requestsPerSec: update.perSecond, p50: update.p50, p99: update.p99, errors: 0, non2xx: 0 });
    } finally {
      await db.drop();
    }
  }
  lines.push(report(`Cart API, ${seconds} s per scenario, 10 connections (${rss})`, baseline, rows));
} finally {
  await bare.stop();
}
const text = lines.join('\n\n');
console.log(text);
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/cart.md'), `${text}\n`);
