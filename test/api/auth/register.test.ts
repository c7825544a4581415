import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { RegistrationService, isWeakPassword, usernameFromEmail } from '../../../src/customers/registration.ts';
import { hashPassword } from '../../../src/customers/password.ts';
import { API, COCART } from '../../helpers/api.ts';
import { createTestApp, DATABASES } from '../../helpers/app.ts';
import { basicAuth, withUser } from '../../helpers/auth.ts';

/**
 * `POST /cocart/v2/register`: a shopper makes an account and is logged in by the answer; CoCart's
 * refusals; one refusal for every detail that already has an account.
 */

const STRONG = 'Tide-table 42';
const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const EXISTS = {
  code: 'cocart_registration_error_account_exists',
  message: 'An account could not be created with these details. If you already have an account, log in.',
  data: { status: 405 },
};

describe.each(DATABASES)('registration (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
    await withUser(app, 'administrator', 'admin');
    await withUser(app, 'customer', 'Grace', { email: 'grace@example.org', phone: '07700 900123' });
  });
  afterAll(() => app.close());

  const register = (payload: object, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url: `${API}/register`, payload, headers });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('makes a customer from an e-mail address and a password, and logs it in: the answer is the login answer with the username', async () => {
    const r = await register({ email: 'Jane.Doe@Example.org', requested_password: STRONG });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toEqual({
      user_id: expect.any(Number),
      first_name: '',
      last_name: '',
      display_name: 'jane.doe',
      role: 'Customer',
      avatar_urls: [],
      email: 'jane.doe@example.org',
      extras: { jwt_token: expect.stringMatching(JWT), jwt_refresh: expect.stringMatching(JWT) },
      dev_note: expect.stringContaining('authenticate'),
      username: 'jane.doe',
      message: 'Your account was created successfully.',
    });
    expect(Object.keys(body)[0]).toBe('user_id');
    const doc = (await app.inject({ url: '/docs/json' })).json();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    ajv.addSchema({ $id: 'doc', components: doc.components });
    expect(doc.paths['/wp-json/cocart/v2/register'].post.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/RegisterAnswer' });
    expect(ajv.validate({ $ref: 'doc#/components/schemas/RegisterAnswer' }, body)).toBe(true);

    // The token works at once: the new customer's own cart, their orders (none yet), login itself.
    const token = body.extras.jwt_token;
    const add = await app.inject({ method: 'POST', url: `${API}/cart/add-item`, headers: bearer(token), payload: { id: '10' } });
    expect(add.statusCode).toBe(200);
    const cart = await app.inject({ url: `${API}/cart`, headers: bearer(token) });
    expect(cart.statusCode).toBe(200);
    expect(cart.json().items.map((i: { id: number }) => i.id)).toEqual([10]);
    const orders = await app.inject({ url: `${API}/my-account/orders`, headers: bearer(token) });
    expect(orders.statusCode).toBe(404);
    expect(orders.json().code).toBe('cocart_account_no_orders');
    const me = await app.inject({ method: 'POST', url: `${API}/login`, headers: bearer(token) });
    expect(me.json().user_id).toBe(String(body.user_id));

    // And the password logs in too, by username or e-mail address.
    for (const login of ['jane.doe', 'jane.doe@example.org']) {
      expect((await app.inject({ method: 'POST', url: `${API}/login`, headers: { authorization: basicAuth(login, STRONG) } })).statusCode).toBe(200);
    }
  });

  it('runs cocart_login_extras on the answer, as login does', async () => {
    const withHook = await createTestApp(kind, {
      plugins: [
        {
          name: 'extras',
          register: ({ hooks }) => {
            hooks.addFilter('cocart_login_extras', (extras, user) => ({ ...extras, greeting: `hi ${String(user.username)}` }));
          },
        },
      ],
    });
    try {
      const r = await withHook.inject({ method: 'POST', url: `${API}/register`, payload: { email: 'hook@example.org', requested_password: STRONG } });
      expect(r.json().extras.greeting).toBe('hi hook');
    } finally {
      await withHook.close();
    }
  });

  it('keeps a requested username, names, phone and addresses; the account is a customer whatever the request says', async () => {
    const r = await register({
      email: 'ada@example.org',
      requested_username: 'AdaL',
      requested_password: STRONG,
      first_name: 'Ada',
      last_name: 'Lovelace',
      phone: '01632 960001',
      role: 'administrator',
      billing_address: { company: 'Analytical Engines', address_1: '1 Quay Street', city: 'Bristol', postcode: 'bs14xx', country: 'gb' },
      shipping_address: { first_name: 'Ada', last_name: 'Lovelace', address_1: '12 St James Square', city: 'London', postcode: 'SW1Y 4JH', country: 'GB' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ username: 'AdaL', first_name: 'Ada', last_name: 'Lovelace', display_name: 'Ada Lovelace', role: 'Customer' });
    const token = r.json().extras.jwt_token;
    const account = (await app.inject({ url: `${API}/my-account`, headers: bearer(token) })).json();
    expect(account.user.addresses).toEqual({
      billing: {
        first_name: 'Ada', last_name: 'Lovelace', company: 'Analytical Engines', address_1: '1 Quay Street', address_2: '', city: 'Bristol',
        state: '', postcode: 'BS1 4XX', country: 'GB', email: 'ada@example.org', phone: '01632 960001',
      },
      shipping: {
        first_name: 'Ada', last_name: 'Lovelace', company: '', address_1: '12 St James Square', address_2: '', city: 'London',
        state: '', postcode: 'SW1Y 4JH', country: 'GB',
      },
    });
    // The phone number is a login, as for every account.
    expect((await app.inject({ method: 'POST', url: `${API}/login`, headers: { authorization: basicAuth('01632 960001', STRONG) } })).json().user_id).toBe(
      String(r.json().user_id),
    );
    // A new cart starts with the account's addresses.
    const cart = await app.inject({ method: 'POST', url: `${API}/cart/add-item`, headers: bearer(token), payload: { id: '10' } });
    expect(cart.json().customer.billing_address.billing_city).toBe('Bristol');
  });

  it("makes the username from the e-mail address as WooCommerce does: the part before @, a shared mailbox's domain, a suffix when taken", async () => {
    const first = await register({ email: 'sam@example.org', requested_password: STRONG });
    const second = await register({ email: 'sam@example.net', requested_password: STRONG });
    const shared = await register({ email: 'info@boatyard.example', requested_password: STRONG });
    expect(first.json().username).toBe('sam');
    expect(second.json().username).toMatch(/^sam-\d{4}$/);
    expect(shared.json().username).toBe('boatyard.example');
    // A name nobody may have, or one a login would read as a phone number, is not used.
    const reserved = await register({ email: 'admin@elsewhere.example', requested_password: STRONG });
    const digits = await register({ email: '0123456789@example.org', requested_password: STRONG });
    expect(reserved.json().username).toMatch(/^customer(-\d{4})?$/);
    expect(digits.json().username).toMatch(/^customer(-\d{4})?$/);
    expect(usernameFromEmail('José.Núñez+shop@example.org')).toBe('jose.nunezshop');
  });

  it('refuses an e-mail address, a username or a phone number that has an account with one code and one message, whichever it is', async () => {
    const answers = [
      await register({ email: 'GRACE@example.org', requested_password: STRONG }),
      await register({ email: 'someone@example.org', requested_username: 'grace', requested_password: STRONG }),
      await register({ email: 'someone@example.org', requested_password: STRONG, phone: '07700 900123' }),
      await register({ email: 'someone@example.org', requested_password: STRONG, billing_address: { phone: '07700 900123' } }),
    ];
    for (const r of answers) {
      expect(r.statusCode).toBe(405);
      expect(r.json()).toEqual(EXISTS);
    }
    // Nothing was made: the same e-mail address registers once the clash is gone.
    expect((await register({ email: 'someone@example.org', requested_password: STRONG })).statusCode).toBe(200);
  });

  it('lets one of several simultaneous registrations with the same phone number through', async () => {
    const answers = await Promise.all(
      [1, 2, 3, 4].map((n) => register({ email: `racer${n}@example.org`, requested_password: STRONG, phone: '01632 960999' })),
    );
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 405, 405, 405]);
  });

  it('hashes the password before refusing an existing account, so the refusal comes no sooner', async () => {
    let hashes = 0;
    const service = new RegistrationService({
      handle: app.runtime.database,
      changes: app.runtime.changes,
      enabled: () => true,
      baseCountry: () => 'GB',
      now: app.runtime.now,
      hash: (password) => {
        hashes++;
        return hashPassword(password);
      },
    });
    await expect(service.register({ email: 'grace@example.org', password: STRONG })).rejects.toMatchObject({ code: EXISTS.code });
    expect(hashes).toBe(1);
    await expect(service.register({ email: 'new-one@example.org', password: STRONG })).resolves.toMatchObject({ username: 'new-one' });
    expect(hashes).toBe(2);

    // Through HTTP: a refused existing address takes about as long as a registration (both are one scrypt).
    const time = async (payload: object) => {
      const started = performance.now();
      await register(payload);
      return performance.now() - started;
    };
    const refused: number[] = [];
    const made: number[] = [];
    for (let i = 0; i < 3; i++) {
      refused.push(await time({ email: 'grace@example.org', requested_password: STRONG }));
      made.push(await time({ email: `timing${i}@example.org`, requested_password: STRONG }));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
    expect(median(refused)).toBeGreaterThan(median(made) * 0.4);
  });

  it.each([
    ['too short', 'Sh0rt!'],
    ['the username', 'Bosun-Bill1'],
    ['the e-mail address', 'Bosun-Bill1@example.org'],
    ['a common password', 'Password1'],
    ['only two kinds of character', 'all lower case words'],
  ])('refuses a weak password (%s) with 400 cocart_registration_error_weak_password', async (_why, password) => {
    const r = await register({ email: 'bosun-bill1@example.org', requested_username: 'Bosun-Bill1', requested_password: password });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual({ code: 'cocart_registration_error_weak_password', message: 'This password is too weak. Please choose a stronger password.', data: { status: 400 } });
    expect(isWeakPassword('Correct Horse 9', [])).toBe(false);
  });

  it("refuses CoCart's way: a bad e-mail address, a bad or reserved username, no password (its odd statuses included)", async () => {
    const cases: [object, number, string, string][] = [
      [{ email: 'not-an-address', requested_password: STRONG }, 404, 'cocart_registration_invalid_email', 'A valid email address is required!'],
      [{ email: 'x@example.org', requested_username: 'bad name!', requested_password: STRONG }, 404, 'cocart_registration_error_invalid_username', 'Please provide a valid username.'],
      [{ email: 'x@example.org', requested_username: 'at@sign', requested_password: STRONG }, 404, 'cocart_registration_error_invalid_username', 'Please provide a valid username.'],
      [{ email: 'x@example.org', requested_username: '0117 496 0000', requested_password: STRONG }, 404, 'cocart_registration_error_invalid_username', 'Please provide a valid username.'],
      [{ email: 'x@example.org', requested_username: 'Admin', requested_password: STRONG }, 400, 'cocart_registration_error_reserved_username', 'This username cannot be registered. Please choose another.'],
      [{ email: 'x@example.org' }, 404, 'registration-error-missing-password', 'Please enter an account password.'],
    ];
    for (const [payload, status, code, message] of cases) {
      const r = await register(payload);
      expect(r.json(), JSON.stringify(payload)).toEqual({ code, message, data: { status } });
    }
    const missing = await register({ requested_password: STRONG });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().code).toBe('rest_missing_callback_param');
  });

  it('refuses bad address fields all at once, in one message, and makes nothing', async () => {
    const r = await register({ email: 'addr@example.org', requested_password: STRONG, phone: 'call me', billing_address: { country: 'GB', postcode: 'NOT A CODE' } });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual({
      code: 'cocart_invalid_address_fields',
      message: 'Billing Postcode / ZIP is not a valid postcode / ZIP. Phone is not a valid phone number.',
      data: { status: 400 },
    });
    expect((await register({ email: 'addr@example.org', requested_password: STRONG })).statusCode).toBe(200);
  });

  it('cannot take `password` or `username`: those are credentials, refused before the route runs', async () => {
    const r = await register({ email: 'creds@example.org', password: STRONG });
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe('cocart_authentication_error');
    const both = await register({ email: 'creds@example.org', username: 'creds', password: STRONG });
    expect(both.statusCode).toBe(401);
  });

  it('refuses with CoCart\'s code when the store has registration turned off', async () => {
    const save = (on: boolean) =>
      app.inject({ method: 'POST', url: `${COCART}/settings/save`, headers: { authorization: basicAuth('admin') }, payload: { checkout: { enable_registration: on } } });
    expect((await save(false)).statusCode).toBe(200);
    try {
      const r = await register({ email: 'closed@example.org', requested_password: STRONG });
      expect(r.statusCode).toBe(400);
      expect(r.json()).toEqual({ code: 'cocart_registration_error_failed_creation', message: 'Registration is currently not allowed.', data: { status: 400 } });
    } finally {
      expect((await save(true)).statusCode).toBe(200);
    }
    expect((await register({ email: 'closed@example.org', requested_password: STRONG })).statusCode).toBe(200);
  });
});
