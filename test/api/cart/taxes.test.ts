import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { saveZone, saveZoneMethod, setZoneLocations } from '../../../src/rules/repository.ts';
import { DATABASES } from '../../helpers/app.ts';
import { basicAuth } from '../../helpers/auth.ts';
import { addItem, ok } from './helpers.ts';
import { chooseRate, cartWith, expectConsistent, makeProduct, readCart, saveSettings, setTaxes, storeApp, updateCustomer } from './commerce-helpers.ts';

/**
 * Taxes on the cart (item and cart totals, and the cart's `taxes` section), worked out as
 * WooCommerce does with the demo store's rates: GB VAT 20 % / 5 % / 0 %, FR TVA 20 %, DE MwSt. 19 %,
 * US CA 7.25 % plus Los Angeles 2.25 % (priority 2), CA GST 5 % plus PE 10 % compound (priority 2).
 * The store is in Bristol, GB. Test products are virtual unless a test is about shipping, so no
 * shipping or small-order fee joins the sums.
 */

describe.each(DATABASES)('cart taxes (%s)', (kind) => {
  let app: FastifyInstance;
  /** £10.00, standard rate, virtual. */
  let ten: string;
  let reduced: string;
  let zero: string;
  /** £12.00, standard rate, virtual: "£10 + 20 % VAT" when prices include tax. */
  let twelve: string;
  /** 99p each, three separate products, for rounding. */
  let pennies: string[];
  /** £10.00 physical products (shipping tax). */
  let parcel: string;
  let reducedParcel: string;

  beforeAll(async () => {
    app = await storeApp(kind);
    ten = await makeProduct(app, { name: 'Tax Test Ten', regularPrice: 1000, virtual: true });
    reduced = await makeProduct(app, { name: 'Tax Test Reduced', regularPrice: 1000, virtual: true, taxClass: 'reduced-rate' });
    zero = await makeProduct(app, { name: 'Tax Test Zero', regularPrice: 1000, virtual: true, taxClass: 'zero-rate' });
    twelve = await makeProduct(app, { name: 'Tax Test Twelve', regularPrice: 1200, virtual: true });
    pennies = [];
    for (const n of [1, 2, 3]) pennies.push(await makeProduct(app, { name: `Tax Test Penny ${n}`, regularPrice: 99, virtual: true }));
    parcel = await makeProduct(app, { name: 'Tax Test Parcel', regularPrice: 1000 });
    reducedParcel = await makeProduct(app, { name: 'Tax Test Reduced Parcel', regularPrice: 1000, taxClass: 'reduced-rate' });
  });
  afterAll(() => app.close());

  it('adds 20 % GB VAT to a £10.00 item when prices exclude tax (no address: the store base, GB)', async () => {
    await setTaxes(app);
    const cart = await readCart(app, await cartWith(app, [[ten, 1]]));
    // 1000 × 20 % = 200; total 1000 + 200 = 1200.
    expect(cart.items[0].price).toBe(1000);
    expect(cart.items[0].totals).toEqual({ subtotal: 1000, subtotal_tax: 200, total: 1000, tax: 200 });
    expect(cart.totals).toMatchObject({ subtotal: 1000, subtotal_tax: 200, discount_total: 0, total: 1200, total_tax: 200 });
    expect(cart.taxes).toEqual({ 'GB-VAT-1': { name: 'VAT', price: 200 } });
    expectConsistent(cart);
  });

  it('takes the tax out of a £12.00 price entered incl. tax: subtotal 1000, tax 200', async () => {
    await setTaxes(app, { prices_include_tax: true });
    const cart = await readCart(app, await cartWith(app, [[twelve, 1]]));
    // 1200 − 1200 / 1.2 = 200 tax; 1000 net. The grand total is the shelf price.
    expect(cart.items[0].price).toBe(1000);
    expect(cart.items[0].totals).toEqual({ subtotal: 1000, subtotal_tax: 200, total: 1000, tax: 200 });
    expect(cart.totals).toMatchObject({ subtotal: 1000, subtotal_tax: 200, total: 1200, total_tax: 200 });
    expectConsistent(cart);
  });

  it('taxes reduced-rate items at 5 % and zero-rate items at 0 %, one GB-VAT-1 total for the three', async () => {
    await setTaxes(app);
    const cart = await readCart(app, await cartWith(app, [[ten, 1], [reduced, 1], [zero, 1]]));
    // 1000 × 20 % = 200; 1000 × 5 % = 50; 1000 × 0 % = 0. All three rates are coded GB-VAT-1, so one entry: 250.
    expect(cart.items.map((i: any) => i.totals.tax)).toEqual([200, 50, 0]);
    expect(cart.totals).toMatchObject({ subtotal: 3000, subtotal_tax: 250, total: 3250, total_tax: 250 });
    expect(cart.taxes).toEqual({ 'GB-VAT-1': { name: 'VAT', price: 250 } });
    expectConsistent(cart);
  });

  it("follows the customer's address: FR gives 20 % TVA, DE 19 % MwSt.", async () => {
    await setTaxes(app);
    const key = await cartWith(app, [[ten, 1]]);
    const fr = await updateCustomer(app, key, { country: 'FR', postcode: '75001', city: 'Paris' });
    // 1000 × 20 % = 200 under FR's own rate.
    expect(fr.taxes).toEqual({ 'FR-TVA-1': { name: 'TVA', price: 200 } });
    expect(fr.totals).toMatchObject({ total: 1200, total_tax: 200 });
    expectConsistent(fr);
    const de = await updateCustomer(app, key, { country: 'DE', postcode: '10115', city: 'Berlin' });
    // 1000 × 19 % = 190.
    expect(de.taxes).toEqual({ 'DE-MWST.-1': { name: 'MwSt.', price: 190 } });
    expect(de.totals).toMatchObject({ total: 1190, total_tax: 190 });
    expectConsistent(de);
  });

  it('applies one rate per priority in Los Angeles (state 7.25 % + county 2.25 %), each rounded per line', async () => {
    await setTaxes(app);
    const key = await cartWith(app, [[ten, 1]]);
    const la = await updateCustomer(app, key, { country: 'US', state: 'CA', postcode: '90012', city: 'Los Angeles' });
    // 1000 × 7.25 % = 72.5 → 73; 1000 × 2.25 % = 22.5 → 23; 73 + 23 = 96 (the exact 95 is not what WooCommerce shows).
    expect(la.taxes).toEqual({
      'US-CA-CA STATE TAX-1': { name: 'CA State Tax', price: 73 },
      'US-CA-LA COUNTY TAX-2': { name: 'LA County Tax', price: 23 },
    });
    expect(la.items[0].totals.tax).toBe(96);
    expect(la.totals).toMatchObject({ total: 1096, total_tax: 96 });
    expectConsistent(la);
    // San Francisco is outside the county rate's postcodes and city: the state rate alone.
    const sf = await updateCustomer(app, key, { country: 'US', state: 'CA', postcode: '94103', city: 'San Francisco' });
    expect(sf.taxes).toEqual({ 'US-CA-CA STATE TAX-1': { name: 'CA State Tax', price: 73 } });
    expect(sf.totals).toMatchObject({ total: 1073, total_tax: 73 });
    expectConsistent(sf);
  });

  it('applies a compound rate on top of the price plus the earlier tax (CA GST 5 % + PE 10 % compound)', async () => {
    await setTaxes(app);
    const key = await cartWith(app, [[ten, 1]]);
    const cart = await updateCustomer(app, key, { country: 'CA', state: 'PE', postcode: 'C1A 4P3', city: 'Charlottetown' });
    // GST 1000 × 5 % = 50; PE (1000 + 50) × 10 % = 105; tax 155.
    expect(cart.taxes).toEqual({
      'CA-GST-1': { name: 'GST', price: 50 },
      'CA-PE-PE COMPOUND TAX-2': { name: 'PE Compound Tax', price: 105 },
    });
    expect(cart.totals).toMatchObject({ subtotal: 1000, total: 1155, total_tax: 155 });
    expectConsistent(cart);
  });

  it("charges a customer outside the base country the net price plus their own tax when prices include GB VAT", async () => {
    await setTaxes(app, { prices_include_tax: true });
    const key = await cartWith(app, [[twelve, 1]]);
    // 1200 incl. GB VAT → 1200 − 200 = 1000 net; DE 19 % of 1000 = 190; total 1190.
    const de = await updateCustomer(app, key, { country: 'DE', postcode: '10115', city: 'Berlin' });
    expect(de.items[0].totals).toEqual({ subtotal: 1000, subtotal_tax: 190, total: 1000, tax: 190 });
    expect(de.totals).toMatchObject({ subtotal: 1000, total: 1190, total_tax: 190 });
    expectConsistent(de);
    // New York has no rate: the net price alone.
    const ny = await updateCustomer(app, key, { country: 'US', state: 'NY', postcode: '10001', city: 'New York' });
    expect(ny.items[0].totals).toEqual({ subtotal: 1000, subtotal_tax: 0, total: 1000, tax: 0 });
    expect(ny.totals).toMatchObject({ total: 1000, total_tax: 0 });
    expect(ny.taxes).toEqual([]);
    expectConsistent(ny);
  });

  it('works taxes out for the billing, the shipping or the store address as tax_based_on says', async () => {
    const key = await cartWith(app, [[ten, 1]]);
    await updateCustomer(app, key, {
      country: 'DE', postcode: '10115', city: 'Berlin',
      ship_to_different_address: true, s_country: 'US', s_state: 'CA', s_postcode: '94103', s_city: 'San Francisco',
    });
    // billing DE: 1000 × 19 % = 190; shipping US-CA (San Francisco): 1000 × 7.25 % = 72.5 → 73; base GB: 200.
    const expected = { billing: 190, shipping: 73, base: 200 } as const;
    for (const [basedOn, tax] of Object.entries(expected)) {
      await setTaxes(app, { tax_based_on: basedOn as keyof typeof expected });
      const cart = await readCart(app, key);
      expect(cart.totals.total_tax, basedOn).toBe(tax);
      expect(cart.totals.total, basedOn).toBe(1000 + tax);
      expectConsistent(cart);
    }
  });

  it('rounds tax per line by default, and once at the subtotal with tax_round_at_subtotal', async () => {
    const key = await cartWith(app, pennies.map((id) => [id, 1] as [string, number]));
    await setTaxes(app);
    const perLine = await readCart(app, key);
    // Each 99p line: 99 × 20 % = 19.8 → 20; 3 × 20 = 60; total 297 + 60 = 357.
    expect(perLine.items.map((i: any) => i.totals.tax)).toEqual([20, 20, 20]);
    expect(perLine.totals).toMatchObject({ subtotal: 297, subtotal_tax: 60, total: 357, total_tax: 60 });
    expect(perLine.taxes).toEqual({ 'GB-VAT-1': { name: 'VAT', price: 60 } });
    expectConsistent(perLine);
    await setTaxes(app, { tax_round_at_subtotal: true });
    const atSubtotal = await readCart(app, key);
    // 3 × 19.8 = 59.4 → 59 once; total 297 + 59 = 356. Lines still show their own rounded tax.
    expect(atSubtotal.totals).toMatchObject({ subtotal: 297, subtotal_tax: 59, total: 356, total_tax: 59 });
    expect(atSubtotal.taxes).toEqual({ 'GB-VAT-1': { name: 'VAT', price: 59 } });
    expectConsistent(atSubtotal, { perLine: false });
  });

  it('shows item prices and subtotals incl. tax with tax_display_cart incl, and no taxes section', async () => {
    await setTaxes(app, { tax_display_cart: 'incl' });
    const cart = await readCart(app, await cartWith(app, [[ten, 2]]));
    // Unit 1000 + 200 = 1200; line subtotal 2000 + 400 = 2400. totals stay excl. tax: subtotal 2000, total 2400.
    expect(cart.items[0].price).toBe(1200);
    expect(cart.items[0].totals).toEqual({ subtotal: 2400, subtotal_tax: 400, total: 2000, tax: 400 });
    expect(cart.totals).toMatchObject({ subtotal: 2000, subtotal_tax: 400, total: 2400, total_tax: 400 });
    expect(cart.taxes).toEqual([]);
    expectConsistent(cart);
    const preformatted = await readCart(app, (await cartWith(app, [[ten, 1]])), '?config[prices]=preformatted');
    expect(preformatted.items[0].price).toBe('£12.00');
    expect(preformatted.items[0].totals).toEqual({ subtotal: '£12.00', subtotal_tax: '£2.00', total: '£10.00', tax: '£2.00' });
  });

  it('shows the unit price WooCommerce shows, worked out from one unit rather than the line over its quantity', async () => {
    const odd = await makeProduct(app, { name: 'Tax Test One-Oh-Two', regularPrice: 102, virtual: true });
    const shelf = await makeProduct(app, { name: 'Tax Test Nine-Ninety-Nine', regularPrice: 999, virtual: true });
    await setTaxes(app, { tax_display_cart: 'incl' });
    const incl = await readCart(app, await cartWith(app, [[odd, 4]]));
    // One unit: 102 + 20.4 → 20 = 122 (WC_Cart::get_product_price). The line: 408 + 81.6 → 82 = 490 (490 / 4 would be 123).
    expect(incl.items[0].price).toBe(122);
    expect(incl.items[0].totals).toEqual({ subtotal: 490, subtotal_tax: 82, total: 408, tax: 82 });
    expectConsistent(incl);
    await setTaxes(app, { prices_include_tax: true });
    const excl = await readCart(app, await cartWith(app, [[shelf, 3]]));
    // One unit: 999 − 999 / 6 = 832.5 → 833. The line: tax 499.5 → 499 (half down, prices entered with
    // tax), net 2997 − 499.5 = 2497.5 → 2498 (half up), from the unrounded tax.
    expect(excl.items[0].price).toBe(833);
    expect(excl.items[0].totals).toEqual({ subtotal: 2498, subtotal_tax: 499, total: 2498, tax: 499 });
    expectConsistent(excl);
    // Entered incl. tax and shown incl.: the shelf price. For a customer in Germany, wc_get_price_including_tax
    // takes the GB VAT out and adds theirs, each rounded to pence half down (wc_round_tax_total):
    // 999 − (166.5 → 166) + (832.5 × 19 % = 158.175 → 158) = 991.
    await setTaxes(app, { prices_include_tax: true, tax_display_cart: 'incl' });
    const key = await cartWith(app, [[shelf, 3]]);
    expect((await readCart(app, key)).items[0].price).toBe(999);
    const de = await updateCustomer(app, key, { country: 'DE', postcode: '10115', city: 'Berlin' });
    expect(de.items[0].price).toBe(991);
  });

  it('gives one tax total with tax_total_display single, and one per rate code when itemized', async () => {
    const key = await cartWith(app, [[ten, 1], [reduced, 1]]);
    await setTaxes(app, { tax_total_display: 'single' });
    // 200 + 50 = 250, labelled VAT as the store is in GB.
    const single = await readCart(app, key);
    expect(single.taxes).toEqual({ label: 'VAT', total: 250 });
    expectConsistent(single);
    await updateCustomer(app, key, { country: 'CA', state: 'PE', postcode: 'C1A 4P3', city: 'Charlottetown' });
    await setTaxes(app, { tax_total_display: 'itemized' });
    // Reduced rate has no Canadian rate: only the £10 item is taxed, 50 + 105.
    const itemized = await readCart(app, key);
    expect(itemized.taxes).toEqual({ 'CA-GST-1': { name: 'GST', price: 50 }, 'CA-PE-PE COMPOUND TAX-2': { name: 'PE Compound Tax', price: 105 } });
    expectConsistent(itemized);
  });

  it('leaves taxes out entirely when calc_taxes is off', async () => {
    await setTaxes(app, { calc_taxes: false });
    const cart = await readCart(app, await cartWith(app, [[ten, 1]]));
    expect(cart.items[0].totals).toEqual({ subtotal: 1000, subtotal_tax: 0, total: 1000, tax: 0 });
    expect(cart.totals).toMatchObject({ total: 1000, total_tax: 0 });
    expect(cart.taxes).toEqual([]);
    expectConsistent(cart);
  });

  it('taxes shipping: the UK flat rate at 20 %, at 5 % when every item is reduced-rate (inherit), or at the class set', async () => {
    await setTaxes(app);
    const key = await cartWith(app, [[parcel, 1]]);
    const cart = await updateCustomer(app, key, { country: 'GB', postcode: 'BS1 4XX', city: 'Bristol' });
    // Items 1000 + 200 VAT; flat rate 4.99 → 499 × 20 % = 99.8 → 100; total 1000 + 499 + 200 + 100 = 1799.
    expect(cart.shipping.packages.default.rates['flat_rate:1']).toMatchObject({ cost: 499, taxes: 100 });
    expect(cart.totals).toMatchObject({ shipping_total: 499, shipping_tax: 100, total: 1799, total_tax: 300 });
    expect(cart.taxes).toEqual({ 'GB-VAT-1': { name: 'VAT', price: 300 } });
    expectConsistent(cart);

    const reducedKey = await cartWith(app, [[reducedParcel, 1]]);
    const r = await updateCustomer(app, reducedKey, { country: 'GB', postcode: 'BS1 4XX', city: 'Bristol' });
    // Items 1000 + 50; shipping inherits the items' class: 499 × 5 % = 24.95 → 25; total 1000 + 499 + 50 + 25 = 1574.
    expect(r.totals).toMatchObject({ shipping_total: 499, shipping_tax: 25, total: 1574, total_tax: 75 });
    expectConsistent(r);

    // Mixed standard and reduced items: shipping takes the standard rate. 2000 items, 200 + 50 tax, shipping 100.
    ok(await addItem(app, { id: parcel, quantity: '1' }, reducedKey));
    const mixed = await readCart(app, reducedKey);
    expect(mixed.totals).toMatchObject({ subtotal: 2000, shipping_tax: 100, total_tax: 350, total: 2000 + 499 + 350 });
    expectConsistent(mixed);

    await setTaxes(app, { shipping_tax_class: 'zero-rate' });
    const zeroShipping = await readCart(app, reducedKey);
    expect(zeroShipping.totals).toMatchObject({ shipping_tax: 0, total_tax: 250, total: 2000 + 499 + 250 });
    expectConsistent(zeroShipping);
  });

  it("taxes a shopper who collects from the shop at the shop's rates (woocommerce_apply_base_tax_for_local_pickup)", async () => {
    await setTaxes(app);
    const db = app.runtime.database.db;
    const zone = await saveZone(db, { name: 'Ireland', order: 0 });
    await setZoneLocations(db, zone, [{ type: 'country', code: 'IE' }]);
    await saveZoneMethod(db, zone, { methodId: 'flat_rate', order: 0, enabled: true, settings: { title: 'An Post', taxable: true, cost: '7.00', classCosts: {}, calculationType: 'class' } });
    const pickup = await saveZoneMethod(db, zone, { methodId: 'local_pickup', order: 1, enabled: true, settings: { title: 'Collect in Bristol', taxable: true, cost: '2.00' } });
    await app.runtime.rules.changed();
    const key = await cartWith(app, [[parcel, 1]]);
    const posted = await updateCustomer(app, key, { country: 'IE', postcode: 'D02 X285', city: 'Dublin' });
    // No Irish rate: no tax on the item or the 7.00 post. 1000 + 700.
    expect(posted.totals).toMatchObject({ shipping_total: 700, total_tax: 0, total: 1700 });
    expect(posted.taxes).toEqual([]);
    const collected = ok(await chooseRate(app, key, { key: `local_pickup:${pickup}` }));
    // Collected in Bristol: GB VAT on the item 200 and on the 2.00 pickup 40; 1000 + 200 + 200 + 40 = 1440.
    expect(collected.totals).toMatchObject({ shipping_total: 200, shipping_tax: 40, total_tax: 240, total: 1440 });
    expect(collected.taxes).toEqual({ 'GB-VAT-1': { name: 'VAT', price: 240 } });
    expectConsistent(collected);
    // Posted again: untaxed again.
    const again = ok(await chooseRate(app, key, { key: Object.keys(collected.shipping.packages.default.rates)[0] }));
    expect(again.totals).toMatchObject({ shipping_total: 700, total_tax: 0, total: 1700 });
    // A stored pickup choice the new address does not offer (FR: Europe tracked only) taxes at the customer's rate.
    ok(await chooseRate(app, key, { key: `local_pickup:${pickup}` }));
    const fr = await updateCustomer(app, key, { country: 'FR', postcode: '75001', city: 'Paris' });
    // FR TVA: 200 on the item; Europe tracked 9.99 + 1.50 = 11.49, 229.8 → 230.
    expect(fr.shipping.packages.default.chosen_method).toBe('flat_rate:4');
    expect(fr.totals).toMatchObject({ shipping_total: 1149, total_tax: 430, total: 1000 + 1149 + 430 });
    expect(fr.taxes).toEqual({ 'FR-TVA-1': { name: 'TVA', price: 430 } });
    expectConsistent(fr);
  });

  it("does not tax an item whose tax status is 'shipping', but taxes its shipping at the item's class", async () => {
    await setTaxes(app);
    const shippingOnly = await makeProduct(app, { name: 'Tax Test Shipping Only', regularPrice: 1000, taxStatus: 'shipping', taxClass: 'reduced-rate' });
    const key = await cartWith(app, [[shippingOnly, 1]]);
    const cart = await updateCustomer(app, key, { country: 'GB', postcode: 'BS1 4XX', city: 'Bristol' });
    // Item untaxed; the flat rate 499 at the item's reduced rate: 24.95 → 25. Total 1000 + 499 + 25.
    expect(cart.items[0].totals).toEqual({ subtotal: 1000, subtotal_tax: 0, total: 1000, tax: 0 });
    expect(cart.totals).toMatchObject({ shipping_tax: 25, total_tax: 25, total: 1524 });
    expectConsistent(cart);
  });

  it('the settings API refuses a bad tax option with 400 and keeps the old one', async () => {
    await setTaxes(app);
    const r = await app.inject({
      method: 'POST', url: '/wp-json/cocart/settings/save',
      headers: { authorization: basicAuth('rules-admin') },
      payload: { tax: { tax_display_cart: 'both' } },
    });
    expect(r.statusCode).toBe(400);
    expect((await saveSettings(app, {})).tax.tax_display_cart).toBe('excl');
  });
});
