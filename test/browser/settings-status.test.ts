import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { VERSION } from '../../src/api/transport.ts';
import { basicAuth } from '../helpers/auth.ts';
import { describeInBrowser, newPage, openDashboard, screenshot, signIn, type Dashboard } from './harness.ts';

/**
 * The Settings and System status screens as staff use them: a setting edited and saved without a
 * reload (and then held by the server), a wrong value refused with the server's reason under its
 * field (in English and in French) and nothing stored, the access token generated, a shop manager
 * kept to a read-only notice; the status with its versions and the support report copied to the
 * clipboard, or shown selected where the browser refuses.
 */

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describeInBrowser('dashboard: settings and system status', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await openDashboard();
  });
  afterAll(async () => d?.close());

  const settings = () => d.app.runtime.settings.get();

  async function openSettings(page: Page, login = 'admin', heading = 'Settings') {
    await signIn(page, login);
    await page.getByRole('navigation', { name: /Main menu|Menu principal/ }).getByRole('link', { name: /^(Settings|Réglages)$/ }).click();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  }

  /** A screenshot of the whole page, scrolled to its end first so that the sticky save bar sits in its place, under the form. */
  async function fullPage(page: Page, name: string) {
    await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await screenshot(page, name);
  }

  /** A marker on the window: still there afterwards means the page was not reloaded. */
  const mark = (page: Page) => page.evaluate(() => ((window as unknown as { cwMark: number }).cwMark = 42));
  const marked = (page: Page) => page.evaluate(() => (window as unknown as { cwMark?: number }).cwMark);

  it('edits settings in two sections and saves each without a reload; the server holds them', async () => {
    const { context, page } = await newPage(d);
    await openSettings(page);
    const form = page.getByRole('form', { name: 'Store' });
    await form.waitFor();
    await expect(page.getByLabel('Store name').inputValue()).resolves.toBe('Cartwright Demo Store');
    // Every control as its schema calls for: a select for an enum, a number with its limits, a checkbox.
    await expect(page.getByLabel('Currency position').evaluate((el) => el.tagName)).resolves.toBe('SELECT');
    await expect(page.getByLabel('Number of decimals').evaluate((el) => [el.getAttribute('type'), el.getAttribute('min'), el.getAttribute('max')])).resolves.toEqual(['number', '0', '4']);
    await expect(page.getByLabel('Hide out-of-stock products').getAttribute('type')).resolves.toBe('checkbox');
    await expect(page.getByText('From 0 to 4.').isVisible()).resolves.toBe(true);
    await fullPage(page, 'settings');

    await mark(page);
    await page.getByLabel('Store name').fill('Harbour Goods');
    await page.getByLabel('Currency position').selectOption({ label: 'Right with space (99.99 £)' });
    await page.getByLabel('Hide out-of-stock products').check();
    // The section's link says it has unsaved changes.
    await expect(page.getByRole('link', { name: 'Store (unsaved changes)' }).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('3 settings saved.').waitFor();
    await expect(page.getByRole('link', { name: 'Store', exact: true }).isVisible()).resolves.toBe(true);
    expect(await marked(page)).toBe(42);
    expect(settings().store).toMatchObject({ title: 'Harbour Goods', currency_pos: 'right_space', hide_out_of_stock_items: true, city: 'Bristol' });

    // Another section, by its link (kept in the address); its heading takes the focus.
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Cart' }).click();
    await page.getByRole('form', { name: 'Cart' }).waitFor();
    expect(new URL(page.url()).searchParams.get('section')).toBe('cart');
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe('Cart');
    await page.getByLabel('Cart lifetime (days)').fill('14');
    await page.getByLabel('When a shopper logs in with a guest cart').selectOption('keep-customer');
    // Saved by keyboard: Enter in a field submits its section.
    await page.getByLabel('Cart lifetime (days)').press('Enter');
    await page.getByText('2 settings saved.').waitFor();
    expect(await marked(page)).toBe(42);
    expect(settings().cart).toMatchObject({ cart_expiration_days: 14, merge_strategy: 'keep-customer' });
    expect(settings().store.title).toBe('Harbour Goods');

    // A list, one per line.
    await page.getByRole('link', { name: 'General' }).click();
    await page.getByLabel('Allowed origins (CORS)').fill('https://shop.example\n\nhttps://www.shop.example\n');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Setting saved.').waitFor();
    expect(settings().general.cors_allowed_origins).toEqual(['https://shop.example', 'https://www.shop.example']);

    // Saving again with nothing changed says so.
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Nothing to save: no setting in this section has changed.').waitFor();
    await context.close();
  });

  it('sets where the store sells and ships, and how taxed prices are shown; an unknown country is refused', async () => {
    const { context, page } = await newPage(d);
    await openSettings(page);
    const sections = page.getByRole('navigation', { name: 'Settings sections' });
    await sections.getByRole('link', { name: 'Selling and shipping locations' }).click();
    await page.getByRole('form', { name: 'Selling and shipping locations' }).waitFor();
    await expect(page.getByLabel('Selling location(s)').inputValue()).resolves.toBe('all');
    await page.getByLabel('Selling location(s)').selectOption({ label: 'Sell to specific countries' });
    await page.getByLabel('Sell to specific countries').fill('GB\nIE\nXX');
    await page.getByLabel('Shipping location(s)').selectOption({ label: 'Ship to specific countries only' });
    await page.getByLabel('Ship to specific countries').fill('GB');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Nothing was saved: one setting needs correcting.').waitFor();
    await expect(page.locator('#setting-specific_allowed_countries-error').textContent()).resolves.toBe('specific_allowed_countries "XX" is not a known country code.');
    expect(settings().locations.allowed_countries).toBe('all');

    await page.getByLabel('Sell to specific countries').fill('GB\nIE');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('4 settings saved.').waitFor();
    expect(settings().locations).toMatchObject({ allowed_countries: 'specific', specific_allowed_countries: ['GB', 'IE'], ship_to_countries: 'specific', specific_ship_to_countries: ['GB'] });
    // The checkout form offers what was saved.
    const config = await d.app.inject({ method: 'GET', url: '/wp-json/cocart/v2/checkout/config' });
    expect(config.json().countries).toMatchObject({ allowed_countries: { IE: 'Ireland', GB: 'United Kingdom (UK)' }, shipping_countries: { GB: 'United Kingdom (UK)' } });

    await sections.getByRole('link', { name: 'Tax' }).click();
    await page.getByRole('form', { name: 'Tax' }).waitFor();
    await page.getByLabel('Display prices in the shop').selectOption({ label: 'Including tax' });
    await page.getByLabel('Price display suffix').fill('inc. VAT');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('2 settings saved.').waitFor();
    expect(settings().tax).toMatchObject({ tax_display_shop: 'incl', price_display_suffix: 'inc. VAT' });
    await fullPage(page, 'settings-tax');

    // Put back, for the tests after this one.
    await sections.getByRole('link', { name: 'Selling and shipping locations' }).click();
    await page.getByLabel('Selling location(s)').selectOption('all');
    await page.getByLabel('Shipping location(s)').selectOption({ label: 'Ship to all countries you sell to' });
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('2 settings saved.').waitFor();
    expect(settings().locations).toMatchObject({ allowed_countries: 'all', ship_to_countries: '' });
    await context.close();
  });

  it('shows the server’s reason under each refused field, focuses the first, keeps the input and stores nothing', async () => {
    const before = structuredClone(settings());
    const { context, page } = await newPage(d);
    await openSettings(page);
    await page.getByLabel('Store name').fill('Should not be stored');
    await page.getByLabel('Store language').fill('english');
    await page.getByLabel('Number of decimals').fill('9');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Nothing was saved: 2 settings need correcting.').waitFor();

    const language = page.getByLabel('Store language');
    await expect(page.locator('#setting-language-error').textContent()).resolves.toBe('language is not in the expected form (for example en-GB, fr).');
    await expect(page.locator('#setting-num_decimals-error').textContent()).resolves.toBe('num_decimals must be less than or equal to 4.');
    // Wired to its field, which is marked invalid and has the focus.
    await expect(language.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(language.getAttribute('aria-describedby')).resolves.toContain('setting-language-error');
    await expect(language.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(language.inputValue()).resolves.toBe('english');
    await expect(page.getByLabel('Number of decimals').inputValue()).resolves.toBe('9');
    await expect(page.getByLabel('Store name').inputValue()).resolves.toBe('Should not be stored');
    await expect(page.getByRole('link', { name: 'Store (needs correcting)' }).isVisible()).resolves.toBe(true);
    expect(settings()).toEqual(before);
    await fullPage(page, 'settings-invalid');

    // Corrected, it saves.
    await language.fill('en-GB');
    await page.getByLabel('Number of decimals').fill('3');
    await page.getByLabel('Store name').fill(before.store.title);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Setting saved.').waitFor();
    await expect(page.locator('#setting-language-error').count()).resolves.toBe(0);
    expect(settings().store.num_decimals).toBe(3);
    await context.close();
  });

  it('shows any other failure with its code, and keeps the edit to try again', async () => {
    const { context, page } = await newPage(d);
    await openSettings(page);
    await page.route('**/wp-json/cocart/settings/save', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ code: 'cartwright_internal_error', message: 'An internal error occurred. It has been logged.', data: { status: 500 } }) }),
    );
    await page.getByLabel('City').fill('Falmouth');
    await page.getByRole('button', { name: 'Save changes' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('cartwright_internal_error');
    await expect(page.getByLabel('City').inputValue()).resolves.toBe('Falmouth');
    expect(settings().store.city).toBe('Bristol');
    await page.unroute('**/wp-json/cocart/settings/save');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Setting saved.').waitFor();
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    expect(settings().store.city).toBe('Falmouth');
    await context.close();
  });

  it('gives the reason in French on a French page', async () => {
    const before = structuredClone(settings());
    const { context, page } = await newPage(d, { locale: 'fr-FR' });
    await openSettings(page, 'admin', 'Réglages');
    await page.getByRole('link', { name: 'Limitation du débit' }).click();
    await page.getByRole('form', { name: 'Limitation du débit' }).waitFor();
    await page.getByLabel('Requêtes autorisées').fill('0');
    await page.getByLabel('Limiter le débit des requêtes').check();
    await page.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await page.getByText('Rien n’a été enregistré : un réglage est à corriger.').waitFor();
    await expect(page.locator('#setting-limit-error').textContent()).resolves.toBe('limit doit être supérieur ou égal à 1.');
    await expect(page.getByLabel('Requêtes autorisées').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await expect(page.getByText(/De 1 à 100\s000\./).isVisible()).resolves.toBe(true);
    expect(settings()).toEqual(before);
    await fullPage(page, 'settings-invalid-fr');
    await context.close();
  });

  it('generates the access token, asking first when one would be replaced', async () => {
    const { context, page } = await newPage(d);
    await openSettings(page);
    await page.getByRole('link', { name: 'General' }).click();
    const token = page.getByRole('textbox', { name: 'Access token' });
    await expect(token.inputValue()).resolves.toBe('');
    await page.getByRole('button', { name: 'Generate a new token' }).click();
    await page.getByText('A new access token was generated and saved.').waitFor();
    const first = await token.inputValue();
    expect(first).toMatch(UUID_V4);
    expect(settings().general.access_token).toBe(first);

    await page.getByRole('button', { name: 'Generate a new token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate a new access token?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Generate a new token' }).click();
    await page.getByText('A new access token was generated and saved.').waitFor();
    await expect.poll(() => token.inputValue()).not.toBe(first);
    expect(settings().general.access_token).toBe(await token.inputValue());

    // Required from now on: the dashboard sends the new token itself, so its Sessions screen still opens.
    await page.getByLabel('Require the access token').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Setting saved.').waitFor();
    expect(settings().general.require_access_token).toBe(true);
    await page.getByRole('button', { name: 'Generate a new token' }).click();
    await page.getByRole('dialog', { name: 'Generate a new access token?' }).getByRole('button', { name: 'Generate a new token' }).click();
    await page.getByText('A new access token was generated and saved.').waitFor();
    const third = settings().general.access_token;
    expect(await token.inputValue()).toBe(third);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Sessions' }).click();
    await page.getByText('No carts found.').waitFor();
    await expect(page.getByRole('alert').count()).resolves.toBe(0);

    const off = await d.app.inject({ method: 'POST', url: '/wp-json/cocart/settings/save', headers: { authorization: basicAuth('admin') }, payload: { require_access_token: false, access_token: '' } });
    expect(off.statusCode).toBe(200);
    await context.close();
  });

  /** Chooses `label` in the searchable select labelled `field`, by keyboard: type part of it, arrow to it, Enter. */
  async function choose(page: Page, field: string, typed: string, label: string) {
    const box = page.getByRole('combobox', { name: field, exact: true });
    await box.focus();
    await page.keyboard.type(typed);
    await page.getByRole('listbox').filter({ visible: true }).waitFor();
    for (let i = 0; i < 20; i++) {
      const active = await box.getAttribute('aria-activedescendant');
      if (active && (await page.locator(`#${active}`).textContent()) === label) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await expect(box.inputValue()).resolves.toBe(label);
  }

  /**
   * Every control of the form reached with Tab: the ids of those the sticky save bar covers (the
   * focused control scrolled into view, yet under the bar), which should be none.
   */
  async function coveredByTheSaveBar(page: Page): Promise<string[]> {
    await page.getByRole('heading', { level: 2 }).first().focus();
    const covered: string[] = [];
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const where = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        const bar = document.querySelector('.settings-actions');
        if (!el || !bar || !el.closest('.settings-form')) return { done: true, id: '', covered: false };
        if (bar.contains(el)) return { done: true, id: '', covered: false };
        const r = el.getBoundingClientRect();
        const b = bar.getBoundingClientRect();
        return { done: false, id: el.id || el.tagName, covered: r.bottom > b.top + 1 && r.top < b.bottom };
      });
      if (where.done) break;
      if (where.covered) covered.push(where.id);
    }
    return covered;
  }

  it('chooses the store’s country and state, currency and time zone in searchable lists by keyboard, fed by the server', async () => {
    const { context, page } = await newPage(d);
    await openSettings(page);
    await page.getByRole('form', { name: 'Store' }).waitFor();
    // Lists, not free text: the stored values shown by name.
    await expect.poll(() => page.getByRole('combobox', { name: 'Country / Region' }).inputValue()).toBe('United Kingdom');
    await expect(page.getByRole('combobox', { name: 'Currency', exact: true }).inputValue()).resolves.toBe('British Pound (£, GBP)');
    await expect(page.getByRole('combobox', { name: 'Time zone' }).inputValue()).resolves.toBe('Europe/London');
    // The United Kingdom has no list of states: none is asked for.
    await expect(page.getByRole('combobox', { name: 'State / County' }).count()).resolves.toBe(0);
    await expect(page.locator('.settings-form datalist, .settings-form input[list]').count()).resolves.toBe(0);

    await choose(page, 'Country / Region', 'united st', 'United States');
    await choose(page, 'State / County', 'calif', 'California');
    await choose(page, 'Currency', 'euro', 'Euro (€, EUR)');
    await choose(page, 'Time zone', 'paris', 'Europe/Paris');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('3 settings saved.').waitFor();
    expect(settings().store).toMatchObject({ country: 'US:CA', currency: 'EUR', timezone_string: 'Europe/Paris' });
    await fullPage(page, 'settings-store-lists');

    // A new country drops the state; one without a list of states is saved on its own.
    await choose(page, 'Country / Region', 'gb', 'United Kingdom');
    await expect(page.getByRole('combobox', { name: 'State / County' }).count()).resolves.toBe(0);
    await choose(page, 'Currency', 'gbp', 'British Pound (£, GBP)');
    await choose(page, 'Time zone', 'london', 'Europe/London');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('3 settings saved.').waitFor();
    expect(settings().store).toMatchObject({ country: 'GB', currency: 'GBP', timezone_string: 'Europe/London' });
    await context.close();
  });

  it('keeps the save bar off the form: no field reached by keyboard sits under it, on a laptop or a phone, in French', async () => {
    for (const options of [{}, { phone: true, locale: 'fr-FR' }]) {
      const { context, page } = await newPage(d, options);
      await signIn(page);
      await page.goto('/admin/settings');
      await page.getByRole('form').first().waitFor();
      await page.getByRole('combobox').first().waitFor();
      if (options.phone) {
        // French labels on the lists.
        await expect.poll(() => page.getByRole('combobox', { name: 'Pays/région' }).inputValue()).toBe('Royaume-Uni');
        await expect(page.getByRole('combobox', { name: 'Devise', exact: true }).inputValue()).resolves.toMatch(/^livre sterling \(£, GBP\)$/i);
      }
      // A message in the bar, as after a save, makes it no taller than a few lines.
      await page.getByRole('button', { name: /^(Save changes|Enregistrer les modifications)$/ }).click();
      await page.locator('.settings-status .notice').waitFor();
      const bar = await page.locator('.settings-actions').boundingBox();
      expect(bar!.height).toBeLessThan(options.phone ? 160 : 90);
      expect(await coveredByTheSaveBar(page)).toEqual([]);
      await screenshot(page, options.phone ? 'settings-save-bar-phone' : 'settings-save-bar');
      await context.close();
    }
  });

  it('shows a shop manager a read-only notice, not a form', async () => {
    const { context, page } = await newPage(d);
    await openSettings(page, 'manager');
    await page.getByText('Only administrators can see and change the store’s settings.').waitFor();
    await expect(page.getByRole('button', { name: 'Save changes' }).count()).resolves.toBe(0);
    await expect(page.getByRole('textbox').count()).resolves.toBe(0);
    await page.getByRole('link', { name: 'Go to the System status' }).click();
    await page.getByRole('heading', { name: 'System status', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Settings', level: 2 }).waitFor();
    await expect(page.getByRole('link', { name: 'Change the settings' }).count()).resolves.toBe(0);
    await context.close();
  });

  it('fits a phone without sideways scrolling', async () => {
    const { context, page } = await newPage(d, { phone: true });
    await signIn(page);
    await page.goto('/admin/settings');
    await page.getByRole('form', { name: 'Store' }).waitFor();
    await expect(page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).resolves.toBe(true);
    await fullPage(page, 'settings-phone');
    await page.goto('/admin/status');
    await page.getByRole('heading', { name: 'Versions' }).waitFor();
    const wide = await page.evaluate(() => [...document.querySelectorAll('main *')].filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !el.closest('.table-wrap')).map((el) => `${el.tagName}.${el.className}: ${el.textContent?.slice(0, 40)}`));
    expect(wide).toEqual([]);
    await expect(page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).resolves.toBe(true);
    await screenshot(page, 'status-phone');
    await context.close();
  });

  it('shows the system status and copies the support report to the clipboard', async () => {
    const { context, page } = await newPage(d);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: d.origin });
    await signIn(page);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'System status' }).click();
    await page.getByRole('heading', { name: 'System status', level: 1 }).waitFor();
    const versions = page.getByRole('region', { name: 'Versions' });
    await versions.waitFor();
    await expect(versions.textContent()).resolves.toContain(VERSION);
    await expect(versions.textContent()).resolves.toContain(process.version);
    await expect(versions.textContent()).resolves.toMatch(/SQLite \d/);
    await expect(page.getByRole('region', { name: 'Settings' }).textContent()).resolves.toContain(settings().store.title);
    await expect(page.getByRole('region', { name: 'Database update' }).getByText('Up to date').isVisible()).resolves.toBe(true);
    await screenshot(page, 'status');

    // Announced: the message appears in a live region that is on the page, empty, beforehand.
    const outcome = page.getByRole('region', { name: 'Support report' }).getByRole('status');
    await expect(outcome.textContent()).resolves.toBe('');
    await page.getByRole('button', { name: 'Copy support report' }).click();
    await outcome.filter({ hasText: 'Copied: the support report is on the clipboard.' }).waitFor();
    const report = await page.evaluate(() => navigator.clipboard.readText());
    expect(report).toMatch(/^### Cartwright system status ###\n/);
    expect(report).toContain(`### Versions ###\n\ncartwright: ${VERSION}\nnode: ${process.version}\ndatabase: SQLite `);
    expect(report).toContain('### Database ###\n\nkind: sqlite\n');
    expect(report).toContain('redis: no');
    expect(report).toContain(`store: ${settings().store.title}`);
    expect(report).toContain('### Background jobs ###');
    expect(report).toContain('state: current');
    await context.close();
  });

  it('shows the report selected, to copy by hand, when the browser refuses the clipboard', async () => {
    const { context, page } = await newPage(d, { locale: 'fr-FR' });
    await page.addInitScript(() => {
      Object.defineProperty(navigator, 'clipboard', { value: { writeText: () => Promise.reject(new DOMException('Denied', 'NotAllowedError')) } });
    });
    await signIn(page);
    await page.goto('/admin/status');
    await page.getByRole('button', { name: 'Copier le rapport pour l’assistance' }).click();
    await page.getByText('Le navigateur n’a pas laissé la page copier le rapport.', { exact: false }).waitFor();
    const pre = page.locator('pre.report');
    await expect(pre.isVisible()).resolves.toBe(true);
    await expect.poll(() => page.evaluate(() => getSelection()?.toString() ?? '')).toContain('### Versions ###');
    await expect(pre.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await context.close();
  });
});
