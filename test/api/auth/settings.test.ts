import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { saveCoupon } from '../../../src/rules/repository.ts';
import { COCART } from '../../helpers/api.ts';
import { createTestApp, DATABASES, twoNodes } from '../../helpers/app.ts';
import { authHeaders, basicAuth, withStaff } from '../../helpers/auth.ts';
import { eventually } from '../../helpers/cli.ts';

const SETTINGS = `${COCART}/settings`;

/** A bad value for every setting. */
const BAD: [string, unknown][] = [
  ['title', 'x'.repeat(201)], ['description', 'x'.repeat(501)], ['home_url', 'not a url'], ['language', 'english'],
  ['timezone_string', 'Mars/Olympus_Mons'], ['address', 'x'.repeat(201)], ['address_2', 'x'.repeat(201)], ['city', 'x'.repeat(101)],
  ['country', 'UK'], ['postcode', 'x'.repeat(21)], ['currency', 'pounds'], ['currency_pos', 'middle'], ['thousand_separator', '....'],
  ['decimal_separator', '....'], ['num_decimals', 5], ['weight_unit', 'stone'], ['dimension_unit', 'furlong'],
  ['hide_out_of_stock_items', 'maybe'], ['frontend_url', 'ftp://shop.example'], ['disable_wp_access', 'maybe'], ['access_token', 'abc'],
  ['require_access_token', 'maybe'], ['salt_key', 'x'.repeat(65)], ['accessible_paths', ['checkout']], ['cors_allowed_origins', ['not an origin']], ['products_response', 'all'],
  ['products_prices', 'cheap'], ['catalog_visibility', 'secret'], ['orderby', 'random'], ['order', 'UP'], ['include_variations', 'maybe'],
  ['enabled', 'maybe'], ['limit', 0], ['seconds', 'ten'], ['cart_response', 'huge'], ['cart_prices', 'cheap'], ['compat_money', '5x'], ['cart_expiration_days', 0], ['merge_strategy', 'coin-flip'], ['hold_stock_minutes', -1], ['enable_guest_checkout', 'sometimes'], ['enable_registration', 'maybe'],
  ['calc_taxes', 'maybe'], ['prices_include_tax', 2], ['tax_based_on', 'moon'], ['shipping_tax_class', 'Not A Slug'], ['tax_round_at_subtotal', 'maybe'],
  ['tax_display_shop', 'both'], ['price_display_suffix', 'inc.\nVAT'], ['tax_display_cart', 'both'], ['tax_total_display', 'itemised'], ['enable_shipping', 'maybe'], ['shipping_cost_requires_address', 'x'],
  ['allowed_countries', 'some'], ['all_except_countries', ['XX']], ['specific_allowed_countries', 'GB'], ['ship_to_countries', 'disabled'],
  ['specific_ship_to_countries', ['gb']], ['default_customer_address', 'moon'],
  ['ship_to_destination', 'mars'], ['enable_coupons', 'maybe'], ['calc_discounts_sequentially', 'x'],
  ['from_name', 'Shop\r\nBcc: all@example.org'], ['from_address', 'shop at example.com'], ['new_order_enabled', 'maybe'],
  ['new_order_recipient', 'orders@example.com, nobody'], ['cancelled_order_recipient', 'a@example.com; b@example.com'], ['customer_refunded_order_enabled', 'x'],
  ['colour', 'blue'],
];

