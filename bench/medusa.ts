import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { promisify } from 'node:util';
import {
  addItemScenario,
  API,
  benchArgs,
  cartOf,
  compare,
  getCartScenario,
  load,
  median,
  report,
  roundRatio,
  roundRatios,
  rssMbOf,
  sampleRss,
  startBare,
  startStore,
  writeResult,
  type Compared,
  type LoadOptions,
  type Scenario,
  type Server,
} from './lib.ts';
import { freshDatabase } from './postgres.ts';

/**
 * Cartwright against a Medusa 2 server, in one run: the three cart operations a storefront makes,
 * create-cart, get-cart and add-item, at 10 and at 50 connections, on Cartwright with SQLite and
 * (when DATABASE_URL is set; a fresh database is made and dropped) PostgreSQL, and on the Medusa at
 * MEDUSA_URL, every scenario in the same interleaved rounds as the bare Fastify route. Each Cartwright
 * figure is also given as × Medusa's: the median over rounds of the two requests/s in the same round.
 *
 * - create-cart: Cartwright as a CoCart storefront starts a cart, `POST cart/add-item` without a cart key
 *   (the answer names the new cart, which holds the item), and `POST cart` (an empty cart, the nearest
 *   to Medusa's); Medusa `POST /store/carts` with the region (an empty cart).
 * - get-cart: a 5-line cart (Cartwright `GET cart`; Medusa `GET /store/carts/{id}`, its default fields).
 * - add-item: one unit of one product to 200 carts of 1 line in turn (Cartwright `POST cart/add-item`;
 *   Medusa `POST /store/carts/{id}/line-items`), which raises that line's quantity.
 *
 * Medusa answers a few to a few tens of requests a second, with latencies of seconds at 50 connections,
 * so a timed run would count few answers and abandon the rest: each of its runs sends a number of
 * requests meant to last about `--medusa-seconds` (15 by default) and waits for every answer (a minute
 * at most each), requests/s being the answers over the time to the last one; and before the next run
 * starts, Medusa is left until it is idle (its CPU time stops growing), so that no work of one
 * scenario loads another. Each server's RSS is sampled idle and under load. With `wrk`
 * on the PATH, Medusa's get-cart at 10 connections is measured by wrk and by autocannon (timed, and
 * as the rounds measure it) in turn, to show that the load tools and the two ways agree.
 *
 * Medusa is not started here: run one (see bench/README.md), then
 *   MEDUSA_URL=http://127.0.0.1:9000 MEDUSA_PUBLISHABLE_KEY=pk_… MEDUSA_REGION_ID=reg_… MEDUSA_VARIANT_ID=variant_… \
 *   [DATABASE_URL=postgres://…] npm run bench -- medusa [--seconds 5] [--rounds 3] [--medusa-seconds 15]
 * MEDUSA_PID names its process (else it is found by its port with `ss`), for its RSS and CPU time;
 * MEDUSA_VERSION, when set, is printed with the results. Without MEDUSA_URL, Cartwright alone is
 * measured, with a note. Writes bench/results/medusa.md.
 */

const FIVE_LINES = ['55', '56', '57', '58', '59'];
const PRODUCT = '60';
const CARTS = 200;
const CONNECTIONS = [10, 50] as const;
const PORT = 8490;
/** Seconds a Medusa request may take before it counts as a timeout: at 50 connections its add-item takes several. */
const MEDUSA_TIMEOUT = 60;
/** The operations compared; each scenario measuring one carries it. */
type Operation = 'create-cart' | 'get-cart' | 'add-item';

