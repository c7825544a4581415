import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Runs the real `cartwright` command, as a user would, with a controlled environment. */
export const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/cartwright.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Environment for a CLI run: no inherited DATABASE_URL/REDIS_URL unless given. */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  return { ...env, ...extra };
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'cw-test-'));
}

export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: cliEnv(env), timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/**
 * Starts `cartwright serve` (with `args`, such as `--processes 2`) and resolves once it answers;
 * stop() ends it. A port another program took first is given up for another; any other failure to
 * start says what the server printed.
 */
export async function startServer(env: Record<string, string>, args: string[] = []): Promise<{ url: string; child: ChildProcess; stdout: () => string; stop: () => Promise<void> }> {
  for (let attempt = 1; ; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, env: cliEnv({ ...env, PORT: String(port) }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout = (stdout + chunk.toString()).slice(-200_000);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    let started = false;
    while (!started) {
      try {
        const r = await fetch(`${url}/wp-json/cocart/v2/store`);
        started = r.ok;
      } catch {
        if (child.exitCode !== null) break;
      }
      if (!started) {
        if (Date.now() > deadline) throw new Error(`server did not start: ${stderr}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    if (!started) {
      if (/EADDRINUSE/.test(stderr) && attempt < 5) continue;
      throw new Error(`server exited with ${child.exitCode}: ${stderr}`);
    }
    return {
      url,
      child,
      stdout: () => stdout,
      stop: () =>
        new Promise<void>((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
    };
  }
}

export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 150));
  }
}
