import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { DATABASES } from '../helpers/app.ts';
import { call } from '../api/cart/helpers.ts';
import { storeWithStaff } from '../helpers/auth.ts';
import { wc } from './helpers.ts';

describe.each(DATABASES)('wc/v3 shipping zones, locations and methods (%s)', (kind) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await storeWithStaff(kind);
  });
  afterAll(() => app.close());

  /** The rates the cart offers a customer at this address: rate id → [label, cost]. */
  async function ratesFor(country: string, postcode: string): Promise<Record<string, [string, number]>> {
    const add = await call(app, { method: 'POST', url: '/cart/add-item', body: { id: '10', quantity: 1 } });
    const customer = await call(app, { method: 'POST', url: '/cart/update?namespace=update-customer', key: add.key, body: { country, postcode } });
    expect(customer.status, customer.res.body).toBe(200);
    const r = await call(app, { url: '/cart/shipping-methods', key: add.key });
    expect(r.status, r.res.body).toBe(200);
    const rates = (r.body.packages?.default?.rates ?? {}) as Record<string, { label: string; cost: number }>;
    return Object.fromEntries(Object.entries(rates).map(([id, rate]) => [id, [rate.label, rate.cost]]));
  }

  it('is for administrators and shop managers only', async () => {
    for (const path of ['/shipping/zones', '/shipping/zones/1/locations', '/shipping/zones/1/methods', '/shipping_methods']) {
      expect([path, (await wc(app, 'GET', path, undefined, null)).body.code]).toEqual([path, 'woocommerce_rest_cannot_view']);
      expect([path, (await wc(app, 'GET', path, undefined, 'ada')).status]).toEqual([path, 403]);
      expect([path, (await wc(app, 'GET', path, undefined, 'manager')).status]).toEqual([path, 200]);
    }
    expect((await wc(app, 'POST', '/shipping/zones', { name: 'X' }, 'ada')).status).toBe(403);
  });

  it('lists the zones with the rest-of-the-world zone first, and the method types', async () => {
    const zones = (await wc(app, 'GET', '/shipping/zones')).body;
    expect(zones.map((z: { id: number; name: string }) => [z.id, z.name])).toEqual([
      [0, 'Locations not covered by your other zones'], [1, 'United Kingdom'], [2, 'Europe'], [3, 'United States'],
    ]);
    expect(zones[1]._links.describedby[0].href).toMatch(/\/wc\/v3\/shipping\/zones\/1\/locations$/);
    expect((await wc(app, 'GET', '/shipping/zones/2/locations')).body).toMatchObject([{ code: 'EU', type: 'continent' }]);
    const world = (await wc(app, 'GET', '/shipping/zones/0/methods')).body;
    expect(world).toMatchObject([{ method_id: 'flat_rate', title: 'International', enabled: true, settings: { cost: { value: '24.99' }, tax_status: { value: 'none' } } }]);
    const types = (await wc(app, 'GET', '/shipping_methods')).body;
    expect(types.map((t: { id: string }) => t.id)).toEqual(['flat_rate', 'free_shipping', 'local_pickup']);
    expect((await wc(app, 'GET', '/shipping_methods/free_shipping')).body).toMatchObject({ id: 'free_shipping', title: 'Free shipping' });
    expect(await wc(app, 'GET', '/shipping_methods/ups')).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_shipping_method_invalid' } });
    expect(await wc(app, 'GET', '/shipping/zones/99')).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_shipping_zone_invalid' } });
  });

  it('creates a zone with locations and a flat rate that the cart offers at once', async () => {
    expect(await ratesFor('NZ', '6011')).toEqual({ 'flat_rate:6': ['International', 2499] });

    // The demo store's own shipping class (a term of product_shipping_class).
    const classes = (await wc(app, 'GET', '/products/shipping_classes')).body as { id: number; slug: string }[];
    const smallParcel = classes.find((c) => c.slug === 'small-parcel')!;
    expect(smallParcel).toBeDefined();
    const zone = await wc(app, 'POST', '/shipping/zones', { name: 'Antipodes', order: 5 });
    expect(zone.status, zone.res.body).toBe(201);
    expect(zone.body).toMatchObject({ name: 'Antipodes', order: 5 });
    expect(zone.res.headers.location).toMatch(new RegExp(`/wc/v3/shipping/zones/${zone.body.id}$`));
    const zoneId = zone.body.id as number;

    const locations = await wc(app, 'PUT', `/shipping/zones/${zoneId}/locations`, [{ code: 'nz' }, { code: 'AU', type: 'country' }, { code: '6*', type: 'postcode' }]);
    expect(locations.status, locations.res.body).toBe(200);
    expect(locations.body.map((l: { code: string; type: string }) => [l.type, l.code])).toEqual([['country', 'NZ'], ['country', 'AU'], ['postcode', '6*']]);

    const method = await wc(app, 'POST', `/shipping/zones/${zoneId}/methods`, {
      method_id: 'flat_rate',
      settings: { title: 'Tasman post', cost: '7.50', [`class_cost_${smallParcel.id}`]: '2 * [qty]', no_class_cost: '1', tax_status: 'none' },
    });
    expect(method.status, method.res.body).toBe(200);
    expect(method.body).toMatchObject({
      title: 'Tasman post', order: 1, enabled: true, method_id: 'flat_rate', method_title: 'Flat rate',
      settings: {
        title: { id: 'title', type: 'text', value: 'Tasman post', default: 'Flat rate' },
        cost: { value: '7.50', default: '0' },
        tax_status: { value: 'none', options: { taxable: 'Taxable', none: 'None' } },
        [`class_cost_${smallParcel.id}`]: { label: '"Small parcel" shipping class cost', value: '2 * [qty]', placeholder: 'N/A' },
        no_class_cost: { value: '1' },
        type: { value: 'class' },
      },
    });
    const instanceId = method.body.instance_id as number;
    expect(method.body.id).toBe(instanceId);

    // The shackle (product 10) is a small parcel: 7.50 + 2 × 1.
    expect(await ratesFor('NZ', '6011')).toEqual({ [`flat_rate:${instanceId}`]: ['Tasman post', 950] });
    expect(await ratesFor('NZ', '1010')).toEqual({ 'flat_rate:6': ['International', 2499] });

    const updated = await wc(app, 'PUT', `/shipping/zones/${zoneId}/methods/${instanceId}`, { settings: { cost: '5' } });
    expect(updated.body.settings).toMatchObject({ cost: { value: '5' }, title: { value: 'Tasman post' }, [`class_cost_${smallParcel.id}`]: { value: '2 * [qty]' } });
    const free = await wc(app, 'POST', `/shipping/zones/${zoneId}/methods`, { method_id: 'free_shipping', settings: { requires: 'min_amount', min_amount: '10.00' } });
    expect(free.body).toMatchObject({ order: 2, settings: { requires: { value: 'min_amount' }, min_amount: { value: '10.00', type: 'price' }, ignore_discounts: { value: 'no' } } });
    expect(await ratesFor('AU', '6000')).toEqual({ [`flat_rate:${instanceId}`]: ['Tasman post', 700], [`free_shipping:${free.body.id}`]: ['Free shipping', 0] });

    await wc(app, 'PUT', `/shipping/zones/${zoneId}/methods/${instanceId}`, { enabled: false });
    expect((await wc(app, 'GET', `/shipping/zones/${zoneId}/methods/${instanceId}`)).body.enabled).toBe(false);
    expect(Object.keys(await ratesFor('AU', '6000'))).toEqual([`free_shipping:${free.body.id}`]);

    expect(await wc(app, 'DELETE', `/shipping/zones/${zoneId}/methods/${free.body.id}`)).toMatchObject({ status: 501, body: { code: 'rest_trash_not_supported' } });
    expect((await wc(app, 'DELETE', `/shipping/zones/${zoneId}/methods/${free.body.id}?force=true`)).body).toMatchObject({ id: free.body.id, method_id: 'free_shipping' });
    expect(await wc(app, 'GET', `/shipping/zones/${zoneId}/methods/${free.body.id}`)).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_shipping_zone_method_invalid' } });

    const renamed = await wc(app, 'PUT', `/shipping/zones/${zoneId}`, { name: 'Australia and New Zealand' });
    expect(renamed.body).toMatchObject({ id: zoneId, name: 'Australia and New Zealand', order: 5 });
    expect(await wc(app, 'DELETE', `/shipping/zones/${zoneId}`)).toMatchObject({ status: 501, body: { code: 'rest_trash_not_supported' } });
    expect((await wc(app, 'DELETE', `/shipping/zones/${zoneId}?force=true`)).body).toMatchObject({ id: zoneId, name: 'Australia and New Zealand' });
    expect(await wc(app, 'GET', `/shipping/zones/${zoneId}/methods`)).toMatchObject({ status: 404 });
    expect(await ratesFor('NZ', '6011')).toEqual({ 'flat_rate:6': ['International', 2499] });
  });

  it('keeps the rest-of-the-world zone: no rename, no delete, no locations; its methods can change', async () => {
    expect(await wc(app, 'PUT', '/shipping/zones/0', { name: 'World' })).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_shipping_zone_invalid_zone' } });
    expect(await wc(app, 'DELETE', '/shipping/zones/0?force=true')).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_shipping_zone_invalid_zone' } });
    expect(await wc(app, 'PUT', '/shipping/zones/0/locations', [{ code: 'FR' }])).toMatchObject({ status: 403, body: { code: 'woocommerce_rest_shipping_zone_locations_invalid_zone' } });
    expect((await wc(app, 'GET', '/shipping/zones/0')).body).toMatchObject({ id: 0, name: 'Locations not covered by your other zones', order: 0 });
    const pickup = await wc(app, 'POST', '/shipping/zones/0/methods', { method_id: 'local_pickup', settings: { title: 'Pick up at the dock', cost: '0' } });
    expect(pickup.body).toMatchObject({ method_id: 'local_pickup', settings: { title: { value: 'Pick up at the dock' }, cost: { value: '0' } } });
    expect(await ratesFor('JP', '100-0001')).toEqual({ 'flat_rate:6': ['International', 2499], [`local_pickup:${pickup.body.id}`]: ['Pick up at the dock', 0] });
    await wc(app, 'DELETE', `/shipping/zones/0/methods/${pickup.body.id}?force=true`);
  });

  it('refuses bad zones, locations and settings, naming the field, and stores nothing', async () => {
    expect(await wc(app, 'POST', '/shipping/zones', {})).toMatchObject({ status: 400, body: { code: 'rest_missing_callback_param' } });
    expect(await wc(app, 'POST', '/shipping/zones', { name: ' ' })).toMatchObject({ status: 400, body: { code: 'rest_invalid_param', data: { params: { name: expect.any(String) } } } });
    expect(await wc(app, 'POST', '/shipping/zones', { name: 'x', order: 'first' })).toMatchObject({ status: 400, body: { data: { params: { order: expect.any(String) } } } });
    for (const [locations, field] of [
      [[{ code: 'GB' }, { code: 'XX' }], 'locations[1][code]'],
      [[{ code: 'US:NOWHERE', type: 'state' }], 'locations[0][code]'],
      [[{ code: 'ATLANTIS', type: 'continent' }], 'locations[0][code]'],
      [[{ code: 'GB', type: 'planet' }], 'locations[0][type]'],
      [[{ type: 'country' }], 'locations[0][code]'],
      [{ code: 'GB' }, 'locations'],
    ] as const) {
      const r = await wc(app, 'PUT', '/shipping/zones/1/locations', locations);
      expect([field, r.status, r.body.code, Object.keys(r.body.data?.params ?? {})]).toEqual([field, 400, 'rest_invalid_param', [field]]);
    }
    expect((await wc(app, 'GET', '/shipping/zones/1/locations')).body).toMatchObject([{ code: 'GB', type: 'country' }]);
    expect((await wc(app, 'PUT', '/shipping/zones/1/locations', [{ code: 'gb:eng', type: 'state' }, { code: 'BS*', type: 'postcode' }])).body).toMatchObject([
      { code: 'GB:ENG', type: 'state' }, { code: 'BS*', type: 'postcode' },
    ]);

    expect(await wc(app, 'POST', '/shipping/zones/1/methods', { method_id: 'ups' })).toMatchObject({ status: 400, body: { data: { params: { method_id: expect.any(String) } } } });
    expect(await wc(app, 'POST', '/shipping/zones/99/methods', { method_id: 'flat_rate' })).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_shipping_zone_invalid' } });
    for (const [settings, field] of [
      [{ cost: '10 +* abc' }, 'settings[cost]'],
      [{ tax_status: 'maybe' }, 'settings[tax_status]'],
      [{ type: 'per-item' }, 'settings[type]'],
      [{ class_cost_99999: '1' }, 'settings[class_cost_99999]'],
      [{ colour: 'red' }, 'settings[colour]'],
      [{ title: true }, 'settings[title]'],
    ] as const) {
      const r = await wc(app, 'PUT', '/shipping/zones/1/methods/1', { settings: { title: 'Changed', ...settings } });
      expect([field, r.status, r.body.code, Object.keys(r.body.data?.params ?? {})]).toEqual([field, 400, 'rest_invalid_param', [field]]);
    }
    expect(await wc(app, 'PUT', '/shipping/zones/1/methods/2', { settings: { min_amount: 'fifty' } })).toMatchObject({ status: 400, body: { data: { params: { 'settings[min_amount]': expect.any(String) } } } });
    expect(await wc(app, 'PUT', '/shipping/zones/1/methods/2', { settings: { ignore_discounts: 'maybe' } })).toMatchObject({ status: 400 });
    expect((await wc(app, 'GET', '/shipping/zones/1/methods/1')).body).toMatchObject({ title: 'Flat rate', settings: { cost: { value: '4.99' } } });
    expect(await wc(app, 'PUT', '/shipping/zones/2/methods/1', { enabled: false })).toMatchObject({ status: 404, body: { code: 'woocommerce_rest_shipping_zone_method_invalid' } });
  });
});
