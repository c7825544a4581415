import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type autocannon from 'autocannon';
import { CHECKOUT_HEADING, checkoutRow } from './checkout.ts';
import {
  addItemScenario,
  API,
  benchArgs,
  cartOf,
  compare,
  createProducts,
  getCartScenario,
  report,
  ROOT,
  roundRatio,
  roundRatios,
  sampleRss,
  startBare,
  startCartwright,
  startStore,
  writeResult,
  type Compared,
  type Scenario,
  type Server,
} from './lib.ts';
import { freshDatabase, updateScenario } from './postgres.ts';
import { scenarios as processScenarios, versusOneProcess } from './processes.ts';
import { cloneCart, cloneKey } from './seed.ts';

/**
 * Every figure issue 18 sets a target for, from one run on one database (SQLite, or PostgreSQL when
 * DATABASE_URL is set: fresh databases are made and dropped), each against the bare Fastify route
 * measured in the same interleaved rounds, with a PASS / short-of-target line per target:
 *
 * - get-cart on a 5-line cart; add-item on carts that grow from 1 to 20 lines (each connection is a
 *   shopper: its first add-item starts a cart, the next 19 add a different product each, then it
 *   starts again); both at 10 connections, and at 50 for their p99.
 * - PostgreSQL: that add-item against the database's own one-row UPDATE rate, measured as a scenario
 *   of the same rounds.
 * - Cost flat in cart size: add-item raising the quantity of a line in 50-line carts against 1-line carts.
 * - Cost flat in store size: get-cart over 1,000 carts in a store of 1,000 against 1,000 of a store of
 *   1,000,000 (copies of a real cart written straight into the database before the run).
 * - Memory: each server's RSS idle after start and its peak while the load runs.
 * - Logging: get-cart and add-item on a server at LOG_LEVEL=info (the default; its log written to a
 *   file) against the same at warn (every other server here).
 * - Checkout (bench/checkout.ts), and 1 against 2 processes (bench/processes.ts) once `cartwright serve` has them.
 *
 * Usage: npm run bench [-- all] [--seconds 2] [--rounds 5] [--carts 1000000]; writes
 * bench/results/all-sqlite.md or all-postgresql.md.
 */

const GROW_TO = 20;
const BIG_CART = 50;
/** Carts each cart-size scenario rotates over, so that no cart is hot. */
const ROTATE = 100;
const FIVE_LINES = ['55', '56', '57', '58', '59'];
const SMALL_STORE = 1000;
/** Carts read in turn in both store-size scenarios. */
const READ = 1000;
const CONNECTIONS = 10;
const MANY_CONNECTIONS = 50;
const PORT = 8290;

interface Target {
  name: string;
  measured: string;
  target: string;
  /** Undefined: a figure shown without a target. */
  met?: boolean;
}

const MEAN = { 'mean ms': (r: Compared) => r.mean.toFixed(2) };
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
const mb = (x: number) => `${x.toFixed(0)} MB`;
const ms = (x: number) => `${Number(x.toFixed(2))} ms`;
/** Each round's value, as percentages: how far to trust the median beside it. */
const eachRound = (values: number[], signed = false) => `rounds: ${values.map((v) => `${signed && v > 0 ? '+' : ''}${(v * 100).toFixed(0)}`).join(' / ')} %`;
/** `a` against `b` as a percentage, the median and each round's. */
const versus = (a: Compared, b: Compared) => `${pct(roundRatio(a, b))} (${eachRound(roundRatios(a, b))})`;

/**
 * add-item on carts that grow from 1 to 20 lines: each connection's first request starts a cart (no
 * key; the answer names it), the next 19 add `products[1…19]` to it, one line each; autocannon then
 * starts the list again with a fresh context, so a 20-line cart is left for a new one.
 */
