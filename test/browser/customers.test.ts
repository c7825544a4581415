import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { API, WC } from '../helpers/api.ts';
import { authHeaders } from '../helpers/auth.ts';
import { describeInBrowser, newPage, openDashboard, screenshot, signIn, type Dashboard } from './harness.ts';

/**
 * The Customers screens as staff use them: a customer added with a password the store made (shown
 * once, and one that signs in), the country and state chosen by keyboard in the searchable select;
 * a refused e-mail address and postcode shown under their fields, nothing stored; addresses edited;
 * a new password set; the customer's carts and orders linked to their own screens, and the cart page
 * showing the chosen shipping, the item's data, the fees and the notices waiting; a customer deleted;
 * what a shop manager may not do; in French, and on a phone.
 */

describeInBrowser('dashboard: customers', () => {
  let d: Dashboard;
  let adaId = 0;
  let cartKey = '';
  let orderId = 0;

  /** The admin API, as another system would call it. */
  const wc = async (method: 'GET' | 'POST', path: string, payload?: object) => {
    const res = await d.app.inject({ method, url: `${WC}${path}`, headers: authHeaders('admin'), ...(payload ? { payload } : {}) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  /** 403 for a customer who signed in with this password; 401 when it is not theirs. */
  const signInStatus = async (login: string, password: string) => (await d.app.inject({ method: 'GET', url: `${WC}/customers`, headers: authHeaders(login, password) })).statusCode;
  const menu = (page: Page) => page.getByRole('navigation', { name: /Main menu|Menu principal/ });
  const noSidewaysScroll = (page: Page) => expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);

  beforeAll(async () => {
    d = await openDashboard();
    adaId = (await wc('GET', '/customers?search=ada@example.org'))[0].id;
    // Ada's own cart: a whistle (under £10, so the small-order fee) engraved, for Plymouth; a notice waits for her.
    const add = await d.app.inject({ method: 'POST', url: `${API}/cart/add-item?fields=items`, headers: authHeaders('ada'), payload: { id: '45', quantity: 1, item_data: { engraving: 'Ahoy Ada' } } });
    expect(add.statusCode, add.body).toBe(200);
    cartKey = add.headers['cocart-api-cart-key'] as string;
    const address = await d.app.inject({ method: 'POST', url: `${API}/cart/update?namespace=update-customer&fields=items`, headers: authHeaders('ada'), payload: { country: 'GB', postcode: 'PL1 1AA', city: 'Plymouth' } });
    expect(address.statusCode, address.body).toBe(200);
    orderId = (await wc('POST', '/orders', { customer_id: adaId, line_items: [{ product_id: 10, quantity: 1 }] })).id;
  });
  afterAll(async () => {
    await d?.close();
  });

  /** Chooses `label` in the searchable select labelled `field` of the billing address, by keyboard: type part of it, arrow to it, Enter. */
  async function choose(page: Page, field: string, typed: string, label: string) {
    const box = page.getByRole('group', { name: /^(Billing address|Adresse de facturation)$/ }).getByRole('combobox', { name: field });
    await box.focus();
    await page.keyboard.type(typed);
    const listbox = page.getByRole('listbox').filter({ visible: true });
    await listbox.waitFor();
    for (let i = 0; i < 20; i++) {
      const active = await box.getAttribute('aria-activedescendant');
      if (active && (await page.locator(`#${active}`).textContent()) === label) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await expect(box.inputValue()).resolves.toBe(label);
  }

  it('adds a customer with a password the store made, shown once, the country and state chosen by keyboard', async () => {
    const { context, page } = await newPage(d);
    await signIn(page);
    await menu(page).getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    await expect.poll(() => page.getByRole('table', { name: 'Customers' }).getByRole('link').allTextContents()).toContain('ada@example.org');
    await page.getByRole('link', { name: 'Add customer' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add customer' }).waitFor();

    // An address already taken is refused under its field, and nothing is stored.
    const before = (await wc('GET', '/customers?role=all&per_page=100')).length;
    await page.getByLabel('E-mail address').first().fill('ADA@example.org');
    await page.getByRole('button', { name: 'Add customer' }).click();
    await expect(page.locator('#customer-email-error').textContent()).resolves.toBe('An account is already registered with ada@example.org. Please log in or use a different email address.');
    await expect(page.getByLabel('E-mail address').first().evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    expect((await wc('GET', '/customers?role=all&per_page=100')).length).toBe(before);

    await page.getByLabel('E-mail address').first().fill('grace@example.org');
    await page.locator('#customer-first-name').fill('Grace');
    await page.locator('#customer-last-name').fill('Hopper');
    const billing = page.getByRole('group', { name: 'Billing address' });
    await choose(page, 'Country / Region', 'united st', 'United States');
    // The state list follows the country.
    await choose(page, 'State / County', 'calif', 'California');
    await billing.getByLabel('City').fill('Arlington');
    await billing.getByLabel('Postcode / ZIP').fill('92101');
    await screenshot(page, 'customer-add');
    await page.getByRole('button', { name: 'Add customer' }).click();

    await page.getByText('Customer “Grace Hopper” added.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Grace Hopper' }).waitFor();
    const password = (await page.locator('#customer-new-password').textContent()) ?? '';
    expect(password).toMatch(/^[\w-]{24}$/);
    expect(await signInStatus('grace@example.org', password)).toBe(403);
    const stored = (await wc('GET', '/customers?email=grace@example.org'))[0];
    expect(stored).toMatchObject({ username: 'grace.hopper', first_name: 'Grace', billing: { country: 'US', state: 'CA', city: 'Arlington', postcode: '92101' } });
    await screenshot(page, 'customer-added');

    // Shown once: dismissed, or on coming back, it is gone.
    await page.getByRole('button', { name: 'I have noted it' }).click();
    await expect(page.locator('#customer-new-password').count()).resolves.toBe(0);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Grace Hopper' }).waitFor();
    await expect(page.locator('#customer-new-password').count()).resolves.toBe(0);
    await context.close();
  });

  it('edits the addresses, refusing a bad postcode under its field, and sets a new password shown once', async () => {
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.goto('/admin/customers?search=grace');
    await page.getByRole('table').getByRole('link', { name: 'Grace Hopper' }).click();
    await page.getByRole('heading', { level: 1, name: 'Grace Hopper' }).waitFor();
    const billing = page.getByRole('group', { name: 'Billing address' });

    await choose(page, 'Country / Region', 'kingdom', 'United Kingdom');
    // A new country drops the old state; the United Kingdom has no list, so its county is typed.
    await expect(billing.getByLabel('State / County').inputValue()).resolves.toBe('');
    await expect(billing.getByRole('combobox', { name: 'State / County' }).count()).resolves.toBe(0);
    await billing.getByLabel('Postcode / ZIP').fill('not a postcode');
    await page.getByRole('button', { name: 'Save customer' }).click();
    await expect(page.locator('#billing-postcode-error').textContent()).resolves.toBe("'not a postcode' is not a valid postcode / ZIP.");
    await expect(billing.getByLabel('Postcode / ZIP').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    expect((await wc('GET', '/customers?email=grace@example.org'))[0].billing.country).toBe('US');

    await billing.getByLabel('Postcode / ZIP').fill('bs1 4dj');
    await billing.getByLabel('City').fill('Bristol');
    await page.getByRole('button', { name: 'Copy the billing address' }).click();
    await page.getByRole('button', { name: 'Save customer' }).click();
    await page.getByText('Customer “Grace Hopper” saved.').waitFor();
    const saved = (await wc('GET', '/customers?email=grace@example.org'))[0];
    expect(saved.billing).toMatchObject({ country: 'GB', state: '', postcode: 'BS1 4DJ', city: 'Bristol' });
    expect(saved.shipping).toMatchObject({ first_name: 'Grace', last_name: 'Hopper', country: 'GB', postcode: 'BS1 4DJ', city: 'Bristol' });

    await page.getByRole('button', { name: 'Set a new password' }).click();
    await page.getByRole('dialog', { name: 'Set a new password?' }).getByRole('button', { name: 'Set a new password' }).click();
    const password = (await page.locator('#customer-new-password').textContent()) ?? '';
    expect(password).toMatch(/^[\w-]{24}$/);
    expect(await signInStatus('grace.hopper', password)).toBe(403);
    await screenshot(page, 'customer-new-password');
    await context.close();
  });

  it("links the customer's carts and orders, and the cart page shows its shipping, item data, fees and notices", async () => {
    const { context, page } = await newPage(d);
    await signIn(page, 'manager');
    await page.goto(`/admin/customers/${adaId}`);
    await page.getByRole('heading', { level: 1, name: 'ada@example.org' }).waitFor();
    // A shop manager changes no role.
    await expect(page.getByLabel('Role').count()).resolves.toBe(0);
    const carts = page.getByRole('table', { name: 'Carts of this customer' });
    await carts.getByRole('link', { name: cartKey }).waitFor();
    const orders = page.getByRole('table', { name: 'Latest orders of this customer' });
    await orders.getByRole('link', { name: `#${orderId}` }).waitFor();
    await screenshot(page, 'customer');

    await page.getByRole('link', { name: 'All 1 orders' }).click();
    await page.getByText('Only the orders of one customer are shown.').waitFor();
    await expect.poll(() => page.getByRole('table').getByRole('row').count()).toBe(2);
    await page.goBack();

    await carts.getByRole('link', { name: cartKey }).click();
    await page.getByRole('heading', { level: 1, name: `Cart ${cartKey}` }).waitFor();
    const items = page.getByRole('table', { name: 'Items in this cart' });
    await expect(items.locator('.sessions-item-data').textContent()).resolves.toBe('engravingAhoy Ada');
    const shipping = page.getByRole('region', { name: 'Shipping', exact: true });
    await expect(shipping.locator('strong').textContent()).resolves.toMatch(/^Flat rate: £\d+\.\d\d$/);
    await expect(page.getByRole('region', { name: 'Totals' }).textContent()).resolves.toContain('Fee: Small order fee£1.50');
    await expect(page.getByRole('region', { name: 'Notices waiting for the shopper' }).textContent()).resolves.toContain('"Emergency Whistle" has been added to your cart.');
    await screenshot(page, 'session-details');
    await context.close();
  });

  it("keeps shop managers to customers, and deletes a customer once confirmed, keeping their orders", async () => {
    const { context, page } = await newPage(d);
    await signIn(page, 'manager');
    await page.goto('/admin/customers?role=administrator');
    await page.getByRole('table').getByRole('link', { name: 'admin@example.org' }).click();
    await page.getByRole('heading', { level: 1, name: 'admin@example.org' }).waitFor();
    await expect(page.getByRole('button', { name: 'Delete customer' }).count()).resolves.toBe(0);
    await page.locator('#customer-first-name').fill('Mallory');
    await page.getByRole('button', { name: 'Save customer' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('woocommerce_rest_cannot_edit');

    const made = await wc('POST', '/customers', { email: 'leaving@example.org', first_name: 'Leaving' });
    const order = await wc('POST', '/orders', { customer_id: made.id, line_items: [{ product_id: 10, quantity: 1 }] });
    await page.goto(`/admin/customers/${made.id}`);
    await page.getByRole('button', { name: 'Delete customer' }).click();
    await page.getByRole('dialog', { name: 'Delete customer “Leaving”?' }).getByRole('button', { name: 'Delete customer' }).click();
    await page.getByText('Customer “Leaving” deleted.').waitFor();
    expect((await d.app.inject({ method: 'GET', url: `${WC}/customers/${made.id}`, headers: authHeaders('admin') })).statusCode).toBe(404);
    expect((await wc('GET', `/orders/${order.id}`)).customer_id).toBe(0);
    await context.close();
  });

  it('speaks French and fits a phone', async () => {
    const { context, page } = await newPage(d, { locale: 'fr-FR', phone: true });
    await signIn(page);
    await page.getByRole('button', { name: 'Menu' }).click();
    await menu(page).getByRole('link', { name: 'Clients' }).click();
    await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
    await expect.poll(() => page.getByRole('navigation', { name: 'Filtrer par rôle' }).getByRole('link').allTextContents()).toEqual([
      expect.stringMatching(/^Client \(\d+\)$/), 'Gestionnaire de boutique (1)', 'Administrateur (1)', expect.stringMatching(/^Tout le monde \(\d+\)$/),
    ]);
    await noSidewaysScroll(page);
    await screenshot(page, 'customers-fr-phone');

    await page.getByRole('link', { name: 'Ajouter un client' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ajouter un client' }).waitFor();
    // Countries by their French names, found by typing without accents.
    await choose(page, 'Pays/région', 'allem', 'Allemagne');
    await noSidewaysScroll(page);
    await screenshot(page, 'customer-add-fr-phone');
    await context.close();
  });
});
