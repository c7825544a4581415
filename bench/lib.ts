import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';

/** Shared benchmark plumbing: start real server processes, load them with autocannon, report ratios. */

export const ROOT = resolve(import.meta.dirname, '..');

export interface Server {
  url: string;
  process: ChildProcess;
  /** The environment it was started with beyond the benchmark's own (DATA_DIR, DATABASE_URL, …). */
  env: Record<string, string>;
  stop(): Promise<void>;
  rssMb(): number;
}

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < timeoutMs) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Server at ${url} did not start`);
}

/** A process's resident memory in MB, from `/proc/<pid>/status`; 0 when it cannot be read. */
export function rssMbOf(pid: number | undefined): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Starts a server process; its standard output (the log) goes to `logFile` when given, else nowhere. */
function start(args: string[], env: Record<string, string>, port: number, probe: string, logFile?: string): Promise<Server> {
  const stdout = logFile ? openSync(logFile, 'a') : 'ignore';
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', stdout, 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  return waitFor(`${url}${probe}`).then(() => ({
    url,
    process: child,
    env,
    rssMb: () => rssMbOf(child.pid),
    stop: () =>
      new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  }));
}

export function startBare(port = 8090): Promise<Server> {
  return start([join(ROOT, 'bin/run-ts.js'), 'bench/bare-server.ts'], {}, port, '/bare');
}

export const API = '/wp-json/cocart/v2';

/** POSTs JSON to the CoCart API, on the cart `key` when given; throws unless the answer is 2xx. */
export async function post(server: Server, path: string, body: unknown, key?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key) headers['cocart-api-cart-key'] = key;
  const r = await fetch(`${server.url}${API}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
  return r;
}

/** A new cart holding one of each product id, by add-item; its cart key. */
export async function cartOf(server: Server, ids: string[]): Promise<string> {
  let key = '';
  for (const id of ids) key = (await post(server, '/cart/add-item', { id, quantity: '1' }, key || undefined)).headers.get('cocart-api-cart-key')!;
  return key;
}

/** `GET cart` on `keys` in turn (one key: always that cart). */
export function getCartScenario(server: Server, name: string, keys: string[], connections = 10): Scenario {
  let next = 0;
  const options: LoadOptions =
    keys.length === 1
      ? { connections, headers: { 'cocart-api-cart-key': keys[0] } }
      : { connections, requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, headers: { ...request.headers, 'cocart-api-cart-key': keys[next++ % keys.length] } }) }] };
  return { name, url: `${server.url}${API}/cart`, options };
}

/** `POST cart/add-item` of one unit of `product` to `keys` in turn. */
export function addItemScenario(server: Server, name: string, keys: string[], product: string, connections = 10): Scenario {
  let next = 0;
  return {
    name,
    url: `${server.url}${API}/cart/add-item`,
    options: {
      connections,
      requests: [
        {
          method: 'POST',
          body: JSON.stringify({ id: product, quantity: '1' }),
          setupRequest: (request) => ({
            ...request,
            headers: { ...request.headers, 'content-type': 'application/json', 'cocart-api-cart-key': keys[next++ % keys.length] },
          }),
        },
      ],
    },
  };
}

/**
 * The node options `npm start` gives the server (its heap settings among them), read from
 * package.json, so that a benchmark measures the server as a store runs it.
 */
const START_OPTIONS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));

/**
 * A Cartwright server, started as `npm start` starts it, on a fresh SQLite directory, or on `databaseUrl` when given; LOG_LEVEL=warn
 * unless `extraEnv` says otherwise, its log written to `logFile` when given.
 */
export function startCartwright(port: number, databaseUrl: string | null, extraEnv: Record<string, string> = {}, logFile?: string): Promise<Server> {
  const env: Record<string, string> = { LOG_LEVEL: 'warn', DATA_DIR: mkdtempSync(join(tmpdir(), 'cw-bench-')), ...extraEnv };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else env.DATABASE_URL = '';
  return start([...START_OPTIONS, join(ROOT, 'bin/cartwright.js'), 'serve'], env, port, '/wp-json/cocart/v2/store', logFile);
}

const ADMIN = { username: 'bench', password: 'bench-password-1' };

