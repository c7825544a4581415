import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { shopperCall } from '../helpers/api.ts';
import { createTestApp } from '../helpers/app.ts';

/**
 * SQLite out of room (a full disk, played by capping the database's size at what it holds): a write
 * that needs more room is refused with 503 and Retry-After and leaves nothing half-written; reads go on;
 * once there is room again, writes succeed.
 */

describe('SQLite with no room left', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp('sqlite');
  });
  afterAll(() => app.close());

  it('refuses writes with 503 while full, and writes again once there is room', async () => {
    const added = await shopperCall(app, 'POST', '/cart/add-item', { payload: { id: '10', quantity: 1 } });
    expect(added.statusCode).toBe(200);
    const key = added.headers['cocart-api-cart-key'] as string;
    const db = app.runtime.database.db;
    const pages = Number((await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0].page_count);
    await sql.raw(`pragma max_page_count = ${pages}`).execute(db);
    try {
      // New carts until one needs a page the database may not take.
      let refused = null;
      for (let i = 0; i < 500 && !refused; i++) {
        const r = await shopperCall(app, 'POST', '/cart/add-item', { payload: { id: '10', quantity: 1, item_data: { note: 'x'.repeat(2000) } } });
        if (r.statusCode !== 200) refused = r;
      }
      expect(refused, 'a write was refused for want of room').not.toBeNull();
      expect(refused!.statusCode, refused!.body).toBe(503);
      expect(refused!.headers['retry-after']).toBe('5');
      expect(refused!.json()).toMatchObject({ code: 'cocart_service_unavailable', data: { status: 503 } });
      const read = await shopperCall(app, 'GET', '/cart', { key });
      expect(read.statusCode).toBe(200);
      expect(read.json().items).toHaveLength(1);
    } finally {
      await sql.raw('pragma max_page_count = 1073741823').execute(db);
    }
    const again = await shopperCall(app, 'POST', '/cart/add-item', { key, payload: { id: '29', quantity: 1 } });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().items).toHaveLength(2);
  });
});
