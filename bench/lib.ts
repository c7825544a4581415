import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';

/** Shared benchmark plumbing: start real server processes, load them with autocannon, report ratios. */

export const ROOT = resolve(import.meta.dirname, '..');

export interface Server {
  url: string;
  process: ChildProcess;
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

function start(args: string[], env: Record<string, string>, port: number, probe: string): Promise<Server> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  return waitFor(`${url}${probe}`).then(() => ({
    url,
    process: child,
    rssMb: () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
      } catch {
        return 0;
      }
    },
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

/** A Cartwright server on a fresh SQLite directory, or on `databaseUrl` when given. */
export function startCartwright(port: number, databaseUrl: string | null, extraEnv: Record<string, string> = {}): Promise<Server> {
  const env: Record<string, string> = { LOG_LEVEL: 'warn', DATA_DIR: mkdtempSync(join(tmpdir(), 'cw-bench-')), ...extraEnv };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else env.DATABASE_URL = '';
  return start([join(ROOT, 'bin/cartwright.js'), 'serve'], env, port, '/wp-json/cocart/v2/store');
}

export interface Measurement {
  name: string;
  requestsPerSec: number;
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
  });
  return {
    name,
    requestsPerSec: Math.round(result.requests.average),
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
}

export interface Compared extends Measurement {
  /** Median over rounds of this scenario's requests/s divided by the baseline's in the same round. */
  ratio: number;
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Measures the baseline and each scenario in turn, `rounds` times, `seconds` each, and reports
 * medians. Interleaving keeps the ratios honest on a machine whose speed drifts (shared virtual
 * machines can vary by 2x within a minute): baseline and scenario always run under the same conditions.
 */
export async function compare(baseline: Scenario, scenarios: Scenario[], rounds: number, seconds: number): Promise<Compared[]> {
  const all = [baseline, ...scenarios];
  const runs: Measurement[][] = all.map(() => []);
  for (const s of all) await load(`warm-up ${s.name}`, s.url, { ...s.options, seconds: 1 });
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < all.length; i++) runs[i].push(await load(all[i].name, all[i].url, { ...all[i].options, seconds }));
  }
  return all.map((s, i) => ({
    name: s.name,
    requestsPerSec: Math.round(median(runs[i].map((m) => m.requestsPerSec))),
    p50: median(runs[i].map((m) => m.p50)),
    p99: median(runs[i].map((m) => m.p99)),
    errors: runs[i].reduce((n, m) => n + m.errors, 0),
    non2xx: runs[i].reduce((n, m) => n + m.non2xx, 0),
    ratio: median(runs[i].map((m, round) => m.requestsPerSec / runs[0][round].requestsPerSec)),
  }));
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