/** Runs a `cartwright` CLI command against `server`'s database. */
export function cli(server: Server, args: string[]): void {
  execFileSync(process.execPath, [join(ROOT, 'bin/cartwright.js'), ...args], { env: { ...process.env, ...server.env }, stdio: 'ignore' });
}

/** A request with the benchmark administrator's credentials (see `startStore`); throws unless 2xx. */
export async function asAdmin(server: Server, method: string, path: string, body?: unknown): Promise<unknown> {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}

/**
 * A store with taxes on (the demo's UK VAT), as the cart benchmarks use: a Cartwright server (see
 * `startCartwright`) with an administrator made with the CLI, who turns taxes on through the settings API.
 */
export async function startStore(port: number, databaseUrl: string | null, extraEnv: Record<string, string> = {}, logFile?: string): Promise<Server> {
  const server = await startCartwright(port, databaseUrl, extraEnv, logFile);
  cli(server, ['user', 'create', '--role', 'administrator', '--username', ADMIN.username, '--email', 'bench@example.com', '--password', ADMIN.password]);
  await asAdmin(server, 'POST', '/wp-json/cocart/settings/save', { tax: { calc_taxes: true } });
  return server;
}

/** `count` new simple products (in stock, stock not managed) made through the admin API; their ids. */
export async function createProducts(server: Server, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let first = 0; first < count; first += 100) {
    const create = Array.from({ length: Math.min(100, count - first) }, (_, i) => ({
      name: `Bench product ${first + i + 1}`,
      type: 'simple',
      regular_price: (2 + ((first + i) % 20) * 0.75).toFixed(2),
    }));
    const r = (await asAdmin(server, 'POST', '/wp-json/wc/v3/products/batch', { create })) as { create: { id: number; error?: unknown }[] };
    for (const p of r.create) {
      if (p.error || !p.id) throw new Error(`product not created: ${JSON.stringify(p)}`);
      ids.push(String(p.id));
    }
  }
  return ids;
}

/** Samples the servers' resident memory every `everyMs` while running; `peaks()` gives each one's highest, in MB. */
export function sampleRss(servers: Pick<Server, 'rssMb'>[], everyMs = 200): { peaks(): number[]; stop(): number[] } {
  const peaks = servers.map((s) => s.rssMb());
  const timer = setInterval(() => servers.forEach((s, i) => (peaks[i] = Math.max(peaks[i], s.rssMb()))), everyMs);
  return {
    peaks: () => [...peaks],
    stop: () => {
      clearInterval(timer);
      return [...peaks];
    },
  };
}

/** Prints `text` and writes it to bench/results/<name>.md. */
export function writeResult(name: string, text: string): void {
  console.log(text);
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, `bench/results/${name}.md`), `${text}\n`);
}