interface Medusa {
  url: string;
  headers: Record<string, string>;
  region: string;
  variant: string;
  pid?: number;
  rssMb(): number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The process listening on `port`, from `ss -ltnp`; undefined when it cannot be told. */
function listenerPid(port: string): number | undefined {
  try {
    const out = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
    const pid = /pid=(\d+)/.exec(out)?.[1];
    return pid ? Number(pid) : undefined;
  } catch {
    return undefined;
  }
}

/** The Medusa the environment names, or why it is not measured. */
function medusaFromEnv(): Medusa | string {
  const { MEDUSA_URL: url, MEDUSA_PUBLISHABLE_KEY: key, MEDUSA_REGION_ID: region, MEDUSA_VARIANT_ID: variant } = process.env;
  const missing = Object.entries({ MEDUSA_URL: url, MEDUSA_PUBLISHABLE_KEY: key, MEDUSA_REGION_ID: region, MEDUSA_VARIANT_ID: variant })
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length) return `Medusa not measured: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set (see bench/medusa.ts).`;
  const base = url!.replace(/\/+$/, '');
  const pid = Number(process.env.MEDUSA_PID) || listenerPid(new URL(base).port || '80');
  return { url: base, headers: { 'x-publishable-api-key': key! }, region: region!, variant: variant!, pid, rssMb: () => (pid ? rssMbOf(pid) : 0) };
}

/** A process's CPU time so far (user and system), in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * Waits until Medusa has finished the requests a run left queued: its CPU time grows by less than
 * 5 % of a core over half a second (at most 2 minutes; 5 s flat when its process is unknown).
 */
async function settle(medusa: Medusa): Promise<void> {
  if (!medusa.pid) {
    await sleep(5000);
    return;
  }
  const until = Date.now() + 120_000;
  let last = cpuSeconds(medusa.pid);
  while (Date.now() < until) {
    await sleep(500);
    const now = cpuSeconds(medusa.pid);
    if (now - last < 0.025) return;
    last = now;
  }
}

async function medusaPost(medusa: Medusa, path: string, body: unknown): Promise<{ cart: { id: string; items: unknown[] } }> {
  const r = await fetch(`${medusa.url}${path}`, { method: 'POST', headers: { ...medusa.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`Medusa ${path}: ${r.status} ${await r.text()}`);
  return (await r.json()) as { cart: { id: string; items: unknown[] } };
}

/** Up to `count` variants priced in the region, MEDUSA_VARIANT_ID first, from the store's product list. */
async function medusaVariants(medusa: Medusa, count: number): Promise<string[]> {
  const r = await fetch(`${medusa.url}/store/products?region_id=${medusa.region}&limit=20&fields=id,*variants,*variants.calculated_price`, { headers: medusa.headers });
  if (!r.ok) throw new Error(`Medusa /store/products: ${r.status} ${await r.text()}`);
  const { products } = (await r.json()) as { products: { variants: { id: string; calculated_price?: unknown }[] }[] };
  const priced = products.flatMap((p) => p.variants.filter((v) => v.calculated_price).map((v) => v.id));
  return [medusa.variant, ...priced.filter((id) => id !== medusa.variant)].slice(0, count);
}

/** Medusa's carts for the run: one of up to 5 lines (for get-cart) and 200 of 1 line (for add-item), made 10 at a time. */
async function medusaCarts(medusa: Medusa): Promise<{ fiveLines: string; lines: number; writeCarts: string[] }> {
  const variants = await medusaVariants(medusa, FIVE_LINES.length);
  const items = variants.map((variant_id) => ({ variant_id, quantity: 1 }));
  const five = await medusaPost(medusa, '/store/carts', { region_id: medusa.region, items });
  const writeCarts: string[] = [];
  let made = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (made++ < CARTS) writeCarts.push((await medusaPost(medusa, '/store/carts', { region_id: medusa.region, items: [{ variant_id: medusa.variant, quantity: 1 }] })).cart.id);
    }),
  );
  return { fiveLines: five.cart.id, lines: five.cart.items.length, writeCarts };
}

/**
 * A scenario on Medusa. Its latency is seconds at 50 connections, so a timed run would count few
 * answers and abandon the rest in flight; each run instead sends a number of requests worked out from
 * the scenario's last rate to last about `--medusa-seconds` (at least 2 per connection; the warm-up
 * 1 per connection) and waits for every answer, requests/s being the answers over the time until the
 * last one came. Then it waits until Medusa is idle again.
 */
