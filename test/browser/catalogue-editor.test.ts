import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WC } from '../helpers/api.ts';
import { authHeaders } from '../helpers/auth.ts';
import { describeInBrowser, newPage, openDashboard, screenshot, signIn, type Dashboard } from './harness.ts';

/**
 * Running the catalogue from the dashboard: a variable product made from nothing in the browser
 * (attributes and terms, a new category, images, variations generated and edited) and seen in the
 * Products API; the product list's bulk and row actions; the screens of categories, tags and
 * attributes; by keyboard, on a phone and in French. Images are given by their web address, on a
 * picture host the browser is answered for here; uploads go through WordPress's media route, which this
 * suite does not cover.
 */

/** Product pictures: small SVGs in the colour their path names (/navy.svg), served to the browser only. */
const PICTURES = 'https://pictures.example';
async function servePictures(context: BrowserContext): Promise<void> {
  await context.route(`${PICTURES}/**`, (route) => {
    const colour = new URL(route.request().url()).pathname.replace(/^\/|\.svg$/g, '') || 'grey';
    return route.fulfill({ contentType: 'image/svg+xml', body: `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96"><rect width="96" height="96" fill="${colour}"/></svg>` });
  });
}

describeInBrowser('dashboard catalogue editing', () => {
  let d: Dashboard;
  const stored = async (path: string) => (await d.app.inject({ method: 'GET', url: `${WC}${path}`, headers: authHeaders('admin') })).json();
  const rowOf = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });
  const status = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();

  beforeAll(async () => {
    d = await openDashboard();
  });
  afterAll(async () => d?.close());

  it('adds a variable product with two attributes, images and a new category, in the browser only, and the Products API shows it', async () => {
    const { context, page } = await newPage(d);
    await servePictures(context);
    await signIn(page);

    // A store attribute with two terms, put in order.
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Attributes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Attributes' }).waitFor();
    await page.getByRole('button', { name: 'Add attribute' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Material');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await status(page, 'Attribute “Material” created.');
    await rowOf(page, 'Material').getByRole('link', { name: 'Material', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Terms of Material' }).waitFor();
    for (const term of ['Rubber', 'Leather']) {
      await page.getByRole('button', { name: 'Add term' }).click();
      await page.getByLabel('Name', { exact: true }).fill(term);
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await status(page, `Term “${term}” created.`);
    }
    // Both at menu order 0 show by name; Rubber is moved first.
    await expect.poll(() => page.getByRole('table').locator('tbody tr strong').allTextContents()).toEqual(['Leather', 'Rubber']);
    await page.getByRole('button', { name: 'Move up Rubber' }).click();
    await status(page, '“Rubber” moved.');
    await expect.poll(() => page.getByRole('table').locator('tbody tr strong').allTextContents()).toEqual(['Rubber', 'Leather']);
    await screenshot(page, 'attribute-terms');
    const material = (await stored('/products/attributes')).find((a: { name: string }) => a.name === 'Material');
    const terms = await stored(`/products/attributes/${material.id}/terms`);
    expect(Object.fromEntries(terms.map((term: { name: string; menu_order: number }) => [term.name, term.menu_order]))).toEqual({ Rubber: 0, Leather: 1 });

    // The product itself.
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Products' }).click();
    await page.getByRole('link', { name: 'Add product' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add product' }).waitFor();
    await page.getByLabel('Product name').fill('Harbour Deck Boot');
    await page.getByLabel('Product type').selectOption('variable');
    await page.getByLabel('Status', { exact: true }).selectOption('publish');
    const short = page.getByRole('textbox', { name: 'Short description' });
    await short.click();
    await page.keyboard.type('Grippy soles for wet decks. ');
    await page.getByRole('button', { name: 'Bold' }).first().click();
    await page.keyboard.type('Made to last.');
    await page.getByLabel('Or its web address').fill(`${PICTURES}/navy.svg`);
    await page.getByRole('button', { name: 'Add image' }).click();
    await page.getByLabel('Or its web address').fill(`${PICTURES}/teal.svg`);
    await page.getByLabel('Or its web address').press('Enter');
    await page.getByRole('button', { name: 'Make main image teal.svg' }).click();
    await page.getByLabel('New category').fill('Deck Boots');
    await page.getByRole('button', { name: 'Add category' }).click();
    await expect.poll(() => page.getByLabel('Deck Boots').isChecked()).toBe(true);
    await page.getByLabel('Add a tag').fill('Waterproof');
    await page.getByRole('button', { name: 'Add tag' }).click();

    await page.getByLabel('Attribute to add').selectOption({ label: 'Material' });
    await page.getByRole('button', { name: 'Add attribute' }).click();
    await page.getByLabel('Rubber').check();
    await page.getByLabel('Leather').check();
    await page.getByLabel('Attribute to add').selectOption('custom');
    await page.getByRole('button', { name: 'Add attribute' }).click();
    await page.locator('#attribute-1-name').fill('Size');
    await page.locator('#attribute-1-values').fill('40 | 42');
    await expect(page.locator('#attribute-0-variation').isChecked()).resolves.toBe(true);
    await expect(page.locator('#attribute-1-variation').isChecked()).resolves.toBe(true);
    await screenshot(page, 'product-new');
    await page.getByRole('button', { name: 'Create product' }).click();
    await status(page, 'Product created.');
    await page.getByRole('heading', { level: 1, name: 'Harbour Deck Boot' }).waitFor();
    const id = Number(new URL(page.url()).pathname.split('/').pop());

    // Variations from the attributes, with a price, then one edited on its own.
    const variations = page.getByRole('region', { name: /^Variations/ });
    await variations.getByLabel('Regular price of new variations').fill('89,00');
    await variations.getByRole('button', { name: 'Generate variations' }).click();
    await status(page, '4 variations created.');
    await expect.poll(() => variations.locator('.cat-variation').count()).toBe(4);
    const first = (await stored(`/products/${id}/variations?per_page=100`)).find((v: { attributes: { option: string }[] }) => v.attributes.map((a) => a.option).join('/') === 'Rubber/40');
    await variations.locator('.cat-variation').filter({ hasText: 'Material: Rubber, Size: 40' }).getByRole('button', { name: /^Edit/ }).click();
    await page.locator(`#variation-${first.id}-sku`).fill('BOOT-RUB-40');
    await page.locator(`#variation-${first.id}-sale-price`).fill('79');
    await page.locator(`#variation-${first.id}-manage-stock`).check();
    await page.locator(`#variation-${first.id}-stock-quantity`).fill('6');
    await page.locator(`#variation-${first.id}-weight`).fill('1.4');
    await page.locator(`#variation-${first.id}-length`).fill('32');
    await page.locator(`#variation-${first.id}-image-url`).fill(`${PICTURES}/black.svg`);
    await page.locator(`#variation-${first.id}-image-url`).press('Enter');
    await variations.getByRole('button', { name: 'Save', exact: true }).click();
    await variations.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await screenshot(page, 'product-variations');

    // What the server holds, through wc/v3 and the shop's Products API.
    const product = await stored(`/products/${id}`);
    expect(product).toMatchObject({ type: 'variable', status: 'publish', categories: [{ name: 'Deck Boots' }], tags: [{ name: 'Waterproof' }] });
    // The editor's own spacing (a typed space may be a non-breaking one) is left as the browser made it.
    expect(product.short_description).toMatch(/^Grippy soles for wet decks\.(?:\s|&nbsp;)*<b>Made to last\.<\/b>$/);
    expect(product.images.map((i: { src: string }) => i.src)).toEqual([`${PICTURES}/teal.svg`, `${PICTURES}/navy.svg`]);
    expect((await stored(`/products/${id}/variations/${first.id}`)) as object).toMatchObject({
      sku: 'BOOT-RUB-40',
      regular_price: '89.00',
      sale_price: '79.00',
      stock_quantity: 6,
      weight: '1.4',
      dimensions: { length: '32' },
      image: { src: `${PICTURES}/black.svg` },
    });
    const shop = await d.app.inject({ method: 'GET', url: `/wp-json/cocart/v2/products/${id}` });
    expect(shop.statusCode).toBe(200);
    const body = shop.json();
    expect(body.categories).toMatchObject([{ name: 'Deck Boots', slug: 'deck-boots' }]);
    expect(body.attributes).toMatchObject({
      'attribute_pa_material': { name: 'Material', used_for_variation: true, options: { rubber: 'Rubber', leather: 'Leather' } },
      'attribute_size': { name: 'Size', used_for_variation: true, options: { '40': '40', '42': '42' } },
    });
    expect(body.variations).toHaveLength(4);
    expect(JSON.stringify(body.images)).toContain(`${PICTURES}/teal.svg`);
    expect(JSON.stringify(body.images)).toContain(`${PICTURES}/navy.svg`);

    // A variation deleted, once asked.
    await variations.getByRole('button', { name: 'Delete Material: Leather, Size: 42' }).click();
    await page.getByRole('dialog', { name: 'Delete the variation “Material: Leather, Size: 42”?' }).getByRole('button', { name: 'Delete variation' }).click();
    await expect.poll(() => variations.locator('.cat-variation').count()).toBe(3);
    expect(await stored(`/products/${id}/variations`)).toHaveLength(3);
    await context.close();
  });

  it('acts on several products from the list: price by percent and by amount, stock, publish, trash and restore; duplicates one', async () => {
    const make = async (name: string, price: string) =>
      (await d.app.inject({ method: 'POST', url: `${WC}/products`, headers: authHeaders('admin'), payload: { name, regular_price: price, status: 'draft', sku: name.toUpperCase().replace(/\W+/g, '-') } })).json();
    const a = await make('Bulk Fender A', '20.00');
    const b = await make('Bulk Fender B', '10.00');
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.goto('/admin/products?search=bulk+fender');
    const table = page.getByRole('table', { name: 'Products matching “bulk fender”' });
    await table.waitFor();
    await page.getByLabel('Select every product on this page').check();
    await page.getByLabel('With 2 selected').selectOption('price');
    await page.getByLabel('How').selectOption('increase-percent');
    await page.getByLabel('Percentage').fill('10');
    await page.getByRole('button', { name: 'Apply' }).click();
    await status(page, '2 products changed.');
    expect([(await stored(`/products/${a.id}`)).regular_price, (await stored(`/products/${b.id}`)).regular_price]).toEqual(['22.00', '11.00']);

    await page.getByLabel('Select Bulk Fender B').check();
    await page.getByLabel('With 1 selected').selectOption('price');
    await page.getByLabel('How').selectOption('decrease-amount');
    await page.getByLabel('Amount').fill('1,50');
    await page.getByRole('button', { name: 'Apply' }).click();
    await status(page, '1 product changed.');
    expect((await stored(`/products/${b.id}`)).regular_price).toBe('9.50');

    await page.getByLabel('Select every product on this page').check();
    await page.getByLabel('With 2 selected').selectOption('stock');
    await page.getByLabel('Quantity in stock').fill('25');
    await page.getByRole('button', { name: 'Apply' }).click();
    // The notice says the same as after the price change: what the server holds tells the steps apart.
    await expect.poll(async () => (await stored(`/products/${b.id}`)).stock_quantity).toBe(25);
    // The server may hold the change before the page has its answer, which clears the selection.
    await expect.poll(() => page.getByLabel('Select every product on this page').isChecked()).toBe(false);
    await page.getByLabel('Select every product on this page').check();
    await page.getByLabel('With 2 selected').selectOption('publish');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(async () => (await stored(`/products/${b.id}`)).status).toBe('publish');
    await status(page, '2 products changed.');
    expect(await stored(`/products/${a.id}`)).toMatchObject({ status: 'publish', manage_stock: true, stock_quantity: 25 });
    await screenshot(page, 'products-bulk');

    await rowOf(page, 'Bulk Fender A').getByRole('button', { name: 'Duplicate Bulk Fender A' }).click();
    await status(page, '“Bulk Fender A” duplicated as “Bulk Fender A (Copy)”.');
    const copies = await stored('/products?search=copy&status=draft');
    expect(copies.map((p: { name: string; sku: string }) => [p.name, p.sku])).toEqual([['Bulk Fender A (Copy)', 'BULK-FENDER-A-1']]);

    await page.getByLabel('Select every product on this page').check();
    await page.getByLabel(/^With \d selected$/).selectOption('trash');
    await page.getByRole('button', { name: 'Apply' }).click();
    await status(page, '3 products changed.');
    await page.getByText('No products found for this search or these filters.').waitFor();
    expect((await stored(`/products/${a.id}`)).status).toBe('trash');
    expect((await d.app.inject({ method: 'GET', url: `/wp-json/cocart/v2/products/${a.id}` })).statusCode).toBe(404);

    await page.getByLabel('Status').selectOption('trash');
    await rowOf(page, 'Bulk Fender A').first().waitFor();
    await rowOf(page, 'Bulk Fender B').getByRole('button', { name: 'Restore Bulk Fender B' }).click();
    await status(page, '“Bulk Fender B” restored as a draft.');
    await page.getByLabel('Select every product on this page').check();
    await page.getByLabel('With 2 selected').selectOption('delete');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('dialog', { name: 'Delete 2 products for good?' }).getByRole('button', { name: 'Delete permanently' }).click();
    await status(page, '2 products changed.');
    expect((await d.app.inject({ method: 'GET', url: `${WC}/products/${a.id}`, headers: authHeaders('admin') })).statusCode).toBe(404);
    expect((await stored(`/products/${b.id}`)).status).toBe('draft');
    await context.close();
  });

  it('moves a product to the trash from its page and restores it; a description keeps only safe markup; an upsell is found and linked', async () => {
    const made = (await d.app.inject({ method: 'POST', url: `${WC}/products`, headers: authHeaders('admin'), payload: { name: 'Bilge Sponge', regular_price: '3.50' } })).json();
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.goto(`/admin/products/${made.id}`);
    await page.getByRole('heading', { level: 1, name: 'Bilge Sponge' }).waitFor();
    const description = page.locator('.field').filter({ has: page.locator('#product-description') });
    await description.getByLabel('Edit as HTML').check();
    await page.getByRole('textbox', { name: 'Description', exact: true }).fill('<p>Soaks <em>fast</em>.</p><script>alert(1)</script><img src="x" onerror="alert(2)">');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await status(page, 'Saved.');
    expect((await stored(`/products/${made.id}`)).description).toBe('<p>Soaks <em>fast</em>.</p><img src="x" />');
    // The editor shows what the server kept.
    await expect.poll(() => page.getByRole('textbox', { name: 'Description', exact: true }).inputValue()).toBe('<p>Soaks <em>fast</em>.</p><img src="x" />');

    // A linked product, found by a search.
    const upsells = page.getByRole('group', { name: 'Upsells' });
    await upsells.getByLabel('Find a product').fill('snap shackle');
    await upsells.getByLabel('Find a product').press('Enter');
    await upsells.getByRole('button', { name: 'Add Stainless Steel Snap Shackle' }).click();
    await upsells.getByRole('button', { name: 'Remove Stainless Steel Snap Shackle' }).waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(async () => (await stored(`/products/${made.id}`)).upsell_ids).toEqual([10]);

    await page.getByRole('button', { name: 'Move to trash' }).click();
    await page.getByRole('dialog', { name: 'Move “Bilge Sponge” to the trash?' }).getByRole('button', { name: 'Move to trash' }).click();
    await status(page, '“Bilge Sponge” moved to the trash.');
    expect((await stored(`/products/${made.id}`)).status).toBe('trash');
    await page.getByRole('button', { name: 'Restore' }).click();
    await status(page, '“Bilge Sponge” restored as a draft.');
    expect((await stored(`/products/${made.id}`)).status).toBe('draft');
    await context.close();
  });

  it('lists, adds, edits (parent, description, image), reorders and deletes categories; adds and deletes a tag', async () => {
    const ropes = (await stored('/products/categories?search=ropes'))[0];
    // A sibling for the new category, both at menu order 0, so that they show by name until moved.
    await d.app.inject({ method: 'POST', url: `${WC}/products/categories`, headers: authHeaders('admin'), payload: { name: 'Splices', parent: ropes.id } });
    const { context, page } = await newPage(d);
    await servePictures(context);
    await signIn(page);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Categories' }).click();
    await page.getByRole('heading', { level: 1, name: 'Categories' }).waitFor();
    await rowOf(page, 'Ropes & Rigging').waitFor();
    await page.getByRole('button', { name: 'Add category' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Knots');
    await page.getByLabel('Parent category').selectOption({ label: '— Ropes & Rigging' });
    await page.getByLabel('Description').fill('Books and boards of knots.');
    await page.getByLabel('Or its web address').fill(`${PICTURES}/orange.svg`);
    await page.getByRole('button', { name: 'Add image' }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await status(page, 'Category “Knots” created.');
    const knots = (await stored('/products/categories?search=knots'))[0];
    expect(knots).toMatchObject({ name: 'Knots', slug: 'knots', parent: ropes.id, description: 'Books and boards of knots.', image: { src: `${PICTURES}/orange.svg` } });
    const underRopes = () => page.getByRole('row').filter({ hasText: /— (Knots|Splices)/ }).locator('strong').allTextContents();
    await expect.poll(underRopes).toEqual(['— Knots', '— Splices']);
    await screenshot(page, 'categories');

    // Moved after its sibling: the siblings are numbered anew.
    await page.getByRole('button', { name: 'Move up Splices' }).click();
    await status(page, '“Splices” moved.');
    await expect.poll(underRopes).toEqual(['— Splices', '— Knots']);
    expect((await stored(`/products/categories/${knots.id}`)).menu_order).toBe(1);

    await rowOf(page, 'Knots').getByRole('button', { name: 'Edit Knots' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Knots & Bends');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await status(page, 'Category “Knots & Bends” saved.');
    await rowOf(page, 'Knots & Bends').getByRole('button', { name: 'Delete Knots & Bends' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await status(page, 'Category “Knots & Bends” deleted.');
    expect((await d.app.inject({ method: 'GET', url: `${WC}/products/categories/${knots.id}`, headers: authHeaders('admin') })).statusCode).toBe(404);

    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Tags' }).click();
    await page.getByRole('heading', { level: 1, name: 'Tags' }).waitFor();
    await page.getByRole('button', { name: 'Add tag' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Gift Wrapped');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await status(page, 'Tag “Gift Wrapped” created.');
    await rowOf(page, 'Gift Wrapped').getByRole('button', { name: 'Delete Gift Wrapped' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await status(page, 'Tag “Gift Wrapped” deleted.');
    expect(await stored('/products/tags?search=gift%20wrapped')).toEqual([]);
    await context.close();
  });

  it('adds a brand on its screen (the categories’ screen, for brands), gives a product that brand and a password, and the shop hides it until the password is cleared', async () => {
    const made = (await d.app.inject({ method: 'POST', url: `${WC}/products`, headers: authHeaders('admin'), payload: { name: 'Tide Clock', regular_price: '45.00' } })).json();
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Brands' }).click();
    await page.getByRole('heading', { level: 1, name: 'Brands' }).waitFor();
    await page.getByRole('button', { name: 'Add brand' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Saltmarsh Instruments');
    await page.getByLabel('Description').fill('Clocks and barometers.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await status(page, 'Brand “Saltmarsh Instruments” created.');
    // A sub-brand, under its parent.
    await page.getByRole('button', { name: 'Add brand' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Saltmarsh Marine');
    await page.getByLabel('Parent brand').selectOption({ label: 'Saltmarsh Instruments' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await status(page, 'Brand “Saltmarsh Marine” created.');
    await expect.poll(() => page.getByRole('table', { name: 'Brands' }).locator('tbody tr strong').allTextContents()).toEqual(expect.arrayContaining(['Saltmarsh Instruments', '— Saltmarsh Marine']));
    const brands = await stored('/products/brands?search=saltmarsh');
    const parent = brands.find((b: { name: string }) => b.name === 'Saltmarsh Instruments');
    expect(brands.find((b: { name: string }) => b.name === 'Saltmarsh Marine')).toMatchObject({ parent: parent.id, slug: 'saltmarsh-marine' });
    expect(parent).toMatchObject({ description: 'Clocks and barometers.' });
    await screenshot(page, 'brands');

    // The product: its brand ticked in the store's tree, a password typed.
    await page.goto(`/admin/products/${made.id}`);
    await page.getByRole('heading', { level: 1, name: 'Tide Clock' }).waitFor();
    const brandPicker = page.getByRole('group', { name: 'Brands' });
    await brandPicker.getByLabel('Saltmarsh Marine').check();
    await page.getByLabel('Password', { exact: true }).fill('high-water');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await status(page, 'Saved.');
    expect(await stored(`/products/${made.id}`)).toMatchObject({ post_password: 'high-water', brands: [{ name: 'Saltmarsh Marine', slug: 'saltmarsh-marine' }] });
    // Password-protected: the shop does not show it.
    expect((await d.app.inject({ method: 'GET', url: `/wp-json/cocart/v2/products/${made.id}` })).statusCode).toBe(404);
    await screenshot(page, 'product-brand-password');

    // A brand made on the spot from the product form; the password cleared: the shop shows it with both brands.
    await brandPicker.getByLabel('New brand').fill('Harbour Clocks');
    await brandPicker.getByRole('button', { name: 'Add brand' }).click();
    await expect.poll(() => brandPicker.getByLabel('Harbour Clocks').isChecked()).toBe(true);
    await page.getByLabel('Password', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(async () => (await stored(`/products/${made.id}`)).post_password).toBe('');
    expect((await stored(`/products/${made.id}`)).brands.map((b: { name: string }) => b.name).sort()).toEqual(['Harbour Clocks', 'Saltmarsh Marine']);
    const shop = await d.app.inject({ method: 'GET', url: `/wp-json/cocart/v2/products/${made.id}` });
    expect(shop.statusCode).toBe(200);
    await context.close();
  });

  it('shows the server’s reason under the field, works by keyboard, fits a phone and speaks French', async () => {
    const { context, page } = await newPage(d, { phone: true, locale: 'fr-FR' });
    await signIn(page);
    await page.goto('/admin/products/new');
    await page.getByRole('heading', { level: 1, name: 'Ajouter un produit' }).waitFor();
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    // By keyboard: the name, then a SKU already in use, submitted with Enter.
    await page.getByLabel('Nom du produit').fill('Doublon');
    await page.getByLabel('UGS').fill('CW-SHK-001');
    await page.getByLabel('UGS').press('Enter');
    const sku = page.getByLabel('UGS');
    await expect.poll(() => sku.getAttribute('aria-invalid')).toBe('true');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('product-sku');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('product_invalid_sku');
    await screenshot(page, 'product-new-phone');
    // The brands and the password, in French.
    await page.getByRole('group', { name: 'Marques' }).getByLabel('Nouvelle marque').waitFor();
    await expect(page.getByLabel('Mot de passe', { exact: true }).count()).resolves.toBe(1);
    for (const [path, heading] of [['/admin/categories', 'Catégories'], ['/admin/brands', 'Marques'], ['/admin/tags', 'Étiquettes'], ['/admin/attributes', 'Attributs']]) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.getByRole('table').first().waitFor();
      await expect(page.evaluate(() => document.documentElement.scrollWidth), path).resolves.toBeLessThanOrEqual(390);
    }
    await context.close();
  });
});