export interface Measurement {
  name: string;
  requestsPerSec: number;
  /** Mean latency, ms. */
  mean: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export interface LoadOptions {
  connections?: number;
  seconds?: number;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  /** Different requests in turn (autocannon `requests`). */
  requests?: autocannon.Request[];
  /**
   * Send this many requests in all and wait for every answer, instead of running for `seconds`:
   * requests/s is then the answers over the time until the last one came, with none abandoned
   * in flight (for servers whose latency is seconds, where a timed run counts few answers).
   */
  amount?: number;
  /** Seconds a request may take before autocannon counts it as a timeout (its default: 10). */
  timeout?: number;
  /** Called with the run's length just before each run (warm-up included) starts. */
  onStart?: (seconds: number) => void;
}

export async function load(name: string, url: string, options: LoadOptions = {}): Promise<Measurement> {
  options.onStart?.(options.seconds ?? 10);
  const result = await autocannon({
    url,
    connections: options.connections ?? 10,
    duration: options.seconds ?? 10,
    method: options.method ?? 'GET',
    body: options.body,
    headers: options.headers,
    requests: options.requests,
    ...(options.timeout ? { timeout: options.timeout } : {}),
    ...(options.amount ? { amount: options.amount } : {}),
  });
  return {
    name,
    requestsPerSec: options.amount ? Math.round((result.requests.total / result.duration) * 100) / 100 : Math.round(result.requests.average),
    mean: result.latency.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export interface Scenario {
  name: string;
  url: string;
  options?: LoadOptions;
  /** Measures something other than HTTP requests to `url` (the database's own UPDATE rate), for `seconds`. */
  run?: (seconds: number) => Promise<Measurement>;
}

export interface Compared extends Measurement {
  /** Median over rounds of this scenario's requests/s divided by the baseline's in the same round. */
  ratio: number;
  /** Each round's measurement, in order. */
  runs: Measurement[];
}

export const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Measures the baseline and each scenario in turn, `rounds` times, `seconds` each, and reports
 * medians. Interleaving keeps the ratios honest on a machine whose speed drifts (shared virtual
 * machines can vary by 2x within a minute): baseline and scenario always run under the same conditions.
 * Every other round runs the list backwards, so that a steady drift over a round does not favour the
 * scenarios measured first.
 */
export async function compare(baseline: Scenario, scenarios: Scenario[], rounds: number, seconds: number): Promise<Compared[]> {
  const all = [baseline, ...scenarios];
  const runs: Measurement[][] = all.map(() => []);
  const measure = (s: Scenario, name: string, seconds: number) => (s.run ? s.run(seconds) : load(name, s.url, { ...s.options, seconds }));
  for (const s of all) await measure(s, `warm-up ${s.name}`, 1);
  for (let round = 0; round < rounds; round++) {
    const order = all.map((_, i) => (round % 2 ? all.length - 1 - i : i));
    for (const i of order) runs[i][round] = await measure(all[i], all[i].name, seconds);
  }
  return all.map((s, i) => ({
    name: s.name,
    requestsPerSec: Math.round(median(runs[i].map((m) => m.requestsPerSec))),
    mean: median(runs[i].map((m) => m.mean)),
    p50: median(runs[i].map((m) => m.p50)),
    p99: median(runs[i].map((m) => m.p99)),
    errors: runs[i].reduce((n, m) => n + m.errors, 0),
    non2xx: runs[i].reduce((n, m) => n + m.non2xx, 0),
    ratio: median(runs[i].map((m, round) => m.requestsPerSec / runs[0][round].requestsPerSec)),
    runs: runs[i],
  }));
}

/**
 * Each round's `a` figure divided by `b`'s in the same round (requests/s unless `pick` says
 * otherwise): two scenarios compared as `compare` compares each with the baseline.
 */
export function roundRatios(a: Compared, b: Compared, pick: (m: Measurement) => number = (m) => m.requestsPerSec): number[] {
  return a.runs.map((m, round) => pick(m) / pick(b.runs[round]));
}

/** The median of `roundRatios`. */
export function roundRatio(a: Compared, b: Compared, pick?: (m: Measurement) => number): number {
  return median(roundRatios(a, b, pick));
}

/** The results table; `extra` adds right-aligned columns, by heading, with each row's cell. */
export function report(title: string, rows: Compared[], extra: Record<string, (row: Compared) => string> = {}): string {
  const columns = Object.entries(extra);
  const lines = [
    `## ${title}`,
    '',
    `| scenario | requests/s | p50 ms | p99 ms | ratio to bare route | errors / non-2xx |${columns.map(([h]) => ` ${h} |`).join('')}`,
    `|---|---:|---:|---:|---:|---:|${columns.map(() => '---:|').join('')}`,
    ...rows.map(
      (m) =>
        `| ${m.name} | ${m.requestsPerSec} | ${m.p50} | ${m.p99} | ${(m.ratio * 100).toFixed(0)} % | ${m.errors} / ${m.non2xx} |${columns.map(([, cell]) => ` ${cell(m)} |`).join('')}`,
    ),
  ];
  return lines.join('\n');
}

/**
 * `--seconds N` and `--rounds N` from the command line (or BENCH_SECONDS and BENCH_ROUNDS from the
 * environment), else the benchmark's defaults.
 */
export function benchArgs(defaults = { seconds: 3, rounds: 5 }): { seconds: number; rounds: number } {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    const given = i > 0 ? process.argv[i + 1] : process.env[`BENCH_${name.toUpperCase()}`];
    return Number(given) || fallback;
  };
  return { seconds: arg('seconds', defaults.seconds), rounds: arg('rounds', defaults.rounds) };
}