function medusaScenario(medusa: Medusa, name: string, url: string, options: LoadOptions, roundSeconds: number, medusaSeconds: number): Scenario {
  const connections = options.connections ?? 10;
  let rate = 0;
  return {
    name,
    url,
    run: async (seconds) => {
      const warmUp = seconds < roundSeconds;
      const amount = warmUp ? connections : Math.max(2 * connections, Math.round(rate * medusaSeconds));
      const m = await load(name, url, { ...options, amount, timeout: MEDUSA_TIMEOUT });
      rate = m.requestsPerSec;
      await settle(medusa);
      return m;
    },
  };
}

function medusaScenarios(medusa: Medusa, carts: Awaited<ReturnType<typeof medusaCarts>>, connections: number, roundSeconds: number, medusaSeconds: number): [Operation, Scenario][] {
  const json = { ...medusa.headers, 'content-type': 'application/json' };
  let next = 0;
  return [
    [
      'create-cart',
      medusaScenario(
        medusa,
        `Medusa: POST /store/carts (a new empty cart), ${connections} connections`,
        `${medusa.url}/store/carts`,
        { connections, method: 'POST', headers: json, body: JSON.stringify({ region_id: medusa.region }) },
        roundSeconds,
        medusaSeconds,
      ),
    ],
    [
      'get-cart',
      medusaScenario(
        medusa,
        `Medusa: GET /store/carts/{id}, ${carts.lines} lines, ${connections} connections`,
        `${medusa.url}/store/carts/${carts.fiveLines}`,
        { connections, headers: medusa.headers },
        roundSeconds,
        medusaSeconds,
      ),
    ],
    [
      'add-item',
      medusaScenario(
        medusa,
        `Medusa: POST /store/carts/{id}/line-items, ${CARTS} carts, ${connections} connections`,
        `${medusa.url}/store/carts`,
        {
          connections,
          requests: [
            {
              method: 'POST',
              body: JSON.stringify({ variant_id: medusa.variant, quantity: 1 }),
              setupRequest: (request) => ({ ...request, path: `/store/carts/${carts.writeCarts[next++ % carts.writeCarts.length]}/line-items`, headers: { ...request.headers, ...json } }),
            },
          ],
        },
        roundSeconds,
        medusaSeconds,
      ),
    ],
  ];
}

/** Cartwright's carts for the run: a 5-line cart (get-cart) and 200 of 1 line (add-item). */
async function cartwrightCarts(server: Server): Promise<{ fiveLines: string; writeCarts: string[] }> {
  const writeCarts: string[] = [];
  for (let i = 0; i < CARTS; i++) writeCarts.push(await cartOf(server, [PRODUCT]));
  return { fiveLines: await cartOf(server, FIVE_LINES), writeCarts };
}

function cartwrightScenarios(server: Server, carts: Awaited<ReturnType<typeof cartwrightCarts>>, label: string, connections: number): [Operation, Scenario][] {
  const json = { 'content-type': 'application/json' };
  return [
    [
      'create-cart',
      {
        name: `Cartwright: POST cart/add-item without a cart key (a new 1-line cart), ${connections} connections (${label})`,
        url: `${server.url}${API}/cart/add-item`,
        options: { connections, method: 'POST', headers: json, body: JSON.stringify({ id: PRODUCT, quantity: '1' }) },
      },
    ],
    [
      'create-cart',
      {
        name: `Cartwright: POST cart (a new empty cart), ${connections} connections (${label})`,
        url: `${server.url}${API}/cart`,
        options: { connections, method: 'POST', headers: json, body: '{}' },
      },
    ],
    ['get-cart', getCartScenario(server, `Cartwright: GET cart, 5 lines, ${connections} connections (${label})`, [carts.fiveLines], connections)],
    ['add-item', addItemScenario(server, `Cartwright: POST cart/add-item, ${CARTS} carts, ${connections} connections (${label})`, carts.writeCarts, PRODUCT, connections)],
  ];
}

