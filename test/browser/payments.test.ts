import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeInBrowser, newPage, openDashboard, screenshot, signIn, type Dashboard } from './harness.ts';

/**
 * The Payments screen as staff use it: the gateways with whether each is on and usable (Stripe without
 * a secret key needs setup; with STRIPE_SECRET_KEY on the server it does not), one turned on from the
 * list and another's settings changed, each held by the server as the store's payment settings; a
 * refused value explained under its field with nothing stored, in English and in French; shop managers
 * kept to the list.
 */

describeInBrowser('dashboard: payments', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await openDashboard();
  });
  afterAll(async () => d?.close());

  const payments = () => d.app.runtime.settings.get().payments;
  const rowOf = (page: Page, name: string) => page.getByRole('table').getByRole('row').filter({ hasText: name });

  async function openPayments(page: Page, login = 'admin') {
    await signIn(page, login);
    await page.getByRole('navigation', { name: /Main menu|Menu principal/ }).getByRole('link', { name: /^(Payments|Paiements)$/ }).click();
    await page.getByRole('heading', { level: 1, name: /^(Payments|Paiements)$/ }).waitFor();
    await page.getByRole('table').waitFor();
  }

  it('lists the gateways with their state, turns one on from the list and changes its settings; the server holds them', async () => {
    const { context, page } = await newPage(d);
    await openPayments(page);
    await expect(page.getByRole('table', { name: 'Payment methods' }).getByRole('row').allTextContents()).resolves.toEqual([
      expect.stringContaining('Method'),
      expect.stringMatching(/^Direct bank transfer.*Enabled/),
      expect.stringMatching(/^Cheque payments.*Disabled/),
      expect.stringMatching(/^Cash on delivery.*Enabled/),
      expect.stringMatching(/^Stripe.*Disabled.*Needs setup.*Stripe cannot take payments until it has a secret key/),
    ]);
    await screenshot(page, 'payments');

    await page.getByRole('button', { name: 'Enable Cheque payments' }).click();
    await page.getByText('“Cheque payments” is enabled: shoppers may choose it.').waitFor();
    expect(payments().cheque_enabled).toBe(true);
    await expect.poll(() => rowOf(page, 'Cheque payments').textContent()).toContain('Enabled');
    await expect(page.getByRole('button', { name: 'Disable Cheque payments' }).isVisible()).resolves.toBe(true);

    // Its settings, in an editor opened from the address, with the controls the Settings screen has.
    await page.getByRole('link', { name: 'Manage Cheque payments' }).click();
    await page.waitForURL(/gateway=cheque/);
    const editor = page.getByRole('form', { name: 'Cheque payments settings' });
    await editor.waitFor();
    await expect(editor.getByLabel('Offer cheque payments').isChecked()).resolves.toBe(true);
    await expect(editor.getByLabel('Title').inputValue()).resolves.toBe('Check payments');
    await editor.getByLabel('Title').fill('Pay by cheque');
    await editor.getByLabel('Instructions').fill('Post it to 1 Quay Street, Bristol.');
    await screenshot(page, 'payments-editor');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('The settings of “Cheque payments” are saved.').waitFor();
    expect(payments()).toMatchObject({ cheque_enabled: true, cheque_title: 'Pay by cheque', cheque_instructions: 'Post it to 1 Quay Street, Bristol.' });
    await expect.poll(() => rowOf(page, 'Cheque payments').textContent()).toContain('Shoppers see “Pay by cheque”');
    expect(new URL(page.url()).searchParams.has('gateway')).toBe(false);

    // The Settings screen leads here rather than keeping a second form.
    await page.goto('/admin/settings');
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Payments' }).click();
    await page.getByRole('heading', { level: 1, name: 'Payments' }).waitFor();
    await context.close();
  });

  it('explains a refused value under its field and stores nothing; with a secret key Stripe is usable', async () => {
    const before = structuredClone(payments());
    const { context, page } = await newPage(d);
    await openPayments(page);
    await page.getByRole('link', { name: 'Manage Stripe' }).click();
    const editor = page.getByRole('form', { name: 'Stripe settings' });
    await editor.waitFor();
    await editor.getByRole('status').filter({ hasText: 'Stripe cannot take payments until it has a secret key' }).waitFor();
    await editor.getByLabel('Offer card payments through Stripe').check();
    await editor.getByLabel('Secret key').fill('not-a-key');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    const field = editor.getByLabel('Secret key');
    await expect.poll(() => page.locator('#setting-stripe_secret_key-error').textContent()).toBe('secret_key is not in the expected form (for example sk_live_…, rk_test_…).');
    await expect(field.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.getByRole('alert').filter({ hasText: 'An invalid setting value was passed.' }).isVisible()).resolves.toBe(true);
    expect(payments()).toEqual(before);
    await screenshot(page, 'payments-refused');

    await field.fill('sk_test_4eC39HqLyjWDarjtT1zdp7dc');
    await editor.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('The settings of “Stripe” are saved.').waitFor();
    expect(payments()).toMatchObject({ stripe_enabled: true, stripe_secret_key: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc' });
    await expect.poll(() => rowOf(page, 'Stripe').textContent()).toMatch(/Enabled/);
    await expect(rowOf(page, 'Stripe').textContent()).resolves.not.toContain('Needs setup');
    await context.close();
  });

  it('works in French: a gateway turned off from the list, and a refusal in French under its field', async () => {
    const { context, page } = await newPage(d, { locale: 'fr-FR' });
    await openPayments(page);
    await page.getByRole('table', { name: 'Moyens de paiement' }).waitFor();
    await page.getByRole('button', { name: 'Désactiver Paiement à la livraison' }).click();
    await page.getByText('« Paiement à la livraison » est désactivé : il n’est plus proposé aux clients.').waitFor();
    expect(payments().cod_enabled).toBe(false);
    await expect.poll(() => rowOf(page, 'Paiement à la livraison').textContent()).toContain('Désactivé');

    await page.getByRole('link', { name: 'Gérer Virement bancaire direct' }).click();
    const editor = page.getByRole('form', { name: 'Réglages de Virement bancaire direct' });
    await editor.waitFor();
    await editor.getByLabel('Titre').fill('x'.repeat(201));
    await editor.getByRole('button', { name: 'Enregistrer les modifications' }).click();
    await expect.poll(() => page.locator('#setting-bacs_title-error').textContent()).toBe('title doit comporter au plus 200 caractères.');
    expect(payments().bacs_title).toBe('Direct bank transfer');
    await screenshot(page, 'payments-fr');
    await context.close();
  });

  it('keeps shop managers to the list, as they are kept from the settings', async () => {
    const { context, page } = await newPage(d);
    await openPayments(page, 'manager');
    await page.getByText('Only administrators can turn payment methods on or off and change their settings.').waitFor();
    await expect(rowOf(page, 'Stripe').textContent()).resolves.toMatch(/Stripe/);
    await expect(page.getByRole('button', { name: /^(Enable|Disable) / }).count()).resolves.toBe(0);
    await expect(page.getByRole('link', { name: /^Manage / }).count()).resolves.toBe(0);
    await page.goto('/admin/payments?gateway=cheque');
    await page.getByRole('table').waitFor();
    await expect(page.getByRole('form').count()).resolves.toBe(0);
    await context.close();
  });
});

describeInBrowser('dashboard: payments with Stripe’s keys on the server', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await openDashboard('sqlite', { STRIPE_SECRET_KEY: 'sk_test_fromtheenvironment', STRIPE_WEBHOOK_SECRET: 'whsec_fromtheenvironment' });
  });
  afterAll(async () => d?.close());

  it('shows Stripe as usable and says which settings the server’s environment supplies', async () => {
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.goto('/admin/payments?gateway=stripe');
    const editor = page.getByRole('form', { name: 'Stripe settings' });
    await editor.waitFor();
    const row = page.getByRole('table').getByRole('row').filter({ hasText: 'Stripe' });
    await expect(row.textContent()).resolves.not.toContain('Needs setup');
    await editor.getByText('STRIPE_SECRET_KEY is set on the server and is used instead of this one.').waitFor();
    await editor.getByText('STRIPE_WEBHOOK_SECRET is set on the server and is used instead of this one.').waitFor();
    await expect(page.content()).resolves.not.toContain('fromtheenvironment');
    await screenshot(page, 'payments-stripe-environment');
    await context.close();
  });
});
