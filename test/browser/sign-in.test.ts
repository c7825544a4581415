import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, newPage, openDashboard, PASSWORD, screenshot, signIn, type Dashboard } from './harness.ts';

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