describe.each(DATABASES)('Settings API (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await createTestApp(kind);
    await withStaff(app);
  });
  afterAll(() => app.close());

  const get = (login?: string) => app.inject({ url: `${SETTINGS}/get`, headers: authHeaders(login) });
  const save = (payload: object, login = 'admin', method: 'POST' | 'PUT' | 'PATCH' = 'POST') =>
    app.inject({ method, url: `${SETTINGS}/save`, headers: { authorization: basicAuth(login) }, payload });

  it('is for administrators only', async () => {
    expect([(await get()).statusCode, (await get()).json().code]).toEqual([401, 'cocart_rest_permission_denied']);
    for (const login of ['ada', 'manager']) expect((await get(login)).statusCode).toBe(403);
    expect((await save({ title: 'x' }, 'manager')).statusCode).toBe(403);
    const r = await get('admin');
    expect(r.statusCode).toBe(200);
    expect(Object.keys(r.json())).toEqual(['store', 'general', 'products', 'rate_limit', 'tax', 'locations', 'shipping', 'coupons', 'cart', 'checkout', 'payments', 'emails']);
  });

  it('changes only the fields given, flat or by section, and the change takes effect at once', async () => {
    const before = (await get('admin')).json();
    const flat = await save({ title: 'Harbour Goods', compat_money: '4x' });
    expect(flat.statusCode).toBe(200);
    expect(flat.json().store).toEqual({ ...before.store, title: 'Harbour Goods' });
    const nested = await save({ store: { city: 'Falmouth' }, cart: { compat_money: 'beta1' } }, 'admin', 'PATCH');
    expect(nested.json().store.city).toBe('Falmouth');
    expect(nested.json().store.title).toBe('Harbour Goods');
    const store = (await app.inject({ url: '/wp-json/cocart/v2/store' })).json();
    expect(store.title).toBe('Harbour Goods');
    expect(store.store_address.city).toBe('Falmouth');
    await save({ store: before.store, cart: before.cart });
  });

  it('accepts CoCart checkbox values "yes"/"no"', async () => {
    expect((await save({ hide_out_of_stock_items: 'yes' })).json().store.hide_out_of_stock_items).toBe(true);
    expect((await save({ hide_out_of_stock_items: 'no' })).json().store.hide_out_of_stock_items).toBe(false);
  });

  it.each(BAD)('refuses a bad %s with 400 naming it, and stores nothing', async (field, value) => {
    const before = (await get('admin')).json();
    // With a good change beside it, which must not be stored either.
    const companion = field === 'title' ? { city: 'Should not be stored' } : { title: 'Should not be stored' };
    const r = await save({ [field]: value, ...companion });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('cocart_rest_value_invalid');
    expect(Object.keys(r.json().data.params)).toEqual([field]);
    expect(r.json().message).toContain(field);
    expect((await get('admin')).json()).toEqual(before);
  });

  /** field, value, the reason in English, the reason in French. */
  const REASONS: [string, unknown, string, string][] = [
    ['title', 'x'.repeat(201), 'title must be at most 200 characters long.', 'title doit comporter au plus 200 caractères.'],
    ['title', 5, 'title must be text.', 'title doit être du texte.'],
    ['language', 'english', 'language is not in the expected form (for example en-GB, fr).', "language n'a pas la forme attendue (par exemple en-GB, fr)."],
    ['num_decimals', 5, 'num_decimals must be less than or equal to 4.', 'num_decimals doit être inférieur ou égal à 4.'],
    ['limit', 0, 'limit must be greater than or equal to 1.', 'limit doit être supérieur ou égal à 1.'],
    ['seconds', 'ten', 'seconds must be a whole number.', 'seconds doit être un nombre entier.'],
    ['currency_pos', 'middle', 'currency_pos is not one of left, right, left_space, right_space.', "currency_pos n'est pas l'une des valeurs left, right, left_space, right_space."],
    ['enabled', 'maybe', 'enabled must be true or false.', 'enabled doit valoir vrai ou faux.'],
    ['cors_allowed_origins', 'https://shop.example', 'cors_allowed_origins must be a list.', 'cors_allowed_origins doit être une liste.'],
    ['accessible_paths', ['/cart', 'checkout'], 'accessible_paths[1] is not in the expected form (for example /checkout).', "accessible_paths[1] n'a pas la forme attendue (par exemple /checkout)."],
    ['accessible_paths', Array.from({ length: 101 }, (_, i) => `/p${i}`), 'accessible_paths must contain at most 100 items.', 'accessible_paths doit contenir au plus 100 éléments.'],
    ['home_url', 'not a url', 'home_url must be an http(s) URL or empty.', 'home_url doit être une URL http(s) ou rester vide.'],
    ['cors_allowed_origins', ['not an origin'], 'cors_allowed_origins must list http(s) origins (or "*").', 'cors_allowed_origins doit lister des origines http(s) (ou « * »).'],
    ['timezone_string', 'Mars/Olympus_Mons', 'timezone_string "Mars/Olympus_Mons" is not a known time zone.', "timezone_string « Mars/Olympus_Mons » n'est pas un fuseau horaire connu."],
    ['country', 'UK', 'country "UK" is not a known country code.', "country « UK » n'est pas un code de pays connu."],
    ['access_token', 'abc', 'access_token must be a version 4 UUID or empty.', 'access_token doit être un UUID version 4 ou rester vide.'],
    ['orderby', 'random', 'orderby is not one of date, id, menu_order, include, title, slug, name, popularity, alphabetical, reverse_alpha, by_stock, review_count, on_sale_first, featured_first, price_asc, price_desc, sales, rating.',
      "orderby n'est pas l'une des valeurs date, id, menu_order, include, title, slug, name, popularity, alphabetical, reverse_alpha, by_stock, review_count, on_sale_first, featured_first, price_asc, price_desc, sales, rating."],
    ['colour', 'blue', 'colour is not a setting.', "colour n'est pas un réglage."],
  ];

  it.each(REASONS)('says why a bad %s (%j) is refused, in English and in French', async (field, value, english, french) => {
    const en = await save({ [field]: value });
    expect(en.json().data.params).toEqual({ [field]: english });
    const fr = await app.inject({ method: 'POST', url: `${SETTINGS}/save`, headers: { authorization: basicAuth('admin'), 'accept-language': 'fr-FR,fr;q=0.9' }, payload: { [field]: value } });
    expect(fr.statusCode).toBe(400);
    expect(fr.json().code).toBe('cocart_rest_value_invalid');
    expect(fr.json().message).toBe(`Réglage(s) invalide(s) : ${field}`);
    expect(fr.json().data.params).toEqual({ [field]: french });
  });

  it('gives every bad field its own reason in one answer, in the language asked for by ?lang', async () => {
    const r = await app.inject({ method: 'POST', url: `${SETTINGS}/save?lang=fr`, headers: { authorization: basicAuth('admin') }, payload: { store: { num_decimals: 9, weight_unit: 'stone' }, rate_limit: { seconds: 0 } } });
    expect(r.json().data.params).toEqual({
      num_decimals: 'num_decimals doit être inférieur ou égal à 4.',
      weight_unit: "weight_unit n'est pas l'une des valeurs kg, g, lbs, oz.",
      seconds: 'seconds doit être supérieur ou égal à 1.',
    });
  });

  it('keeps the salt key as the md5 of the phrase, and does not hash a stored hash again', async () => {
    const saved = (await save({ salt_key: 'my secret phrase' })).json();
    const hash = createHash('md5').update('my secret phrase').digest('hex');
    expect(saved.general.salt_key).toBe(hash);
    expect((await save({ salt_key: hash })).json().general.salt_key).toBe(hash);
    await save({ salt_key: '' });
  });

  it('generates a version 4 UUID access token', async () => {
    const r = await app.inject({ method: 'POST', url: `${SETTINGS}/access-token`, headers: { authorization: basicAuth('admin') } });
    expect(r.json().access_token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await get('admin')).json().general.access_token).toBe(r.json().access_token);
    await save({ access_token: '' });
  });
});

