import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Settings } from '../../../src/settings/schema.ts';
import { API } from '../../helpers/api.ts';
import { createTestApp, DATABASES, twoNodes } from '../../helpers/app.ts';
import { authHeaders, withStaff } from '../../helpers/auth.ts';

const STORE = `${API}/store`;

async function limit(app: FastifyInstance, rate: Partial<Settings['rate_limit']>) {
  const s = app.runtime.settings.get();
  await app.runtime.settings.save({ ...s, rate_limit: { ...s.rate_limit, ...rate } });
}

describe.each(DATABASES)('rate limiting and address checks (%s)', (kind) => {
  let app: FastifyInstance;
  const exceeded: string[] = [];
  beforeAll(async () => {
    app = await createTestApp(kind, {
      plugins: [
        {
          name: 'test',
          register(rt) {
            rt.hooks.addAction('cocart_api_rate_limit_exceeded', (ip) => void exceeded.push(ip));
            rt.hooks.addFilter('cocart_validate_ip', (ip) => (ip === '203.0.113.66' ? false : ip));
          },
        },
      ],
    });
    await withStaff(app, [['admin', 'administrator'], ['ada', 'customer']]);
  });
  afterAll(() => app.close());

  const hit = (ip: string, login?: string) => app.inject({ url: STORE, remoteAddress: ip, headers: authHeaders(login) });

  it('is off by default', async () => {
    await limit(app, { enabled: false });
    for (let i = 0; i < 30; i++) expect((await hit('198.51.100.1')).statusCode).toBe(200);
    expect((await hit('198.51.100.1')).headers['ratelimit-limit']).toBeUndefined();
  });

  it('when on, allows the limit per window, then answers 429 with Retry-After and RateLimit headers', async () => {
    await limit(app, { enabled: true, limit: 3, seconds: 60 });
    try {
      const remaining = [];
      for (let i = 0; i < 3; i++) {
        const r = await hit('198.51.100.2');
        expect(r.statusCode).toBe(200);
        expect(r.headers['ratelimit-limit']).toBe('3');
        remaining.push(r.headers['ratelimit-remaining']);
      }
      expect(remaining).toEqual(['2', '1', '0']);
      const blocked = await hit('198.51.100.2');
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().code).toBe('rate_limit_exceeded');
      const retry = Number(blocked.headers['retry-after']);
      expect(retry).toBeGreaterThan(0);
      expect(retry).toBeLessThanOrEqual(60);
      expect(blocked.headers['ratelimit-retry-after']).toBe(String(retry));
      expect(blocked.headers['ratelimit-remaining']).toBe('0');
      expect(Number(blocked.headers['ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
      expect(exceeded).toEqual(['198.51.100.2']);
      // Another address has its own window.
      expect((await hit('198.51.100.3')).statusCode).toBe(200);
    } finally {
      await limit(app, { enabled: false });
    }
  });

  it('counts a logged-in user as one, wherever they call from, and never limits administrators', async () => {
    await limit(app, { enabled: true, limit: 2, seconds: 60 });
    try {
      expect((await hit('198.51.100.10', 'ada')).statusCode).toBe(200);
      expect((await hit('198.51.100.11', 'ada')).statusCode).toBe(200);
      expect((await hit('198.51.100.12', 'ada')).statusCode).toBe(429);
      for (let i = 0; i < 5; i++) expect((await hit('198.51.100.13', 'admin')).statusCode).toBe(200);
    } finally {
      await limit(app, { enabled: false });
    }
  });

  it('refuses an address the cocart_validate_ip filter rejects', async () => {
    const r = await hit('203.0.113.66');
    expect(r.statusCode).toBe(403);
    expect(r.json().code).toBe('cocart_ip_not_allowed');
    expect((await hit('203.0.113.67')).statusCode).toBe(200);
  });
});

describe.runIf(process.env.REDIS_URL)('rate limits shared through Redis', () => {
  it('two servers of one store count against the same window', async () => {
    const nodes = await twoNodes(process.env.DATABASE_URL ? 'postgres' : 'sqlite', { REDIS_URL: process.env.REDIS_URL! });
    const { a, b } = nodes;
    try {
      await limit(a, { enabled: true, limit: 3, seconds: 60 });
      // The other node learns the new settings through Redis too.
      for (let i = 0; i < 50 && !b.runtime.settings.get().rate_limit.enabled; i++) await new Promise((r) => setTimeout(r, 100));
      const ip = '198.51.100.77';
      expect((await a.inject({ url: STORE, remoteAddress: ip })).statusCode).toBe(200);
      expect((await b.inject({ url: STORE, remoteAddress: ip })).statusCode).toBe(200);
      expect((await a.inject({ url: STORE, remoteAddress: ip })).statusCode).toBe(200);
      const fourth = await b.inject({ url: STORE, remoteAddress: ip });
      expect(fourth.statusCode).toBe(429);
      expect(fourth.json().code).toBe('rate_limit_exceeded');
    } finally {
      await nodes.close();
    }
  });
});

describe('trusted proxies decide the client address', () => {
  it('counts X-Forwarded-For addresses separately only when TRUST_PROXY trusts the proxy', async () => {
    for (const [trust, expected] of [['true', [200, 200, 200]], ['false', [200, 429, 429]]] as const) {
      const app = await createTestApp('sqlite', { env: { TRUST_PROXY: trust } });
      try {
        await limit(app, { enabled: true, limit: 2, seconds: 60 });
        const statuses = [];
        for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
          // Every request comes from one proxy; one client behind it sends two requests, the others one each.
          const first = await app.inject({ url: STORE, remoteAddress: '10.0.0.5', headers: { 'x-forwarded-for': client } });
          if (client === '203.0.113.1') await app.inject({ url: STORE, remoteAddress: '10.0.0.5', headers: { 'x-forwarded-for': client } });
          statuses.push(first.statusCode);
        }
        expect(statuses).toEqual(expected);
      } finally {
        await app.close();
      }
    }
  });
});
