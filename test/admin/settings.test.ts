import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { Value } from '@sinclair/typebox/value';
import { DATABASES } from '../helpers/app.ts';
import { basicAuth, storeWithStaff } from '../helpers/auth.ts';
import { SettingsSchema, type Settings } from '../../src/settings/schema.ts';
import { wc } from './helpers.ts';

/**
 * `wc/v3/settings` as WooCommerce's clients use it: the groups, the `general` and `tax` options with
 * WooCommerce's ids, labels, types, choices and value shapes ("yes"/"no", numbers as text, `CC:STATE`),
 * read from and written to the same stored settings as `cocart/settings` (one source of truth), with
 * WooCommerce's refusals for an unknown group, option or value; the tax group there only while taxes
 * are enabled; readable by shop managers, changed by administrators only.
 */

describe.each(DATABASES)('wc/v3 settings (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await storeWithStaff(kind);
  });
  afterAll(() => app.close());
  // Each test starts from the defaults.
  beforeEach(() => app.runtime.settings.save(Value.Create(SettingsSchema) as Settings));

  const settings = () => app.runtime.settings.get();
  const settingsApi = async () => (await app.inject({ method: 'GET', url: '/wp-json/cocart/settings/get', headers: { authorization: basicAuth('admin') } })).json();
  const saveViaCocart = (body: object) => app.inject({ method: 'POST', url: '/wp-json/cocart/settings/save', headers: { authorization: basicAuth('admin') }, payload: body });

  it('lists the groups, tax only while taxes are enabled', async () => {
    const { status, body } = await wc(app, 'GET', '/settings');
    expect(status).toBe(200);
    expect(body).toEqual([
      { id: 'general', label: 'General', description: '', parent_id: '', sub_groups: [], _links: { options: [{ href: expect.stringMatching(/\/wp-json\/wc\/v3\/settings\/general$/) }] } },
    ]);
    expect(await wc(app, 'GET', '/settings/tax')).toMatchObject({ status: 404, body: { code: 'rest_setting_setting_group_invalid', message: 'Invalid setting group.', data: { status: 404 } } });
    expect(await wc(app, 'GET', '/settings/tax/woocommerce_tax_based_on')).toMatchObject({ status: 404, body: { code: 'rest_setting_setting_group_invalid' } });

    await wc(app, 'PUT', '/settings/general/woocommerce_calc_taxes', { value: 'yes' });
    expect((await wc(app, 'GET', '/settings')).body.map((g: { id: string }) => g.id)).toEqual(['general', 'tax']);
    expect((await wc(app, 'GET', '/settings/tax')).status).toBe(200);
  });

  it('lists the general options in WooCommerce’s order and shapes, their values the stored settings', async () => {
    const { status, body } = await wc(app, 'GET', '/settings/general');
    expect(status).toBe(200);
    expect(body.map((o: { id: string }) => o.id)).toEqual([
      'woocommerce_store_address', 'woocommerce_store_address_2', 'woocommerce_store_city', 'woocommerce_default_country', 'woocommerce_store_postcode',
      'woocommerce_allowed_countries', 'woocommerce_all_except_countries', 'woocommerce_specific_allowed_countries', 'woocommerce_ship_to_countries',
      'woocommerce_specific_ship_to_countries', 'woocommerce_default_customer_address', 'woocommerce_calc_taxes', 'woocommerce_enable_coupons',
      'woocommerce_calc_discounts_sequentially', 'woocommerce_currency', 'woocommerce_currency_pos', 'woocommerce_price_thousand_sep',
      'woocommerce_price_decimal_sep', 'woocommerce_price_num_decimals',
    ]);
    const byId = Object.fromEntries(body.map((o: { id: string }) => [o.id, o]));
    expect(byId.woocommerce_store_address).toEqual({
      id: 'woocommerce_store_address',
      label: 'Address line 1',
      description: 'The street address for your business location.',
      type: 'text',
      default: '1 Quay Street',
      tip: 'The street address for your business location.',
      value: '1 Quay Street',
      _links: {
        self: [{ href: expect.stringMatching(/\/wc\/v3\/settings\/general\/woocommerce_store_address$/) }],
        collection: [{ href: expect.stringMatching(/\/wc\/v3\/settings\/general$/) }],
      },
    });
    // The base location: a select of countries, and of country:state where a country has states.
    expect(byId.woocommerce_default_country).toMatchObject({ type: 'select', value: 'GB', default: 'GB' });
    expect(byId.woocommerce_default_country.options).toMatchObject({ GB: 'United Kingdom (UK)', 'US:CA': 'United States (US) - California' });
    expect(byId.woocommerce_default_country.options.US).toBeUndefined();
    expect(byId.woocommerce_allowed_countries).toMatchObject({
      label: 'Selling location(s)',
      type: 'select',
      value: 'all',
      default: 'all',
      options: { all: 'Sell to all countries', all_except: 'Sell to all countries, except for…', specific: 'Sell to specific countries' },
    });
    expect(byId.woocommerce_specific_allowed_countries).toMatchObject({ type: 'multiselect', value: [], default: [], options: { FR: 'France' } });
    expect(byId.woocommerce_specific_allowed_countries.tip).toBeUndefined();
    expect(byId.woocommerce_ship_to_countries).toMatchObject({
      value: '',
      options: { '': 'Ship to all countries you sell to', all: 'Ship to all countries', specific: 'Ship to specific countries only', disabled: 'Disable shipping & shipping calculations' },
    });
    expect(byId.woocommerce_default_customer_address).toMatchObject({ value: 'base', description: '', tip: expect.stringContaining('customers default location') });
    expect(byId.woocommerce_calc_taxes).toMatchObject({ type: 'checkbox', value: 'no', default: 'no', description: 'Enable tax rates and calculations' });
    expect(byId.woocommerce_enable_coupons).toMatchObject({ type: 'checkbox', value: 'yes' });
    expect(byId.woocommerce_calc_discounts_sequentially).toMatchObject({ label: '', value: 'no' });
    expect(byId.woocommerce_currency).toMatchObject({ type: 'select', value: 'GBP' });
    expect(byId.woocommerce_currency.options.GBP).toMatch(/\(£\) — GBP$/);
    expect(byId.woocommerce_price_num_decimals).toMatchObject({ type: 'number', value: '2', default: '2' });
    // A list's options carry no group; a single one does.
    expect(byId.woocommerce_store_address.group_id).toBeUndefined();
  });

  it('retrieves one option with its group, and refuses an unknown one with 404 rest_setting_setting_invalid', async () => {
    const { status, body } = await wc(app, 'GET', '/settings/general/woocommerce_store_city');
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'woocommerce_store_city', label: 'City', value: 'Bristol', group_id: 'general' });
    expect(await wc(app, 'GET', '/settings/general/woocommerce_nothing')).toMatchObject({
      status: 404,
      body: { code: 'rest_setting_setting_invalid', message: 'Invalid setting.', data: { status: 404 } },
    });
    expect(await wc(app, 'PUT', '/settings/general/woocommerce_nothing', { value: 'x' })).toMatchObject({ status: 404, body: { code: 'rest_setting_setting_invalid' } });
    expect(await wc(app, 'GET', '/settings/nothing')).toMatchObject({ status: 404, body: { code: 'rest_setting_setting_group_invalid' } });
    expect(await wc(app, 'PUT', '/settings/nothing/woocommerce_store_city', { value: 'x' })).toMatchObject({ status: 404, body: { code: 'rest_setting_setting_group_invalid' } });
  });

  it('changes the stored settings that cocart/settings shows, in WooCommerce’s value shapes', async () => {
    const city = await wc(app, 'PUT', '/settings/general/woocommerce_store_city', { value: '  Leeds ' });
    expect(city).toMatchObject({ status: 200, body: { id: 'woocommerce_store_city', value: 'Leeds', group_id: 'general' } });
    expect((await wc(app, 'POST', '/settings/general/woocommerce_default_country', { value: 'US:CA' })).body.value).toBe('US:CA');
    expect((await wc(app, 'PATCH', '/settings/general/woocommerce_price_num_decimals', { value: '3' })).body.value).toBe('3');
    expect((await wc(app, 'PUT', '/settings/general/woocommerce_enable_coupons', { value: 'no' })).body.value).toBe('no');
    expect((await wc(app, 'PUT', '/settings/general/woocommerce_currency', { value: 'EUR' })).body.value).toBe('EUR');
    const stored = await settingsApi();
    expect(stored.store).toMatchObject({ city: 'Leeds', country: 'US:CA', num_decimals: 3, currency: 'EUR' });
    expect(stored.coupons.enable_coupons).toBe(false);

    // And the other way round: a change through cocart/settings is what wc/v3 reads.
    await saveViaCocart({ store: { postcode: 'LS1 1AA' }, coupons: { calc_discounts_sequentially: true } });
    expect((await wc(app, 'GET', '/settings/general/woocommerce_store_postcode')).body.value).toBe('LS1 1AA');
    expect((await wc(app, 'GET', '/settings/general/woocommerce_calc_discounts_sequentially')).body.value).toBe('yes');
  });

  it('sets where the store sells and ships, ship-to "disabled" turning shipping off', async () => {
    await wc(app, 'PUT', '/settings/general/woocommerce_allowed_countries', { value: 'specific' });
    // Unknown entries of a multiselect are dropped, as WooCommerce drops them.
    const specific = await wc(app, 'PUT', '/settings/general/woocommerce_specific_allowed_countries', { value: ['GB', 'FR', 'XX', 'FR'] });
    expect(specific.body.value).toEqual(['GB', 'FR']);
    expect(settings().locations).toMatchObject({ allowed_countries: 'specific', specific_allowed_countries: ['GB', 'FR'] });
    expect((await wc(app, 'PUT', '/settings/general/woocommerce_all_except_countries', { value: '' })).body.value).toEqual([]);

    expect((await wc(app, 'PUT', '/settings/general/woocommerce_ship_to_countries', { value: 'disabled' })).body.value).toBe('disabled');
    expect(settings().shipping.enable_shipping).toBe(false);
    expect(settings().locations.ship_to_countries).toBe('');
    await wc(app, 'PUT', '/settings/general/woocommerce_ship_to_countries', { value: 'specific' });
    expect(settings().shipping.enable_shipping).toBe(true);
    expect(settings().locations.ship_to_countries).toBe('specific');
    // Turned off through cocart/settings, it reads "disabled" here.
    await saveViaCocart({ shipping: { enable_shipping: false } });
    expect((await wc(app, 'GET', '/settings/general/woocommerce_ship_to_countries')).body.value).toBe('disabled');
  });

  it('refuses a bad value with 400 rest_setting_value_invalid and stores nothing', async () => {
    const before = structuredClone(settings());
    const refused = { status: 400, body: { code: 'rest_setting_value_invalid', message: 'An invalid setting value was passed.', data: { status: 400 } } };
    expect(await wc(app, 'PUT', '/settings/general/woocommerce_allowed_countries', { value: 'some' })).toMatchObject(refused);
    expect(await wc(app, 'PUT', '/settings/general/woocommerce_calc_taxes', { value: 'maybe' })).toMatchObject(refused);
    expect(await wc(app, 'PUT', '/settings/general/woocommerce_specific_allowed_countries', { value: 'GB' })).toMatchObject(refused);
    expect(await wc(app, 'PUT', '/settings/general/woocommerce_default_country', { value: 'XX' })).toMatchObject(refused);
    expect(await wc(app, 'PUT', '/settings/general/woocommerce_store_city', { value: { city: 'Leeds' } })).toMatchObject(refused);
    // What the option type lets through but the setting does not: the reason comes with it.
    const decimals = await wc(app, 'PUT', '/settings/general/woocommerce_price_num_decimals', { value: 'two' });
    expect(decimals).toMatchObject(refused);
    expect(decimals.body.data.params).toEqual({ woocommerce_price_num_decimals: 'num_decimals must be a whole number.' });
    expect((await wc(app, 'PUT', '/settings/general/woocommerce_price_num_decimals', { value: '9' })).body.data.params).toEqual({
      woocommerce_price_num_decimals: 'num_decimals must be less than or equal to 4.',
    });
    expect(settings()).toEqual(before);
    // A checkbox sent nothing takes its default, as in WooCommerce.
    await saveViaCocart({ coupons: { enable_coupons: false } });
    expect((await wc(app, 'PUT', '/settings/general/woocommerce_enable_coupons', {})).body.value).toBe('yes');
  });

  it('changes several options at once, each on its own, a refused one answered in its place', async () => {
    const { status, body } = await wc(app, 'POST', '/settings/general/batch', {
      update: [
        { id: 'woocommerce_store_city', value: 'York' },
        { id: 'woocommerce_currency_pos', value: 'sideways' },
        { id: 'woocommerce_nothing', value: 'x' },
        { id: 'woocommerce_price_thousand_sep', value: ' ' },
      ],
    });
    expect(status).toBe(200);
    expect(body.update).toHaveLength(4);
    expect(body.update[0]).toMatchObject({ id: 'woocommerce_store_city', value: 'York', group_id: 'general' });
    expect(body.update[1]).toEqual({ id: 'woocommerce_currency_pos', error: { code: 'rest_setting_value_invalid', message: 'An invalid setting value was passed.', data: { status: 400 } } });
    expect(body.update[2]).toMatchObject({ id: 'woocommerce_nothing', error: { code: 'rest_setting_setting_invalid', data: { status: 404 } } });
    expect(body.update[3]).toMatchObject({ id: 'woocommerce_price_thousand_sep', value: '' });
    expect(settings().store).toMatchObject({ city: 'York', currency_pos: 'left', thousand_separator: '' });

    // The settings-wide batch names each option's group.
    const across = await wc(app, 'POST', '/settings/batch', {
      update: [
        { group_id: 'general', id: 'woocommerce_calc_taxes', value: 'yes' },
        { group_id: 'tax', id: 'woocommerce_tax_display_shop', value: 'incl' },
        { group_id: 'nothing', id: 'woocommerce_store_city', value: 'x' },
      ],
    });
    expect(across.body.update.map((u: { value?: string; error?: { code: string } }) => u.value ?? u.error?.code)).toEqual(['yes', 'incl', 'rest_setting_setting_group_invalid']);
    expect(settings().tax).toMatchObject({ calc_taxes: true, tax_display_shop: 'incl' });

    const tooMany = Array.from({ length: 101 }, () => ({ id: 'woocommerce_store_city', value: 'x' }));
    expect(await wc(app, 'POST', '/settings/general/batch', { update: tooMany })).toMatchObject({ status: 413, body: { code: 'woocommerce_rest_request_entity_too_large' } });
  });

  it('has WooCommerce’s tax options while taxes are enabled, the tax classes among them', async () => {
    await saveViaCocart({ tax: { calc_taxes: true } });
    const { body } = await wc(app, 'GET', '/settings/tax');
    expect(body.map((o: { id: string }) => o.id)).toEqual([
      'woocommerce_prices_include_tax', 'woocommerce_tax_based_on', 'woocommerce_shipping_tax_class', 'woocommerce_tax_round_at_subtotal',
      'woocommerce_tax_classes', 'woocommerce_tax_display_shop', 'woocommerce_tax_display_cart', 'woocommerce_price_display_suffix', 'woocommerce_tax_total_display',
    ]);
    const byId = Object.fromEntries(body.map((o: { id: string }) => [o.id, o]));
    expect(byId.woocommerce_prices_include_tax).toMatchObject({ type: 'radio', value: 'no', options: { yes: 'Yes, I will enter prices inclusive of tax', no: 'No, I will enter prices exclusive of tax' } });
    expect(byId.woocommerce_shipping_tax_class).toMatchObject({ type: 'select', value: 'inherit', options: { inherit: 'Shipping tax class based on cart items', '': 'Standard', 'reduced-rate': 'Reduced rate' } });
    expect(byId.woocommerce_tax_classes).toMatchObject({ type: 'textarea', value: 'Reduced rate\nZero rate', default: '' });
    expect(byId.woocommerce_tax_total_display).toMatchObject({ value: 'itemized', options: { single: 'As a single total', itemized: 'Itemized' } });

    // The standard class is '' on the wire and 'standard' in the settings.
    expect((await wc(app, 'PUT', '/settings/tax/woocommerce_shipping_tax_class', { value: '' })).body.value).toBe('');
    expect(settings().tax.shipping_tax_class).toBe('standard');
    expect(await wc(app, 'PUT', '/settings/tax/woocommerce_shipping_tax_class', { value: 'luxury' })).toMatchObject({ status: 400, body: { code: 'rest_setting_value_invalid' } });
    await wc(app, 'PUT', '/settings/tax/woocommerce_prices_include_tax', { value: 'yes' });
    await wc(app, 'PUT', '/settings/tax/woocommerce_price_display_suffix', { value: 'inc. VAT' });
    await wc(app, 'PUT', '/settings/tax/woocommerce_tax_round_at_subtotal', { value: 'yes' });
    expect((await settingsApi()).tax).toMatchObject({ prices_include_tax: true, price_display_suffix: 'inc. VAT', tax_round_at_subtotal: true });

    // Shipping off: no shipping tax class, as WooCommerce leaves it out.
    await saveViaCocart({ shipping: { enable_shipping: false } });
    expect((await wc(app, 'GET', '/settings/tax')).body.map((o: { id: string }) => o.id)).not.toContain('woocommerce_shipping_tax_class');
    expect(await wc(app, 'GET', '/settings/tax/woocommerce_shipping_tax_class')).toMatchObject({ status: 404, body: { code: 'rest_setting_setting_invalid' } });
  });

  it('makes the tax classes the ones listed, one a line, as WooCommerce’s tax page saves them', async () => {
    await saveViaCocart({ tax: { calc_taxes: true } });
    const put = await wc(app, 'PUT', '/settings/tax/woocommerce_tax_classes', { value: 'Reduced rate\n Luxury goods \n\nreduced rate' });
    expect(put).toMatchObject({ status: 200, body: { value: 'Luxury goods\nReduced rate' } });
    const classes = (await wc(app, 'GET', '/taxes/classes')).body.map((c: { slug: string }) => c.slug);
    expect(classes).toEqual(['standard', 'luxury-goods', 'reduced-rate']);
    // Zero rate went, and its rates with it.
    expect((await wc(app, 'GET', '/taxes?class=zero-rate')).status).toBe(400);
    // Two names with one slug, or the standard class's, change nothing.
    expect(await wc(app, 'PUT', '/settings/tax/woocommerce_tax_classes', { value: 'Zero rate\nzero-rate' })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_tax_class_exists' } });
    expect(await wc(app, 'PUT', '/settings/tax/woocommerce_tax_classes', { value: 'Standard' })).toMatchObject({ status: 400, body: { code: 'woocommerce_rest_tax_class_exists' } });
    expect((await wc(app, 'GET', '/taxes/classes')).body).toHaveLength(3);
  });

  it('lets shop managers read but only administrators change; guests get 401', async () => {
    expect((await wc(app, 'GET', '/settings/general', undefined, 'manager')).status).toBe(200);
    expect(await wc(app, 'PUT', '/settings/general/woocommerce_store_city', { value: 'Hull' }, 'manager')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_edit' } });
    expect(await wc(app, 'POST', '/settings/general/batch', { update: [] }, 'manager')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_edit' } });
    expect(await wc(app, 'GET', '/settings', undefined, 'ada')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_cannot_view' } });
    expect(await wc(app, 'GET', '/settings/general/woocommerce_store_city', undefined, null)).toMatchObject({ status: 401, body: { code: 'woocommerce_rest_cannot_view' } });
    expect(settings().store.city).toBe('Bristol');
  });
});
