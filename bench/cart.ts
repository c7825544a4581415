import { addItemScenario, benchArgs, cartOf, compare, getCartScenario, post, report, startBare, startStore, writeResult, type Scenario, type Server } from './lib.ts';
import { freshDatabase, updateRate } from './postgres.ts';

/**
 * Cart API throughput against a bare Fastify route, interleaved in one run: get-cart on a 5-line cart
 * and add-item over 200 carts, 10 keep-alive connections, on SQLite and (when DATABASE_URL is set)
 * on a fresh PostgreSQL database, whose own one-row UPDATE rate is measured too. The store has taxes on
 * (the demo's UK VAT); the "priced" scenarios also carry a shipping address and a coupon, so every
 * rule (tax, zone and rate, discount spread) is worked out on each render and write.
 * Usage: npm run bench -- cart [--seconds 3] [--rounds 5]
 */
const { seconds, rounds } = benchArgs();
const FIVE_LINES = ['55', '56', '57', '58', '59'];
const CARTS = 200;

/** Gives a cart a UK address (so a zone and its rates apply) and a 10 % coupon. */
async function price(server: Server, key: string): Promise<void> {
  await post(server, '/cart/update?namespace=update-customer', { country: 'GB', postcode: 'BS1 4XX' }, key);
  await post(server, '/cart/apply-coupon', { code: 'save10' }, key);
}

async function scenarios(server: Server, label: string): Promise<Scenario[]> {
  const plain = await cartOf(server, FIVE_LINES);
  const priced = await cartOf(server, FIVE_LINES);
  await price(server, priced);
  // Writes spread over many shoppers' carts, as a store sees them (one hot cart is bench/concurrency's case).
  const writeKeys: string[] = [];
  const pricedKeys: string[] = [];
  for (let i = 0; i < CARTS; i++) writeKeys.push(await cartOf(server, ['60']));
  for (let i = 0; i < CARTS; i++) {
    const key = await cartOf(server, ['60']);
    await price(server, key);
    pricedKeys.push(key);
  }
  return [
    getCartScenario(server, `GET cart, 5 lines (${label})`, [plain]),
    getCartScenario(server, `GET cart, 5 lines, address + coupon (${label})`, [priced]),
    addItemScenario(server, `POST cart/add-item, ${CARTS} carts (${label})`, writeKeys, '60'),
    addItemScenario(server, `POST cart/add-item, ${CARTS} carts with address + coupon (${label})`, pricedKeys, '60'),
  ];
}

const bare = await startBare(8090);
const sqlite = await startStore(8091, null);
const db = process.env.DATABASE_URL ? await freshDatabase('cw_bench') : null;
const postgres = db ? await startStore(8092, db.url) : null;
let text = '';
try {
  const rows = await compare(
    { name: 'bare Fastify route (1 KB JSON)', url: `${bare.url}/bare` },
    [...(await scenarios(sqlite, 'SQLite')), ...(postgres ? await scenarios(postgres, 'PostgreSQL') : [])],
    rounds,
    seconds,
  );
  const memory = `server RSS ${sqlite.rssMb().toFixed(0)} MB (SQLite)${postgres ? `, ${postgres.rssMb().toFixed(0)} MB (PostgreSQL)` : ''}`;
  text = report(`Cart API, ${rounds} interleaved rounds of ${seconds} s, 10 connections, ${memory}`, rows);
  if (db) {
    const update = await updateRate(db.url, 10, seconds * 2);
    const add = rows.find((r) => r.name.startsWith('POST') && r.name.includes('PostgreSQL') && !r.name.includes('coupon'))!;
    text +=
      `\n\nPostgreSQL's own one-row UPDATE by primary key, 10 clients, measured right after: ${update.perSecond} per second ` +
      `(p50 ${update.p50} ms, p99 ${update.p99} ms); add-item on PostgreSQL reached ${((add.requestsPerSec / update.perSecond) * 100).toFixed(0)} % of it.`;
  }
} finally {
  await Promise.all([bare.stop(), sqlite.stop(), postgres?.stop()]);
  await db?.drop();
}
writeResult('cart', text);