/** wrk's requests/s and p99 (ms) on one URL. */
async function wrk(url: string, headers: Record<string, string>, connections: number, seconds: number): Promise<{ requestsPerSec: number; p99: number }> {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', `${MEDUSA_TIMEOUT}s`, '--latency', ...Object.entries(headers).flatMap(([h, v]) => ['-H', `${h}: ${v}`]), url];
  const { stdout } = await promisify(execFile)('wrk', args, { encoding: 'utf8' });
  const p99 = /99%\s+([\d.]+)(us|ms|s)\b/.exec(stdout);
  const unit = { us: 0.001, ms: 1, s: 1000 } as const;
  return { requestsPerSec: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0), p99: p99 ? Number(p99[1]) * unit[p99[2] as keyof typeof unit] : NaN };
}

const hasWrk = () => {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    // wrk --version exits 1 after printing its version.
    return (e as { status?: number }).status === 1;
  }
};

/**
 * Medusa's get-cart at 10 connections measured three ways in turn, each order reversed for the second
 * run (autocannon timed, autocannon as the rounds measure Medusa, wrk timed, then back): each followed by a settle.
 */
async function crossCheck(medusa: Medusa, cart: string, seconds: number): Promise<string> {
  if (!hasWrk()) return 'No cross-check with wrk: `wrk` is not on the PATH.';
  const url = `${medusa.url}/store/carts/${cart}`;
  let rate = 0;
  const TIMED = 'autocannon, timed';
  const AWAITED = 'autocannon, a set number of requests, every answer awaited (as the rounds measure Medusa)';
  const WRK = 'wrk (1 thread), timed';
  // The timed autocannon run comes first: its rate sizes the other one.
  const runs: Record<string, () => Promise<{ requestsPerSec: number; p99: number }>> = {
    [TIMED]: () => load('autocannon', url, { connections: 10, headers: medusa.headers, seconds, timeout: MEDUSA_TIMEOUT }),
    [AWAITED]: () => load('autocannon', url, { connections: 10, headers: medusa.headers, amount: Math.max(20, Math.round(rate * seconds)), timeout: MEDUSA_TIMEOUT }),
    [WRK]: () => wrk(url, medusa.headers, 10, seconds),
  };
  const kinds = [TIMED, AWAITED, WRK];
  const results = new Map<string, { requestsPerSec: number; p99: number }[]>(kinds.map((k) => [k, []]));
  for (const kind of [...kinds, ...[...kinds].reverse()]) {
    const m = await runs[kind]();
    rate ||= m.requestsPerSec;
    results.get(kind)!.push(m);
    await settle(medusa);
  }
  const f = (m: { requestsPerSec: number; p99: number }) => `${m.requestsPerSec.toFixed(1)} req/s, p99 ${Math.round(m.p99)} ms`;
  const mean = (kind: string) => results.get(kind)!.reduce((n, m) => n + m.requestsPerSec, 0) / 2;
  return [
    `## Load tools cross-check: Medusa get-cart, 10 connections, about ${seconds} s each, in the order below and then reversed`,
    '',
    '| how | run 1 | run 2 |',
    '|---|---:|---:|',
    ...kinds.map((k) => `| ${k} | ${results.get(k)!.map(f).join(' | ')} |`),
    '',
    `wrk's mean over timed autocannon's: ${((mean(WRK) / mean(TIMED)) * 100).toFixed(0)} %; over autocannon's as the rounds measure: ${((mean(WRK) / mean(AWAITED)) * 100).toFixed(0)} %. ` +
      'A timed run does not count the requests in flight when it stops; the rounds above wait for every answer.',
  ].join('\n');
}

const times = (x: number) => `${x >= 100 ? Math.round(x).toLocaleString('en') : x.toFixed(1)}×`;
const eachRound = (values: number[]) => `rounds: ${values.map((v) => Math.round(v)).join(' / ')}`;

