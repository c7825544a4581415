import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { wc } from '../admin/helpers.ts';
import { DATABASES, freshPostgresDatabase } from '../helpers/app.ts';
import { withUser } from '../helpers/auth.ts';
import { runCli, tempDataDir } from '../helpers/cli.ts';

/** `cartwright orders list|show` and the order counts of `cartwright status`, through the real command, on a store with orders. */

/** Each test runs the real command several times (a couple of seconds each on a busy machine). */
const SLOW = 180_000;

describe.each(DATABASES)('cartwright orders (%s)', (kind) => {
  let env: Record<string, string>;
  let drop: (() => Promise<void>) | null = null;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    env = { DATA_DIR: tempDataDir() };
    if (kind === 'postgres') {
      const db = await freshPostgresDatabase('cw_cli_orders');
      env.DATABASE_URL = db.url;
      drop = db.drop;
    }
    // The store's own server code makes the orders; the command reads them from the database afterwards.
    const app = await buildApp(loadConfig({ ...env, LOG_LEVEL: 'silent', SEED_DEMO: 'true', WORKERS: '0' }));
    try {
      await withUser(app, 'administrator', 'admin');
      const grace = await withUser(app, 'customer', 'grace');
      const billing = { first_name: 'Ada', last_name: 'Lovelace', address_1: '1 Harbourside', city: 'Bristol', postcode: 'BS1 4DJ', country: 'GB', email: 'ada@example.org' };
      const paid = await wc(app, 'POST', '/orders', {
        set_paid: true,
        billing,
        payment_method: 'bacs',
        payment_method_title: 'Direct bank transfer',
        line_items: [{ product_id: 10, quantity: 2 }],
        shipping_lines: [{ method_id: 'flat_rate' }],
        customer_note: 'Leave it with the harbour master.',
      });
      expect(paid.status, paid.res.body).toBe(201);
      ids.paid = paid.body.id;
      await wc(app, 'POST', `/orders/${ids.paid}/notes`, { note: 'Your parcel is on its way.', customer_note: true });
      const refund = await wc(app, 'POST', `/orders/${ids.paid}/refunds`, { amount: '5.00', reason: 'Late delivery', api_refund: false });
      expect(refund.status, refund.res.body).toBe(201);
      const pending = await wc(app, 'POST', '/orders', { customer_id: grace.id, billing: { ...billing, first_name: 'Grace', email: 'grace@example.org' }, line_items: [{ sku: 'CW-SAF-FAK' }] });
      ids.pending = pending.body.id;
      ids.grace = grace.id;
    } finally {
      await app.close();
    }
  }, SLOW);
  afterAll(async () => {
    await drop?.();
  });

  it('lists orders, the newest first, with counts per status, filtered by status and customer', async () => {
    const json = await runCli(['orders', 'list', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const listed = JSON.parse(json.stdout);
    expect(listed.total).toBe(2);
    expect(listed.counts).toMatchObject({ processing: 1, pending: 1, completed: 0 });
    expect(listed.orders.map((o: { id: number }) => o.id)).toEqual([ids.pending, ids.paid]);
    expect(listed.orders[1]).toMatchObject({ id: ids.paid, status: 'processing', currency: 'GBP', billing_email: 'ada@example.org', items: 2, total: expect.stringMatching(/^\d+\.\d\d$/) });

    const text = await runCli(['orders', 'list'], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('pending: 1, processing: 1');
    expect(text.stdout).toContain('Ada Lovelace <ada@example.org>');
    expect(text.stdout).toMatch(/£\d+\.\d\d/);

    const processing = JSON.parse((await runCli(['orders', 'list', '--status', 'processing', '--json'], env)).stdout);
    expect(processing.orders.map((o: { id: number }) => o.id)).toEqual([ids.paid]);
    const hers = JSON.parse((await runCli(['orders', 'list', '--customer', String(ids.grace), '--json'], env)).stdout);
    expect(hers.orders.map((o: { id: number }) => o.id)).toEqual([ids.pending]);
    const one = await runCli(['orders', 'list', '--limit', '1'], env);
    expect(one.stdout).toContain('(1 of 2; use --limit for more)');

    const bad = await runCli(['orders', 'list', '--status', 'shipped'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Unknown status "shipped"');
    expect((await runCli(['orders', 'list', '--limit', '0'], env)).code).toBe(1);
  }, SLOW);

  it('shows one order with its lines, totals, addresses, refunds and notes', async () => {
    const text = await runCli(['orders', 'show', String(ids.paid)], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`Order #${ids.paid}  Processing (processing)`);
    expect(text.stdout).toContain('Customer: Ada Lovelace <ada@example.org> (guest)');
    expect(text.stdout).toContain('Payment: Direct bank transfer');
    expect(text.stdout).toContain('Customer note: Leave it with the harbour master.');
    expect(text.stdout).toMatch(/Billing address:\n {2}Ada Lovelace\n {2}1 Harbourside\n {2}Bristol BS1 4DJ\n {2}GB/);
    expect(text.stdout).toMatch(/2 × Stainless Steel Snap Shackle \(CW-SHK-001\) +£25\.98/);
    expect(text.stdout).toMatch(/Shipping: Flat rate +£4\.99/);
    expect(text.stdout).toMatch(/Refunded +-£5\.00/);
    expect(text.stdout).toContain('Late delivery');
    expect(text.stdout).toContain('[to customer] Your parcel is on its way.');

    const json = JSON.parse((await runCli(['orders', 'show', String(ids.paid), '--json'], env)).stdout);
    expect(json).toMatchObject({
      id: ids.paid, status: 'processing', created_via: 'rest-api', billing: { email: 'ada@example.org', city: 'Bristol' },
      lines: [{ product_id: 10, quantity: 2, sku: 'CW-SHK-001', subtotal: '25.98' }],
      shipping_lines: [{ method_id: 'flat_rate', total: '4.99' }],
      totals: { shipping: '4.99', refunded: '5.00' },
      refunds: [{ amount: '5.00', reason: 'Late delivery', refunded_payment: false }],
    });
    expect(json.notes.map((n: { note: string }) => n.note)).toEqual(expect.arrayContaining(['Your parcel is on its way.']));

    const missing = await runCli(['orders', 'show', '999999'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('cartwright: No order #999999.');
    expect((await runCli(['orders', 'show', 'abc'], env)).code).toBe(1);
  }, SLOW);

  it('counts orders by status in `cartwright status`', async () => {
    const json = await runCli(['status', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).orders).toMatchObject({ pending: 1, processing: 1, completed: 0, trash: 0 });
    const text = await runCli(['status'], env);
    expect(text.stdout).toMatch(/Orders: Processing +1/);
    expect(text.stdout).toMatch(/Orders: Pending payment +1/);
  }, SLOW);
});
