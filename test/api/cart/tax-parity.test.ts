import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { setVatExempt } from '../../../src/customers/repository.ts';
import { saveZone, saveZoneMethod, setZoneLocations } from '../../../src/rules/repository.ts';
import { API } from '../../helpers/api.ts';
import { DATABASES } from '../../helpers/app.ts';
import { basicAuth, withUser } from '../../helpers/auth.ts';
import { call, ok } from './helpers.ts';
import { applyCoupon, cartWith, expectConsistent, makeCoupon, makeProduct, readCart, saveFee, setTaxes, storeApp, updateCustomer } from './commerce-helpers.ts';

/**
 * The cart's tax and discount figures against WooCommerce's own arithmetic, one rule a test, each
 * naming the WooCommerce function it follows and working its figure out by hand. The demo store is
 * in Bristol (GB VAT 20 %), with DE MwSt. 19 % and CA GST 5 % + PE 10 % compound among its rates.
 * Products are virtual unless shipping is the point, so no shipping or small-order fee joins the sums.
 */

describe.each(DATABASES)('tax and discount arithmetic as WooCommerce computes it (%s)', (kind) => {
  let app: FastifyInstance;
  let ten: string;

  /** POST /wp-json/wc/v3/taxes as the store's administrator. */
  async function taxRate(body: object): Promise<void> {
    const r = await app.inject({ method: 'POST', url: '/wp-json/wc/v3/taxes', headers: { authorization: basicAuth('rules-admin') }, payload: body });
    expect(r.statusCode, r.body).toBe(201);
  }

  /** A zone for one country with a taxable flat rate. */
  async function flatRateZone(country: string, cost: string): Promise<void> {
    const db = app.runtime.database.db;
    const zone = await saveZone(db, { name: `Parity ${country}`, order: 0 });
    await setZoneLocations(db, zone, [{ type: 'country', code: country }]);
    await saveZoneMethod(db, zone, { methodId: 'flat_rate', order: 0, enabled: true, settings: { title: 'Post', taxable: true, cost, classCosts: {}, calculationType: 'class' } });
    await app.runtime.rules.changed();
  }

  beforeAll(async () => {
    app = await storeApp(kind);
    ten = await makeProduct(app, { name: 'Parity Ten', regularPrice: 1000, virtual: true });
  });
  afterAll(() => app.close());

  it('WC_Tax::sort_rates_callback: a rate for postcodes 5000...5999 beats the country-wide rate of the same priority, for items and shipping', async () => {
    await setTaxes(app);
    // The country-wide rate is made first (the lower id), so id order alone would pick it.
    await taxRate({ country: 'AU', rate: '10', name: 'GST', priority: 1, shipping: true });
    await taxRate({ country: 'AU', postcode: '5000...5999', rate: '12.5', name: 'Adelaide', priority: 1, shipping: true });
    await flatRateZone('AU', '4.00');
    const parcel = await makeProduct(app, { name: 'Parity Parcel AU', regularPrice: 1000 });
    const key = await cartWith(app, [[parcel, 1]]);
    const adelaide = await updateCustomer(app, key, { country: 'AU', state: 'SA', postcode: '5000', city: 'Adelaide' });
    // 1000 × 12.5 % = 125 on the item, 400 × 12.5 % = 50 on the shipping: 1000 + 400 + 175 = 1575.
    expect(adelaide.totals).toMatchObject({ subtotal_tax: 125, shipping_tax: 50, total_tax: 175, total: 1575 });
    expect(adelaide.taxes).toEqual({ 'AU-ADELAIDE-1': { name: 'Adelaide', price: 175 } });
    expectConsistent(adelaide);
    // Perth is outside the range: the country-wide 10 %, 100 + 40.
    const perth = await updateCustomer(app, key, { country: 'AU', state: 'WA', postcode: '6000', city: 'Perth' });
    expect(perth.totals).toMatchObject({ subtotal_tax: 100, shipping_tax: 40, total: 1540 });
  });

  it('WC_Tax::calc_inclusive_tax: £10.03 incl. CA GST 5 % + PE 10 % compound is £8.68 + £1.34, the net from the unrounded taxes', async () => {
    // Everyone pays the shelf price (woocommerce_adjust_non_base_location_prices off), so PE's rates are inside it.
    await setTaxes(app, { prices_include_tax: true, adjust_non_base_location_prices: false });
    const odd = await makeProduct(app, { name: 'Parity Ten-Oh-Three', regularPrice: 1003, virtual: true });
    const key = await cartWith(app, [[odd, 1]]);
    const cart = await updateCustomer(app, key, { country: 'CA', state: 'PE', postcode: 'C1A 4P3', city: 'Charlottetown' });
    // Compound first: 1003 − 1003 / 1.10 = 91.181818; GST 5/105 of the 911.818182 left = 43.419913.
    // Net 1003 − 134.601731 = 868.398269 → 868; taxes half down per rate: 43 + 91 = 134; total 1002.
    expect(cart.items[0].totals).toEqual({ subtotal: 868, subtotal_tax: 134, total: 868, tax: 134 });
    expect(cart.taxes).toEqual({ 'CA-GST-1': { name: 'GST', price: 43 }, 'CA-PE-PE COMPOUND TAX-2': { name: 'PE Compound Tax', price: 91 } });
    expect(cart.totals).toMatchObject({ subtotal: 868, subtotal_tax: 134, total_tax: 134, total: 1002 });
    expectConsistent(cart);
  });

  it('wc_get_tax_rounding_mode: prices entered incl. tax round the tax half down: £9.99 is £8.33 + £1.66', async () => {
    await setTaxes(app, { prices_include_tax: true });
    const shelf = await makeProduct(app, { name: 'Parity Nine-Ninety-Nine', regularPrice: 999, virtual: true });
    const cart = await readCart(app, await cartWith(app, [[shelf, 1]]));
    // 999 × 20/120 = 166.5 → 166; net 999 − 166.5 = 832.5 → 833.
    expect(cart.totals).toMatchObject({ subtotal: 833, subtotal_tax: 166, total: 999 });
    await setTaxes(app, { prices_include_tax: true, tax_round_at_subtotal: true });
    // Rounded once at the subtotal, the same: the shelf price holds.
    expect((await readCart(app, await cartWith(app, [[shelf, 1]]))).totals).toMatchObject({ subtotal: 833, subtotal_tax: 166, total: 999 });
  });

  it('WC_Cart_Totals::calculate_discounts: a £10 fixed-cart coupon over three £10 lines carries £2.00 of tax, calc_tax on each share', async () => {
    await setTaxes(app);
    const lines: [string, number][] = [];
    for (const n of [1, 2, 3]) lines.push([await makeProduct(app, { name: `Parity Share ${n}`, regularPrice: 1000, virtual: true }), 1]);
    await makeCoupon(app, { code: 'parity-tenner', discountType: 'fixed_cart', amount: '10.00' });
    const cart = ok(await applyCoupon(app, await cartWith(app, lines), 'parity-tenner'));
    // Shares 334 + 333 + 333, taxed 66.8 + 66.6 + 66.6 = 200. The lines then carry 133.2 → 133,
    // 133.4 → 133, 133.4 → 133 = 399 (600 − 399 = 201 would be a unit off WooCommerce).
    expect(cart.totals).toMatchObject({ subtotal: 3000, subtotal_tax: 600, discount_total: 1000, discount_tax: 200, total_tax: 399, total: 2399 });
    expectConsistent(cart);
  });

  it('wc_round_discount: a percent coupon rounds the cart-level figure half down: 5 % of £10.10 is 50.5p → 50p', async () => {
    await setTaxes(app, { calc_taxes: false });
    const odd = await makeProduct(app, { name: 'Parity Ten-Ten', regularPrice: 1010, virtual: true });
    await makeCoupon(app, { code: 'parity-five', discountType: 'percent', amount: '5' });
    const cart = ok(await applyCoupon(app, await cartWith(app, [[odd, 1]]), 'parity-five'));
    // floor(1010 × 5 %) = 50 on the line; the whole, 50.5, rounds half down to 50: no cent more.
    expect(cart.totals).toMatchObject({ subtotal: 1010, discount_total: 50, total: 960 });
  });

  it('adjust_non_base_location_price: £12.50 incl. GB VAT to Germany stays incl. at net + 19 %, so a £5 coupon comes off that gross', async () => {
    await setTaxes(app, { prices_include_tax: true });
    const price = await makeProduct(app, { name: 'Parity Twelve-Fifty', regularPrice: 1250, virtual: true });
    await makeCoupon(app, { code: 'parity-fiver', discountType: 'fixed_cart', amount: '5.00' });
    const key = await cartWith(app, [[price, 1]]);
    await updateCustomer(app, key, { country: 'DE', postcode: '10115', city: 'Berlin' });
    const cart = ok(await applyCoupon(app, key, 'parity-fiver'));
    // Net of GB VAT 1250 − 208.333333 = 1041.666667; + 19 % = 1239.583333, still incl. tax.
    // Before: tax 197.916667 → 198, net 1041.666667 → 1042. After the 500: 739.583333 incl. 19 %:
    // tax 118.084734 → 118, net 621.498599 → 621. The coupon's tax: 500 × 19/119 = 79.831933 → 80,
    // its discount 500 − 79.83 = 420.17 → 420.
    expect(cart.items[0].totals).toEqual({ subtotal: 1042, subtotal_tax: 198, total: 621, tax: 118 });
    expect(cart.totals).toMatchObject({ subtotal: 1042, subtotal_tax: 198, discount_total: 420, discount_tax: 80, total_tax: 118, total: 739 });
    expectConsistent(cart);
    // Off: the shelf price, with Germany's tax inside: 1250 × 19/119 = 199.579832 → 200, net 1050.42 → 1050.
    await setTaxes(app, { prices_include_tax: true, adjust_non_base_location_prices: false });
    const shelf = await updateCustomer(app, await cartWith(app, [[price, 1]]), { country: 'DE', postcode: '10115', city: 'Berlin' });
    expect(shelf.totals).toMatchObject({ subtotal: 1050, subtotal_tax: 200, total: 1250 });
  });

  it('woocommerce_tax_round_at_subtotal: shipping and fee taxes round once with the rest: £3.33 + £3.33 at 20 % carry £1.33, not £1.34', async () => {
    await taxRate({ country: 'IE', rate: '20', name: 'VAT', shipping: true });
    await flatRateZone('IE', '3.33');
    await saveFee(app, { name: 'Parity handling', enabled: true, type: 'fixed', amount: '3.33', taxable: true, taxClass: '', minimumAmount: null, maximumAmount: null, countries: ['IE'], paymentMethods: [], requiresShipping: false });
    const parcel = await makeProduct(app, { name: 'Parity Parcel IE', regularPrice: 1000 });
    const key = await cartWith(app, [[parcel, 1]]);
    await setTaxes(app);
    const perLine = await updateCustomer(app, key, { country: 'IE', postcode: 'D02 X285', city: 'Dublin' });
    // 333 × 20 % = 66.6 each: per line 67 + 67; items 200. Total 1000 + 333 + 333 + 334 = 2000.
    expect(perLine.totals).toMatchObject({ shipping_tax: 67, fee_tax: 67, total_tax: 334, total: 2000 });
    expectConsistent(perLine);
    await setTaxes(app, { tax_round_at_subtotal: true });
    const once = await readCart(app, key);
    // Together 133.2 → 133 (calculate_totals); shipping keeps its 67, so the fee shows 66. Total 1999.
    expect(once.totals).toMatchObject({ shipping_tax: 67, fee_tax: 66, total_tax: 333, total: 1999 });
    expect(once.taxes).toEqual({ 'IE-VAT-1': { name: 'VAT', price: 333 } });
  });

  it('WC_Customer::get_is_vat_exempt: an exempt account pays no tax, loses the shop’s tax from prices entered with it, and My Account says so', async () => {
    const exempt = await withUser(app, 'customer', 'parity-exempt');
    await setVatExempt(app.runtime.database.db, exempt.id, true, 1_700_000_001);
    await withUser(app, 'customer', 'parity-taxed');
    const as = (login: string) => ({ authorization: basicAuth(login) });
    const parcel = await makeProduct(app, { name: 'Parity Parcel GB', regularPrice: 1200 });

    await setTaxes(app);
    const added = await call(app, { method: 'POST', url: '/cart/add-item', body: { id: ten, quantity: '1' }, headers: as('parity-exempt') });
    ok(added);
    const excl = ok(await call(app, { url: '/cart', headers: as('parity-exempt') }));
    // 1000 and no tax at all.
    expect(excl.totals).toMatchObject({ subtotal: 1000, subtotal_tax: 0, total_tax: 0, total: 1000 });
    expect(excl.taxes).toEqual([]);
    // Staff reading the cart through the Sessions API see it as the customer does.
    const session = ok(await call(app, { url: `/session/${added.body.cart_key}`, headers: as('rules-admin') }));
    expect(session.totals).toMatchObject({ total_tax: 0, total: 1000 });

    // Prices entered incl. tax: remove_item_base_taxes takes the shop's 20 % out: 1200 − 200 = 1000,
    // and the shipping carries no tax either (WC_Shipping_Method::is_taxable).
    await setTaxes(app, { prices_include_tax: true });
    ok(await call(app, { method: 'POST', url: '/cart/add-item', body: { id: parcel, quantity: '1' }, headers: as('parity-exempt') }));
    const incl = ok(await call(app, { method: 'POST', url: '/cart/update?namespace=update-customer', body: { country: 'GB', postcode: 'BS1 4DJ', city: 'Bristol' }, headers: as('parity-exempt') }));
    const line = incl.items.find((i: any) => String(i.id) === parcel);
    expect(line.totals).toEqual({ subtotal: 1000, subtotal_tax: 0, total: 1000, tax: 0 });
    expect(incl.totals).toMatchObject({ total_tax: 0, shipping_tax: 0 });
    expectConsistent(incl);

    const account = (login: string) => app.inject({ method: 'GET', url: `${API}/my-account`, headers: as(login) }).then((r) => r.json());
    expect((await account('parity-exempt')).meta.is_vat_exempt).toBe(true);
    expect((await account('parity-taxed')).meta.is_vat_exempt).toBe(false);
  });

  it('woocommerce_customer_get_is_vat_exempt: a filter can exempt a guest by their details, and tax comes back when it is removed', async () => {
    await setTaxes(app);
    const key = await cartWith(app, [[ten, 1]]);
    const remove = app.runtime.hooks.addFilter('woocommerce_customer_get_is_vat_exempt', (exempt, customer) => exempt || customer.billing.company === 'Charity Ltd');
    try {
      const charity = await updateCustomer(app, key, { company: 'Charity Ltd' });
      expect(charity.totals).toMatchObject({ total_tax: 0, total: 1000 });
      const shop = await updateCustomer(app, key, { company: 'Shop Ltd' });
      // 1000 × 20 % = 200.
      expect(shop.totals).toMatchObject({ total_tax: 200, total: 1200 });
    } finally {
      remove();
    }
    expect((await readCart(app, key)).totals).toMatchObject({ total_tax: 200 });
  });
});
