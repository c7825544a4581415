import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES } from '../helpers/app.ts';
import { WC } from '../helpers/api.ts';
import { authHeaders, storeWithStaff, withUser } from '../helpers/auth.ts';
import { wc } from './helpers.ts';

/** `wc/v3/customers` through HTTP, as WooCommerce's customers controller answers. */

describe.each(DATABASES)('wc/v3 customers (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await storeWithStaff(kind);
  });
  afterAll(() => app.close());

  const count = async () => Number((await app.runtime.database.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  /** The status a request as `login` with `password` gets: 401 when the password is wrong, 403 for a customer who signed in. */
  const signInStatus = async (login: string, password: string) => (await app.inject({ method: 'GET', url: `${WC}/customers`, headers: authHeaders(login, password) })).statusCode;

  it('is for administrators and shop managers only', async () => {
    expect(await wc(app, 'GET', '/customers', undefined, null)).toMatchObject({ status: 401, body: { code: 'woocommerce_rest_cannot_view' } });
    expect(await wc(app, 'POST', '/customers', { email: 'x@example.org' }, 'ada')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_create' } });
    expect((await wc(app, 'GET', '/customers', undefined, 'manager')).status).toBe(200);
  });

  it('creates a customer from an e-mail address alone: username and password made, the password answered once', async () => {
    const r = await wc(app, 'POST', '/customers', { email: 'Grace.Hopper@Example.org' });
    expect(r.status, r.res.body).toBe(201);
    expect(r.res.headers.location).toMatch(new RegExp(`/wc/v3/customers/${r.body.id}$`));
    expect(r.body).toMatchObject({
      email: 'grace.hopper@example.org', username: 'grace.hopper', role: 'customer', first_name: '', is_paying_customer: false, meta_data: [],
      billing: { email: 'grace.hopper@example.org', country: '' }, password: expect.stringMatching(/^[\w-]{24}$/),
    });
    expect(await signInStatus('grace.hopper', r.body.password)).toBe(403);
    expect(await signInStatus('grace.hopper', 'not it')).toBe(401);
    // Only the answer to the create shows it.
    expect((await wc(app, 'GET', `/customers/${r.body.id}`)).body).not.toHaveProperty('password');
  });

  it('creates a customer with names, password and addresses, checked', async () => {
    const r = await wc(app, 'POST', '/customers', {
      email: 'mary@example.org', first_name: 'Mary', last_name: 'Read', password: 'Sea-Rover-1718',
      billing: { address_1: '1 Quay St', city: 'Plymouth', postcode: 'pl11aa', country: 'gb', phone: '07700 900456' },
      shipping: { first_name: 'Mary', city: 'Boston', state: 'Massachusetts', country: 'US', postcode: '02108' },
    }, 'manager');
    expect(r.status, r.res.body).toBe(201);
    expect(r.body).toMatchObject({
      username: 'mary.read', first_name: 'Mary', last_name: 'Read',
      billing: { first_name: 'Mary', last_name: 'Read', address_1: '1 Quay St', city: 'Plymouth', postcode: 'PL1 1AA', country: 'GB', phone: '07700 900456', email: 'mary@example.org' },
      shipping: { first_name: 'Mary', city: 'Boston', state: 'MA', country: 'US', postcode: '02108' },
    });
    expect(r.body).not.toHaveProperty('password');
    expect(await signInStatus('mary@example.org', 'Sea-Rover-1718')).toBe(403);
    // The same name again gets a suffix, as WooCommerce makes one.
    expect((await wc(app, 'POST', '/customers', { email: 'mary2@example.org', first_name: 'Mary', last_name: 'Read' })).body.username).toMatch(/^mary\.read-\d{4}$/);
  });

  it("refuses what WooCommerce refuses, with its codes, and stores nothing", async () => {
    const before = await count();
    expect(await wc(app, 'POST', '/customers', { email: 'ADA@example.org' })).toMatchObject({
      status: 400, body: { code: 'registration-error-email-exists', message: 'An account is already registered with ada@example.org. Please log in or use a different email address.' },
    });
    expect(await wc(app, 'POST', '/customers', { email: 'new@example.org', username: 'Ada' })).toMatchObject({ status: 400, body: { code: 'registration-error-username-exists' } });
    // Nothing left once sanitised as WordPress does; a phone number, which would log in as one.
    for (const username of ['<b></b>', '0117 496 0000']) {
      expect(await wc(app, 'POST', '/customers', { email: 'new@example.org', username })).toMatchObject({ status: 400, body: { code: 'registration-error-invalid-username' } });
    }
    expect(await wc(app, 'POST', '/customers', { email: 'not an address' })).toMatchObject({ status: 400, body: { code: 'rest_invalid_param', data: { params: { email: 'Invalid email address.' } } } });
    expect(await wc(app, 'POST', '/customers', { first_name: 'No' })).toMatchObject({ status: 400, body: { code: 'rest_missing_callback_param' } });
    expect(await wc(app, 'POST', '/customers', { email: 'new@example.org', password: 'short' })).toMatchObject({ status: 400, body: { code: 'rest_invalid_param', data: { params: { password: expect.any(String) } } } });
    expect(await wc(app, 'POST', '/customers', { email: 'new@example.org', billing: { country: 'XX' } })).toMatchObject({ status: 400, body: { code: 'rest_invalid_param', data: { params: { billing: "billing[country]: 'XX' is not a valid country code." } } } });
    expect(await wc(app, 'POST', '/customers', { email: 'new@example.org', shipping: { country: 'US', state: 'Narnia' } })).toMatchObject({ status: 400, body: { data: { params: { shipping: "shipping[state]: 'Narnia' is not a state of US." } } } });
    expect(await wc(app, 'POST', '/customers', { email: 'new@example.org', billing: { email: 'nope' } })).toMatchObject({ status: 400, body: { data: { params: { billing: 'billing[email]: Invalid email address.' } } } });
    expect(await wc(app, 'POST', '/customers', { email: 'new@example.org', id: 5 })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_customer_exists' } });
    expect(await count()).toBe(before);
  });

  it('makes one account of many creates with the same e-mail address at once; the others are refused, none fails', async () => {
    const answers = await Promise.all([1, 2, 3, 4].map((n) => wc(app, 'POST', '/customers', { email: 'race@example.org', first_name: `Racer${n}` })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 400, 400, 400]);
    for (const a of answers.filter((x) => x.status === 400)) expect(a.body.code).toBe('registration-error-email-exists');
    expect((await wc(app, 'GET', '/customers?email=race@example.org')).body).toHaveLength(1);
  });

  it('lists customers (not staff unless asked) with search, e-mail, order and paging headers', async () => {
    for (const [first, last] of [['Anne', 'Bonny'], ['Jack', 'Rackham'], ['Calico', 'Jack']]) {
      expect((await wc(app, 'POST', '/customers', { email: `${first}.${last}@list.example`, first_name: first, last_name: last })).status).toBe(201);
    }
    const all = await wc(app, 'GET', '/customers?per_page=100');
    expect(all.body.every((c: { role: string }) => c.role === 'customer')).toBe(true);
    expect(all.body.map((c: { username: string }) => c.username)).toContain('ada');
    expect(all.body.map((c: { username: string }) => c.username)).not.toContain('admin');
    expect((await wc(app, 'GET', '/customers?role=all&per_page=100')).body.map((c: { username: string }) => c.username)).toEqual(expect.arrayContaining(['admin', 'manager', 'ada']));
    expect((await wc(app, 'GET', '/customers?role=shop_manager')).body.map((c: { username: string }) => c.username)).toEqual(['manager']);
    expect((await wc(app, 'GET', '/customers?role=editor')).body).toEqual([]);

    const jack = await wc(app, 'GET', '/customers?search=JACK&orderby=name&order=asc&per_page=1');
    expect(jack.res.headers['x-wp-total']).toBe('2');
    expect(jack.res.headers['x-wp-totalpages']).toBe('2');
    expect(jack.res.headers.link).toMatch(/rel="next"/);
    expect(jack.body.map((c: { first_name: string }) => c.first_name)).toEqual(['Calico']);
    expect((await wc(app, 'GET', '/customers?search=jack&orderby=name&order=asc&page=2&per_page=1')).body.map((c: { first_name: string }) => c.first_name)).toEqual(['Jack']);
    expect((await wc(app, 'GET', '/customers?search=jack&orderby=id&order=desc')).body.map((c: { first_name: string }) => c.first_name)).toEqual(['Calico', 'Jack']);
    expect((await wc(app, 'GET', '/customers?email=Anne.Bonny@list.example')).body.map((c: { last_name: string }) => c.last_name)).toEqual(['Bonny']);
    expect((await wc(app, 'GET', '/customers?search=50%25')).body).toEqual([]);
    expect(await wc(app, 'GET', '/customers?orderby=email')).toMatchObject({ status: 400, body: { code: 'rest_invalid_param' } });
    expect(await wc(app, 'GET', '/customers?role=pirate')).toMatchObject({ status: 400, body: { code: 'rest_invalid_param' } });
  });

  it("answers WooCommerce's 404 for an unknown customer", async () => {
    for (const [method, path] of [['GET', '/customers/9999'], ['PUT', '/customers/9999'], ['DELETE', '/customers/9999?force=true'], ['GET', '/customers/9999/downloads']] as const) {
      expect(await wc(app, method, path, method === 'PUT' ? { first_name: 'X' } : undefined)).toMatchObject({ status: 404, body: { code: 'wc_user_invalid_id', message: 'Invalid user ID.' } });
    }
  });

  it('updates names, e-mail address, password and addresses; the username stays', async () => {
    const made = (await wc(app, 'POST', '/customers', { email: 'ed@example.org', first_name: 'Ed', billing: { city: 'Bristol', country: 'GB' } })).body;
    const r = await wc(app, 'PUT', `/customers/${made.id}`, {
      email: 'Edward.Teach@example.org', last_name: 'Teach', password: 'Queen-Annes-Revenge',
      billing: { phone: '+44 117 496 0000', postcode: 'bs1 4dj' }, shipping: { country: 'FR', city: 'Nantes' },
    }, 'manager');
    expect(r.status, r.res.body).toBe(200);
    expect(r.body).toMatchObject({
      email: 'edward.teach@example.org', first_name: 'Ed', last_name: 'Teach', username: made.username,
      billing: { city: 'Bristol', country: 'GB', phone: '+44 117 496 0000', postcode: 'BS1 4DJ' }, shipping: { country: 'FR', city: 'Nantes' },
    });
    expect(await signInStatus('edward.teach@example.org', 'Queen-Annes-Revenge')).toBe(403);
    // A client sending the whole customer back, username included, is not refused for it.
    expect((await wc(app, 'PUT', `/customers/${made.id}`, { ...r.body, first_name: 'Edward' })).body.first_name).toBe('Edward');

    expect(await wc(app, 'PUT', `/customers/${made.id}`, { username: 'blackbeard' })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_customer_invalid_argument', message: "Username isn't editable." } });
    expect(await wc(app, 'PUT', `/customers/${made.id}`, { email: 'ada@example.org' })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_customer_invalid_email' } });
    expect(await wc(app, 'PUT', `/customers/${made.id}`, { first_name: 'Nope', billing: { country: 'ZZ' } })).toMatchObject({ status: 400, body: { code: 'rest_invalid_param' } });
    expect((await wc(app, 'GET', `/customers/${made.id}`)).body.first_name).toBe('Edward');
  });

  it('lets shop managers manage customers but not staff, and administrators change roles but not their own', async () => {
    const admin2 = await withUser(app, 'administrator', 'admin2');
    const ada = (await wc(app, 'GET', '/customers?search=ada@example.org')).body[0];
    expect(await wc(app, 'PUT', `/customers/${admin2.id}`, { first_name: 'Mallory' }, 'manager')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_edit' } });
    expect(await wc(app, 'DELETE', `/customers/${admin2.id}?force=true`, undefined, 'manager')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_delete' } });
    expect(await wc(app, 'PUT', `/customers/${ada.id}`, { role: 'administrator' }, 'manager')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_edit' } });
    expect((await wc(app, 'GET', `/customers/${admin2.id}`, undefined, 'manager')).body.role).toBe('administrator');

    // Administrators may edit staff, but not their e-mail address or password here.
    expect((await wc(app, 'PUT', `/customers/${admin2.id}`, { first_name: 'Alice', email: 'admin2@example.org' })).status).toBe(200);
    expect(await wc(app, 'PUT', `/customers/${admin2.id}`, { email: 'other@example.org' })).toMatchObject({
      status: 403, body: { code: 'woocommerce_rest_cannot_edit', message: 'Sorry, email cannot be updated via this endpoint for a user with role administrator.' },
    });
    expect(await wc(app, 'PUT', `/customers/${admin2.id}`, { password: 'Another-Secret-1' })).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_edit' } });
    expect(await wc(app, 'DELETE', `/customers/${admin2.id}?force=true`)).toMatchObject({
      status: 403, body: { code: 'woocommerce_rest_cannot_delete', message: 'Sorry, users with administrator role cannot be deleted via this endpoint. Allowed roles: customer' },
    });

    const me = (await wc(app, 'GET', '/customers?role=administrator&search=admin@')).body[0];
    expect(await wc(app, 'PUT', `/customers/${me.id}`, { role: 'customer' })).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_edit' } });
    const promoted = await wc(app, 'PUT', `/customers/${admin2.id}`, { role: 'shop_manager' });
    expect(promoted).toMatchObject({ status: 200, body: { role: 'shop_manager' } });
    expect(await signInStatus('admin2', 'secret password')).toBe(200);
  });

  it('deletes a customer only with force; the orders go to another customer or become guest orders', async () => {
    const order = async (customerId: number) => (await wc(app, 'POST', '/orders', { customer_id: customerId, line_items: [{ product_id: 10, quantity: 1 }] })).body.id as number;
    const customerOf = async (orderId: number) => (await wc(app, 'GET', `/orders/${orderId}`)).body.customer_id;
    const kept = (await wc(app, 'POST', '/customers', { email: 'kept@example.org' })).body;
    const gone = (await wc(app, 'POST', '/customers', { email: 'gone@example.org', first_name: 'Gone' })).body;
    const first = await order(gone.id);

    expect(await wc(app, 'DELETE', `/customers/${gone.id}`)).toMatchObject({ status: 501, body: { code: 'woocommerce_rest_trash_not_supported', message: 'Customers do not support trashing.' } });
    expect(await wc(app, 'DELETE', `/customers/${gone.id}?force=true&reassign=${gone.id}`)).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_customer_invalid_reassign' } });
    expect(await wc(app, 'DELETE', `/customers/${gone.id}?force=true&reassign=9999`)).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_customer_invalid_reassign' } });
    const deleted = await wc(app, 'DELETE', `/customers/${gone.id}?force=true&reassign=${kept.id}`, undefined, 'manager');
    expect(deleted).toMatchObject({ status: 200, body: { id: gone.id, email: 'gone@example.org', first_name: 'Gone' } });
    expect((await wc(app, 'GET', `/customers/${gone.id}`)).status).toBe(404);
    expect(await customerOf(first)).toBe(kept.id);

    const second = await order(kept.id);
    expect((await wc(app, 'DELETE', `/customers/${kept.id}?force=true`)).status).toBe(200);
    expect([await customerOf(first), await customerOf(second)]).toEqual([0, 0]);
  });

  it('runs a batch: each item on its own, a refused one answered in its place', async () => {
    const target = (await wc(app, 'POST', '/customers', { email: 'batch-target@example.org' })).body;
    const doomed = (await wc(app, 'POST', '/customers', { email: 'batch-doomed@example.org' })).body;
    const r = await wc(app, 'POST', '/customers/batch', {
      create: [{ email: 'batch-new@example.org', first_name: 'New' }, { email: 'ada@example.org' }],
      update: [{ id: target.id, last_name: 'Updated' }],
      delete: [doomed.id],
    });
    expect(r.status).toBe(200);
    expect(r.body.create[0]).toMatchObject({ email: 'batch-new@example.org', first_name: 'New' });
    expect(r.body.create[1]).toMatchObject({ id: 0, error: { code: 'registration-error-email-exists', data: { status: 400 } } });
    expect(r.body.update[0]).toMatchObject({ id: target.id, last_name: 'Updated' });
    expect(r.body.delete[0]).toMatchObject({ id: doomed.id });
    expect((await wc(app, 'GET', `/customers/${doomed.id}`)).status).toBe(404);
  });

  it("lists a customer's downloads: none, as no product has files", async () => {
    const ada = (await wc(app, 'GET', '/customers?search=ada@example.org')).body[0];
    expect(await wc(app, 'GET', `/customers/${ada.id}/downloads`, undefined, 'manager')).toMatchObject({ status: 200, body: [] });
    expect((await wc(app, 'GET', `/customers/${ada.id}/downloads`, undefined, 'ada')).status).toBe(403);
  });
});

describe.each(DATABASES)('wc/v3 data (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await storeWithStaff(kind);
  });
  afterAll(() => app.close());

  it('lists the countries with their states, as the cart checks addresses', async () => {
    const r = await wc(app, 'GET', '/data/countries', undefined, 'manager');
    expect(r.status).toBe(200);
    const us = r.body.find((c: { code: string }) => c.code === 'US');
    expect(us).toMatchObject({ name: 'United States (US)', _links: { self: [{ href: expect.stringMatching(/\/wc\/v3\/data\/countries\/us$/) }] } });
    expect(us.states).toContainEqual({ code: 'CA', name: 'California' });
    expect(r.body.length).toBeGreaterThan(200);
    expect((await wc(app, 'GET', '/data/countries/ca')).body).toMatchObject({ code: 'CA', states: expect.arrayContaining([{ code: 'ON', name: 'Ontario' }]) });
    expect(await wc(app, 'GET', '/data/countries/zz')).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_data_invalid_location' } });
    expect((await wc(app, 'GET', '/data/countries', undefined, 'ada')).status).toBe(403);
    expect((await wc(app, 'GET', '/data', undefined, 'manager')).body.map((d: { slug: string }) => d.slug)).toEqual(['countries', 'currencies']);
  });

  it("lists the currencies, and the store's own", async () => {
    const r = await wc(app, 'GET', '/data/currencies');
    expect(r.body).toContainEqual(expect.objectContaining({ code: 'GBP', name: 'British Pound', symbol: '£' }));
    expect(r.body).toContainEqual(expect.objectContaining({ code: 'HUF', symbol: 'Ft' }));
    expect((await wc(app, 'GET', '/data/currencies/current')).body).toMatchObject({ code: 'GBP', symbol: '£' });
    expect((await wc(app, 'GET', '/data/currencies/eur')).body).toMatchObject({ code: 'EUR', symbol: '€' });
    expect(await wc(app, 'GET', '/data/currencies/xxy')).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_data_invalid_currency' } });
  });
});
