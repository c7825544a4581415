import { describe, expect, it } from 'vitest';
import { createTestApp, DATABASES } from '../helpers/app.ts';

/** Liveness and readiness for load balancers: /health asks nothing of the database, /ready does. */

describe.each(DATABASES)('health and readiness (%s)', (kind) => {
  it('answers /health and /ready while the database answers, and only /health once it does not', async () => {
    const app = await createTestApp(kind, { env: { SEED_DEMO: 'false' } });
    try {
      const health = await app.inject({ url: '/health' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toEqual({ status: 'ok' });
      expect(health.headers['cache-control']).toBe('no-store');
      const ready = await app.inject({ url: '/ready' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready', database: kind });
      expect(ready.headers['retry-after']).toBeUndefined();

      // The database goes away (its connections closed under the running server).
      await app.runtime.database.db.destroy();
      const down = await app.inject({ url: '/ready' });
      expect(down.statusCode).toBe(503);
      expect(down.headers['content-type']).toMatch(/^application\/json/);
      expect(down.headers['retry-after']).toBe('5');
      expect(down.json()).toMatchObject({ code: 'cocart_service_unavailable', message: 'The database cannot be reached.', data: { status: 503 } });
      expect((await app.inject({ url: '/health' })).statusCode).toBe(200);
    } finally {
      await app.close().catch(() => {});
    }
  });
});
