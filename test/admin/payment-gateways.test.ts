import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES } from '../helpers/app.ts';
import { basicAuth, storeWithStaff } from '../helpers/auth.ts';
import { wc } from './helpers.ts';

/**
 * `wc/v3/payment_gateways` as WooCommerce's clients use it: the store's gateways in WooCommerce's shape,
 * changed over the same stored payments settings the Settings API shows (one source of truth), with
 * WooCommerce's refusals; readable by shop managers without the secrets, changed by administrators only;
 * Stripe reported as needing setup until it has a secret key, here or in STRIPE_SECRET_KEY.
 */

describe.each(DATABASES)('wc/v3 payment gateways (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await storeWithStaff(kind);
  });
  afterAll(() => app.close());

  const payments = () => app.runtime.settings.get().payments;
  const settingsApi = async () =>
    (await app.inject({ method: 'GET', url: '/wp-json/cocart/settings/get', headers: { authorization: basicAuth('admin') } })).json().payments;

  it('lists the gateways in the order shoppers are offered them, in WooCommerce’s shape', async () => {
    const { status, body } = await wc(app, 'GET', '/payment_gateways');
    expect(status).toBe(200);
    expect(body.map((g: { id: string }) => g.id)).toEqual(['bacs', 'cheque', 'cod', 'stripe']);
    expect(body.map((g: { order: number }) => g.order)).toEqual([0, 1, 2, 3]);
    const [bacs, cheque, cod, stripe] = body;
    expect(bacs).toMatchObject({
      id: 'bacs',
      title: 'Direct bank transfer',
      description: expect.stringContaining('Make your payment directly into our bank account'),
      enabled: true,
      method_title: 'Direct bank transfer',
      method_description: expect.stringContaining('BACS'),
      method_supports: ['products'],
      needs_setup: false,
      _links: { self: [{ href: expect.stringMatching(/\/wp-json\/wc\/v3\/payment_gateways\/bacs$/) }], collection: [{ href: expect.stringMatching(/\/payment_gateways$/) }] },
    });
    // Its settings without `enabled` and `description`, which are its own fields.
    expect(Object.keys(bacs.settings)).toEqual(['title', 'instructions', 'account_name', 'account_number', 'sort_code', 'bank_name', 'iban', 'bic']);
    expect(bacs.settings.title).toEqual({ id: 'title', label: 'Title', description: '', type: 'text', value: 'Direct bank transfer', default: 'Direct bank transfer', tip: '', placeholder: '' });
    expect(bacs.settings.instructions).toMatchObject({ type: 'textarea', value: '' });
    expect(cheque).toMatchObject({ enabled: false, method_title: 'Check payments' });
    expect(cod.enabled).toBe(true);
    expect(cod.settings.enable_for_virtual).toMatchObject({ type: 'checkbox', value: 'yes', default: 'yes' });
    expect(cod.settings.enable_for_methods).toMatchObject({ type: 'multiselect', value: [], default: [] });
    // Stripe: off, and unusable until it has a secret key.
    expect(stripe).toMatchObject({ enabled: false, method_supports: ['products', 'refunds'], needs_setup: true });
    expect(stripe.settings.secret_key).toMatchObject({ type: 'password', value: '' });
    expect(stripe.settings.secret_key).not.toHaveProperty('overridden_by');

    expect((await wc(app, 'GET', '/payment_gateways/cod')).body).toEqual(cod);
  });

  it('is read by shop managers without the secrets, changed by administrators only', async () => {
    expect(await wc(app, 'GET', '/payment_gateways', undefined, null)).toMatchObject({ status: 401, body: { code: 'woocommerce_rest_cannot_view' } });
    expect(await wc(app, 'GET', '/payment_gateways/bacs', undefined, 'ada')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_view' } });
    const asManager = await wc(app, 'GET', '/payment_gateways/stripe', undefined, 'manager');
    expect(asManager.status).toBe(200);
    expect(Object.keys(asManager.body.settings)).toEqual(['title', 'publishable_key']);
    expect(asManager.body.needs_setup).toBe(true);
    expect(await wc(app, 'PUT', '/payment_gateways/cheque', { enabled: true }, 'manager')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_edit' } });
    expect(payments().cheque_enabled).toBe(false);
  });

  it('answers 404 for a gateway the store does not have', async () => {
    expect(await wc(app, 'GET', '/payment_gateways/paypal')).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_payment_gateway_invalid', message: 'Resource does not exist.' } });
    expect((await wc(app, 'PUT', '/payment_gateways/paypal', { enabled: true })).status).toBe(404);
  });

  it('stores a change as the payments settings, which the Settings API and checkout then see', async () => {
    const { status, body } = await wc(app, 'PUT', '/payment_gateways/cheque', {
      enabled: true,
      description: 'Cheques payable to Harbour Goods.',
      settings: { title: 'Pay by cheque', instructions: '  Post it to 1 Quay Street.  ' },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'cheque', enabled: true, title: 'Pay by cheque', description: 'Cheques payable to Harbour Goods.', order: 1 });
    expect(body.settings.instructions.value).toBe('Post it to 1 Quay Street.');
    expect(payments()).toMatchObject({ cheque_enabled: true, cheque_title: 'Pay by cheque', cheque_description: 'Cheques payable to Harbour Goods.', cheque_instructions: 'Post it to 1 Quay Street.' });
    expect(await settingsApi()).toMatchObject({ cheque_enabled: true, cheque_title: 'Pay by cheque' });
    expect(app.runtime.payments.get('cheque')!.enabled(app.runtime.settings.get())).toBe(true);

    // A top-level title wins over the one in settings, as in WooCommerce; checkboxes as "yes"/"no", a multiselect as a list or one value.
    const cod = await wc(app, 'PATCH', '/payment_gateways/cod', { title: 'Cash', settings: { title: 'Ignored', enable_for_virtual: 'no', enable_for_methods: 'flat_rate' } });
    expect(cod.status, cod.res.body).toBe(200);
    expect(cod.body.title).toBe('Cash');
    expect(cod.body.settings.enable_for_virtual.value).toBe('no');
    expect(cod.body.settings.enable_for_methods.value).toEqual(['flat_rate']);
    expect(payments()).toMatchObject({ cod_title: 'Cash', cod_enable_for_virtual: false, cod_enable_for_methods: ['flat_rate'] });

    // And the other way: a change through the Settings API shows here.
    const saved = await app.inject({ method: 'POST', url: '/wp-json/cocart/settings/save', headers: { authorization: basicAuth('admin') }, payload: { cheque_enabled: false } });
    expect(saved.statusCode).toBe(200);
    expect((await wc(app, 'GET', '/payment_gateways/cheque')).body.enabled).toBe(false);
  });

  it('refuses a wrong value with WooCommerce’s code and each reason by the gateway’s name for it, storing nothing', async () => {
    const before = structuredClone(payments());
    const { status, body } = await wc(app, 'PUT', '/payment_gateways/stripe', {
      enabled: true,
      settings: { secret_key: 'not-a-key', colour: 'blue' },
      order: 0,
    });
    expect(status).toBe(400);
    expect(body.code).toBe('rest_setting_value_invalid');
    expect(body.message).toBe('An invalid setting value was passed.');
    expect(body.data.params).toEqual({
      secret_key: 'secret_key is not in the expected form (for example sk_live_…, rk_test_…).',
      'settings[colour]': 'settings[colour] is not a setting.',
      order: 'The order gateways are offered in cannot be changed.',
    });
    expect(payments()).toEqual(before);
    // In the request's language.
    const french = await app.inject({
      method: 'PUT',
      url: '/wp-json/wc/v3/payment_gateways/stripe',
      headers: { authorization: basicAuth('admin'), 'accept-language': 'fr' },
      payload: { settings: { secret_key: 'not-a-key' } },
    });
    expect(french.json().data.params.secret_key).toBe("secret_key n'a pas la forme attendue (par exemple sk_live_…, rk_test_…).");
    // The order it already has is no change.
    expect((await wc(app, 'PUT', '/payment_gateways/stripe', { order: 3 })).status).toBe(200);
  });

  it('reports Stripe set up once it has a secret key in the settings', async () => {
    const { body } = await wc(app, 'PUT', '/payment_gateways/stripe', { enabled: true, settings: { secret_key: 'sk_test_abc123' } });
    expect(body).toMatchObject({ enabled: true, needs_setup: false });
    expect(body.settings.secret_key.value).toBe('sk_test_abc123');
    expect(payments().stripe_secret_key).toBe('sk_test_abc123');
  });
});

describe('wc/v3 payment gateways with Stripe’s keys in the environment', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await storeWithStaff('sqlite', { STRIPE_SECRET_KEY: 'sk_test_fromenv', STRIPE_WEBHOOK_SECRET: 'whsec_fromenv' });
  });
  afterAll(() => app.close());

  it('is set up, and names the variables that stand in for the stored settings (without their values)', async () => {
    const { body } = await wc(app, 'GET', '/payment_gateways/stripe');
    expect(body.needs_setup).toBe(false);
    expect(body.settings.secret_key).toMatchObject({ value: '', overridden_by: 'STRIPE_SECRET_KEY' });
    expect(body.settings.webhook_secret).toMatchObject({ value: '', overridden_by: 'STRIPE_WEBHOOK_SECRET' });
    expect(body.settings.publishable_key).not.toHaveProperty('overridden_by');
    expect(JSON.stringify(body)).not.toContain('fromenv');
  });
});
