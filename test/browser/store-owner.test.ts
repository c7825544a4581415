import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { API, shopperCall, WC } from '../helpers/api.ts';
import { authHeaders } from '../helpers/auth.ts';
import { describeInBrowser, newPage, openDashboard, screenshot, signIn, type Dashboard } from './harness.ts';

/**
 * The "done when", end to end: a new store owner, in the browser only, adds a variable product
 * with two attributes and two photos uploaded through the product form's file input (wp/v2/media),
 * puts it in a new category and publishes it; a shopper buys one of its variations through the Cart
 * and Checkout APIs, making an account at checkout; the owner finds that customer in the Customers
 * screen by a search and sees the order there; and the Products API shows the attributes, the
 * variations, the category and the uploaded photos in every size WordPress makes.
 */

/** A photo as a camera would give it, large enough for every size, in one colour. */
const photo = (background: string) => sharp({ create: { width: 1200, height: 900, channels: 3, background } }).jpeg().toBuffer();

const SIZES = ['thumbnail', 'medium', 'medium_large', 'large', 'woocommerce_thumbnail', 'woocommerce_single', 'woocommerce_gallery_thumbnail', 'full'];

describeInBrowser('a store owner’s first sale, from the dashboard to the Products API', () => {
  let d: Dashboard;
  const stored = async (path: string) => (await d.app.inject({ method: 'GET', url: `${WC}${path}`, headers: authHeaders('admin') })).json();
  const status = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();
  const menu = (page: Page) => page.getByRole('navigation', { name: 'Main menu' });

  beforeAll(async () => {
    d = await openDashboard();
  });
  afterAll(async () => d?.close());

  it('adds a variable product with uploaded photos in a new category, sells a variation, finds the customer and the order, and the Products API shows it all', async () => {
    const { context, page } = await newPage(d);
    await signIn(page);

    // 1. The product, in the browser only.
    await menu(page).getByRole('link', { name: 'Products' }).click();
    await page.getByRole('link', { name: 'Add product' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add product' }).waitFor();
    await page.getByLabel('Product name').fill('Quayside Oilskin Jacket');
    await page.getByLabel('Product type').selectOption('variable');
    await page.getByLabel('Status', { exact: true }).selectOption('publish');

    // Two photos, each uploaded through the form's file input; the second made the main image.
    const upload = page.getByLabel('Upload an image');
    await upload.setInputFiles({ name: 'oilskin-yellow.jpg', mimeType: 'image/jpeg', buffer: await photo('#f1c40f') });
    await expect.poll(() => page.locator('.cat-image').count(), { timeout: 10_000 }).toBe(1);
    await upload.setInputFiles({ name: 'oilskin-navy.jpg', mimeType: 'image/jpeg', buffer: await photo('#1f3a5f') });
    const makeMain = page.getByRole('button', { name: /^Make main image oilskin-navy/ });
    await makeMain.waitFor();
    // The thumbnails shown are the uploaded files' own, served by the store.
    await expect
      .poll(() => page.locator('.cat-image img').evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth)), { timeout: 10_000 })
      .toEqual([150, 150]);
    await makeMain.click();
    await expect.poll(() => page.locator('.cat-image img').first().getAttribute('src'), { timeout: 10_000 }).toMatch(/oilskin-navy-150x150\.jpg$/);

    // A new category, made on the spot.
    await page.getByLabel('New category').fill('Foul-Weather Gear');
    await page.getByRole('button', { name: 'Add category' }).click();
    await expect.poll(() => page.getByLabel('Foul-Weather Gear').isChecked(), { timeout: 10_000 }).toBe(true);

    // Two attributes for variations: the product's own colour and size.
    for (const [i, name, values] of [[0, 'Colour', 'Yellow | Navy'], [1, 'Size', 'M | L']] as const) {
      await page.getByLabel('Attribute to add').selectOption('custom');
      await page.getByRole('button', { name: 'Add attribute' }).click();
      await page.locator(`#attribute-${i}-name`).fill(name);
      await page.locator(`#attribute-${i}-values`).fill(values);
      await expect(page.locator(`#attribute-${i}-variation`).isChecked()).resolves.toBe(true);
    }
    await screenshot(page, 'store-owner-product');
    await page.getByRole('button', { name: 'Create product' }).click();
    await status(page, 'Product created.');
    await page.getByRole('heading', { level: 1, name: 'Quayside Oilskin Jacket' }).waitFor();
    const id = Number(new URL(page.url()).pathname.split('/').pop());

    // Its variations, generated from the attributes with a price.
    const variations = page.getByRole('region', { name: /^Variations/ });
    await variations.getByLabel('Regular price of new variations').fill('120');
    await variations.getByRole('button', { name: 'Generate variations' }).click();
    await status(page, '4 variations created.');
    await expect.poll(() => variations.locator('.cat-variation').count(), { timeout: 10_000 }).toBe(4);
    await screenshot(page, 'store-owner-variations');

    const product = await stored(`/products/${id}`);
    expect(product).toMatchObject({ type: 'variable', status: 'publish', categories: [{ name: 'Foul-Weather Gear' }] });
    expect(product.images.map((i: { src: string }) => i.src.split('/').pop())).toEqual(['oilskin-navy.jpg', 'oilskin-yellow.jpg']);
    const navyL = (await stored(`/products/${id}/variations?per_page=100`)).find(
      (v: { attributes: { option: string }[] }) => v.attributes.map((a) => a.option).join('/') === 'Navy/L',
    );
    expect(navyL).toMatchObject({ regular_price: '120.00', purchasable: true });

    // 2. A shopper buys the navy jacket in L through the storefront API, making an account at checkout.
    const add = await shopperCall(d.app, 'POST', '/cart/add-item', { key: '', payload: { id: String(navyL.id), quantity: 1 } });
    expect(add.statusCode, add.body).toBe(200);
    const key = add.headers['cocart-api-cart-key'] as string;
    const billing = { first_name: 'Marina', last_name: 'Tidewell', address_1: '3 Harbour Row', city: 'Falmouth', postcode: 'TR11 3AA', country: 'GB', email: 'marina.tidewell@example.org' };
    const placed = await d.app.inject({
      method: 'POST',
      url: `${API}/checkout`,
      headers: { 'cocart-api-cart-key': key },
      payload: { billing_address: billing, payment_method: 'cod', create_account: true, customer_password: 'Salt-Spray-Sturdy-42' },
    });
    expect(placed.statusCode, placed.body).toBe(200);
    const order = placed.json();
    expect(order).toMatchObject({ status: 'processing', payment_method: 'cod' });
    expect(order.customer_id).toBeGreaterThan(0);
    const line = (await stored(`/orders/${order.order_id}`)).line_items;
    expect(line).toMatchObject([{ product_id: id, variation_id: navyL.id, quantity: 1 }]);

    // 3. The owner finds the customer by a search, and the order on their page.
    await menu(page).getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    await page.getByLabel('Search customers').fill('tidewell');
    await page.getByLabel('Search customers').press('Enter');
    const found = page.getByRole('table', { name: 'Customers matching “tidewell”' });
    await expect.poll(() => found.getByRole('link').allTextContents(), { timeout: 10_000 }).toEqual(['Marina Tidewell']);
    await expect(found.getByRole('row').nth(1).textContent()).resolves.toContain('marina.tidewell@example.org');
    await screenshot(page, 'store-owner-customers');
    await found.getByRole('link', { name: 'Marina Tidewell' }).click();
    await page.getByRole('heading', { level: 1, name: 'Marina Tidewell' }).waitFor();
    const orders = page.getByRole('table', { name: 'Latest orders of this customer' });
    await expect.poll(() => orders.getByRole('link').allTextContents(), { timeout: 10_000 }).toEqual([`#${order.order_number}`]);
    await expect(orders.getByRole('row').nth(1).textContent()).resolves.toContain('Processing');
    await screenshot(page, 'store-owner-customer');
    await orders.getByRole('link', { name: `#${order.order_number}` }).click();
    await expect.poll(() => page.getByRole('main').textContent(), { timeout: 10_000 }).toContain('Quayside Oilskin Jacket');
    await context.close();

    // 4. The Products API: attributes, variations, category, and the uploaded photos in every size.
    const shop = await d.app.inject({ method: 'GET', url: `/wp-json/cocart/v2/products/${id}` });
    expect(shop.statusCode).toBe(200);
    const body = shop.json();
    expect(body.categories).toMatchObject([{ name: 'Foul-Weather Gear', slug: 'foul-weather-gear' }]);
    expect(body.attributes).toMatchObject({
      attribute_colour: { name: 'Colour', used_for_variation: true, options: { yellow: 'Yellow', navy: 'Navy' } },
      attribute_size: { name: 'Size', used_for_variation: true, options: { m: 'M', l: 'L' } },
    });
    expect(body.variations).toHaveLength(4);
    expect(body.variations.map((v: { id: number }) => v.id)).toContain(navyL.id);
    expect(body.images.map((i: { id: number; featured: boolean }) => [i.id, i.featured])).toEqual([
      [product.images[0].id, true],
      [product.images[1].id, false],
    ]);
    for (const image of body.images) {
      expect(Object.keys(image.src).sort()).toEqual([...SIZES].sort());
      const media = (await d.app.inject({ method: 'GET', url: `/wp-json/wp/v2/media/${image.id}` })).json();
      expect(image.src.thumbnail).toBe(media.media_details.sizes.thumbnail.source_url);
      expect(image.src.full).toBe(media.source_url);
      expect(media.media_details).toMatchObject({ width: 1200, height: 900 });
      // Each size is a file the store serves.
      const thumb = await d.app.inject({ method: 'GET', url: new URL(image.src.thumbnail).pathname });
      expect([thumb.statusCode, thumb.headers['content-type']]).toEqual([200, 'image/jpeg']);
    }
    expect(body.images[0].src.woocommerce_single).toMatch(/oilskin-navy-600x450\.jpg$/);
  });
});