describe.each(DATABASES)('a settings change reaches every node (%s)', (kind) => {
  it('is seen by a second server on the same database', async () => {
    const nodes = await twoNodes(kind);
    const { a, b } = nodes;
    try {
      await withStaff(a);
      const r = await a.inject({ method: 'POST', url: `${SETTINGS}/save`, headers: { authorization: basicAuth('admin') }, payload: { title: 'Seen Everywhere' } });
      expect(r.statusCode).toBe(200);
      await eventually(async () => (await b.inject({ url: '/wp-json/cocart/v2/store' })).json().title === 'Seen Everywhere', 10_000);
    } finally {
      await nodes.close();
    }
  });
});

describe.each(DATABASES)('a pricing-rule change reaches every node (%s)', (kind) => {
  it('a coupon written on one node applies on the other at once', async () => {
    const nodes = await twoNodes(kind);
    const { a, b } = nodes;
    try {
      const add = await b.inject({ method: 'POST', url: '/wp-json/cocart/v2/cart/add-item', payload: { id: '10', quantity: 2 } });
      const key = String(add.headers['cocart-api-cart-key']);
      const apply = () => b.inject({ method: 'POST', url: '/wp-json/cocart/v2/cart/apply-coupon', headers: { 'cocart-api-cart-key': key }, payload: { code: 'NODES' } });
      expect((await apply()).json().code).toBe('woocommerce_coupon_not_exist');
      await saveCoupon(a.runtime.database.db, {
        code: 'nodes', status: 'publish', discountType: 'fixed_cart', amount: '1.00', description: '', expiresAt: null, usageCount: 0, individualUse: false,
        productIds: [], excludedProductIds: [], usageLimit: null, usageLimitPerUser: null, limitUsageToXItems: null, freeShipping: false,
        productCategories: [], excludedProductCategories: [], excludeSaleItems: false, minimumAmount: null, maximumAmount: null,
        emailRestrictions: [], usedBy: [], metaData: [], createdAt: 0, modifiedAt: 0,
      });
      await a.runtime.rules.changed();
      await eventually(async () => (await apply()).statusCode === 200, 10_000);
      const cart = (await b.inject({ url: '/wp-json/cocart/v2/cart', headers: { 'cocart-api-cart-key': key } })).json();
      expect(cart.totals.discount_total).toBe(100);
    } finally {
      await nodes.close();
    }
  });
});
