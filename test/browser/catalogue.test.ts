import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WC } from '../helpers/api.ts';
import { authHeaders } from '../helpers/auth.ts';
import { describeInBrowser, newPage, openDashboard, screenshot, signIn, type Dashboard } from './harness.ts';

/** The catalogue screens as staff use them: products and their stock and prices, coupons, tax rates, shipping zones. */

describeInBrowser('dashboard catalogue', () => {
  let d: Dashboard;
  /** What the server has now, read through the admin API. */
  const stored = async (path: string) => {
    const res = await d.app.inject({ method: 'GET', url: `${WC}${path}`, headers: authHeaders('admin') });
    return { status: res.statusCode, body: res.json() };
  };
  const productBySku = async (sku: string) => (await stored(`/products?sku=${sku}`)).body[0];
  const rowOf = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

  beforeAll(async () => {
    d = await openDashboard();
  });
  afterAll(async () => d?.close());

  it('lists products with stock and prices, searches them and filters by stock, keeping both in the address', async () => {
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Products' }).click();
    await page.getByRole('heading', { level: 1, name: 'Products' }).waitFor();
    const table = page.getByRole('table', { name: 'Products' });
    await table.waitFor();
    // A managed stock shows its quantity; a sale shows both prices.
    const kit = rowOf(page, 'Marine First Aid Kit');
    await expect(kit.textContent()).resolves.toMatch(/In stock\s*40 in stock/);
    await expect(kit.textContent()).resolves.toContain('£34.99');
    await expect(kit.textContent()).resolves.toContain('£27.99');
    await expect(page.getByText('items').first().textContent()).resolves.toMatch(/\d+ items/);
    await screenshot(page, 'products');

    await page.getByRole('searchbox', { name: 'Search products' }).fill('jacket');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('table', { name: 'Products matching “jacket”' }).waitFor();
    // The products the server finds for the words, in name or description, and only those.
    const found = (await stored('/products?search=jacket&per_page=100')).body.map((p: { name: string }) => p.name);
    expect(found).toContain('Offshore Waterproof Jacket');
    await expect(page.getByRole('table').getByRole('link').allTextContents()).resolves.toEqual(found);
    expect(new URL(page.url()).searchParams.get('search')).toBe('jacket');

    await page.getByRole('button', { name: 'Clear search and filters' }).click();
    await page.getByLabel('Stock', { exact: true }).selectOption('outofstock');
    await page.waitForURL(/stock_status=outofstock/);
    await expect.poll(() => page.getByRole('table').getByRole('link').allTextContents()).toEqual(['Vintage Brass Compass']);
    await page.reload();
    await page.getByRole('table').waitFor();
    await expect(page.getByRole('table').getByRole('link').allTextContents()).resolves.toEqual(['Vintage Brass Compass']);

    await page.getByRole('searchbox', { name: 'Search products' }).fill('no such thing anywhere');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('No products found for this search or these filters.').waitFor();
    await context.close();
  });

  it('edits a product’s price, sale with its dates, and stock; the server keeps them and the page shows them without a reload', async () => {
    const kit = await productBySku('CW-SAF-FAK');
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.goto('/admin/products?search=first+aid');
    await page.getByRole('link', { name: 'Marine First Aid Kit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Marine First Aid Kit' }).waitFor();
    await expect(page.getByLabel('Regular price').inputValue()).resolves.toBe('34.99');

    await page.getByLabel('Regular price').fill('39.99');
    await page.getByLabel('Sale price').fill('29,50');
    await page.getByLabel('Schedule the sale').check();
    await page.getByLabel('Sale starts on').fill('2030-03-01');
    await page.getByLabel('Sale ends on').fill('2030-03-31');
    await page.getByLabel('Quantity in stock').fill('12');
    await page.getByLabel('Allow backorders?').selectOption('notify');
    let loads = 0;
    page.on('load', () => loads++);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(loads).toBe(0);

    const after = (await stored(`/products/${kit.id}`)).body;
    expect(after).toMatchObject({
      regular_price: '39.99',
      sale_price: '29.50',
      date_on_sale_from: '2030-03-01T00:00:00',
      date_on_sale_to: '2030-03-31T23:59:59',
      manage_stock: true,
      stock_quantity: 12,
      backorders: 'notify',
      on_sale: false,
    });
    // The details show what the server answered: a scheduled sale, the new quantity.
    const details = page.getByRole('region', { name: 'Details' });
    await expect(details.textContent()).resolves.toContain('Sale scheduled');
    await expect(details.textContent()).resolves.toContain('12 in stock');
    await screenshot(page, 'product');

    // Stock tracking off: the stock status is set by hand.
    await page.getByLabel('Track the stock quantity').uncheck();
    await page.getByLabel('Stock status').selectOption('outofstock');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await stored(`/products/${kit.id}`)).body).toMatchObject({ manage_stock: false, stock_quantity: null, stock_status: 'outofstock' });
    await expect(details.textContent()).resolves.toContain('Out of stock');

    await page.reload();
    await expect.poll(() => page.getByLabel('Regular price').inputValue()).toBe('39.99');
    await expect(page.getByLabel('Sale ends on').inputValue()).resolves.toBe('2030-03-31');
    await context.close();
  });

  it('shows the server’s reason under the field it is about, and keeps what was typed', async () => {
    const dinghy = await productBySku('CW-BOAT-DNG230');
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.goto(`/admin/products/${dinghy.id}`);
    await page.getByLabel('Regular price').fill('six hundred');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const field = page.getByLabel('Regular price');
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await field.getAttribute('aria-describedby'))!.split(' ')[0];
    await expect(page.locator(`#${describedBy}`).textContent()).resolves.toBe('regular_price is not a valid price.');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('rest_invalid_param');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('product-regular-price');
    await expect(field.inputValue()).resolves.toBe('six hundred');
    expect((await stored(`/products/${dinghy.id}`)).body.regular_price).toBe('649.00');

    // A sale price at or above the regular price is caught before asking the server.
    await field.fill('649');
    await page.getByLabel('Sale price').fill('700');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('The sale price must be lower than the regular price.').waitFor();
    await expect(page.getByLabel('Sale price').getAttribute('aria-invalid')).resolves.toBe('true');
    await context.close();
  });

  it('edits the price and stock of one variation of a variable product', async () => {
    const jacket = await productBySku('CW-JKT-OFF');
    const variations = (await stored(`/products/${jacket.id}/variations?per_page=100`)).body;
    const first = variations[0];
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.goto(`/admin/products/${jacket.id}`);
    const list = page.getByRole('region', { name: /^Variations/ });
    await list.getByRole('listitem').first().waitFor();
    await expect(list.getByRole('listitem').count()).resolves.toBe(variations.length);
    await list.getByRole('listitem').first().getByRole('button', { name: /^Edit/ }).click();
    await page.locator(`#variation-${first.id}-regular-price`).fill('150');
    await page.locator(`#variation-${first.id}-manage-stock`).check();
    await page.locator(`#variation-${first.id}-stock-quantity`).fill('7');
    await list.getByRole('button', { name: 'Save', exact: true }).click();
    await list.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await stored(`/products/${jacket.id}/variations/${first.id}`)).body).toMatchObject({ regular_price: '150.00', manage_stock: true, stock_quantity: 7 });
    await expect(list.getByRole('listitem').first().textContent()).resolves.toContain('7 in stock');
    await context.close();
  });

  it('creates a coupon (after a field error), edits it and deletes it', async () => {
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.goto('/admin/coupons');
    await rowOf(page, 'crew25').waitFor();
    await page.getByRole('button', { name: 'Add coupon' }).click();
    await page.getByRole('heading', { name: 'Add coupon' }).waitFor();
    await page.getByLabel('Coupon code').fill('SPRING-SAIL');
    await page.getByLabel('Description').fill('Spring sailing offer');
    await page.getByLabel('Discount type').selectOption('percent');
    await page.getByLabel('Amount (%)').fill('150');
    await page.getByLabel('Expiry date').fill('2031-04-30');
    await page.getByLabel('Minimum spend').fill('40');
    await page.getByLabel('Usage limit per coupon').fill('100');
    await page.getByLabel('Allow free shipping', { exact: false }).check();
    await page.getByRole('button', { name: 'Create coupon' }).click();
    await page.getByText('amount must be at most 100.').waitFor();
    await expect(page.getByLabel('Amount (%)').getAttribute('aria-invalid')).resolves.toBe('true');

    await page.getByLabel('Amount (%)').fill('10');
    await page.getByRole('button', { name: 'Create coupon' }).click();
    await page.getByRole('status').filter({ hasText: 'Coupon “spring-sail” created.' }).waitFor();
    const row = rowOf(page, 'spring-sail');
    await expect(row.textContent()).resolves.toMatch(/Percentage discount.*Free shipping.*10%.*0 \/ 100.*30 Apr 2031/);
    const [created] = (await stored('/coupons?code=spring-sail')).body;
    expect(created).toMatchObject({
      code: 'spring-sail',
      amount: '10.00',
      discount_type: 'percent',
      date_expires: '2031-04-30T00:00:00',
      minimum_amount: '40.00',
      usage_limit: 100,
      free_shipping: true,
    });
    await screenshot(page, 'coupons');

    // Editing opens from the address, so it survives a reload.
    await row.getByRole('button', { name: 'Edit spring-sail' }).click();
    await page.waitForURL(/edit=\d+/);
    await page.reload();
    await expect.poll(() => page.getByLabel('Coupon code').inputValue()).toBe('spring-sail');
    await page.getByLabel('Coupon code').fill('crew25');
    await page.getByRole('button', { name: 'Save coupon' }).click();
    await page.getByText('The coupon code already exists').first().waitFor();
    await expect(page.getByLabel('Coupon code').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByLabel('Coupon code').fill('spring-sail');
    await page.getByLabel('Usage limit per coupon').fill('');
    await page.getByRole('button', { name: 'Save coupon' }).click();
    await page.getByRole('status').filter({ hasText: 'Coupon “spring-sail” saved.' }).waitFor();
    expect((await stored(`/coupons/${created.id}`)).body.usage_limit).toBeNull();

    await rowOf(page, 'spring-sail').getByRole('button', { name: 'Delete spring-sail' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete coupon “spring-sail”?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Delete coupon' }).click();
    await page.getByRole('status').filter({ hasText: 'Coupon “spring-sail” deleted.' }).waitFor();
    await expect.poll(() => rowOf(page, 'spring-sail').count()).toBe(0);
    expect((await stored(`/coupons/${created.id}`)).status).toBe(404);
    await context.close();
  });

  it('lists tax rates by class, and adds, edits and deletes one', async () => {
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.goto('/admin/tax-rates');
    const table = page.getByRole('table', { name: 'Tax rates of the class “Standard rate”' });
    await table.waitFor();
    await expect(rowOf(page, 'CA State Tax').textContent()).resolves.toContain('7.25%');
    await screenshot(page, 'tax-rates');

    await page.getByRole('navigation', { name: 'Tax classes' }).getByRole('link', { name: 'Reduced rate' }).click();
    await page.getByRole('table', { name: 'Tax rates of the class “Reduced rate”' }).waitFor();
    await expect.poll(() => page.getByRole('table').getByRole('row').count()).toBe(2);

    await page.getByRole('button', { name: 'Add tax rate' }).click();
    await page.getByLabel('Country code').fill('XX');
    await page.getByLabel('Rate (%)').fill('5');
    await page.getByRole('button', { name: 'Add tax rate' }).last().click();
    await page.getByText('country is not a valid country code.').waitFor();
    await page.getByLabel('Country code').fill('fr');
    await page.getByLabel('Rate (%)').fill('5,5');
    await page.getByLabel('Tax name').fill('TVA réduite');
    await page.getByLabel('Applies to shipping too').uncheck();
    await page.getByRole('button', { name: 'Add tax rate' }).last().click();
    await page.getByRole('status').filter({ hasText: 'added' }).waitFor();
    const rates = (await stored('/taxes?class=reduced-rate&per_page=100')).body;
    const added = rates.find((r: { name: string }) => r.name === 'TVA réduite');
    expect(added).toMatchObject({ country: 'FR', rate: '5.5000', shipping: false, class: 'reduced-rate' });

    await rowOf(page, 'TVA réduite').getByRole('button', { name: /^Edit/ }).click();
    await expect.poll(() => page.getByLabel('Rate (%)').inputValue()).toBe('5.5');
    await page.getByLabel('Priority').fill('2');
    await page.getByRole('button', { name: 'Save tax rate' }).click();
    await page.getByRole('status').filter({ hasText: 'saved' }).waitFor();
    expect((await stored(`/taxes/${added.id}`)).body.priority).toBe(2);

    await rowOf(page, 'TVA réduite').getByRole('button', { name: /^Delete/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete tax rate' }).click();
    await page.getByRole('status').filter({ hasText: 'deleted' }).waitFor();
    expect((await stored(`/taxes/${added.id}`)).status).toBe(404);
    await context.close();
  });

  it('shows shipping zones with their regions and methods; edits a method’s cost and enabled, renames a zone, adds and deletes one', async () => {
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.goto('/admin/shipping-zones');
    await page.getByRole('table', { name: 'Shipping zones' }).waitFor();
    await expect(rowOf(page, 'United Kingdom').first().textContent()).resolves.toMatch(/Flat rate \(£4\.99\).*Free shipping \(Needs a coupon or a spend of £50\.00\).*Collect from our Bristol shop/);
    await expect(page.getByRole('row').last().textContent()).resolves.toContain('Locations not covered by your other zones');
    await screenshot(page, 'shipping-zones');

    await page.getByRole('link', { name: 'United Kingdom' }).click();
    await page.getByRole('heading', { level: 1, name: 'Shipping zone “United Kingdom”' }).waitFor();
    const methods = page.getByRole('region', { name: 'Shipping methods' });
    const flat = methods.getByRole('listitem').filter({ hasText: 'Flat rate' }).first();
    await flat.getByRole('button', { name: 'Edit Flat rate' }).click();
    await flat.getByLabel('Cost (GBP)').fill('4.99 * [nonsense');
    await flat.getByRole('button', { name: 'Save method' }).click();
    await flat.getByText('settings[cost] is not a valid cost or sum.').waitFor();
    await flat.getByLabel('Cost (GBP)').fill('5.49');
    await flat.getByRole('button', { name: 'Save method' }).click();
    await page.getByRole('status').filter({ hasText: '“Flat rate” saved.' }).waitFor();
    await expect(flat.textContent()).resolves.toContain('£5.49');

    const pickup = methods.getByRole('listitem').filter({ hasText: 'Collect from our Bristol shop' });
    await pickup.getByRole('button', { name: /^Edit/ }).click();
    await pickup.getByLabel('Enabled').uncheck();
    await pickup.getByRole('button', { name: 'Save method' }).click();
    // Its own notice: the flat rate's "saved" may still be on screen.
    await page.getByRole('status').filter({ hasText: '“Collect from our Bristol shop” saved.' }).waitFor();
    await expect(pickup.textContent()).resolves.toContain('Disabled');
    const stopped = (await stored('/shipping/zones/1/methods')).body;
    expect(stopped.find((m: { method_id: string }) => m.method_id === 'flat_rate').settings.cost.value).toBe('5.49');
    expect(stopped.find((m: { method_id: string }) => m.method_id === 'local_pickup').enabled).toBe(false);

    await page.getByLabel('Zone name').fill('UK mainland');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('status').filter({ hasText: 'Shipping zone renamed to “UK mainland”.' }).waitFor();
    expect((await stored('/shipping/zones/1')).body.name).toBe('UK mainland');

    // A new zone: a name, a region, a method; then deleted.
    await page.getByRole('link', { name: 'All shipping zones' }).click();
    await page.getByRole('button', { name: 'Add shipping zone' }).click();
    await page.getByLabel('Zone name').fill('Channel Islands');
    await page.getByRole('button', { name: 'Add shipping zone' }).last().click();
    await page.getByRole('heading', { level: 1, name: 'Shipping zone “Channel Islands”' }).waitFor();
    const id = Number(new URL(page.url()).searchParams.get('zone'));
    await page.getByLabel('Region type').selectOption('postcode');
    await page.getByLabel('Code', { exact: true }).fill('GY*');
    await page.getByRole('button', { name: 'Add region' }).click();
    await page.getByRole('status').filter({ hasText: 'Regions saved.' }).waitFor();
    await page.getByLabel('Add a shipping method').selectOption('local_pickup');
    await page.getByRole('button', { name: 'Add method' }).click();
    await page.getByRole('status').filter({ hasText: 'added' }).waitFor();
    expect((await stored(`/shipping/zones/${id}/locations`)).body).toMatchObject([{ code: 'GY*', type: 'postcode' }]);
    expect((await stored(`/shipping/zones/${id}/methods`)).body).toMatchObject([{ method_id: 'local_pickup' }]);

    await page.getByRole('button', { name: 'Delete shipping zone' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete shipping zone' }).click();
    await page.getByRole('status').filter({ hasText: 'Shipping zone “Channel Islands” deleted.' }).waitFor();
    await expect.poll(() => rowOf(page, 'Channel Islands').count()).toBe(0);
    expect((await stored(`/shipping/zones/${id}`)).status).toBe(404);
    await context.close();
  });

  it('lets a shop manager edit stock, and works by keyboard: a delete asked for with Enter is cancelled with Escape', async () => {
    const torch = await productBySku('CW-SAF-TORCH');
    const { context, page } = await newPage(d);
    await signIn(page, 'manager');
    await page.goto(`/admin/products/${torch.id}`);
    await page.getByLabel('Quantity in stock').fill('55');
    await page.getByLabel('Quantity in stock').press('Enter');
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect((await stored(`/products/${torch.id}`)).body.stock_quantity).toBe(55);

    await page.goto('/admin/coupons');
    const remove = rowOf(page, 'save10').getByRole('button', { name: 'Delete save10' });
    await remove.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Delete coupon “save10”?' });
    await dialog.waitFor();
    // The dialog holds the focus while open.
    await expect(page.evaluate(() => Boolean(document.activeElement?.closest('dialog')))).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect((await stored('/coupons?code=save10')).body).toHaveLength(1);
    await context.close();
  });

  it('fits a phone without sideways scrolling, and speaks French', async () => {
    const { context, page } = await newPage(d, { phone: true, locale: 'fr-FR' });
    await signIn(page);
    await page.goto('/admin/products?stock_status=onbackorder');
    await page.getByRole('heading', { level: 1, name: 'Produits' }).waitFor();
    await page.getByRole('table', { name: 'Produits' }).waitFor();
    await expect(page.getByRole('table').textContent()).resolves.toContain('En réapprovisionnement');
    await expect(page.getByRole('searchbox', { name: 'Rechercher des produits' }).isVisible()).resolves.toBe(true);
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await page.goto('/admin/products');
    await page.getByRole('table', { name: 'Produits' }).waitFor();
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await screenshot(page, 'products-phone');

    for (const path of ['/admin/coupons', '/admin/tax-rates', '/admin/shipping-zones']) {
      await page.goto(path);
      await page.getByRole('table').first().waitFor();
      await expect(page.evaluate(() => document.documentElement.scrollWidth), path).resolves.toBeLessThanOrEqual(390);
    }
    await context.close();
  });
});
