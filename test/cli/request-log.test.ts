import { describe, expect, it } from 'vitest';
import { startServer, tempDataDir } from '../helpers/cli.ts';

/**
 * What `cartwright serve` writes to standard output per request: one JSON line at `info` (the
 * default level) naming method, URL, status and time, and nothing at `warn`.
 */

const API = '/wp-json/cocart/v2';

async function served(level: string): Promise<{ requests: Record<string, unknown>[]; all: Record<string, unknown>[] }> {
  const server = await startServer({ DATA_DIR: tempDataDir(), SEED_DEMO: 'true', LOG_LEVEL: level });
  expect((await fetch(`${server.url}${API}/products/10`)).status).toBe(200);
  expect((await fetch(`${server.url}${API}/no-such-route`)).status).toBe(404);
  const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
  await server.stop();
  expect(await exited).toBe(0);
  // Lines are written asynchronously; the process writes out what it still holds as it exits.
  const all = server
    .stdout()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  // The start-up helper's readiness probes (GET /store) come first.
  return { requests: all.filter((l) => l.msg === 'request' && l.url !== `${API}/store`), all };
}

describe('request log', () => {
  it('writes one line per answered request at info', async () => {
    const { requests, all } = await served('info');
    expect(requests.map((l) => [l.method, l.url, l.status])).toEqual([
      ['GET', `${API}/products/10`, 200],
      ['GET', `${API}/no-such-route`, 404],
    ]);
    for (const line of requests) {
      expect(line.level).toBe(30);
      expect(typeof line.ms).toBe('number');
      expect(typeof line.reqId).toBe('string');
    }
    expect(all.some((l) => l.msg === 'incoming request' || l.msg === 'request completed')).toBe(false);
    // The shutdown's own line is written too, after the requests.
    expect(all.at(-1)?.msg).toMatch(/^Shutting down/);
  });

  it('writes none at warn', async () => {
    const { requests } = await served('warn');
    expect(requests).toEqual([]);
  });
});
