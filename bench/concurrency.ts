import { API, benchArgs, cartOf, compare, report, startBare, startCartwright, writeResult, type Compared, type Scenario, type Server } from './lib.ts';
import { freshDatabase } from './postgres.ts';

/**
 * Cart writes under contention, 50 keep-alive connections, against a bare Fastify route at the same
 * load: add-item on one hot cart, and add-item rotating over 500 carts, on SQLite and (when
 * DATABASE_URL is set) on a fresh PostgreSQL database. Every add-item is booked per cart key as it
 * is sent and answered; afterwards each cart is read back and its quantity compared with
 * 1 (the add-item that made it) + its 2xx answers: lost updates = expected − actual, summed over the
 * carts. Any lost update makes the run exit non-zero.
 *
 * The last 2 s of each run write to separate "drain" carts that are never checked, so that the
 * requests autocannon abandons when it stops (answered or not) never touch a checked cart.
 * Usage: npm run bench -- concurrency [--seconds 10] [--rounds 1] (or BENCH_SECONDS, BENCH_ROUNDS)
 */
const { seconds, rounds } = benchArgs({ seconds: 10, rounds: 1 });
const CONNECTIONS = 50;
const CARTS = 500;
const PRODUCT = '60';
const DRAIN_MS = 2000;

interface Ledger {
  sent: number;
  ok: number;
  failed: number;
}

/** What a connection's autocannon context carries from a request to its answer: the checked cart it went to. */
interface Booking {
  key?: string | null;
}

interface Checked {
  name: string;
  server: Server;
  ledger: Map<string, Ledger>;
  /** Filled in after the run. */
  lost?: number;
  /** Answers that went missing (a timeout or a dropped connection): the quantity may hold them or not. */
  unconfirmed?: number;
  /** Quantity beyond every answered and unanswered request: an add-item applied twice. */
  surplus?: number;
}

/** add-item of one product to `keys` in turn, booking each request in the ledger; the last second goes to `drain`. */
function addItem(server: Server, name: string, keys: string[], drain: string[]): { scenario: Scenario; checked: Checked } {
  const ledger = new Map(keys.map((k) => [k, { sent: 0, ok: 0, failed: 0 }]));
  let next = 0;
  let drainAt = 0;
  const scenario: Scenario = {
    name,
    url: `${server.url}${API}/cart/add-item`,
    options: {
      connections: CONNECTIONS,
      onStart: (runSeconds) => {
        drainAt = Date.now() + runSeconds * 1000 - DRAIN_MS;
      },
      requests: [
        {
          method: 'POST',
          body: JSON.stringify({ id: PRODUCT, quantity: '1' }),
          // One request in flight per connection (no pipelining), so the context set here is the one
          // autocannon hands to onResponse for this request's answer.
          setupRequest: (request, context) => {
            const measured = Date.now() < drainAt;
            const key = (measured ? keys : drain)[next++ % (measured ? keys : drain).length];
            if (measured) ledger.get(key)!.sent++;
            (context as Booking).key = measured ? key : null;
            return { ...request, headers: { ...request.headers, 'content-type': 'application/json', 'cocart-api-cart-key': key } };
          },
          onResponse: (status, _body, context) => {
            const { key } = context as Booking;
            const entry = key ? ledger.get(key) : undefined;
            if (!entry) return;
            if (status >= 200 && status < 300) entry.ok++;
            else entry.failed++;
          },
        },
      ],
    },
  };
  return { scenario, checked: { name, server, ledger } };
}

async function quantityOf(server: Server, key: string): Promise<number> {
  const r = await fetch(`${server.url}${API}/cart`, { headers: { 'cocart-api-cart-key': key } });
  if (!r.ok) throw new Error(`GET cart: ${r.status} ${await r.text()}`);
  const cart = (await r.json()) as { items: { id: number | string; quantity: { value: number } }[] };
  return cart.items.filter((i) => String(i.id) === PRODUCT).reduce((n, i) => n + i.quantity.value, 0);
}

