import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { TaxRate } from '../commerce/types.ts';
import { saveCoupon, saveFeeRule, saveTaxClass, saveTaxRate, saveZone, saveZoneMethod, setZoneLocations, type CouponInput } from './repository.ts';

/**
 * The demo store's pricing rules, so every rule can be tried by hand: UK VAT at three rates, US and
 * Canadian rates with priorities and a compound rate, zones for the UK, Europe, the US and the rest of
 * the world with each kind of method, a coupon of each kind and a small-order fee. Prices in the demo
 * catalogue exclude tax, as WooCommerce's defaults do; taxes are off until `tax.calc_taxes` is set.
 */

const DEMO_CATEGORY_CLOTHING = 7;
const DAY = 86400;

function rate(r: Partial<TaxRate> & Pick<TaxRate, 'country' | 'rate' | 'name'>): Omit<TaxRate, 'id'> {
  return { state: '', postcodes: [], cities: [], priority: 1, compound: false, shipping: true, order: 0, taxClass: '', ...r };
}

function coupon(c: Partial<CouponInput> & Pick<CouponInput, 'code' | 'discountType' | 'amount' | 'description'>, now: number): CouponInput {
  return {
    status: 'publish', expiresAt: null, usageCount: 0, individualUse: false, productIds: [], excludedProductIds: [], usageLimit: null,
    usageLimitPerUser: null, limitUsageToXItems: null, freeShipping: false, productCategories: [], excludedProductCategories: [],
    excludeSaleItems: false, minimumAmount: null, maximumAmount: null, emailRestrictions: [], usedBy: [], metaData: [],
    createdAt: now, modifiedAt: now, ...c,
  };
}

export async function seedDemoRules(db: Kysely<Database>, now: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('tax_rates').select('id').limit(1).executeTakeFirst()) return;
    await saveTaxClass(trx, { slug: 'reduced-rate', name: 'Reduced rate' });
    await saveTaxClass(trx, { slug: 'zero-rate', name: 'Zero rate' });
    const rates = [
      rate({ country: 'GB', rate: 20, name: 'VAT' }),
      rate({ country: 'GB', rate: 5, name: 'VAT', taxClass: 'reduced-rate' }),
      rate({ country: 'GB', rate: 0, name: 'VAT', taxClass: 'zero-rate' }),
      rate({ country: 'FR', rate: 20, name: 'TVA' }),
      rate({ country: 'DE', rate: 19, name: 'MwSt.' }),
      rate({ country: 'US', state: 'CA', rate: 7.25, name: 'CA State Tax', shipping: false }),
      rate({ country: 'US', state: 'CA', cities: ['Los Angeles'], postcodes: ['90001...90099'], rate: 2.25, name: 'LA County Tax', priority: 2, shipping: false }),
      rate({ country: 'CA', rate: 5, name: 'GST' }),
      rate({ country: 'CA', state: 'PE', rate: 10, name: 'PE Compound Tax', priority: 2, compound: true }),
    ];
    for (const [i, r] of rates.entries()) await saveTaxRate(trx, { ...r, order: i });

    const uk = await saveZone(trx, { name: 'United Kingdom', order: 0 });
    await setZoneLocations(trx, uk, [{ type: 'country', code: 'GB' }]);
    await saveZoneMethod(trx, uk, {
      methodId: 'flat_rate', order: 0, enabled: true,
      settings: { title: 'Flat rate', taxable: true, cost: '4.99', classCosts: { bulky: '5.00', 'small-parcel': '0' }, calculationType: 'class' },
    });
    await saveZoneMethod(trx, uk, { methodId: 'free_shipping', order: 1, enabled: true, settings: { title: 'Free shipping', requires: 'either', minAmount: 5000, ignoreDiscounts: false } });
    await saveZoneMethod(trx, uk, { methodId: 'local_pickup', order: 2, enabled: true, settings: { title: 'Collect from our Bristol shop', taxable: false, cost: '0' } });

    const europe = await saveZone(trx, { name: 'Europe', order: 1 });
    await setZoneLocations(trx, europe, [{ type: 'continent', code: 'EU' }]);
    await saveZoneMethod(trx, europe, {
      methodId: 'flat_rate', order: 0, enabled: true,
      settings: { title: 'Europe tracked', taxable: true, cost: '9.99 + 1.50 * [qty]', classCosts: {}, calculationType: 'class' },
    });

    const us = await saveZone(trx, { name: 'United States', order: 2 });
    await setZoneLocations(trx, us, [{ type: 'country', code: 'US' }]);
    await saveZoneMethod(trx, us, {
      methodId: 'flat_rate', order: 0, enabled: true,
      settings: { title: 'USPS Priority', taxable: false, cost: '[fee percent="10" min_fee="12" max_fee="40"]', classCosts: {}, calculationType: 'class' },
    });

    await saveZoneMethod(trx, 0, {
      methodId: 'flat_rate', order: 0, enabled: true,
      settings: { title: 'International', taxable: false, cost: '24.99', classCosts: {}, calculationType: 'class' },
    });

    const coupons = [
      coupon({ code: 'save10', discountType: 'percent', amount: '10', description: '10% off everything' }, now),
      coupon({ code: 'fiver', discountType: 'fixed_cart', amount: '5.00', description: '£5 off orders of £20 or more', minimumAmount: 2000 }, now),
      coupon({ code: 'tee2off', discountType: 'fixed_product', amount: '2.00', description: '£2 off each clothing item', productCategories: [DEMO_CATEGORY_CLOTHING] }, now),
      coupon({ code: 'freeship', discountType: 'fixed_cart', amount: '0', description: 'Free UK shipping', freeShipping: true }, now),
      coupon({ code: 'crew25', discountType: 'percent', amount: '25', description: '25% for crew members, on its own', individualUse: true, emailRestrictions: ['*@example.com'], excludeSaleItems: true }, now),
      coupon({ code: 'summer', discountType: 'percent', amount: '15', description: 'Last summer’s sale', expiresAt: now - 30 * DAY }, now),
    ];
    for (const c of coupons) await saveCoupon(trx, c);

    await saveFeeRule(trx, {
      name: 'Small order fee', enabled: true, type: 'fixed', amount: '1.50', taxable: true, taxClass: '',
      minimumAmount: null, maximumAmount: 999, countries: [], paymentMethods: [], requiresShipping: true,
    });
  });
}
