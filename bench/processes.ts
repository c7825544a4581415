import { addItemScenario, benchArgs, cartOf, compare, getCartScenario, report, roundRatio, startBare, startStore, writeResult, type Compared, type Scenario, type Server } from './lib.ts';
import { freshDatabase } from './postgres.ts';

/**
 * `cartwright serve` with 1 and with 2 processes (PROCESSES=1 and 2, each on a store of its own), in
 * the same interleaved rounds as the bare Fastify route: get-cart on a 5-line cart and add-item over
 * 200 carts, 10 keep-alive connections, on SQLite and (when DATABASE_URL is set) on PostgreSQL. The
 * "vs 1 process" column is the 2-process figure over the 1-process one, round by round. The load
 * client shares the machine's cores with the servers, so 2 processes on 2 cores cannot reach 2×.
 * Usage: npm run bench -- processes [--seconds 3] [--rounds 5]; `npm run bench` (all) runs it too, on its one database.
 */
const FIVE_LINES = ['55', '56', '57', '58', '59'];
const CARTS = 200;
const PORT = 8390;

/** The same four scenarios on each store: get-cart and add-item, 1 process then 2. */
export async function scenarios(stores: Server[], label: string): Promise<Scenario[]> {
  const gets: Scenario[] = [];
  const adds: Scenario[] = [];
  for (const [i, server] of stores.entries()) {
    const processes = `${i + 1} process${i ? 'es' : ''}`;
    const keys: string[] = [];
    for (let c = 0; c < CARTS; c++) keys.push(await cartOf(server, ['60']));
    gets.push(getCartScenario(server, `GET cart, 5 lines, ${processes} (${label})`, [await cartOf(server, FIVE_LINES)]));
    adds.push(addItemScenario(server, `POST cart/add-item, ${CARTS} carts, ${processes} (${label})`, keys, '60'));
  }
  return [...gets, ...adds];
}

/** The "vs 1 process" column: each 2-process row against the 1-process row just before it (scenarios come in 1-then-2 pairs). */
export function versusOneProcess(rows: Compared[]): Record<string, (row: Compared) => string> {
  return {
    'vs 1 process': (row) => {
      const i = rows.indexOf(row);
      return row.name.includes('2 processes') ? `${(roundRatio(row, rows[i - 1]) * 100).toFixed(0)} %` : '';
    },
  };
}

export async function main(): Promise<void> {
  const { seconds, rounds } = benchArgs();
  const bare = await startBare(PORT);
  const databases: { label: string; url: string | null; drop?: () => Promise<void> }[] = [{ label: 'SQLite', url: null }];
  if (process.env.DATABASE_URL) {
    for (const n of [1, 2]) {
      const db = await freshDatabase(`cw_bench_processes${n}`);
      databases.push({ label: 'PostgreSQL', url: db.url, drop: db.drop });
    }
  }
  const stores: Server[] = [];
  let text = '';
  try {
    const all: Scenario[] = [];
    const sqlite = [await startStore(PORT + 1, null, { PROCESSES: '1' }), await startStore(PORT + 2, null, { PROCESSES: '2' })];
    stores.push(...sqlite);
    all.push(...(await scenarios(sqlite, 'SQLite')));
    if (databases.length > 1) {
      const postgres = [await startStore(PORT + 3, databases[1].url, { PROCESSES: '1' }), await startStore(PORT + 4, databases[2].url, { PROCESSES: '2' })];
      stores.push(...postgres);
      all.push(...(await scenarios(postgres, 'PostgreSQL')));
    }
    const rows = await compare({ name: 'bare Fastify route (1 KB JSON)', url: `${bare.url}/bare` }, all, rounds, seconds);
    text = report(`1 and 2 server processes, ${rounds} interleaved rounds of ${seconds} s, 10 connections`, rows, versusOneProcess(rows));
  } finally {
    await Promise.all([bare.stop(), ...stores.map((s) => s.stop())]);
    for (const db of databases) await db.drop?.();
  }
  writeResult('processes', text);
}