export async function main(): Promise<void> {
  const { seconds, rounds } = benchArgs({ seconds: 5, rounds: 3 });
  const medusaArg = process.argv.indexOf('--medusa-seconds');
  const medusaSeconds = Number(medusaArg > 0 ? process.argv[medusaArg + 1] : process.env.BENCH_MEDUSA_SECONDS) || 15;
  const began = Date.now();
  const loadAtStart = loadavg();
  const medusaOrNote = medusaFromEnv();
  const medusa = typeof medusaOrNote === 'string' ? null : medusaOrNote;
  const progress = (message: string) => console.error(`[bench medusa ${((Date.now() - began) / 1000).toFixed(0)} s] ${message}`);

  const servers: Server[] = [];
  const drops: (() => Promise<void>)[] = [];
  const sections: string[] = [];
  const summary: string[] = [];
  try {
    progress('starting servers');
    const bare = await startBare(PORT);
    servers.push(bare);
    const stores: { label: string; server: Server }[] = [{ label: 'SQLite', server: await startStore(PORT + 1, null) }];
    servers.push(stores[0].server);
    if (process.env.DATABASE_URL) {
      const db = await freshDatabase('cw_bench_medusa');
      drops.push(db.drop);
      stores.push({ label: 'PostgreSQL', server: await startStore(PORT + 2, db.url) });
      servers.push(stores[1].server);
    }
    await sleep(2000);
    const idle = stores.map((s) => s.server.rssMb());
    const medusaIdle = medusa?.rssMb() ?? 0;

    progress('making carts');
    const cartwright = await Promise.all(stores.map(async (s) => ({ ...s, carts: await cartwrightCarts(s.server) })));
    const medusaCartsMade = medusa ? await medusaCarts(medusa) : null;

    const rss = sampleRss([...stores.map((s) => s.server), ...(medusa ? [medusa] : [])]);
    const groups: { connections: number; rows: Compared[]; operations: Map<string, Operation> }[] = [];
    for (const connections of CONNECTIONS) {
      const tagged: [Operation, Scenario][] = [
        ...(medusa && medusaCartsMade ? medusaScenarios(medusa, medusaCartsMade, connections, seconds, medusaSeconds) : []),
        ...cartwright.flatMap((s) => cartwrightScenarios(s.server, s.carts, s.label, connections)),
      ];
      progress(`${connections} connections: ${tagged.length} scenarios and the bare route, ${rounds} rounds of ${seconds} s (Medusa ${medusaSeconds} s)`);
      const rows = await compare(
        { name: `bare Fastify route (1 KB JSON), ${connections} connections`, url: `${bare.url}/bare`, options: { connections } },
        tagged.map(([, s]) => s),
        rounds,
        seconds,
      );
      // Medusa's requests/s to a tenth (compare rounds the medians to whole requests).
      const exact = rows.map((r) => (r.name.startsWith('Medusa') ? { ...r, requestsPerSec: median(r.runs.map((m) => m.requestsPerSec)) } : r));
      groups.push({ connections, rows: exact, operations: new Map(tagged.map(([op, s]) => [s.name, op])) });
    }
    const peak = rss.stop();
    const crossCheckText = medusa && medusaCartsMade ? (progress('cross-check with wrk'), await crossCheck(medusa, medusaCartsMade.fiveLines, medusaSeconds)) : '';

    // The summary: each operation at each connection count, Cartwright against Medusa.
    const targetMet: boolean[] = [];
    summary.push(
      '| operation | connections | Medusa | Cartwright (SQLite) | × Medusa | ' + (stores.length > 1 ? 'Cartwright (PostgreSQL) | × Medusa | ' : '') + '> 100× |',
      '|---|---:|---:|---:|---:|' + (stores.length > 1 ? '---:|---:|' : '') + '---|',
    );
    const cell = (m: Compared) => `${m.requestsPerSec.toLocaleString('en', { maximumFractionDigits: 1 })} req/s, p99 ${m.p99.toLocaleString('en')} ms`;
    for (const { connections, rows, operations } of groups) {
      const medusaRow = (op: Operation) => rows.find((r) => r.name.startsWith('Medusa') && operations.get(r.name) === op);
      for (const [op, what] of [
        ['create-cart', 'cart/add-item without a cart key'],
        ['create-cart', 'POST cart ('],
        ['get-cart', 'GET cart'],
        ['add-item', `cart/add-item, ${CARTS} carts`],
      ] as const) {
        const m = medusaRow(op);
        const mine = stores.map((s) => rows.find((r) => r.name.startsWith('Cartwright') && r.name.includes(what) && r.name.endsWith(`(${s.label})`))!);
        const ratios = m ? mine.map((r) => roundRatio(r, m)) : [];
        if (m) targetMet.push(...ratios.map((x) => x > 100));
        const label = op === 'create-cart' ? `create-cart (Cartwright: ${what.startsWith('POST') ? 'POST cart, empty' : 'add-item, no key'})` : op;
        summary.push(
          `| ${label} | ${connections} | ${m ? cell(m) : 'not measured'} | ` +
            mine.map((r, i) => `${cell(r)} | ${m ? `**${times(ratios[i])}** (${eachRound(roundRatios(r, m))})` : '–'} | `).join('') +
            `${m ? (ratios.every((x) => x > 100) ? 'PASS' : 'short of target') : ''} |`,
        );
      }
      const timesMedusa = {
        'mean ms': (r: Compared) => r.mean.toFixed(2),
        '× Medusa': (r: Compared) => {
          const m = medusaRow(operations.get(r.name)!);
          return r.name.startsWith('Cartwright') && m ? times(roundRatio(r, m)) : '';
        },
      };
      sections.push(
        report(`${connections} connections, ${rounds} interleaved rounds of ${seconds} s (Medusa's runs ${medusaSeconds} s)`, rows, timesMedusa),
      );
    }
    sections.push(
      [
        '## Server memory (RSS)',
        '',
        '| server | idle | peak under load |',
        '|---|---:|---:|',
        ...stores.map((s, i) => `| Cartwright (${s.label}) | ${idle[i].toFixed(0)} MB (2 s after start) | ${peak[i].toFixed(0)} MB |`),
        ...(medusa
          ? [
              medusa.pid
                ? `| Medusa (pid ${medusa.pid}) | ${medusaIdle.toFixed(0)} MB (before the run) | ${peak[stores.length].toFixed(0)} MB |`
                : '| Medusa | unknown (its process not found: set MEDUSA_PID) | unknown |',
            ]
          : []),
      ].join('\n'),
    );
    if (crossCheckText) sections.push(crossCheckText);
    const verdict = medusa
      ? targetMet.every(Boolean)
        ? 'Every Cartwright figure is above 100× Medusa’s: **PASS**.'
        : `**${targetMet.filter((x) => !x).length} of ${targetMet.length} Cartwright figures are not above 100× Medusa’s.**`
      : '';
    summary.unshift(
      `# Cartwright against ${medusa ? `Medusa${process.env.MEDUSA_VERSION ? ` ${process.env.MEDUSA_VERSION}` : ''} (${medusa.url})` : 'Medusa'}: the cart operations`,
      '',
      ...(medusa ? [] : [`${medusaOrNote}`, '']),
      `One run of \`npm run bench -- medusa\`: ${rounds} interleaved rounds per connection count, ${seconds} s per Cartwright run and about ${medusaSeconds} s per Medusa run (a number of requests sent, every answer awaited; requests/s is the answers over the time to the last) ` +
        `(medians; ${((Date.now() - began) / 60_000).toFixed(1)} minutes in all). × Medusa is the median over rounds of Cartwright's requests/s over Medusa's in the same round, each round's beside it. ` +
        `Both servers run on this machine beside the load client (autocannon), so they share its ${availableParallelism()} cores; Cartwright logs at LOG_LEVEL=warn, its store has taxes on. ` +
        `Load average (1, 5, 15 min) when the run began: ${loadAtStart.map((x) => x.toFixed(2)).join(', ')}; when it ended: ${loadavg()
          .map((x) => x.toFixed(2))
          .join(', ')}.`,
      '',
      ...(verdict ? [verdict, ''] : []),
    );
  } finally {
    await Promise.all(servers.map((s) => (s.process.exitCode === null && s.process.signalCode === null ? s.stop() : undefined)));
    for (const drop of drops) await drop();
    for (const dir of servers.map((s) => s.env.DATA_DIR).filter(Boolean)) rmSync(dir, { recursive: true, force: true });
  }
  writeResult('medusa', [summary.join('\n'), ...sections].join('\n\n'));
}

