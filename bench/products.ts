import { benchArgs, compare, report, startBare, startCartwright, writeResult } from './lib.ts';

/**
 * Products API throughput against a bare Fastify route, interleaved in one run:
 * GET products?per_page=20 (identity and gzip) and GET products/{id}, 10 keep-alive connections.
 * Usage: npm run bench -- products [--seconds 3] [--rounds 5] (DATABASE_URL selects PostgreSQL)
 */
const { seconds, rounds } = benchArgs();
const databaseUrl = process.env.DATABASE_URL || null;

const bare = await startBare(8090);
const cw = await startCartwright(8091, databaseUrl);
try {
  const list = `${cw.url}/wp-json/cocart/v2/products?per_page=20`;
  const rows = await compare(
    { name: 'bare Fastify route (1 KB JSON)', url: `${bare.url}/bare` },
    [
      { name: 'GET products?per_page=20 (140 KB)', url: list },
      { name: 'GET products?per_page=20, gzip (as browsers ask)', url: list, options: { headers: { 'accept-encoding': 'gzip, deflate, br' } } },
      { name: 'GET products/10', url: `${cw.url}/wp-json/cocart/v2/products/10` },
    ],
    rounds,
    seconds,
  );
  const title = `Products API (${databaseUrl ? 'PostgreSQL' : 'SQLite'}), ${rounds} interleaved rounds of ${seconds} s, 10 connections, server RSS ${cw.rssMb().toFixed(0)} MB`;
  const text = report(title, rows);
  writeResult('products', text);
} finally {
  await Promise.all([bare.stop(), cw.stop()]);
}
