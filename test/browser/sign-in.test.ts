import { afterAll, beforeAll, expect, it } from 'vitest';
import { PASSWORD } from '../helpers/auth.ts';
import { describeInBrowser, newPage, openDashboard, screenshot, signIn, type Dashboard } from './harness.ts';

describeInBrowser('dashboard sign-in', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await openDashboard();
  });
  afterAll(async () => d?.close());

  it('signs an administrator in and out', async () => {
    const { context, page } = await newPage(d);
    await page.goto('/admin/');
    await expect(page.getByRole('heading', { name: 'Sign in to the dashboard' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'sign-in');
    await signIn(page, 'admin');
    await expect(page.getByRole('button', { name: 'Sign out' }).isVisible()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to the dashboard' }).waitFor();
    await context.close();
  });

  it('refuses a wrong password with the server’s message and keeps the form', async () => {
    const { context, page } = await newPage(d);
    await page.goto('/admin/');
    await page.getByLabel('Username, e-mail address or phone number').fill('admin');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain('cocart_authentication_error');
    await expect(page.getByLabel('Username, e-mail address or phone number').inputValue()).resolves.toBe('admin');
    await context.close();
  });

  it('lets a shop manager in by e-mail address, and keeps customers out', async () => {
    const { context, page } = await newPage(d);
    await signIn(page, 'manager@example.org');
    await expect(page.getByText('(Shop manager)').isVisible()).resolves.toBe(true);
    await context.close();

    const customer = await newPage(d);
    await customer.page.goto('/admin/');
    await customer.page.getByLabel('Username, e-mail address or phone number').fill('ada');
    await customer.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await customer.page.getByRole('button', { name: 'Sign in' }).click();
    await customer.page.getByRole('alert').waitFor();
    await expect(customer.page.getByRole('alert').textContent()).resolves.toContain('Only administrators and shop managers');
    await customer.context.close();
  });

  it('stays signed in across a reload, and signs in by keyboard alone in French', async () => {
    const { context, page } = await newPage(d, { locale: 'fr-FR' });
    await page.goto('/admin/');
    await page.getByRole('heading', { name: 'Connexion au tableau de bord' }).waitFor();
    // The first field has focus; Tab moves through the form, Enter submits.
    await page.keyboard.type('admin');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
    await context.close();
  });
});

describeInBrowser('dashboard on a store that requires an access token', () => {
  let d: Dashboard;
  const TOKEN = '3f2b6c1e-8a4d-4e7f-9b2a-5c6d7e8f9a0b';
  beforeAll(async () => {
    d = await openDashboard();
    const current = d.app.runtime.settings.get();
    await d.app.runtime.settings.save({ ...current, general: { ...current.general, require_access_token: true, access_token: TOKEN } });
    await d.app.inject({ method: 'POST', url: '/wp-json/cocart/v2/cart/add-item', payload: { id: '60', quantity: '1' } });
  });
  afterAll(async () => d?.close());

  it('sends the token for an administrator, who reads it from the settings', async () => {
    const { context, page } = await newPage(d);
    await signIn(page, 'admin');
    await page.goto('/admin/sessions');
    await page.getByRole('table').locator('tbody tr').first().waitFor();
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await context.close();
  });

  it('asks a shop manager for the token, then lists the carts', async () => {
    const { context, page } = await newPage(d);
    await signIn(page, 'manager');
    await page.goto('/admin/sessions');
    await page.getByRole('alert').getByText('cocart_rest_invalid_token').waitFor();
    await page.getByLabel('The store requires an access token for this screen:').fill(TOKEN);
    await page.getByRole('button', { name: 'Use this token' }).click();
    await page.getByRole('table').locator('tbody tr').first().waitFor();
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    await context.close();
  });
});