/** Reads every checked cart back and sets lost, unconfirmed and surplus. */
async function settle(c: Checked): Promise<void> {
  c.lost = c.unconfirmed = c.surplus = 0;
  for (const [key, l] of c.ledger) {
    const expected = 1 + l.ok;
    const unconfirmed = l.sent - l.ok - l.failed;
    const actual = await quantityOf(c.server, key);
    c.lost += Math.max(0, expected - actual);
    c.unconfirmed += unconfirmed;
    c.surplus += Math.max(0, actual - expected - unconfirmed);
  }
}

async function scenarios(server: Server, label: string): Promise<{ scenarios: Scenario[]; checked: Checked[] }> {
  const hot = await cartOf(server, [PRODUCT]);
  const hotDrain = await cartOf(server, [PRODUCT]);
  const many: string[] = [];
  for (let i = 0; i < CARTS; i++) many.push(await cartOf(server, [PRODUCT]));
  const manyDrain: string[] = [];
  for (let i = 0; i < CONNECTIONS; i++) manyDrain.push(await cartOf(server, [PRODUCT]));
  const all = [
    addItem(server, `POST cart/add-item, 1 hot cart (${label})`, [hot], [hotDrain]),
    addItem(server, `POST cart/add-item, ${CARTS} carts (${label})`, many, manyDrain),
  ];
  return { scenarios: all.map((s) => s.scenario), checked: all.map((s) => s.checked) };
}

const bare = await startBare(8190);
const sqlite = await startCartwright(8191, null);
const db = process.env.DATABASE_URL ? await freshDatabase('cw_bench') : null;
const postgres = db ? await startCartwright(8192, db.url) : null;
let text = '';
let lost = 0;
try {
  const parts = [await scenarios(sqlite, 'SQLite'), ...(postgres ? [await scenarios(postgres, 'PostgreSQL')] : [])];
  const checked = parts.flatMap((p) => p.checked);
  const rows = await compare(
    { name: 'bare Fastify route (1 KB JSON)', url: `${bare.url}/bare`, options: { connections: CONNECTIONS } },
    parts.flatMap((p) => p.scenarios),
    rounds,
    seconds,
  );
  for (const c of checked) await settle(c);
  const byName = new Map(checked.map((c) => [c.name, c]));
  const cell = (pick: (c: Checked) => number | undefined) => (row: Compared) => {
    const c = byName.get(row.name);
    return c ? String(pick(c)) : '–';
  };
  text = report(`Concurrent cart writes, ${rounds} interleaved round${rounds === 1 ? '' : 's'} of ${seconds} s, ${CONNECTIONS} connections`, rows, {
    'lost updates': cell((c) => c.lost),
  });
  lost = checked.reduce((n, c) => n + c.lost!, 0);
  const surplus = checked.reduce((n, c) => n + c.surplus!, 0);
  const unconfirmed = checked.reduce((n, c) => n + c.unconfirmed!, 0);
  const booked = checked.map((c) => `${[...c.ledger.values()].reduce((n, l) => n + l.ok, 0)} (${c.name.replace(/^POST cart\/add-item, /, '')})`);
  text +=
    `\n\nLost updates: quantity read back short of 1 + the 2xx add-items counted for that cart, summed over the carts; ` +
    `2xx add-items checked: ${booked.join(', ')}. Unanswered requests to checked carts (timeouts, dropped connections): ${unconfirmed}; quantity beyond every request sent (an add-item applied twice): ${surplus}.`;
  if (!postgres) text += '\n\nPostgreSQL not measured: set DATABASE_URL (an administrative connection; a fresh database is made and dropped).';
  lost += surplus;
} finally {
  await Promise.all([bare.stop(), sqlite.stop(), postgres?.stop()]);
  await db?.drop();
}
writeResult('concurrency', text);
if (lost > 0) {
  console.error(`${lost} lost or doubled update(s)`);
  process.exitCode = 1;
}
