import { afterAll, beforeAll, expect, it } from 'vitest';
import { Worker } from '../../src/jobs/worker.ts';
import { guestKey, insertLegacyCarts } from '../helpers/legacy-carts.ts';
import { describeInBrowser, newPage, openDashboard, screenshot, signIn, type Dashboard } from './harness.ts';

/**
 * The overview, and the database update as the update guide describes it: the "update required"
 * notice, its button, the progress (and the scheduled actions it links to), the "update complete"
 * notice, dismissed. The store holds 1 500 carts from CoCart 3.x; the test app has no workers until
 * the test starts one, so each stage can be looked at.
 */

const LEGACY_GUESTS = 1500;

describeInBrowser('dashboard overview and database update', () => {
  let d: Dashboard;
  beforeAll(async () => {
    d = await openDashboard();
    // Three carts made through the Cart API, one of them a template for the 3.x carts.
    const keys: string[] = [];
    for (const id of ['60', '30', '60']) {
      const r = await d.app.inject({ method: 'POST', url: '/wp-json/cocart/v2/cart/add-item', payload: { id, quantity: '1' } });
      keys.push(String(r.headers['cocart-api-cart-key']));
    }
    const template = await d.app.runtime.database.db.selectFrom('carts').select('cart_value').where('cart_key', '=', keys[0]).executeTakeFirstOrThrow();
    const db = d.app.runtime.database.db;
    await insertLegacyCarts(db, [], LEGACY_GUESTS, template.cart_value);
    // Spread the 3.x carts over the last 30 days, as a live store's are: a week's carts still active, older ones expired.
    const now = Math.floor(Date.now() / 1000);
    for (let day = 1; day < 30; day++) {
      const keys = Array.from({ length: LEGACY_GUESTS }, (_, i) => i).filter((i) => i % 30 === day).map(guestKey);
      const created = now - day * 86400 - 600;
      await db.updateTable('carts').set({ cart_created: created, cart_expiry: created + 7 * 86400 }).where('cart_key', 'in', keys).execute();
    }
  });
  afterAll(async () => d?.close());

  it('shows the carts in session, carts started per day and the newest carts', async () => {
    const { context, page } = await newPage(d);
    await signIn(page);
    const tile = (label: string) => page.locator('.tile', { hasText: label }).locator('.tile-value');
    const counts = await d.app.runtime.sessions.counts();
    expect(counts.expired).toBeGreaterThan(0);
    const en = (n: number) => n.toLocaleString('en-GB');
    await expect.poll(() => tile('Active carts').textContent()).toBe(en(counts.active));
    await expect(tile('Expiring within 24 hours').textContent()).resolves.toBe(en(counts.expiring));
    await expect(tile('Expired, awaiting clean-up').textContent()).resolves.toBe(en(counts.expired));
    await expect(tile('All carts in session').textContent()).resolves.toBe(en(LEGACY_GUESTS + 3));
    // The figures behind the chart, day by day as the server counts them: today's carts all active, a fortnight ago's expired.
    const days = await d.app.runtime.sessions.startedPerDay(30);
    await page.getByText('Show the figures as a table').click();
    const rows = page.locator('.chart-table tbody tr');
    await expect(rows.count()).resolves.toBe(30);
    await expect(rows.last().locator('td').allTextContents()).resolves.toEqual([en(days[29].active), '0']);
    await expect(rows.nth(15).locator('td').allTextContents()).resolves.toEqual(['0', en(days[15].expired)]);
    expect(days[15].expired).toBeGreaterThan(0);
    await expect(page.getByRole('img', { name: `Carts started per day: ${en(LEGACY_GUESTS + 3)} in all` }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('table', { name: 'Recent carts' }).locator('tbody tr').count()).resolves.toBe(5);
    await page.getByText('Show the figures as a table').click();
    await screenshot(page, 'overview');
    await context.close();

    const phone = await newPage(d, { phone: true, locale: 'fr-FR' });
    await signIn(phone.page);
    await phone.page.getByRole('heading', { name: 'Vue d’ensemble' }).waitFor();
    await expect.poll(() => phone.page.locator('.tile', { hasText: 'Tous les paniers en session' }).locator('.tile-value').textContent()).toMatch(/^1\s503$/);
    // Nothing wider than the phone's screen.
    await screenshot(phone.page, 'overview-phone');
    await expect(phone.page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    // The menu opens from its button, by keyboard.
    await phone.page.getByRole('button', { name: 'Menu' }).focus();
    await phone.page.keyboard.press('Enter');
    await phone.page.getByRole('navigation').getByRole('link', { name: 'Sessions', exact: true }).waitFor();
    await screenshot(phone.page, 'overview-phone');
    await phone.context.close();
  });

  it('runs the database update from the notice to completion, and the notice is dismissed', async () => {
    const runtime = d.app.runtime;
    const { context, page } = await newPage(d);
    await signIn(page);

    const notice = page.locator('.update-notice');
    await notice.getByText('Cartwright database update required').waitFor();
    await screenshot(page, 'update-needed');
    await notice.getByRole('button', { name: 'Update Cartwright Database' }).click();

    // Running: nothing works it off yet, so it stays running, with a link to its pending actions.
    await notice.getByText(`Cartwright is updating the database in the background: ${(LEGACY_GUESTS).toLocaleString('en-GB')} rows left.`).waitFor();
    expect((await runtime.upgrades.status()).state).toBe('running');
    await notice.getByRole('link', { name: 'View progress →' }).click();
    await page.waitForURL(/\/admin\/actions\?/);
    expect(new URL(page.url()).searchParams.get('group')).toBe('cartwright-db-updates');
    await page.getByText('cartwright_run_update_callback').first().waitFor();
    await screenshot(page, 'update-progress-actions');

    await page.goto('/admin/update');
    await page.getByRole('heading', { name: 'Database update' }).waitFor();
    await page.getByText('The update is running in the background.').waitFor();
    await screenshot(page, 'update-running');

    // A worker on this node works it off; the screens follow without a reload.
    const worker = new Worker(runtime.jobs, { concurrency: 1, log: d.app.log, now: runtime.now });
    worker.start();
    try {
      await page.getByText('The update is complete.').waitFor({ timeout: 60_000 });
      await expect(page.getByRole('progressbar').getAttribute('value')).resolves.toBe('100');
      await notice.getByText('Cartwright database update done.').waitFor();
    } finally {
      await worker.stop();
    }
    await screenshot(page, 'update-complete');
    const left = await runtime.database.db.selectFrom('carts').select((eb) => eb.fn.countAll<number>().as('n')).where('layout', '=', 3).executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
    // The 3.x keys still find their carts.
    const old = await d.app.inject({ method: 'GET', url: '/wp-json/cocart/v2/cart', headers: { 'cocart-api-cart-key': guestKey(30) } });
    expect(old.json().items).toHaveLength(1);

    // The complete notice stays on every screen until an administrator dismisses it.
    await page.goto('/admin/sessions');
    await notice.getByText('Cartwright database update done.').waitFor();
    await notice.getByRole('button', { name: 'Dismiss this notice' }).click();
    await expect.poll(() => notice.count()).toBe(0);
    expect((await runtime.upgrades.status()).state).toBe('current');
    await page.reload();
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    await expect(page.locator('.update-notice').count()).resolves.toBe(0);
    await context.close();
  });
});
