import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Worker } from '../../src/jobs/worker.ts';
import { DELIVER_WEBHOOK } from '../../src/webhooks/dispatch.ts';
import { verifyWebhookSignature } from '../../src/webhooks/signature.ts';
import { wc } from '../admin/helpers.ts';
import { API } from '../helpers/api.ts';
import { createTestApp, DATABASES } from '../helpers/app.ts';
import { withStaff } from '../helpers/auth.ts';
import { runCli, tempDataDir } from '../helpers/cli.ts';

/**
 * Webhooks of products (and variations), coupons and customers end to end: a webhook per topic made
 * through wc/v3/webhooks, changes made through the public surface (wc/v3, the CoCart API, checkout, the
 * CLI), the queue drained, and what a receiver got checked: each topic once, its headers, its signature
 * over the raw body, and the resource as wc/v3 shows it then (`{id}` once deleted). A refused change
 * queues nothing.
 */

const PUBLIC_URL = 'https://shop.example.org';
const TOPICS = [
  'product.created', 'product.updated', 'product.deleted', 'product.restored',
  'coupon.created', 'coupon.updated', 'coupon.deleted', 'coupon.restored',
  'customer.created', 'customer.updated', 'customer.deleted',
];
const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const STRONG = 'Tide-table 42';

interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
}

interface Delivered {
  topic: string;
  id: number;
  body: Record<string, unknown>;
}

