import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { CARTWRIGHT } from '../helpers/api.ts';
import { createTestApp, DATABASES } from '../helpers/app.ts';
import { authHeaders, withStaff } from '../helpers/auth.ts';
import { waitForAction } from './helpers.ts';

const ACTIONS = `${CARTWRIGHT}/actions`;

describe.each(DATABASES)('cartwright/v1/actions (%s)', (kind) => {
  let app: FastifyInstance;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    app = await createTestApp(kind, { env: { WORKERS: '1', SEED_DEMO: 'false' } });
    await withStaff(app);
    const { queue } = app.runtime.jobs;
    const now = app.runtime.now();
    // Hooks with no handler on this node: they stay pending for the listing.
    for (let i = 0; i < 5; i++) ids[`mail${i}`] = (await queue.schedule('test_send_mail', { to: `user${i}@example.org` }, { group: 'admin-test', at: now + 1000 + i })).id;
    ids.report = (await queue.schedule('test_report', { period: 'weekly' }, { group: 'admin-test', at: now + 500 })).id;
    await queue.cancel(ids.mail4);
  });
  afterAll(() => app.close());

  async function api(method: 'GET' | 'POST', path: string, login: string | null = 'admin') {
    const res = await app.inject({ method, url: `${ACTIONS}${path}`, headers: authHeaders(login) });
    return { res, status: res.statusCode, body: res.json() };
  }

  it('is for administrators and shop managers only', async () => {
    expect(await api('GET', '', null)).toMatchObject({ status: 401, body: { code: 'woocommerce_rest_cannot_view', data: { status: 401 } } });
    expect(await api('GET', '', 'ada')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_view' } });
    expect(await api('GET', `/${ids.report}`, 'ada')).toMatchObject({ status: 403 });
    expect(await api('POST', `/${ids.report}/run`, 'ada')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_edit' } });
    expect(await api('POST', `/${ids.report}/cancel`, null)).toMatchObject({ status: 401 });
    expect(await api('GET', '/counts', null)).toMatchObject({ status: 401 });
    expect((await api('GET', '', 'manager')).status).toBe(200);
  });

  it('lists with filters, order and paging headers', async () => {
    const page = await api('GET', '?group=admin-test&orderby=id&order=asc&per_page=2&page=2');
    expect(page.status).toBe(200);
    expect(page.res.headers['x-wp-total']).toBe('6');
    expect(page.res.headers['x-wp-totalpages']).toBe('3');
    expect(page.res.headers.link).toContain('page=3');
    expect(page.body.map((a: { id: number }) => a.id)).toEqual([ids.mail2, ids.mail3]);
    expect(page.body[0]).toEqual({
      id: ids.mail2, hook: 'test_send_mail', status: 'pending', args: { to: 'user2@example.org' }, group: 'admin-test',
      scheduled_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), recurrence: null, attempts: 0, max_attempts: 3,
      claimed_by: null, lease_until: null, last_error: null, created_at: expect.any(String), completed_at: null,
      _links: { self: [{ href: expect.stringMatching(new RegExp(`/wp-json/cartwright/v1/actions/${ids.mail2}$`)) }], collection: [{ href: expect.stringMatching(/\/wp-json\/cartwright\/v1\/actions$/) }] },
    });
    // Default order: scheduled_at, latest first.
    const byTime = await api('GET', '?group=admin-test');
    expect(byTime.body.map((a: { id: number }) => a.id)).toEqual([ids.mail4, ids.mail3, ids.mail2, ids.mail1, ids.mail0, ids.report]);
    expect((await api('GET', '?group=admin-test&status=canceled')).body.map((a: { id: number }) => a.id)).toEqual([ids.mail4]);
    expect((await api('GET', '?hook=test_report')).body.map((a: { id: number }) => a.id)).toEqual([ids.report]);
    expect((await api('GET', '?search=USER3@')).body.map((a: { id: number }) => a.id)).toEqual([ids.mail3]);
    expect((await api('GET', '?search=test_send&status=pending')).res.headers['x-wp-total']).toBe('4');
    // The recurring tasks are there too.
    expect((await api('GET', '?group=cartwright')).body.map((a: { hook: string }) => a.hook).sort()).toEqual(['cartwright_cancel_unpaid_orders', 'cartwright_cleanup_sessions', 'cartwright_expire_idempotency_keys']);
  });

  it('counts actions per status, with the same filters', async () => {
    expect(await api('GET', '/counts?group=admin-test')).toMatchObject({ status: 200, body: { pending: 5, 'in-progress': 0, complete: 0, failed: 0, canceled: 1 } });
    expect((await api('GET', '/counts?hook=test_report')).body).toEqual({ pending: 1, 'in-progress': 0, complete: 0, failed: 0, canceled: 0 });
  });

  it('refuses bad filters with rest_invalid_param', async () => {
    for (const q of ['status=done', 'orderby=hook', 'order=up', 'per_page=0', 'per_page=101', 'page=0']) {
      const r = await api('GET', `?${q}`);
      expect(r.status, q).toBe(400);
      expect(r.body.code, q).toBe('rest_invalid_param');
    }
    expect((await api('GET', '?status=done')).body.data.params).toHaveProperty('status');
    expect(await api('GET', '?group=admin-test&page=9')).toMatchObject({ status: 400, body: { code: 'cartwright_actions_invalid_page_number' } });
  });

  it('shows one action with its log; an unknown one is 404', async () => {
    const r = await api('GET', `/${ids.mail4}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: ids.mail4, status: 'canceled', completed_at: expect.any(String) });
    expect(r.body.logs).toEqual([
      { id: expect.any(Number), logged_at: expect.any(String), message: expect.stringMatching(/^action created, due at /) },
      { id: expect.any(Number), logged_at: expect.any(String), message: 'action canceled' },
    ]);
    for (const path of ['/999999', '/999999/run', '/999999/cancel', '/99999999999999999999']) {
      const m = path.endsWith('run') || path.endsWith('cancel') ? 'POST' : 'GET';
      expect(await api(m, path), path).toMatchObject({ status: 404, body: { code: 'cartwright_action_not_found', data: { status: 404 } } });
    }
  });

  it('runs an action now: the worker picks it up at once; a complete one cannot run again', async () => {
    let runs = 0;
    app.runtime.jobs.registry.register('test_admin_run', async () => {
      runs++;
    });
    const a = await app.runtime.jobs.queue.schedule('test_admin_run', {}, { at: app.runtime.now() + 3600 });
    await new Promise((r) => setTimeout(r, 50));
    expect(runs).toBe(0);
    const r = await api('POST', `/${a.id}/run`, 'manager');
    expect(r.status).toBe(200);
    expect(r.body.logs.map((l: { message: string }) => l.message)).toContain('run now: due at once');
    await waitForAction(app.runtime, a.id, 'complete');
    expect(runs).toBe(1);
    expect(await api('POST', `/${a.id}/run`)).toMatchObject({ status: 409, body: { code: 'cartwright_action_not_runnable', data: { status: 409, action_status: 'complete' } } });
    expect(await api('POST', `/${a.id}/cancel`)).toMatchObject({ status: 409, body: { code: 'cartwright_action_not_cancelable', data: { action_status: 'complete' } } });
  });

  it('cancels a pending action only, and a canceled one cannot run', async () => {
    const r = await api('POST', `/${ids.mail0}/cancel`);
    expect(r).toMatchObject({ status: 200, body: { id: ids.mail0, status: 'canceled' } });
    expect(r.body.logs.at(-1).message).toBe('action canceled');
    expect(await api('POST', `/${ids.mail0}/cancel`)).toMatchObject({ status: 409, body: { code: 'cartwright_action_not_cancelable', message: expect.stringContaining('canceled') } });
    expect(await api('POST', `/${ids.mail0}/run`)).toMatchObject({ status: 409, body: { code: 'cartwright_action_not_runnable', data: { action_status: 'canceled' } } });
  });
});
