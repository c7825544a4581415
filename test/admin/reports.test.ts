import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES } from '../helpers/app.ts';
import { storeWithStaff } from '../helpers/auth.ts';
import { wc } from './helpers.ts';

/**
 * `wc/v3/reports/orders/totals`: how many orders there are in each status, as WooCommerce reports them
 * (every status in its order, the checkout draft last, the trash not counted), following each order's
 * status as it changes.
 */

describe.each(DATABASES)('wc/v3 reports: order totals (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await storeWithStaff(kind);
  });
  afterAll(() => app.close());

  const totals = async () => {
    const r = await wc(app, 'GET', '/reports/orders/totals');
    expect(r.status).toBe(200);
    return Object.fromEntries((r.body as { slug: string; total: number }[]).map((t) => [t.slug, t.total]));
  };
  const order = async (body: object = {}) => {
    const r = await wc(app, 'POST', '/orders', { billing: { first_name: 'Ada', email: 'ada@example.org' }, line_items: [{ product_id: 10, quantity: 1 }], ...body });
    expect(r.status, r.res.body).toBe(201);
    return r.body.id as number;
  };

  it('lists every status with its name and a count of none in a new store', async () => {
    const { body } = await wc(app, 'GET', '/reports/orders/totals');
    expect(body).toEqual([
      { slug: 'pending', name: 'Pending payment', total: 0 },
      { slug: 'processing', name: 'Processing', total: 0 },
      { slug: 'on-hold', name: 'On hold', total: 0 },
      { slug: 'completed', name: 'Completed', total: 0 },
      { slug: 'cancelled', name: 'Cancelled', total: 0 },
      { slug: 'refunded', name: 'Refunded', total: 0 },
      { slug: 'failed', name: 'Failed', total: 0 },
      { slug: 'checkout-draft', name: 'Draft', total: 0 },
    ]);
  });

  it('counts the orders in each status as they move, leaving the trash out', async () => {
    await order();
    const second = await order();
    await order({ set_paid: true });
    const fourth = await order({ set_paid: true });
    expect(await totals()).toMatchObject({ pending: 2, processing: 2, completed: 0 });

    expect((await wc(app, 'PUT', `/orders/${second}`, { status: 'on-hold' })).status).toBe(200);
    expect((await wc(app, 'PUT', `/orders/${fourth}`, { status: 'completed' })).status).toBe(200);
    expect((await wc(app, 'DELETE', `/orders/${second}`)).status).toBe(200);
    expect(await totals()).toEqual({ pending: 1, processing: 1, 'on-hold': 0, completed: 1, cancelled: 0, refunded: 0, failed: 0, 'checkout-draft': 0 });
    // The trash is counted by the orders list, as WordPress's status links do.
    expect((await wc(app, 'GET', '/orders?status=trash')).res.headers['x-wp-total']).toBe('1');
  });

  it('is for administrators and shop managers only', async () => {
    expect(await wc(app, 'GET', '/reports/orders/totals', undefined, null)).toMatchObject({ status: 401, body: { code: 'woocommerce_rest_cannot_view' } });
    expect(await wc(app, 'GET', '/reports/orders/totals', undefined, 'ada')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_view' } });
    expect((await wc(app, 'GET', '/reports/orders/totals', undefined, 'manager')).status).toBe(200);
  });
});
