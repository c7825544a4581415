import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { API } from '../helpers/api.ts';
import { authHeaders } from '../helpers/auth.ts';
import { describeInBrowser, newPage, openDashboard, screenshot, signIn, type Dashboard } from './harness.ts';

/**
 * The Sessions and Scheduled actions screens as staff use them: carts in session listed, searched,
 * ordered by a heading, one opened with its items and customer, one deleted (and gone from the
 * database); the queue filtered by status, hook and search, an action's log, run now and cancel —
 * each checked against what the server then holds.
 */

describeInBrowser('dashboard: sessions and scheduled actions', () => {
  let d: Dashboard;
  const keys = { ada: '', grace: '', guest: '' };
  const ids = { report: 0, sync: 0, firstEmail: 0, secondEmail: 0 };

  async function cart(url: string, key: string, payload: object): Promise<string> {
    const res = await d.app.inject({ method: 'POST', url: `${API}${url}`, headers: key ? { 'cocart-api-cart-key': key } : {}, payload });
    expect(res.statusCode, res.body).toBe(200);
    return (res.headers['cocart-api-cart-key'] as string) || key;
  }

  beforeAll(async () => {
    d = await openDashboard();
    // Three carts, started in this order: Ada's (two items, a coupon, her address), Grace's, a guest's that has expired.
    keys.ada = await cart('/cart/add-item', '', { id: '10', quantity: 2 });
    await cart('/cart/add-item', keys.ada, { id: '45', quantity: 1 });
    await cart('/cart/apply-coupon', keys.ada, { code: 'save10' });
    await cart('/cart/update?namespace=update-customer', keys.ada, {
      first_name: 'Ada', last_name: 'Lovelace', email: 'ada.lovelace@example.org', phone: '01632 960123',
      address_1: '12 Marlborough Street', city: 'Bristol', postcode: 'BS1 3NP', country: 'GB',
    });
    keys.grace = await cart('/cart/add-item', '', { id: '57', quantity: 1 });
    await cart('/cart/update?namespace=update-customer', keys.grace, { first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.org', country: 'GB' });
    keys.guest = await cart('/cart/add-item', '', { id: '45', quantity: 3 });
    const now = d.app.runtime.now();
    await d.app.runtime.database.db.updateTable('carts').set({ cart_expiry: now - 3600 }).where('cart_key', '=', keys.guest).execute();

    // The queue: beside the store's two recurring tasks, two e-mails waiting, a failed report and a completed sync.
    const { queue } = d.app.runtime.jobs;
    ids.firstEmail = (await queue.schedule('cartwright_test_send_email', { order: 1001, to: 'ada@example.org' }, { group: 'emails', at: now + 3600 })).id;
    ids.secondEmail = (await queue.schedule('cartwright_test_send_email', { order: 1002, to: 'grace@example.org' }, { group: 'emails', at: now + 7200 })).id;
    ids.report = (await queue.schedule('cartwright_test_daily_report', { day: '2026-01-31' }, { group: 'reports', maxAttempts: 1 })).id;
    ids.sync = (await queue.schedule('cartwright_test_sync_stock', { supplier: 'acme' }, { group: 'reports' })).id;
    const claimed = await queue.claim('test-node', 2, 60, ['cartwright_test_daily_report', 'cartwright_test_sync_stock']);
    expect(claimed.map((a) => a.id).sort()).toEqual([ids.report, ids.sync].sort());
    await queue.fail(claimed.find((a) => a.id === ids.report)!, 'SMTP server said no');
    await queue.complete(claimed.find((a) => a.id === ids.sync)!);
  });
  afterAll(async () => d?.close());

  const rowOf = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });
  const cartKeysShown = (page: Page) => page.locator('tbody tr td:first-child code').allTextContents();

  it('lists the carts in session, searches them and orders them by a column heading', async () => {
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Sessions' }).click();
    await page.getByRole('heading', { name: 'Sessions', level: 1 }).waitFor();
    await page.getByText('3 carts in session.').waitFor();
    // Newest first by default.
    await expect(cartKeysShown(page)).resolves.toEqual([keys.guest, keys.grace, keys.ada]);
    await expect(page.getByRole('columnheader', { name: 'Created' }).getAttribute('aria-sort')).resolves.toBe('descending');
    await expect(rowOf(page, keys.ada).textContent()).resolves.toMatch(/Ada Lovelace.*ada\.lovelace@example\.org/);
    await expect(rowOf(page, keys.guest).textContent()).resolves.toContain('Guest');
    // Only the guest's cart has expired.
    await expect(rowOf(page, keys.guest).getByText('expired', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(rowOf(page, keys.ada).getByText('expired', { exact: true }).count()).resolves.toBe(0);
    await screenshot(page, 'sessions');

    // Search: a customer's name, an item's name, part of a cart key; the term is kept in the address.
    const search = page.getByRole('searchbox', { name: 'Search carts' });
    await search.fill('lovelace');
    await search.press('Enter');
    await page.getByText('One cart matches “lovelace”.').waitFor();
    await expect(cartKeysShown(page)).resolves.toEqual([keys.ada]);
    expect(new URL(page.url()).searchParams.get('search')).toBe('lovelace');
    await search.fill('whistle');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('2 carts match “whistle”.').waitFor();
    await expect(cartKeysShown(page)).resolves.toEqual([keys.guest, keys.ada]);
    await search.fill(keys.grace.slice(4, 14));
    await search.press('Enter');
    await page.getByText(/^One cart matches/).waitFor();
    await expect(cartKeysShown(page)).resolves.toEqual([keys.grace]);
    await search.fill('nobody-has-this');
    await search.press('Enter');
    await page.getByText('No carts found for “nobody-has-this”.').waitFor();
    await page.getByRole('button', { name: 'Clear search' }).click();
    await page.getByText('3 carts in session.').waitFor();

    // Ordering: the heading is a button; pressing it again reverses the order.
    await page.getByRole('button', { name: 'Created' }).click();
    await page.waitForURL(/order=asc/);
    await expect(page.getByRole('columnheader', { name: 'Created' }).getAttribute('aria-sort')).resolves.toBe('ascending');
    await expect.poll(() => cartKeysShown(page)).toEqual([keys.ada, keys.grace, keys.guest]);
    await page.getByRole('button', { name: 'Cart key' }).click();
    await expect(page.getByRole('columnheader', { name: 'Cart key' }).getAttribute('aria-sort')).resolves.toBe('ascending');
    await expect(page.getByRole('columnheader', { name: 'Created' }).getAttribute('aria-sort')).resolves.toBe('none');
    await expect.poll(() => cartKeysShown(page)).toEqual([keys.ada, keys.grace, keys.guest].sort());
    await page.getByRole('button', { name: 'Cart key' }).press('Enter');
    await expect.poll(() => cartKeysShown(page)).toEqual([keys.ada, keys.grace, keys.guest].sort().reverse());
    await expect(page.getByRole('columnheader', { name: 'Cart key' }).getAttribute('aria-sort')).resolves.toBe('descending');
    // The order survives a reload: it lives in the address.
    await page.reload();
    await expect.poll(() => cartKeysShown(page)).toEqual([keys.ada, keys.grace, keys.guest].sort().reverse());
    await context.close();
  });

  it('opens one cart with its items, totals, coupon and customer', async () => {
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.goto('/admin/sessions');
    await page.getByRole('link', { name: keys.ada }).click();
    await page.getByRole('heading', { name: `Cart ${keys.ada}`, level: 1 }).waitFor();
    const expected = (await d.app.inject({ method: 'GET', url: `${API}/session/${keys.ada}?prices=formatted`, headers: authHeaders('admin') })).json();

    const items = page.getByRole('table', { name: 'Items in this cart' });
    await items.waitFor();
    const shackle = items.getByRole('row').filter({ hasText: 'Stainless Steel Snap Shackle' });
    await expect(shackle.getByRole('cell').allTextContents()).resolves.toEqual([
      expect.stringContaining('Stainless Steel Snap Shackle'),
      '2',
      expected.items[0].price,
      expected.items[0].totals.subtotal,
    ]);
    await expect(items.getByRole('row').filter({ hasText: 'Emergency Whistle' }).isVisible()).resolves.toBe(true);
    const totals = page.getByRole('region', { name: 'Totals' });
    await expect(totals.textContent()).resolves.toContain(expected.totals.total);
    await expect(totals.textContent()).resolves.toContain(expected.totals.discount_total);
    await expect(page.getByRole('region', { name: 'Coupons' }).textContent()).resolves.toContain('save10');
    const billing = page.getByRole('region', { name: 'Billing address' });
    await expect(billing.textContent()).resolves.toMatch(/Ada Lovelace.*12 Marlborough Street.*Bristol.*BS1 3NP.*United Kingdom/);
    await expect(billing.getByRole('link', { name: 'ada.lovelace@example.org' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('region', { name: 'Shipping address' }).textContent()).resolves.toContain('Ada Lovelace');
    // Times come from the sessions list: created and expires are filled in.
    const details = await page.getByRole('region', { name: 'Details' }).textContent();
    expect(details).toMatch(/Created\s*\d/);
    expect(details).toMatch(/Expires\s*\d/);
    await screenshot(page, 'session');

    // A cart that does not exist is an error on the screen, not a blank page.
    await page.goto('/admin/sessions/0123456789abcdef0123456789abcd');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('cocart_cart_in_session_not_valid');
    await expect(page.getByRole('link', { name: 'Back to the carts in session' }).isVisible()).resolves.toBe(true);
    await context.close();
  });

  it('deletes a cart after asking, and it is gone from the database and the list', async () => {
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.goto(`/admin/sessions/${keys.grace}`);
    await page.getByRole('region', { name: 'Billing address' }).getByText('Grace Hopper').waitFor();
    await page.getByRole('button', { name: 'Delete cart' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this cart?' });
    await dialog.waitFor();
    // Escape keeps the cart.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await d.app.runtime.sessions.inspect(keys.grace)).not.toBeNull();

    await page.getByRole('button', { name: 'Delete cart' }).click();
    await dialog.getByRole('button', { name: 'Delete cart' }).click();
    await page.waitForURL(/\/admin\/sessions\?deleted=/);
    await expect(page.getByRole('status').filter({ hasText: `Cart ${keys.grace} deleted.` }).isVisible()).resolves.toBe(true);
    await page.getByText('2 carts in session.').waitFor();
    await expect(cartKeysShown(page)).resolves.not.toContain(keys.grace);
    expect(await d.app.runtime.sessions.inspect(keys.grace)).toBeNull();
    const gone = await d.app.inject({ method: 'GET', url: `${API}/session/${keys.grace}`, headers: authHeaders('admin') });
    expect(gone.statusCode).toBe(404);
    // The notice goes when dismissed, and with it the key in the address.
    await page.getByRole('button', { name: 'Dismiss this notice' }).click();
    await page.waitForURL((url) => !url.searchParams.has('deleted'));
    await context.close();
  });

  it('fits a phone: lists scroll inside their tables, never the page', async () => {
    const { context, page } = await newPage(d, { phone: true });
    await signIn(page);
    await page.goto('/admin/sessions');
    await page.getByText(/carts in session\./).waitFor();
    await screenshot(page, 'sessions-phone');
    const fits = async () => {
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
      expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    };
    await fits();
    await page.goto(`/admin/sessions/${keys.ada}`);
    await page.getByRole('table', { name: 'Items in this cart' }).waitFor();
    await fits();
    await page.goto('/admin/actions');
    await page.getByRole('navigation', { name: 'Filter by status' }).getByRole('link', { name: /^All statuses \(\d+\)$/ }).waitFor();
    await fits();
    await screenshot(page, 'actions-phone');
    await page.goto(`/admin/actions/${ids.report}`);
    await page.getByRole('table', { name: `Log of action #${ids.report}` }).waitFor();
    await fits();
    await context.close();
  });

  it('filters the scheduled actions by status, hook and group, and searches them', async () => {
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Scheduled actions' }).click();
    await page.getByRole('heading', { name: 'Scheduled actions', level: 1 }).waitFor();
    const statuses = page.getByRole('navigation', { name: 'Filter by status' });
    await statuses.getByRole('link', { name: 'All statuses (7)' }).waitFor();
    await expect(statuses.getByRole('link').allTextContents()).resolves.toEqual(['All statuses (7)', 'Pending (5)', 'Complete (1)', 'Failed (1)']);
    await expect(page.locator('tbody tr').count()).resolves.toBe(7);
    await screenshot(page, 'actions');

    await statuses.getByRole('link', { name: 'Failed (1)' }).click();
    await page.waitForURL(/status=failed/);
    await expect(statuses.getByRole('link', { name: 'Failed (1)' }).getAttribute('aria-current')).resolves.toBe('true');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    const failed = rowOf(page, 'cartwright_test_daily_report');
    await expect(failed.textContent()).resolves.toMatch(/Failed.*SMTP server said no/);
    // A failed action can be run again, not canceled.
    await expect(failed.getByRole('button', { name: /^Run now/ }).isVisible()).resolves.toBe(true);
    await expect(failed.getByRole('button', { name: /^Cancel/ }).count()).resolves.toBe(0);

    await statuses.getByRole('link', { name: /^Complete/ }).click();
    await expect.poll(() => page.locator('tbody tr td:nth-child(2) a').allTextContents()).toEqual(['cartwright_test_sync_stock']);
    await expect(rowOf(page, 'cartwright_test_sync_stock').getByRole('button').count()).resolves.toBe(0);

    // Search looks in hooks and arguments, within the chosen status.
    await statuses.getByRole('link', { name: /^Pending/ }).click();
    await page.waitForURL(/status=pending/);
    const search = page.getByRole('searchbox', { name: 'Search actions' });
    await search.fill('1002');
    await search.press('Enter');
    await page.waitForURL(/search=1002/);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await expect(rowOf(page, 'cartwright_test_send_email').textContent()).resolves.toContain('"order":1002');
    // The counts follow the search.
    await statuses.getByRole('link', { name: 'Pending (1)' }).waitFor();
    await search.fill('no-such-action');
    await search.press('Enter');
    await page.getByText('No actions found for this search or these filters.').waitFor();

    // Hook and group filters, from a clean list.
    await page.goto('/admin/actions');
    await page.getByLabel('Hook', { exact: true }).fill('cartwright_test_send_email');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.waitForURL(/hook=cartwright_test_send_email/);
    await statuses.getByRole('link', { name: 'All statuses (2)' }).waitFor();
    await expect(page.locator('tbody tr').count()).resolves.toBe(2);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await statuses.getByRole('link', { name: 'All statuses (7)' }).waitFor();
    // A row's group is a link to that group.
    await rowOf(page, 'cartwright_test_daily_report').getByRole('link', { name: 'reports' }).click();
    await page.waitForURL(/group=reports/);
    await expect.poll(() => page.locator('tbody tr td:nth-child(2) a').allTextContents()).toEqual(
      expect.arrayContaining(['cartwright_test_daily_report', 'cartwright_test_sync_stock']),
    );
    await expect(page.locator('tbody tr').count()).resolves.toBe(2);
    await expect(page.getByLabel('Group', { exact: true }).inputValue()).resolves.toBe('reports');

    // Ordered by ID, oldest first, from the heading.
    await page.goto('/admin/actions');
    await page.getByRole('button', { name: 'ID' }).click();
    await page.getByRole('button', { name: 'ID' }).click();
    await page.waitForURL(/order=asc/);
    await expect(page.getByRole('columnheader', { name: 'ID' }).getAttribute('aria-sort')).resolves.toBe('ascending');
    // The store's three recurring tasks first, then this test's actions.
    await expect.poll(() => page.locator('tbody tr td:first-child').allTextContents()).toEqual(['1', '2', '3', ...[ids.firstEmail, ids.secondEmail, ids.report, ids.sync].map(String)]);
    await context.close();
  });

  it("opens an action with its log, and runs a failed one again", async () => {
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.goto('/admin/actions?status=failed');
    await rowOf(page, 'cartwright_test_daily_report').getByRole('link', { name: 'cartwright_test_daily_report' }).click();
    await page.getByRole('heading', { name: `Action #${ids.report}: cartwright_test_daily_report`, level: 1 }).waitFor();
    await expect(page.getByRole('region', { name: 'Last error' }).textContent()).resolves.toContain('SMTP server said no');
    await expect(page.getByRole('region', { name: 'Arguments' }).textContent()).resolves.toContain('"day": "2026-01-31"');
    await expect(page.getByRole('region', { name: 'Details' }).textContent()).resolves.toMatch(/Attempts\s*1 of 1/);
    const log = page.getByRole('table', { name: `Log of action #${ids.report}` });
    const logLines = () => log.locator('tbody td:nth-child(2)').allTextContents();
    await expect(logLines()).resolves.toEqual([
      expect.stringMatching(/^action created/),
      'action claimed by node test-node (attempt 1 of 1)',
      'action failed: SMTP server said no',
      'no attempts left (1)',
    ]);
    await expect(page.getByRole('button', { name: 'Cancel action' }).count()).resolves.toBe(0);
    await screenshot(page, 'action');

    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByRole('status').filter({ hasText: `Action #${ids.report} (cartwright_test_daily_report) is due now` }).waitFor();
    // In place, without reloading the page: the new status and the new log line.
    await expect(page.getByRole('region', { name: 'Details' }).textContent()).resolves.toMatch(/Status\s*Pending.*Attempts\s*0 of 1/);
    await expect.poll(logLines).toContain('run now: the failed action is due again, with fresh attempts');
    await expect(page.evaluate(() => (window as unknown as { marker?: number }).marker)).resolves.toBe(1);
    const stored = await d.app.runtime.jobs.queue.get(ids.report);
    expect(stored).toMatchObject({ status: 'pending', attempts: 0, completedAt: null });
    expect(stored!.scheduledAt).toBeLessThanOrEqual(d.app.runtime.now());
    // Pending now, so it can be canceled too.
    await expect(page.getByRole('button', { name: 'Cancel action' }).isVisible()).resolves.toBe(true);

    // Canceled elsewhere while its screen is open: the server's refusal (409) is shown, then the action as it is.
    await page.goto('/admin/actions/1');
    await page.getByRole('heading', { name: 'Action #1: cartwright_cleanup_sessions', level: 1 }).waitFor();
    await expect(page.getByRole('region', { name: 'Details' }).textContent()).resolves.toContain('Every 12 hours');
    await d.app.runtime.jobs.queue.cancel(1);
    await page.getByRole('button', { name: 'Cancel action' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel action #1?' });
    await expect(dialog.textContent()).resolves.toContain('will not be scheduled again');
    await dialog.getByRole('button', { name: 'Cancel action' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('cartwright_action_not_cancelable');
    await expect.poll(() => page.getByRole('region', { name: 'Details' }).textContent()).toMatch(/Status\s*Canceled/);
    await expect(page.getByRole('button', { name: 'Run now' }).count()).resolves.toBe(0);

    await page.goto('/admin/actions/999999');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('cartwright_action_not_found');
    await context.close();
  });

  it('runs one action now and cancels another from the list, in French', async () => {
    const { context, page } = await newPage(d, { locale: 'fr-FR' });
    await signIn(page);
    await page.goto('/admin/actions?hook=cartwright_test_send_email&orderby=id&order=asc');
    await page.getByRole('heading', { name: 'Actions planifiées', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Filtrer par état' }).getByRole('link', { name: 'En attente (2)' }).waitFor();
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));

    const first = page.locator(`tr[data-action-id="${ids.firstEmail}"]`);
    await first.getByRole('button', { name: `Exécuter maintenant action n° ${ids.firstEmail}` }).click();
    await page.getByRole('status').filter({ hasText: `L’action n° ${ids.firstEmail} (cartwright_test_send_email) est due maintenant` }).waitFor();
    const due = await d.app.runtime.jobs.queue.get(ids.firstEmail);
    expect(due!.status).toBe('pending');
    expect(due!.scheduledAt).toBeLessThanOrEqual(d.app.runtime.now());
    expect((await d.app.runtime.jobs.queue.logs(ids.firstEmail)).map((l) => l.message)).toContain('run now: due at once');

    const second = page.locator(`tr[data-action-id="${ids.secondEmail}"]`);
    await second.getByRole('button', { name: `Annuler action n° ${ids.secondEmail}` }).click();
    const dialog = page.getByRole('dialog', { name: `Annuler l’action n° ${ids.secondEmail} ?` });
    await dialog.waitFor();
    // "Keep it" leaves it waiting.
    await dialog.getByRole('button', { name: 'La conserver' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await d.app.runtime.jobs.queue.get(ids.secondEmail))!.status).toBe('pending');

    await second.getByRole('button', { name: `Annuler action n° ${ids.secondEmail}` }).click();
    await dialog.getByRole('button', { name: 'Annuler l’action' }).click();
    await page.getByRole('status').filter({ hasText: `L’action n° ${ids.secondEmail} (cartwright_test_send_email) est annulée.` }).waitFor();
    // The row shows its new state, without a reload; the counts follow.
    await expect(second.getByText('Annulée', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(second.getByRole('button').count()).resolves.toBe(0);
    await page.getByRole('navigation', { name: 'Filtrer par état' }).getByRole('link', { name: 'Annulée (1)' }).waitFor();
    await expect(page.evaluate(() => (window as unknown as { marker?: number }).marker)).resolves.toBe(1);
    const canceled = await d.app.runtime.jobs.queue.get(ids.secondEmail);
    expect(canceled).toMatchObject({ status: 'canceled' });
    await context.close();
  });
});