export function growingCartsScenario(server: Server, name: string, products: string[], connections = CONNECTIONS): Scenario {
  if (products.length < GROW_TO) throw new Error(`${GROW_TO} products needed`);
  const requests: autocannon.Request[] = products.slice(0, GROW_TO).map((id, i) => ({
    method: 'POST',
    body: JSON.stringify({ id, quantity: '1' }),
    headers: { 'content-type': 'application/json' },
    ...(i === 0
      ? {
          onResponse: (_status: number, _body: string, context: object, headers?: Record<string, unknown>) => {
            const key = Object.entries(headers ?? {}).find(([h]) => h.toLowerCase() === 'cocart-api-cart-key')?.[1];
            (context as { key?: string }).key = typeof key === 'string' ? key : undefined;
          },
        }
      : {
          setupRequest: (request: autocannon.Request, context: object) => {
            const { key } = context as { key?: string };
            return key ? { ...request, headers: { ...request.headers, 'cocart-api-cart-key': key } } : request;
          },
        }),
  }));
  return { name, url: `${server.url}${API}/cart/add-item`, options: { connections, requests } };
}

/** What a store needs for the get-cart and growing add-item scenarios: products to add, and a 5-line cart. */
async function prepare(server: Server): Promise<{ products: string[]; fiveLines: string }> {
  return { products: await createProducts(server, BIG_CART), fiveLines: await cartOf(server, FIVE_LINES) };
}

/** Reads each cart once, 10 at a time, so that the run starts with every one rendered and kept, as a store's recently read carts are. */
async function readEach(server: Server, keys: string[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < keys.length) {
        const r = await fetch(`${server.url}${API}/cart`, { headers: { 'cocart-api-cart-key': keys[next++] } });
        if (!r.ok) throw new Error(`GET cart: ${r.status} ${await r.text()}`);
        await r.arrayBuffer();
      }
    }),
  );
}

/** Resident memory a few seconds after start, before any load. */
async function idleRss(server: Server): Promise<number> {
  await new Promise((r) => setTimeout(r, 2000));
  return server.rssMb();
}

const began = Date.now();

function progress(message: string): void {
  console.error(`[bench all ${((Date.now() - began) / 1000).toFixed(0)} s] ${message}`);
}

/** Whether `cartwright serve` can run several processes yet (another change brings `--processes`). */
function serveHasProcesses(): boolean {
  return /--processes/.test(execFileSync(process.execPath, [join(ROOT, 'bin/cartwright.js'), 'serve', '--help'], { encoding: 'utf8' }));
}

/**
 * 1 against 2 server processes: `processes.ts`'s scenarios (get-cart on a 5-line cart, add-item over
 * 200 carts) on a store started with PROCESSES=1 and one with PROCESSES=2, against the bare route,
 * interleaved. Skipped, with a note, while `serve` has no `--processes`.
 */
async function processesSection(bare: Server, database: () => Promise<string | null>, label: string, rounds: number, seconds: number, targets: Target[]): Promise<string> {
  if (!serveHasProcesses()) return '## 1 and 2 processes\n\nNot measured: `cartwright serve --help` shows no `--processes` yet.';
  const servers: Server[] = [];
  try {
    for (const n of [1, 2]) servers.push(await startStore(PORT + 5 + n, await database(), { PROCESSES: String(n) }));
    const rows = await compare(
      { name: 'bare Fastify route (1 KB JSON)', url: `${bare.url}/bare`, options: { connections: CONNECTIONS } },
      await processScenarios(servers, label),
      rounds,
      seconds,
    );
    const [, get1, get2, add1, add2] = rows;
    targets.push({ name: 'get-cart, 2 processes vs 1', measured: versus(get2, get1), target: '–' });
    targets.push({ name: 'add-item, 2 processes vs 1', measured: versus(add2, add1), target: '–' });
    return report(`1 and 2 processes, ${rounds} interleaved rounds of ${seconds} s, ${CONNECTIONS} connections`, rows, { ...MEAN, ...versusOneProcess(rows) });
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    for (const s of servers) rmSync(s.env.DATA_DIR, { recursive: true, force: true });
  }
}

