import { describe, expect, it } from 'vitest';
import { CouponService } from '../../../src/rules/admin/coupons.ts';
import { FeeRuleService } from '../../../src/rules/admin/fee-rules.ts';
import { ShippingZoneService } from '../../../src/rules/admin/shipping-zones.ts';
import { TaxService } from '../../../src/rules/admin/taxes.ts';
import { DATABASES } from '../../helpers/app.ts';
import { testRuntime, refusal, storeInput } from './helpers.ts';

/** The pricing rules' administration services on the demo store, without HTTP; carts see `rules()`. */
describe.each(DATABASES)('pricing-rule services (%s)', (kind) => {
  const store = testRuntime(kind);

  const input = () => storeInput(store());
  const rules = () => store().rules.current(store().settings.get().store.num_decimals);

  describe('coupons', () => {
    const coupons = () => new CouponService(store());

    it('stores codes lower case and unique, trash included, and the amount in its kind', async () => {
      const created = await coupons().create(input(), { code: ' Harbour15 ', discount_type: 'percent', amount: '15' });
      expect(created).toMatchObject({ code: 'harbour15', amount: '15', status: 'publish' });
      expect(rules().coupons.get('harbour15')).toMatchObject({ discountType: 'percent', amount: 15 });

      const trashed = await coupons().delete(input(), Number(created.id), false);
      expect(trashed.status).toBe('trash');
      expect(await refusal(coupons().delete(input(), Number(created.id), false))).toEqual({ code: 'woocommerce_rest_already_trashed', kind: 'gone' });
      expect(await refusal(coupons().create(input(), { code: 'HARBOUR15' }))).toEqual({ code: 'woocommerce_rest_coupon_code_already_exists', kind: 'invalid' });

      const fixed = await coupons().create(input(), { code: 'tenner', amount: '10' });
      expect(fixed.amount).toBe('10.00');
      // Changing the kind re-reads the amount it keeps: 10 is a valid percentage, 150 is not.
      expect((await coupons().update(input(), Number(fixed.id), { discount_type: 'percent' })).amount).toBe('10');
      expect(await refusal(coupons().update(input(), Number(fixed.id), { amount: '150' }))).toEqual({ code: 'rest_invalid_param', kind: 'invalid', params: ['amount'] });
    });

    it('deletes for good with force, answering the coupon as it was', async () => {
      const created = await coupons().create(input(), { code: 'brief' });
      const deleted = await coupons().delete(input(), Number(created.id), true);
      expect(deleted).toMatchObject({ code: 'brief', status: 'publish' });
      expect(rules().coupons.has('brief')).toBe(false);
      expect(await refusal(coupons().find(Number(created.id)))).toEqual({ code: 'woocommerce_rest_shop_coupon_invalid_id', kind: 'not_found' });
    });
  });

  describe('taxes', () => {
    const taxes = () => new TaxService(store());

    it('deleting a tax class deletes its rates; the standard class stays', async () => {
      const cls = await taxes().createClass('Luxury Goods');
      expect(cls).toEqual({ slug: 'luxury-goods', name: 'Luxury Goods' });
      expect(await refusal(taxes().createClass('luxury goods'))).toEqual({ code: 'woocommerce_rest_tax_class_exists', kind: 'invalid' });
      const rate = await taxes().create(input(), { country: 'gb', rate: '25', name: 'Luxury', class: 'luxury-goods' });
      expect(rate).toMatchObject({ country: 'GB', taxClass: 'luxury-goods', rate: 25 });
      expect(rules().taxRates.some((t) => t.id === rate.id)).toBe(true);

      expect(await refusal(taxes().deleteClass('standard', true))).toEqual({ code: 'woocommerce_rest_invalid_id', kind: 'invalid' });
      expect(await taxes().deleteClass('luxury-goods', true)).toEqual(cls);
      expect(rules().taxClasses.map((c) => c.slug)).not.toContain('luxury-goods');
      expect(rules().taxRates.some((t) => t.id === rate.id)).toBe(false);
      expect(await refusal(taxes().create(input(), { class: 'luxury-goods' }))).toEqual({ code: 'rest_invalid_param', kind: 'invalid', params: ['class'] });
    });

    it('reads postcodes and cities from the legacy joined strings, the lists winning', async () => {
      const rate = await taxes().create(input(), { country: 'US', state: 'ca', postcode: '90210; 90211;;90210', city: 'x', cities: ['Los Angeles'] });
      expect(rate).toMatchObject({ state: 'CA', postcodes: ['90210', '90211'], cities: ['Los Angeles'] });
    });
  });

  describe('shipping zones', () => {
    const shipping = () => new ShippingZoneService(store());

    it('zone 0 has no row: it holds methods but is neither renamed, deleted nor given locations', async () => {
      expect((await shipping().zones())[0]).toEqual({ id: 0, name: 'Locations not covered by your other zones', order: 0 });
      expect(await refusal(shipping().updateZone(0, { name: 'World' }))).toEqual({ code: 'woocommerce_rest_shipping_zone_invalid_zone', kind: 'forbidden' });
      expect(await refusal(shipping().deleteZone(0, true))).toEqual({ code: 'woocommerce_rest_shipping_zone_invalid_zone', kind: 'forbidden' });
      expect(await refusal(shipping().setLocations(0, []))).toEqual({ code: 'woocommerce_rest_shipping_zone_locations_invalid_zone', kind: 'forbidden' });
      expect(await shipping().locations(0)).toEqual([]);
    });

    it('a new zone takes checked locations and methods after its others, and goes with them', async () => {
      const zone = await shipping().createZone({ name: ' Islands ', order: 5 });
      expect(zone).toMatchObject({ name: 'Islands', order: 5 });
      const located = await shipping().setLocations(zone.id, [{ code: 'gb:sct', type: 'state' }, { code: 'ze1 *', type: 'postcode' }, { code: 'GB:SCT', type: 'state' }]);
      expect(located).toEqual([{ type: 'state', code: 'GB:SCT' }, { type: 'postcode', code: 'ZE1 *' }]);
      expect(await refusal(shipping().setLocations(zone.id, [{ code: 'XX' }]))).toEqual({ code: 'rest_invalid_param', kind: 'invalid', params: ['locations[0][code]'] });

      const bulky = store().catalog.current().termBySlug('product_shipping_class', 'bulky')!;
      const first = await shipping().createMethod(input(), zone.id, 'flat_rate', { settings: { cost: '3', [`class_cost_${bulky.id}`]: '2 * [qty]' } });
      const second = await shipping().createMethod(input(), zone.id, 'local_pickup', {});
      expect(first).toMatchObject({ methodId: 'flat_rate', order: 1, enabled: true, settings: { cost: '3', classCosts: { bulky: '2 * [qty]' } } });
      expect(second.order).toBe(2);
      expect(await refusal(shipping().updateMethod(input(), zone.id, first.instanceId, { settings: { cost: '((' } }))).toEqual({
        code: 'rest_invalid_param',
        kind: 'invalid',
        params: ['settings[cost]'],
      });
      expect(rules().shippingZones.find((z) => z.id === zone.id)).toMatchObject({ locations: located, methods: [{ instanceId: first.instanceId }, { instanceId: second.instanceId }] });

      expect(await refusal(shipping().deleteMethod(zone.id, second.instanceId, false))).toEqual({ code: 'rest_trash_not_supported', kind: 'not_implemented' });
      expect(await shipping().deleteZone(zone.id, true)).toEqual(zone);
      expect(rules().shippingZones.some((z) => z.id === zone.id)).toBe(false);
      expect(await refusal(shipping().methods(zone.id))).toEqual({ code: 'woocommerce_rest_shipping_zone_invalid', kind: 'not_found' });
      const left = await store().database.db.selectFrom('shipping_zone_methods').select('instance_id').where('zone_id', '=', zone.id).execute();
      expect(left).toEqual([]);
    });
  });

  describe('fee rules', () => {
    const fees = () => new FeeRuleService(store());

    it('checks the conditions together and reaches the rules at once', async () => {
      expect(await refusal(fees().create(input(), { name: 'Odd', amount: '1', minimum_amount: '20', maximum_amount: '10' }))).toEqual({
        code: 'rest_invalid_param',
        kind: 'invalid',
        params: ['maximum_amount'],
      });
      const fee = await fees().create(input(), { name: 'Island surcharge', amount: '2', countries: ['gb', 'GB'], tax_class: 'reduced-rate', taxable: true });
      expect(rules().fees.find((f) => f.id === Number(fee.id))).toMatchObject({ amount: 200, countries: ['GB'], taxClass: 'reduced-rate' });
      await fees().update(input(), Number(fee.id), { type: 'percent', enabled: false });
      expect(rules().fees.find((f) => f.id === Number(fee.id))).toMatchObject({ type: 'percent', amount: 2, enabled: false });
      expect(await refusal(fees().delete(Number(fee.id), false))).toEqual({ code: 'cartwright_rest_trash_not_supported', kind: 'not_implemented' });
      await fees().delete(Number(fee.id), true);
      expect(rules().fees.some((f) => f.id === Number(fee.id))).toBe(false);
    });
  });
});
