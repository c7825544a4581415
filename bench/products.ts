import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load, report, ROOT, startBare, startCartwright } from './lib.ts';

/**
 * Products API throughput against a bare Fastify route, measured in the same run:
 * GET products?per_page=20 and GET products/{id}, 10 keep-alive connections.
 * Usage: npm run bench -- products [--seconds 10] (DATABASE_URL selects PostgreSQL)
 */
const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 10;
const databaseUrl = process.env.DATABASE_URL || null;

const bare = await startBare(8090);
const cw = await startCartwright(8091, databaseUrl);
try {
  await load('warm-up', `${cw.url}/wp-json/cocart/v2/products?per_page=20`, { seconds: 2 });
  await load('warm-up', `${bare.url}/bare`, { seconds: 2 });
  const baseline = await load('bare Fastify route (1 KB JSON)', `${bare.url}/bare`, { seconds });
  const list = await load('GET products?per_page=20', `${cw.url}/wp-json/cocart/v2/products?per_page=20`, { seconds });
  const gzip = { 'accept-encoding': 'gzip, deflate, br' };
  const listGzip = await load('GET products?per_page=20, gzip (as browsers ask)', `${cw.url}/wp-json/cocart/v2/products?per_page=20`, { seconds, headers: gzip });
  const single = await load('GET products/10', `${cw.url}/wp-json/cocart/v2/products/10`, { seconds });
  const title = `Products API (${databaseUrl ? 'PostgreSQL' : 'SQLite'}), ${seconds} s per scenario, 10 connections, RSS ${cw.rssMb().toFixed(0)} MB`;
  const text = report(title, baseline, [list, listGzip, single]);
  console.log(text);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/products.md'), `${text}\n`);
} finally {
  await Promise.all([bare.stop(), cw.stop()]);
}