export async function main(): Promise<void> {
  const { seconds, rounds } = benchArgs({ seconds: 2, rounds: 5 });
  const cartsArg = process.argv.indexOf('--carts');
  const largeStore = Number(cartsArg > 0 ? process.argv[cartsArg + 1] : process.env.BENCH_CARTS) || 1_000_000;
  const postgres = Boolean(process.env.DATABASE_URL);
  const label = postgres ? 'PostgreSQL' : 'SQLite';
  const drops: (() => Promise<void>)[] = [];
  /** A fresh database for one store: PostgreSQL's made here, SQLite's by the server in a fresh directory. */
  const database = async () => {
    if (!postgres) return null;
    const db = await freshDatabase('cw_bench');
    drops.push(db.drop);
    return db.url;
  };
  const started: Server[] = [];
  /** Directories to remove at the end: the log's, and the servers' (the large store's SQLite file is over a gigabyte). */
  const temporary: string[] = [];
  const targets: Target[] = [];
  const sections: string[] = [];
  const load = loadavg()[0];
  try {
    progress(`${label}: starting servers`);
    const bare = await startBare(PORT);
    started.push(bare);
    const logDir = mkdtempSync(join(tmpdir(), 'cw-bench-log-'));
    temporary.push(logDir);
    const logFile = join(logDir, 'cartwright.log');
    const main = await startStore(PORT + 1, await database());
    const info = await startStore(PORT + 2, await database(), { LOG_LEVEL: 'info' }, logFile);
    const small = await startStore(PORT + 3, await database());
    const large = await startStore(PORT + 4, await database());
    const cartwrights = [main, info, small, large];
    started.push(...cartwrights);
    const idle = await Promise.all(cartwrights.map(idleRss));

    progress('making products and carts');
    const mainCarts = await prepare(main);
    const infoCarts = await prepare(info);
    // Cart size: the same line (the last product of the 50) raised in 50-line carts and in 1-line carts.
    const line = mainCarts.products[BIG_CART - 1];
    await cloneCart(main, await cartOf(main, mainCarts.products), 'big', ROTATE);
    await cloneCart(main, await cartOf(main, [line]), 'one', ROTATE);
    const keys = (prefix: string, count: number, pick = (i: number) => i + 1) => Array.from({ length: count }, (_, i) => cloneKey(prefix, pick(i)));
    // Store size: copies of a 5-line cart; the large store's 1,000 read are spread over all of it.
    progress(`storing ${SMALL_STORE} and ${largeStore} carts`);
    await cloneCart(small, await cartOf(small, FIVE_LINES), 'store', SMALL_STORE);
    await cloneCart(large, await cartOf(large, FIVE_LINES), 'store', largeStore);
    const spread = (i: number) => Math.floor(((i + 0.5) * largeStore) / READ) + 1;
    const smallKeys = keys('store', READ);
    const largeKeys = keys('store', READ, spread);
    await readEach(small, smallKeys);
    await readEach(large, largeKeys);

    const groupA: Scenario[] = [
      getCartScenario(main, `GET cart, 5 lines (${label})`, [mainCarts.fiveLines]),
      getCartScenario(info, `GET cart, 5 lines, LOG_LEVEL=info (${label})`, [infoCarts.fiveLines]),
      growingCartsScenario(main, `POST cart/add-item, carts growing 1→${GROW_TO} lines (${label})`, mainCarts.products),
      growingCartsScenario(info, `POST cart/add-item, carts growing 1→${GROW_TO} lines, LOG_LEVEL=info (${label})`, infoCarts.products),
      addItemScenario(main, `POST cart/add-item, raising a line of ${ROTATE} 1-line carts (${label})`, keys('one', ROTATE), line),
      addItemScenario(main, `POST cart/add-item, raising a line of ${ROTATE} ${BIG_CART}-line carts (${label})`, keys('big', ROTATE), line),
      getCartScenario(small, `GET cart, ${READ} of a store of ${SMALL_STORE.toLocaleString('en')} carts (${label})`, smallKeys),
      getCartScenario(large, `GET cart, ${READ} of a store of ${largeStore.toLocaleString('en')} carts (${label})`, largeKeys),
      ...(postgres ? [updateScenario(main.env.DATABASE_URL, CONNECTIONS)] : []),
    ];
    const groupB: Scenario[] = [
      getCartScenario(main, `GET cart, 5 lines, ${MANY_CONNECTIONS} connections (${label})`, [mainCarts.fiveLines], MANY_CONNECTIONS),
      growingCartsScenario(main, `POST cart/add-item, carts growing 1→${GROW_TO} lines, ${MANY_CONNECTIONS} connections (${label})`, mainCarts.products, MANY_CONNECTIONS),
    ];
    const bareRoute = (connections: number): Scenario => ({ name: `bare Fastify route (1 KB JSON), ${connections} connections`, url: `${bare.url}/bare`, options: { connections } });

    progress(`measuring: ${groupA.length + groupB.length} scenarios and the bare route, ${rounds} rounds of ${seconds} s`);
    const rss = sampleRss(cartwrights);
    const a = await compare(bareRoute(CONNECTIONS), groupA, rounds, seconds);
    const b = await compare(bareRoute(MANY_CONNECTIONS), groupB, rounds, seconds);
    const peak = rss.stop();
    const logLines = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').length - 1 : 0;
    await Promise.all(cartwrights.map((s) => s.stop()));
    const [, getCart, getCartInfo, add, addInfo, addSmall, addBig, readSmall, readLarge, update] = a;
    const [bare50, getCart50, add50] = b;

    targets.push({ name: 'get-cart, 5 lines, vs bare route', measured: versus(getCart, a[0]), target: '≥ 40 %', met: getCart.ratio >= 0.4 });
    targets.push({
      name: `add-item, carts growing 1→${GROW_TO} lines, vs bare route`,
      measured: versus(add, a[0]),
      target: postgres ? '– (SQLite: ≥ 20 %)' : '≥ 20 %',
      met: postgres ? undefined : add.ratio >= 0.2,
    });
    if (update) {
      const r = roundRatio(add, update);
      targets.push({ name: "add-item vs PostgreSQL's own one-row UPDATE rate", measured: versus(add, update), target: '≥ 50 %', met: r >= 0.5 });
    }
    targets.push({ name: `get-cart p99, ${MANY_CONNECTIONS} connections`, measured: `${getCart50.p99} ms (bare route ${bare50.p99} ms)`, target: '≤ 5 ms', met: getCart50.p99 <= 5 });
    targets.push({ name: `add-item p99, ${MANY_CONNECTIONS} connections`, measured: `${add50.p99} ms`, target: '≤ 5 ms', met: add50.p99 <= 5 });
    const cartSize = roundRatio(addBig, addSmall);
    targets.push({
      name: `add-item on a ${BIG_CART}-line cart vs a 1-line cart`,
      measured: versus(addBig, addSmall),
      target: '≥ 50 %',
      met: cartSize >= 0.5,
    });
    const storeSize = roundRatio(readLarge, readSmall, (m) => m.mean);
    targets.push({
      name: `get-cart latency, ${largeStore.toLocaleString('en')} carts stored vs ${SMALL_STORE.toLocaleString('en')}`,
      measured: `${storeSize >= 1 ? '+' : ''}${((storeSize - 1) * 100).toFixed(1)} % (mean latency, median ${ms(readLarge.mean)} vs ${ms(readSmall.mean)}; ${eachRound(
        roundRatios(readLarge, readSmall, (m) => m.mean).map((r) => r - 1),
        true,
      )})`,
      // The cost must not grow with the store: a large store read faster is noise, not a miss.
      target: 'within 10 % (no more than 10 % slower)',
      met: storeSize <= 1.1,
    });
    targets.push({ name: 'server RSS, idle after start', measured: mb(idle[0]), target: '≤ 120 MB', met: idle[0] <= 120 });
    targets.push({ name: 'server RSS, peak under load', measured: mb(peak[0]), target: '≤ 150 MB', met: peak[0] <= 150 });
    for (const [what, withInfo, without] of [
      ['get-cart', getCartInfo, getCart],
      ['add-item', addInfo, add],
    ] as const) {
      // What info costs: the share of warn's requests/s it loses.
      const cost = 1 - roundRatio(withInfo, without);
      const each = roundRatios(withInfo, without).map((r) => 1 - r);
      targets.push({ name: `${what}: cost of LOG_LEVEL=info vs warn`, measured: `${pct(cost)} (${eachRound(each)})`, target: '≤ 15 %', met: cost <= 0.15 });
    }

    sections.push(report(`Cart API, ${rounds} interleaved rounds of ${seconds} s, ${CONNECTIONS} connections`, a, MEAN));
    sections.push(report(`Cart API, ${rounds} interleaved rounds of ${seconds} s, ${MANY_CONNECTIONS} connections`, b, MEAN));
    sections.push(
      [
        '## Server memory (RSS)',
        '',
        '| server | idle after start | peak under load |',
        '|---|---:|---:|',
        ...['the one measured (warn)', 'LOG_LEVEL=info', `${SMALL_STORE.toLocaleString('en')} carts stored`, `${largeStore.toLocaleString('en')} carts stored`].map(
          (name, i) => `| ${name} | ${mb(idle[i])} | ${mb(peak[i])} |`,
        ),
        '',
        `The LOG_LEVEL=info server wrote ${logLines} log lines to a file during the run.`,
      ].join('\n'),
    );

    progress('checkout');
    const shop = await startCartwright(PORT + 5, await database());
    started.push(shop);
    const checkout = await checkoutRow(shop, label, bare, rounds, seconds);
    await shop.stop();
    targets.push({ name: 'checkout: orders/s vs bare route requests/s', measured: `${(checkout.ratio * 100).toFixed(1)} %`, target: '–' });
    sections.push(
      [`## Checkout, ${rounds} rounds, each buying carts made beforehand once, ${CONNECTIONS} connections; the bare route measured in each round`, '', ...CHECKOUT_HEADING, checkout.line].join('\n'),
    );

    progress('1 and 2 processes');
    sections.push(await processesSection(bare, database, label, rounds, seconds, targets));
  } finally {
    await Promise.all(started.map((s) => (s.process.exitCode === null && s.process.signalCode === null ? s.stop() : undefined)));
    for (const drop of drops) await drop();
    for (const dir of [...temporary, ...started.map((s) => s.env.DATA_DIR).filter(Boolean)]) rmSync(dir, { recursive: true, force: true });
  }
  const minutes = ((Date.now() - began) / 60_000).toFixed(1);
  const summary = [
    `# Cartwright benchmarks, ${label}: the targets of issue 18`,
    '',
    `One run of \`npm run bench\`${postgres ? ' with DATABASE_URL set' : ''} (${rounds} interleaved rounds of ${seconds} s per scenario, medians; ${minutes} minutes in all). ` +
      'Ratios are against the bare Fastify route measured in the same rounds; a figure comparing two measurements is the median over rounds of their ratio within a round, followed by each round’s. ' +
      'The servers log at LOG_LEVEL=warn except where a row says info. ' +
      `The machine's 1-minute load average when the run began: ${load.toFixed(2)} (figures taken while other work shares the machine are not comparable).`,
    '',
    '| target | measured | target | |',
    '|---|---|---|---|',
    ...targets.map((t) => `| ${t.name} | ${t.measured} | ${t.target} | ${t.met === undefined ? '' : t.met ? 'PASS' : 'short of target'} |`),
  ].join('\n');
  writeResult(`all-${label.toLowerCase()}`, [summary, ...sections].join('\n\n'));
}
