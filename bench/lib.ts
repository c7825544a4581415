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
}

export async function load(name: string, url: string, options: LoadOptions = {}): Promise<Measurement> {
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

export function report(title: string, baseline: Measurement, rows: Measurement[]): string {
  const lines = [
    `## ${title}`,
    '',
    '| scenario | requests/s | p50 ms | p99 ms | ratio to bare route | errors / non-2xx |',
    '|---|---:|---:|---:|---:|---:|',
    ...[baseline, ...rows].map(
      (m) => `| ${m.name} | ${m.requestsPerSec} | ${m.p50} | ${m.p99} | ${((m.requestsPerSec / baseline.requestsPerSec) * 100).toFixed(0)} % | ${m.errors} / ${m.non2xx} |`,
    ),
  ];
  return lines.join('\n');
}
