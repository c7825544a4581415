import autocannon from 'autocannon';
import { API, benchArgs, cartOf, load, startBare, startCartwright, writeResult, type Measurement, type Server } from './lib.ts';
import { freshDatabase } from './postgres.ts';

/**
 * Orders per second: `POST checkout` (cash on delivery, a UK address, a 2-line cart, the demo store's
 * shipping and fees) on carts made beforehand, each bought once, against the bare route measured in
 * the same run, on SQLite and (when DATABASE_URL is set) on a fresh PostgreSQL database. Every order
 * is a real one: its stock is taken, its lines and notes stored, its cart emptied.
 * Usage: npm run bench -- checkout [--seconds 3] [--rounds 3]; `npm run bench` (all) runs it too.
 */
const CONNECTIONS = 10;
const BILLING = { first_name: 'Ada', last_name: 'Lovelace', address_1: '1 Quay Street', city: 'Bristol', postcode: 'BS1 4XX', country: 'GB', email: 'ada@example.org' };
const BODY = JSON.stringify({ billing_address: BILLING, payment_method: 'cod' });

/** Carts to buy: more than one round can use at the speed the warm-up showed. */
async function carts(server: Server, count: number): Promise<string[]> {
  const keys: string[] = [];
  for (let i = 0; i < count; i++) keys.push(await cartOf(server, ['55', '57']));
  return keys;
}

/** Buys each of `keys` once, as fast as 10 connections go; stops when they run out. */
async function checkouts(server: Server, name: string, keys: string[]): Promise<Measurement> {
  let next = 0;
  const result = await autocannon({
    url: `${server.url}${API}/checkout`,
    connections: CONNECTIONS,
    amount: keys.length,
    requests: [
      {
        method: 'POST',
        body: BODY,
        setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'content-type': 'application/json', 'cocart-api-cart-key': keys[next++] } }),
      },
    ],
  });
  return {
    name,
    requestsPerSec: Math.round(result.requests.total / (result.duration || 1)),
    mean: result.latency.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function measure(server: Server, label: string, bare: Server, rounds: number, seconds: number): Promise<{ checkout: Measurement; bare: Measurement }[]> {
  // A warm-up round tells how many carts a round needs.
  const warm = await checkouts(server, 'warm-up', await carts(server, 200));
  const perRound = Math.max(200, Math.ceil(warm.requestsPerSec * seconds * 1.2));
  const out: { checkout: Measurement; bare: Measurement }[] = [];
  for (let round = 0; round < rounds; round++) {
    const keys = await carts(server, perRound);
    const base = await load('bare', `${bare.url}/bare`, { seconds, connections: CONNECTIONS });
    out.push({ checkout: await checkouts(server, `POST checkout (${label})`, keys), bare: base });
  }
  return out;
}

/** The results table's heading and column headings. */
export const CHECKOUT_HEADING = [
  '| scenario | orders/s | p50 ms | p99 ms | bare route req/s | ratio to bare route | errors / non-2xx |',
  '|---|---:|---:|---:|---:|---:|---:|',
];

/** Checkout on `server` over `rounds` rounds, each beside a run of the bare route: its row of the table, and the ratio. */
export async function checkoutRow(server: Server, label: string, bare: Server, rounds: number, seconds: number): Promise<{ line: string; ratio: number }> {
  const rows = await measure(server, label, bare, rounds, seconds);
  const avg = (f: (r: (typeof rows)[number]) => number) => Math.round(rows.reduce((s, r) => s + f(r), 0) / rows.length);
  const orders = avg((r) => r.checkout.requestsPerSec);
  const base = avg((r) => r.bare.requestsPerSec);
  const errors = rows.reduce((s, r) => s + r.checkout.errors, 0);
  const non2xx = rows.reduce((s, r) => s + r.checkout.non2xx, 0);
  return {
    line: `| POST checkout, cash on delivery (${label}) | ${orders} | ${avg((r) => r.checkout.p50)} | ${avg((r) => r.checkout.p99)} | ${base} | ${((orders / base) * 100).toFixed(1)} % | ${errors} / ${non2xx} |`,
    ratio: orders / base,
  };
}

export async function main(): Promise<void> {
  const { seconds, rounds } = benchArgs({ seconds: 3, rounds: 3 });
  const bare = await startBare(8090);
  const sqlite = await startCartwright(8091, null);
  const db = process.env.DATABASE_URL ? await freshDatabase('cw_bench') : null;
  const postgres = db ? await startCartwright(8092, db.url) : null;
  let text = '';
  try {
    const lines: string[] = [`## Checkout, ${rounds} rounds, each buying carts made beforehand once, 10 connections; the bare route measured in each round`, '', ...CHECKOUT_HEADING];
    for (const [server, label] of [[sqlite, 'SQLite'], ...(postgres ? [[postgres, 'PostgreSQL']] : [])] as [Server, string][]) {
      lines.push((await checkoutRow(server, label, bare, rounds, seconds)).line);
    }
    text = lines.join('\n');
  } finally {
    await Promise.all([bare.stop(), sqlite.stop(), postgres?.stop()]);
    await db?.drop();
  }
  writeResult('checkout', text);
}
