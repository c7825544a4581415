import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { API, CARTWRIGHT } from '../helpers/api.ts';
import { DATABASES } from '../helpers/app.ts';
import { authHeaders, basicAuth, storeWithStaff, withUser } from '../helpers/auth.ts';
import { eventually } from '../helpers/cli.ts';
import { insertLegacyCarts } from '../helpers/legacy-carts.ts';

const UPDATE = `${CARTWRIGHT}/update`;

/** The update flow of the update guide, through the admin API, with a worker running it in the background. */
describe.each(DATABASES)('the database update (%s)', (kind) => {
  let app: FastifyInstance;
  const users: { id: number; login: string }[] = [];
  beforeAll(async () => {
    app = await storeWithStaff(kind, { WORKERS: '1' });
    for (let i = 0; i < 5; i++) {
      const u = await withUser(app, 'customer', `old${i}`);
      users.push({ id: u.id, login: u.username });
    }
    const made = await app.inject({ method: 'POST', url: `${API}/cart/add-item`, payload: { id: '60' } });
    const template = (await app.runtime.sessions.find(made.headers['cocart-api-cart-key'] as string))!;
    await insertLegacyCarts(app.runtime.database.db, users.map((u) => u.id), 1200, JSON.stringify(template.cart));
  });
  afterAll(() => app.close());

  const get = (login: string | null = 'admin') => app.inject({ method: 'GET', url: UPDATE, headers: authHeaders(login) });

  it('is needed after an import, starts only for an administrator, runs in the background while carts keep working, then says complete until dismissed', async () => {
    const needed = await get();
    expect(needed.statusCode).toBe(200);
    expect(needed.json()).toMatchObject({
      state: 'needed',
      routines: [
        { name: 'cartwright_update_400_session_layout', remaining: 1205 },
        { name: 'cartwright_update_010_local_demo_images', remaining: 0 },
      ],
    });
    expect((await get(null)).statusCode).toBe(401);
    expect((await get('manager')).json().state).toBe('needed');
    expect((await app.inject({ method: 'POST', url: UPDATE, headers: { authorization: basicAuth('manager') } })).statusCode).toBe(403);

    const started = await app.inject({ method: 'POST', url: UPDATE, headers: { authorization: basicAuth('admin') } });
    expect(started.statusCode).toBe(202);
    // Running, or already done: SQLite can finish 1205 rows before the answer is read.
    expect(['running', 'complete']).toContain(started.json().state);
    // Starting twice queues nothing more.
    await app.inject({ method: 'POST', url: UPDATE, headers: { authorization: basicAuth('admin') } });

    // Meanwhile the customers' 3.x carts are theirs, read and written as usual.
    const writes = await Promise.all(users.map((u) => app.inject({ method: 'POST', url: `${API}/cart/add-item`, headers: { authorization: basicAuth(u.login) }, payload: { id: '30' } })));
    expect(writes.map((w) => w.statusCode)).toEqual(Array(users.length).fill(200));

    const complete = await eventually(async () => {
      const s = (await get()).json();
      return s.state === 'complete' ? s : undefined;
    }, 60_000);
    expect(complete.routines[0].remaining).toBe(0);
    expect(complete.actions).toMatchObject({ pending: 0, in_progress: 0, failed: 0 });
    expect(complete.actions.complete).toBeGreaterThanOrEqual(1);
    expect(complete.completed_at).toBeGreaterThan(0);

    for (const u of users) {
      const cart = (await app.inject({ url: `${API}/cart`, headers: { authorization: basicAuth(u.login) } })).json();
      expect(cart.cart_key).toMatch(/^[0-9a-f]{30}$/);
      expect(cart.items.map((i: { id: number; quantity: { value: number } }) => [i.id, i.quantity.value])).toEqual([[60, 1], [30, 1]]);
    }
    const actions = await app.runtime.jobs.queue.list({ group: 'cartwright-db-updates', offset: 0, limit: 10, orderBy: 'id', order: 'asc' });
    expect(actions.total).toBe(1);

    const dismissed = await app.inject({ method: 'POST', url: `${UPDATE}/dismiss`, headers: { authorization: basicAuth('admin') } });
    expect(dismissed.json().state).toBe('current');
    expect((await get()).json().state).toBe('current');
  });

  it('the system status has what a support request needs', async () => {
    const r = await app.inject({ url: '/wp-json/cartwright/v1/system-status', headers: { authorization: basicAuth('manager') } });
    expect(r.statusCode).toBe(200);
    const s = r.json();
    expect(s.versions).toMatchObject({ cartwright: expect.any(String), node: process.version, database: expect.stringMatching(kind === 'postgres' ? /^PostgreSQL / : /^SQLite /) });
    expect(s.database.kind).toBe(kind);
    expect(s.sessions.total).toBeGreaterThanOrEqual(1206);
    expect(s.sessions.active).toBe(s.sessions.total - s.sessions.expired);
    expect(s.jobs).toMatchObject({ workers: 1, failed: 0 });
    expect(s.update.state).toBe('current');
    expect(s.settings).toMatchObject({ currency: 'GBP' });
    expect((await app.inject({ url: '/wp-json/cartwright/v1/system-status', headers: { authorization: basicAuth('ada') } })).statusCode).toBe(403);
  });
});