describe.each(DATABASES)('webhooks of products, coupons and customers (%s)', (kind) => {
  let app: FastifyInstance;
  let receiver: Server;
  let dataDir: string;
  const received: Received[] = [];
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    // A file the CLI can open too (on PostgreSQL it is given the app's database).
    dataDir = tempDataDir();
    app = await createTestApp(kind, { env: { DATA_DIR: dataDir, PUBLIC_URL }, ...(kind === 'sqlite' ? { sqliteFile: 'cartwright.sqlite' } : {}) });
    await withStaff(app);
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, raw: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const address = receiver.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks`;
    for (const topic of TOPICS) {
      const r = await wc(app, 'POST', '/webhooks', { name: `Receiver of ${topic}`, topic, delivery_url: url, secret: `secret of ${topic}` });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      secrets.set(String(r.body.id), r.body.secret);
    }
    // The pings new webhooks get.
    expect((await deliveries()).length).toBe(0);
  });
  afterAll(async () => {
    await new Promise((resolve) => receiver.close(resolve));
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Runs the queue, and answers what reached the receiver since (pings left out), each checked. */
  async function deliveries(): Promise<Delivered[]> {
    await new Worker(app.runtime.jobs, { concurrency: 4, log: app.log, now: app.runtime.now }).drain();
    const got = received.splice(0).filter((r) => r.headers['x-wc-webhook-topic'] !== undefined);
    return got.map((r) => {
      const topic = String(r.headers['x-wc-webhook-topic']);
      const [resource, event] = topic.split('.');
      expect(r.headers).toMatchObject({
        'content-type': 'application/json',
        'x-wc-webhook-resource': resource,
        'x-wc-webhook-event': event,
        'x-wc-webhook-delivery-id': expect.stringMatching(/^[0-9a-f]{32}$/),
      });
      const secret = secrets.get(String(r.headers['x-wc-webhook-id']));
      expect(secret, 'the webhook that sent it').toBe(`secret of ${topic}`);
      expect(verifyWebhookSignature(r.raw, secret!, String(r.headers['x-wc-webhook-signature']))).toBe(true);
      const body = JSON.parse(r.raw) as Record<string, unknown>;
      return { topic, id: Number(body.id), body };
    });
  }

  /** The deliveries are exactly `expected` (each topic and id once), with those bodies. */
  async function expectDeliveries(expected: Delivered[]): Promise<void> {
    const got = await deliveries();
    const key = (d: { topic: string; id: number }) => `${d.topic} #${d.id}`;
    expect(got.map(key).sort()).toEqual(expected.map(key).sort());
    for (const e of expected) expect(got.find((d) => key(d) === key(e))!.body, key(e)).toEqual(e.body);
  }

  const pendingDeliveries = async () =>
    Number(
      (
        await app.runtime.database.db
          .selectFrom('scheduled_actions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('hook', '=', DELIVER_WEBHOOK)
          .where('status', '=', 'pending')
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** `change` is refused with `status` and queues no delivery. */
  async function expectRefusedQuietly(change: Promise<{ statusCode: number }>, status: number): Promise<void> {
    const before = await pendingDeliveries();
    expect((await change).statusCode).toBe(status);
    expect(await pendingDeliveries()).toBe(before);
    expect(await deliveries()).toEqual([]);
  }

  const get = async (path: string) => {
    const r = await wc(app, 'GET', path);
    expect(r.status).toBe(200);
    return r.body as Record<string, unknown>;
  };
  /** A wc/v3 request as the administrator: its raw response. */
  const call = async (method: 'POST' | 'PUT' | 'DELETE', path: string, payload?: object) => (await wc(app, method, path, payload)).res;

  describe('products', () => {
    it('tells a product created, updated, trashed, restored and deleted, each with the product as wc/v3 shows it', async () => {
      const created = await wc(app, 'POST', '/products', { name: 'Boat Hook', regular_price: '18.50', status: 'draft' });
      expect(created.status).toBe(201);
      const id = created.body.id as number;
      // A draft is a product to WooCommerce's webhooks (only an auto-draft is not).
      await expectDeliveries([{ topic: 'product.created', id, body: await get(`/products/${id}`) }]);

      expect((await wc(app, 'PUT', `/products/${id}`, { name: 'Telescopic Boat Hook', status: 'publish' })).status).toBe(200);
      await expectDeliveries([{ topic: 'product.updated', id, body: await get(`/products/${id}`) }]);

      await expectRefusedQuietly(call('PUT', `/products/${id}`, { regular_price: 'cheap' }), 400);

      // The trash deletes, leaving it restores, and a deletion for good from the trash was told when it went there.
      expect((await wc(app, 'DELETE', `/products/${id}`)).body.status).toBe('trash');
      await expectDeliveries([{ topic: 'product.deleted', id, body: { id } }]);
      expect((await wc(app, 'PUT', `/products/${id}`, { status: 'publish' })).status).toBe(200);
      await expectDeliveries([{ topic: 'product.restored', id, body: await get(`/products/${id}`) }]);
      await wc(app, 'DELETE', `/products/${id}`);
      await expectDeliveries([{ topic: 'product.deleted', id, body: { id } }]);
      expect((await wc(app, 'DELETE', `/products/${id}?force=true`)).status).toBe(200);
      expect(await deliveries()).toEqual([]);
    });

    it('tells a variation as a product of its own, its parent updated with it, and a variable product deleted with its variations', async () => {
      const parent = await wc(app, 'POST', '/products', {
        name: 'Deck Shoe',
        type: 'variable',
        attributes: [{ name: 'Size', options: ['8', '9'], variation: true }],
      });
      const parentId = parent.body.id as number;
      await expectDeliveries([{ topic: 'product.created', id: parentId, body: await get(`/products/${parentId}`) }]);

      const made = await wc(app, 'POST', `/products/${parentId}/variations`, { regular_price: '45.00', attributes: [{ name: 'Size', option: '8' }] });
      expect(made.status).toBe(201);
      const id = made.body.id as number;
      await expectDeliveries([
        { topic: 'product.created', id, body: await get(`/products/${parentId}/variations/${id}`) },
        { topic: 'product.updated', id: parentId, body: await get(`/products/${parentId}`) },
      ]);

      expect((await wc(app, 'PUT', `/products/${parentId}/variations/${id}`, { sale_price: '39.00' })).status).toBe(200);
      await expectDeliveries([
        { topic: 'product.updated', id, body: await get(`/products/${parentId}/variations/${id}`) },
        { topic: 'product.updated', id: parentId, body: await get(`/products/${parentId}`) },
      ]);

      const second = (await wc(app, 'POST', `/products/${parentId}/variations`, { regular_price: '45.00', attributes: [{ name: 'Size', option: '9' }] })).body.id as number;
      await deliveries();
      expect((await wc(app, 'DELETE', `/products/${parentId}/variations/${second}?force=true`)).status).toBe(200);
      await expectDeliveries([
        { topic: 'product.deleted', id: second, body: { id: second } },
        { topic: 'product.updated', id: parentId, body: await get(`/products/${parentId}`) },
      ]);

      expect((await wc(app, 'DELETE', `/products/${parentId}?force=true`)).status).toBe(200);
      await expectDeliveries([
        { topic: 'product.deleted', id: parentId, body: { id: parentId } },
        { topic: 'product.deleted', id, body: { id } },
      ]);
    });

    it('tells each product of a batch, and nothing of a refused one', async () => {
      const a = (await wc(app, 'POST', '/products', { name: 'Fender A', regular_price: '20.00' })).body.id as number;
      const b = (await wc(app, 'POST', '/products', { name: 'Fender B', regular_price: '20.00' })).body.id as number;
      await deliveries();
      const r = await wc(app, 'POST', '/products/batch', {
        create: [{ name: 'Fender C', regular_price: '22.00' }, { name: 'Fender D', regular_price: 'lots' }],
        update: [{ id: a, regular_price: '21.00' }],
        delete: [b],
      });
      expect(r.status).toBe(200);
      const c = r.body.create[0].id as number;
      expect(r.body.create[1].error.code).toBe('rest_invalid_param');
      await expectDeliveries([
        { topic: 'product.created', id: c, body: await get(`/products/${c}`) },
        { topic: 'product.updated', id: a, body: await get(`/products/${a}`) },
        { topic: 'product.deleted', id: b, body: { id: b } },
      ]);
    });

    it('tells a product whose stock an order took, as WooCommerce saves it', async () => {
      expect((await wc(app, 'PUT', '/products/10', { manage_stock: true, stock_quantity: 150 })).status).toBe(200);
      await deliveries();
      const added = await app.inject({ method: 'POST', url: `${API}/cart/add-item`, payload: { id: '10', quantity: 2 } });
      expect(added.statusCode).toBe(200);
      const placed = await app.inject({
        method: 'POST',
        url: `${API}/checkout`,
        headers: { 'cocart-api-cart-key': added.headers['cocart-api-cart-key'] as string },
        payload: {
          billing_address: { first_name: 'Ann', last_name: 'Bonny', address_1: '1 Quay Street', city: 'Bristol', postcode: 'BS1 4XX', country: 'GB', email: 'ann@example.org' },
          payment_method: 'cod',
          create_account: true,
          customer_password: STRONG,
        },
      });
      expect(placed.statusCode, placed.body).toBe(200);
      const product = await get('/products/10');
      expect(product.stock_quantity).toBe(148);
      const got = await deliveries();
      expect(got.find((d) => d.topic === 'product.updated')).toEqual({ topic: 'product.updated', id: 10, body: product });
      // The account made at checkout is a new customer.
      const customer = got.find((d) => d.topic === 'customer.created');
      expect(customer?.body).toMatchObject({ email: 'ann@example.org', first_name: 'Ann', last_name: 'Bonny', role: 'customer', billing: { city: 'Bristol' } });
      expect(got.map((d) => d.topic).sort()).toEqual(['customer.created', 'product.updated']);
    });

    it('tells each product an import creates or updates, once', async () => {
      const file = join(dataDir, 'import.csv');
      const csv = (price: string) => `Type,SKU,Name,"Regular price"\nsimple,WH-HOOK,Mooring Hook,${price}\nsimple,WH-LINE,Mooring Line,${price}\n`;
      await writeFile(file, csv('9.50'));
      const first = await runCli(['import', file, '--json'], cliDatabase());
      expect(first.code, first.stderr).toBe(0);
      await app.runtime.catalog.load();
      const ids = [...app.runtime.catalog.current().products.values()].filter((p) => p.sku.startsWith('WH-')).map((p) => p.id);
      expect(ids).toHaveLength(2);
      await expectDeliveries(await Promise.all(ids.map(async (id) => ({ topic: 'product.created', id, body: await get(`/products/${id}`) }))));

      await writeFile(file, csv('10.00'));
      expect((await runCli(['import', file, '--json'], cliDatabase())).code).toBe(0);
      await app.runtime.catalog.load();
      await expectDeliveries(await Promise.all(ids.map(async (id) => ({ topic: 'product.updated', id, body: await get(`/products/${id}`) }))));
    }, 60_000);
  });

  describe('coupons', () => {
    it('tells a coupon created, updated, trashed, restored and deleted; a deletion from the trash was told when it went there', async () => {
      const created = await wc(app, 'POST', '/coupons', { code: 'SPRINGTIDE', discount_type: 'percent', amount: '10' });
      expect(created.status).toBe(201);
      const id = created.body.id as number;
      await expectDeliveries([{ topic: 'coupon.created', id, body: await get(`/coupons/${id}`) }]);

      await expectRefusedQuietly(call('POST', '/coupons', { code: 'springtide' }), 400);
      await expectRefusedQuietly(call('PUT', `/coupons/${id}`, { email_restrictions: ['not an address'] }), 400);

      expect((await wc(app, 'PUT', `/coupons/${id}`, { amount: '15' })).status).toBe(200);
      await expectDeliveries([{ topic: 'coupon.updated', id, body: await get(`/coupons/${id}`) }]);

      expect((await wc(app, 'DELETE', `/coupons/${id}`)).body.status).toBe('trash');
      await expectDeliveries([{ topic: 'coupon.deleted', id, body: { id } }]);
      await expectRefusedQuietly(call('DELETE', `/coupons/${id}`), 410);

      expect((await wc(app, 'PUT', `/coupons/${id}`, { status: 'publish' })).status).toBe(200);
      await expectDeliveries([{ topic: 'coupon.restored', id, body: await get(`/coupons/${id}`) }]);

      expect((await wc(app, 'DELETE', `/coupons/${id}?force=true`)).status).toBe(200);
      await expectDeliveries([{ topic: 'coupon.deleted', id, body: { id } }]);

      const other = (await wc(app, 'POST', '/coupons', { code: 'NEAPTIDE', amount: '5' })).body.id as number;
      await deliveries();
      await wc(app, 'DELETE', `/coupons/${other}`);
      await expectDeliveries([{ topic: 'coupon.deleted', id: other, body: { id: other } }]);
      expect((await wc(app, 'DELETE', `/coupons/${other}?force=true`)).status).toBe(200);
      await expectDeliveries([]);
    });

    it('tells each coupon of a batch', async () => {
      const r = await wc(app, 'POST', '/coupons/batch', { create: [{ code: 'BATCH-ONE', amount: '1' }, { code: 'BATCH-TWO', amount: '2' }] });
      const [one, two] = (r.body.create as { id: number }[]).map((c) => c.id);
      await expectDeliveries([
        { topic: 'coupon.created', id: one, body: await get(`/coupons/${one}`) },
        { topic: 'coupon.created', id: two, body: await get(`/coupons/${two}`) },
      ]);
    });
  });

  describe('customers', () => {
    /** A customer as wc/v3 shows one. */
    const customerShape = (id: number, c: { username: string; email: string; first_name?: string; last_name?: string; phone?: string; city?: string }) => ({
      id,
      date_created: expect.stringMatching(DATE),
      date_created_gmt: expect.stringMatching(DATE),
      date_modified: expect.stringMatching(DATE),
      date_modified_gmt: expect.stringMatching(DATE),
      email: c.email,
      first_name: c.first_name ?? '',
      last_name: c.last_name ?? '',
      role: 'customer',
      username: c.username,
      billing: {
        first_name: c.first_name ?? '', last_name: c.last_name ?? '', company: '', address_1: '', address_2: '', city: c.city ?? '', state: '', postcode: '',
        country: '', email: c.email, phone: c.phone ?? '',
      },
      shipping: { first_name: '', last_name: '', company: '', address_1: '', address_2: '', city: '', state: '', postcode: '', country: '', phone: '' },
      is_paying_customer: false,
      avatar_url: expect.stringMatching(/^https:\/\/secure\.gravatar\.com\/avatar\/[0-9a-f]{32}\?s=96&d=mm&r=g$/),
      meta_data: [],
      _links: { self: [{ href: `${PUBLIC_URL}/wp-json/wc/v3/customers/${id}` }], collection: [{ href: `${PUBLIC_URL}/wp-json/wc/v3/customers` }] },
    });

    it('tells a customer who registers through the CoCart API, and nothing of a refused registration', async () => {
      const register = (payload: object) => app.inject({ method: 'POST', url: `${API}/register`, payload });
      await expectRefusedQuietly(register({ email: 'weak@example.org', requested_password: 'password' }), 400);
      const r = await register({ email: 'Mary.Read@Example.org', requested_password: STRONG, first_name: 'Mary', last_name: 'Read', phone: '07700 900456', billing_address: { city: 'Plymouth' } });
      expect(r.statusCode).toBe(200);
      const id = r.json().user_id as number;
      const [delivered, ...more] = await deliveries();
      expect(more).toEqual([]);
      expect(delivered).toMatchObject({ topic: 'customer.created', id });
      expect(delivered.body).toEqual(
        customerShape(id, { username: 'mary.read', email: 'mary.read@example.org', first_name: 'Mary', last_name: 'Read', phone: '07700 900456', city: 'Plymouth' }),
      );
      expect(delivered.body.date_modified).toBe(delivered.body.date_created);
    });

    it('tells a customer the store adds, changes and deletes through wc/v3/customers', async () => {
      const made = await wc(app, 'POST', '/customers', { email: 'jack@example.org', first_name: 'Jack', password: STRONG }, 'manager');
      expect(made.status).toBe(201);
      const id = made.body.id as number;
      await expectDeliveries([{ topic: 'customer.created', id, body: customerShape(id, { username: 'jack', email: 'jack@example.org', first_name: 'Jack' }) }]);
      expect((await wc(app, 'PUT', `/customers/${id}`, { billing: { city: 'Nassau' } }, 'manager')).status).toBe(200);
      await expectDeliveries([{ topic: 'customer.updated', id, body: customerShape(id, { username: 'jack', email: 'jack@example.org', first_name: 'Jack', city: 'Nassau' }) }]);
      expect((await wc(app, 'DELETE', `/customers/${id}?force=true`, undefined, 'manager')).status).toBe(200);
      await expectDeliveries([{ topic: 'customer.deleted', id, body: { id } }]);
    });

    it('tells a customer the CLI makes, changes and deletes, and nothing of staff', async () => {
      const made = await runCli(['user', 'create', '--username', 'anne-cli', '--email', 'anne.cli@example.org', '--first-name', 'Anne', '--password', STRONG, '--json'], cliDatabase());
      expect(made.code, made.stderr).toBe(0);
      const id = JSON.parse(made.stdout).id as number;
      const [created, ...more] = await deliveries();
      expect(more).toEqual([]);
      expect(created).toEqual({ topic: 'customer.created', id, body: customerShape(id, { username: 'anne-cli', email: 'anne.cli@example.org', first_name: 'Anne' }) });

      expect((await runCli(['user', 'set-password', 'anne-cli', '--password', `${STRONG}!`], cliDatabase())).code).toBe(0);
      const [updated, ...others] = await deliveries();
      expect(others).toEqual([]);
      expect(updated).toEqual({ topic: 'customer.updated', id, body: customerShape(id, { username: 'anne-cli', email: 'anne.cli@example.org', first_name: 'Anne' }) });
      expect(String(updated.body.date_modified_gmt) >= String(created.body.date_modified_gmt)).toBe(true);

      expect((await runCli(['user', 'delete', 'anne-cli'], cliDatabase())).code).toBe(0);
      await expectDeliveries([{ topic: 'customer.deleted', id, body: { id } }]);

      // Staff are not customers: WooCommerce's customer webhooks say nothing of them.
      expect((await runCli(['user', 'create', '--username', 'deckhand', '--email', 'deckhand@example.org', '--role', 'shop_manager'], cliDatabase())).code).toBe(0);
      expect((await runCli(['user', 'delete', 'deckhand'], cliDatabase())).code).toBe(0);
      expect(await pendingDeliveries()).toBe(0);
      expect(await deliveries()).toEqual([]);
    }, 60_000);
  });

  /** The environment that points the CLI at the app's database. */
  function cliDatabase(): Record<string, string> {
    return kind === 'postgres' ? { DATABASE_URL: app.runtime.config.databaseUrl! } : { DATA_DIR: dataDir };
  }
});
