import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startServer, tempDataDir } from '../helpers/cli.ts';
import { startReceiver } from '../helpers/receiver.ts';

/**
 * SIGTERM to a serving `cartwright serve`: it takes no new request, lets the checkout it is running
 * finish (held up by a slow payment provider the test plays), stores that order, and exits 0.
 */

const API = '/wp-json/cocart/v2';
const BILLING = { first_name: 'Ada', last_name: 'Lovelace', address_1: '1 Quay Street', city: 'Bristol', postcode: 'BS1 4XX', country: 'GB', email: 'ada@example.org' };

describe('serve shuts down gracefully', () => {
  it('finishes the checkout in flight, refuses new requests, and exits 0 with the order stored', async () => {
    const provider = await startReceiver();
    let pay!: () => void;
    const paid = new Promise<number>((resolve) => (pay = () => resolve(200)));
    let reached!: () => void;
    const charging = new Promise<void>((resolve) => (reached = resolve));
    provider.answer = () => {
      reached();
      return paid;
    };
    const dir = tempDataDir();
    const server = await startServer({ DATA_DIR: dir, SEED_DEMO: 'true', PLUGINS: 'test/fixtures/plugins/slow-pay.mjs', SLOW_PAY_URL: provider.url });
    try {
      const added = await fetch(`${server.url}${API}/cart/add-item`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: '10', quantity: 1 }) });
      expect(added.status).toBe(200);
      const key = added.headers.get('cocart-api-cart-key')!;
      const checkout = fetch(`${server.url}${API}/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'cocart-api-cart-key': key },
        body: JSON.stringify({ billing_address: BILLING, payment_method: 'slowpay' }),
      });
      // The order is placed and its payment is with the provider when the server is told to stop.
      await charging;
      const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
      server.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));

      // A new request (on a new connection, or one kept alive) is turned away.
      const late = await fetch(`${server.url}${API}/store`).then(
        async (r) => [r.status, (await r.json()) as { code: string }] as const,
        (err: Error) => [(err.cause as { code?: string })?.code ?? err.message, null] as const,
      );
      if (late[0] !== 'ECONNREFUSED') expect(late).toEqual([503, expect.objectContaining({ code: 'cocart_service_unavailable' })]);

      pay();
      const answered = await checkout;
      expect(answered.status).toBe(200);
      const order = (await answered.json()) as { order_id: number; status: string };
      expect(order.status).toBe('processing');
      expect(await exited).toBe(0);

      const db = new SQLite(join(dir, 'cartwright.sqlite'), { readonly: true });
      try {
        expect(db.prepare('select status, transaction_id from orders where id = ?').get(order.order_id)).toEqual({ status: 'processing', transaction_id: `slow-${order.order_id}` });
      } finally {
        db.close();
      }
    } finally {
      pay();
      await server.stop();
      await provider.close();
    }
  }, 60_000);
});
