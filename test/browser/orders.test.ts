import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { API, shopperCall, WC } from '../helpers/api.ts';
import { authHeaders } from '../helpers/auth.ts';
import { describeInBrowser, newPage, openDashboard, screenshot, signIn, type Dashboard } from './harness.ts';

/**
 * The Orders screens as staff use them, on orders shoppers and the admin API placed: the list with
 * its status links and counts, search and paging kept in the address; one order with its lines, fees,
 * shipping, coupons, totals and addresses; its status changed, notes added and deleted, a refund made
 * (a line's quantity filling in the amount), and the server's refusals shown in its words (a refund
 * over what is left, a status the stock cannot follow), in English and in French.
 */

const BRISTOL = { first_name: 'Ada', last_name: 'Lovelace', address_1: '1 Quay Street', city: 'Bristol', postcode: 'BS1 4XX', country: 'GB', email: 'ada@example.org' };

/** The sailors' orders: 21, in these statuses (one of the pending ones goes to the trash). */
const SAILORS: string[] = [...Array(8).fill('pending'), ...Array(5).fill('processing'), ...Array(3).fill('on-hold'), ...Array(3).fill('completed'), 'cancelled', 'failed'];

describeInBrowser('dashboard: orders', () => {
  let d: Dashboard;
  const ids = { ada: 0, grace: 0, mary: 0 };

  /** What the server has now, through the admin API. */
  const stored = async (path: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE' = 'GET', payload?: object) => {
    const res = await d.app.inject({ method, url: `${WC}${path}`, headers: authHeaders('admin'), ...(payload ? { payload } : {}) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };

  /** An order placed as a shopper does: a cart through the Cart API, then checkout with cash on delivery. */
  async function checkout(items: [string, number][], body: object): Promise<number> {
    let key = '';
    for (const [id, quantity] of items) {
      const r = await shopperCall(d.app, 'POST', '/cart/add-item', { key, payload: { id, quantity } });
      expect(r.statusCode, r.body).toBe(200);
      key = r.headers['cocart-api-cart-key'] as string;
    }
    const r = await d.app.inject({ method: 'POST', url: `${API}/checkout`, headers: { 'cocart-api-cart-key': key }, payload: { payment_method: 'cod', ...body } });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().order_id;
  }

  beforeAll(async () => {
    d = await openDashboard();
    ids.ada = await checkout([['45', 2], ['10', 1]], {
      billing_address: BRISTOL,
      shipping_address: { ...BRISTOL, first_name: 'Augusta', address_1: '2 Harbour Walk' },
      customer_note: 'Please leave it with the harbour master.',
    });
    ids.grace = (
      await stored('/orders', 'POST', {
        set_paid: true,
        payment_method: 'cod',
        payment_method_title: 'Cash on delivery',
        billing: { ...BRISTOL, first_name: 'Grace', last_name: 'Hopper', email: 'grace@example.org' },
        line_items: [{ product_id: 10, quantity: 2 }, { product_id: 45, quantity: 1 }],
        shipping_lines: [{ method_id: 'flat_rate', method_title: 'Flat rate' }],
        fee_lines: [{ name: 'Gift wrap', total: '1.50' }],
        coupon_lines: [{ code: 'save10' }],
      })
    ).id;
    const made = await stored('/orders/batch', 'POST', {
      create: SAILORS.map((status, i) => ({ status, billing: { first_name: 'Sailor', last_name: String(i + 1), email: `sailor${i + 1}@example.org` }, line_items: [{ product_id: 45, quantity: 1 }] })),
    });
    // The eighth sailor's order goes to the trash.
    await stored(`/orders/${made.create[7].id}`, 'DELETE');
    // Mary's order was cancelled, and its kit has sold out since: it cannot go back to processing.
    ids.mary = (await stored('/orders', 'POST', { billing: { first_name: 'Mary', last_name: 'Anning', email: 'mary@example.org' }, line_items: [{ product_id: 29, quantity: 1 }] })).id;
    await stored(`/orders/${ids.mary}`, 'PUT', { status: 'cancelled' });
    await stored('/products/29', 'PUT', { stock_quantity: 0 });
  });
  afterAll(async () => d?.close());

  const statusLinks = (page: Page, name = 'Filter by status') => page.getByRole('navigation', { name }).getByRole('link');
  const orderLinks = (page: Page) => page.getByRole('table').getByRole('link');

  it('lists the orders with a link per status and its count, searches and pages them, keeping all in the address', async () => {
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Orders' }).click();
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    // Every status with its count, as the server counts them; drafts are left out while there are none, the trash shown as it has one.
    await page.getByRole('link', { name: 'All (23)' }).waitFor();
    await expect(statusLinks(page).allTextContents()).resolves.toEqual([
      'All (23)', 'Pending payment (7)', 'Processing (7)', 'On hold (3)', 'Completed (3)', 'Cancelled (2)', 'Refunded (0)', 'Failed (1)', 'Trash (1)',
    ]);
    const totals = Object.fromEntries((await stored('/reports/orders/totals')).map((s: { slug: string; total: number }) => [s.slug, s.total]));
    expect(totals).toMatchObject({ pending: 7, processing: 7, 'on-hold': 3, completed: 3, cancelled: 2, failed: 1 });

    // Newest first, 20 to a page, each linked to its order, with its customer, date, status and total in pounds.
    await expect(orderLinks(page).count()).resolves.toBe(20);
    await expect(page.getByText('23 items').isVisible()).resolves.toBe(true);
    await expect(page.getByText('Page 1 of 2').isVisible()).resolves.toBe(true);
    const ada = await stored(`/orders/${ids.ada}`);
    await screenshot(page, 'orders');

    await page.getByRole('button', { name: 'Next' }).click();
    await page.waitForURL(/page=2/);
    // The oldest three: the first sailor's, Grace's and Ada's.
    await expect.poll(() => orderLinks(page).allTextContents()).toEqual([expect.stringContaining('Sailor 1'), `#${ids.grace} Grace Hopper`, `#${ids.ada} Ada Lovelace`]);
    const adaRow = page.getByRole('row').filter({ hasText: 'Ada Lovelace' });
    await expect(adaRow.textContent()).resolves.toContain('Processing');
    await expect(adaRow.textContent()).resolves.toContain(new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' }).format(Number(ada.total)));
    await expect(adaRow.textContent()).resolves.toContain('via Cash on delivery');

    // A status link: only its orders, from the first page.
    await statusLinks(page).filter({ hasText: 'On hold' }).click();
    await page.waitForURL((url) => url.searchParams.get('status') === 'on-hold' && !url.searchParams.has('page'));
    await page.getByRole('table', { name: 'Orders: On hold' }).waitFor();
    // The caption follows the address at once; the rows follow when the list's answer arrives.
    await expect.poll(() => page.getByRole('table').getByText('On hold', { exact: true }).count()).toBe(3);
    await expect(orderLinks(page).count()).resolves.toBe(3);
    await expect(statusLinks(page).filter({ hasText: 'On hold' }).getAttribute('aria-current')).resolves.toBe('true');

    // The trash holds the deleted order, out of every other list.
    await statusLinks(page).filter({ hasText: 'Trash' }).click();
    await expect.poll(() => orderLinks(page).allTextContents()).toEqual([expect.stringContaining('Sailor 8')]);

    // Search within a status, by name, kept over a reload.
    await statusLinks(page).filter({ hasText: 'Processing' }).click();
    await page.getByRole('searchbox', { name: 'Search orders' }).fill('lovelace');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('table', { name: 'Orders matching “lovelace”' }).waitFor();
    await expect(orderLinks(page).allTextContents()).resolves.toEqual([`#${ids.ada} Ada Lovelace`]);
    expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ status: 'processing', search: 'lovelace' });
    await page.reload();
    await page.getByRole('table', { name: 'Orders matching “lovelace”' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search orders' }).fill('nobody by this name');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('No orders found for this search.').waitFor();
    await context.close();
  });

  it('shows one order, changes its status, adds and deletes notes, and refunds part of it; the server holds each', async () => {
    const { context, page } = await newPage(d);
    await signIn(page);
    await page.goto(`/admin/orders?search=lovelace`);
    await page.getByRole('link', { name: `#${ids.ada} Ada Lovelace` }).click();
    await page.getByRole('heading', { level: 1, name: `Order #${ids.ada}` }).waitFor();
    const order = await stored(`/orders/${ids.ada}`);
    const gbp = (amount: string | number) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' }).format(Number(amount));

    // Its lines with SKU, quantity, cost and total; its shipping; the totals; both addresses and the customer's note; how it was paid.
    const items = page.getByRole('table', { name: `Items of order #${ids.ada}` });
    for (const line of order.line_items) {
      const row = items.getByRole('row').filter({ hasText: line.name });
      await expect(row.textContent()).resolves.toContain(line.sku);
      await expect(row.textContent()).resolves.toContain(`× ${line.quantity}`);
      await expect(row.textContent()).resolves.toContain(gbp(line.total));
    }
    await expect(items.getByRole('row').filter({ hasText: `Shipping: ${order.shipping_lines[0].method_title}` }).textContent()).resolves.toContain(gbp(order.shipping_total));
    const totals = page.getByRole('region', { name: 'Totals' });
    await expect(totals.textContent()).resolves.toContain(`Order total${gbp(order.total)}`);
    await expect(page.getByRole('region', { name: 'Billing address' }).textContent()).resolves.toMatch(/Ada Lovelace.*1 Quay Street.*Bristol.*BS1 4XX.*United Kingdom.*ada@example\.org/);
    await expect(page.getByRole('region', { name: 'Shipping address' }).textContent()).resolves.toMatch(/Augusta Lovelace.*2 Harbour Walk.*Please leave it with the harbour master\./);
    await expect(page.getByRole('region', { name: 'Details' }).textContent()).resolves.toMatch(/Payment methodCash on delivery.*Created viaStorefront checkout/);
    await screenshot(page, 'order');

    // The status, changed in place; stock and notes follow on the server.
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Completed' });
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.getByText('Order status changed to Completed.').waitFor();
    expect((await stored(`/orders/${ids.ada}`)).status).toBe('completed');
    await expect.poll(() => page.locator('.page-head .badge').textContent()).toBe('Completed');
    await page.getByText('Order status changed from Processing to Completed.').waitFor();

    // Notes: a private one and one to the customer, signed by staff; the private one deleted after asking.
    await page.getByLabel('Add a note').fill('Rang the customer about the delivery.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText('Rang the customer about the delivery.').waitFor();
    await page.getByLabel('Add a note').fill('Your parcel is on its way.');
    await page.getByLabel('Note type').selectOption({ label: 'Note to customer' });
    await page.getByRole('button', { name: 'Add note' }).click();
    const toCustomer = page.getByRole('listitem').filter({ hasText: 'Your parcel is on its way.' });
    await expect(toCustomer.textContent()).resolves.toMatch(/Note to customer.*by admin/);
    let notes = await stored(`/orders/${ids.ada}/notes`);
    expect(notes.slice(0, 2).map((n: { note: string; customer_note: boolean; author: string }) => [n.note, n.customer_note, n.author])).toEqual([
      ['Your parcel is on its way.', true, 'admin'],
      ['Rang the customer about the delivery.', false, 'admin'],
    ]);
    await page.getByRole('listitem').filter({ hasText: 'Rang the customer' }).getByRole('button', { name: 'Delete note' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this note?' });
    await dialog.getByRole('button', { name: 'Delete note' }).click();
    await expect.poll(() => page.getByText('Rang the customer about the delivery.').count()).toBe(0);
    notes = await stored(`/orders/${ids.ada}/notes`);
    expect(notes.map((n: { note: string }) => n.note)).not.toContain('Rang the customer about the delivery.');

    // A refund of one whistle: its quantity fills in the amount; cash on delivery cannot pay back, so it is recorded manually.
    const whistle = order.line_items.find((l: { sku: string }) => l.sku === 'CW-SAF-WHISTLE');
    const unit = (Number(whistle.total) + Number(whistle.total_tax)) / whistle.quantity;
    await page.getByRole('button', { name: 'Refund…' }).click();
    await expect(page.getByRole('button', { name: /through/ }).count()).resolves.toBe(0);
    await page.getByLabel(whistle.name).fill('1');
    await expect(page.getByLabel(`Refund amount (GBP)`).inputValue()).resolves.toBe(unit.toFixed(2));
    await page.getByLabel('Reason (optional)').fill('Dented in transit');
    await page.getByLabel('Put the refunded items back in stock').uncheck();
    await page.getByRole('button', { name: `Refund ${gbp(unit)} manually` }).click();
    await page.getByRole('dialog', { name: `Refund ${gbp(unit)}?` }).getByRole('button', { name: 'Refund', exact: true }).click();
    await page.getByText(`Refunded ${gbp(unit)}.`).waitFor();
    const refunds = await stored(`/orders/${ids.ada}/refunds`);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: unit.toFixed(2), reason: 'Dented in transit', refunded_payment: false });
    expect(refunds[0].line_items).toEqual([expect.objectContaining({ id: whistle.id, quantity: -1 })]);
    await expect.poll(() => totals.textContent()).toContain(`Total refunded−${gbp(unit)}Net payment${gbp(Number(order.total) - unit)}`);
    await expect(page.getByRole('table', { name: `Refunds of order #${ids.ada}` }).textContent()).resolves.toMatch(/Dented in transit.*Manually/);
    await expect(items.getByRole('row').filter({ hasText: whistle.name }).textContent()).resolves.toContain('1 refunded');
    await page.getByText(`Refunded ${unit.toFixed(2)} GBP – Dented in transit.`).waitFor();

    // More than is left to refund: refused in the server's words, nothing stored, the form kept.
    await page.getByRole('button', { name: 'Refund…' }).click();
    await page.getByLabel('Refund amount (GBP)').fill('9999');
    await page.getByRole('button', { name: `Refund ${gbp(9999)} manually` }).click();
    await page.getByRole('dialog', { name: `Refund ${gbp(9999)}?` }).getByRole('button', { name: 'Refund', exact: true }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Invalid refund amount.' });
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toContain('woocommerce_rest_cannot_create_order_refund');
    expect(await stored(`/orders/${ids.ada}/refunds`)).toHaveLength(1);
    await expect(page.getByLabel('Refund amount (GBP)').inputValue()).resolves.toBe('9999');
    await screenshot(page, 'order-refund-refused');
    await context.close();
  });

  it('shows the server’s refusal of a status the stock cannot follow, and leaves the order as it was', async () => {
    const { context, page } = await newPage(d);
    await signIn(page, 'manager');
    await page.goto(`/admin/orders/${ids.mary}`);
    await page.getByRole('heading', { level: 1, name: `Order #${ids.mary}` }).waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Processing' });
    await page.getByRole('button', { name: 'Change status' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: '"Marine First Aid Kit" is out of stock and cannot be purchased.' });
    await refusal.waitFor();
    await expect(refusal.textContent()).resolves.toContain('cocart_product_out_of_stock');
    expect((await stored(`/orders/${ids.mary}`)).status).toBe('cancelled');
    await expect(page.locator('.page-head .badge').textContent()).resolves.toBe('Cancelled');
    await context.close();
  });

  it('works in French: the status links, an order with its fees, shipping and coupon, a status change, a note, a refusal and a refund', async () => {
    const { context, page } = await newPage(d, { locale: 'fr-FR' });
    await signIn(page);
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Commandes' }).click();
    await page.getByRole('heading', { level: 1, name: 'Commandes' }).waitFor();
    const links = statusLinks(page, 'Filtrer par état');
    await links.first().waitFor();
    // The counts as the server has them now (the tests before this one moved some orders on).
    const n = Object.fromEntries((await stored('/reports/orders/totals')).map((s: { slug: string; total: number }) => [s.slug, s.total]));
    const all = Object.values(n).reduce((a: number, b) => a + (b as number), 0);
    await expect.poll(() => links.allTextContents()).toEqual([
      `Tous (${all})`, `Attente paiement (${n.pending})`, `En cours (${n.processing})`, `En attente (${n['on-hold']})`, `Terminée (${n.completed})`,
      `Annulée (${n.cancelled})`, `Remboursée (${n.refunded})`, `Échouée (${n.failed})`, 'Corbeille (1)',
    ]);
    await expect(page.getByText('Page 1 sur 2').isVisible()).resolves.toBe(true);
    await screenshot(page, 'orders-fr');

    await page.getByRole('searchbox', { name: 'Rechercher des commandes' }).fill('hopper');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await page.getByRole('link', { name: `#${ids.grace} Grace Hopper` }).click();
    await page.getByRole('heading', { level: 1, name: `Commande n° ${ids.grace}` }).waitFor();
    const items = page.getByRole('table', { name: `Articles de la commande n° ${ids.grace}` });
    await items.getByRole('row').filter({ hasText: 'Frais : Gift wrap' }).waitFor();
    await items.getByRole('row').filter({ hasText: 'Livraison : Flat rate' }).waitFor();
    await expect(page.getByText('Codes promo :').locator('..').textContent()).resolves.toContain('save10');
    await expect(page.getByRole('region', { name: 'Totaux' }).textContent()).resolves.toMatch(/Sous-total des articles.*Remise.*Frais.*Livraison.*Total de la commande/);

    await page.getByLabel('État', { exact: true }).selectOption({ label: 'En attente' });
    await page.getByRole('button', { name: 'Changer l’état' }).click();
    await page.getByText('État de la commande passé à « En attente ».').waitFor();
    expect((await stored(`/orders/${ids.grace}`)).status).toBe('on-hold');

    await page.getByLabel('Ajouter une note').fill('Emballage cadeau demandé.');
    await page.getByRole('button', { name: 'Ajouter la note' }).click();
    await expect(page.getByRole('listitem').filter({ hasText: 'Emballage cadeau demandé.' }).textContent()).resolves.toContain('Note privée');

    // Refused in French, then a refund with a decimal comma.
    await page.getByRole('button', { name: 'Rembourser…' }).click();
    await page.getByLabel('Montant du remboursement (GBP)').fill('5000');
    await page.getByRole('button', { name: /^Rembourser .* manuellement$/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rembourser', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Montant de remboursement invalide.' }).waitFor();
    await screenshot(page, 'order-fr-refund-refused');
    await page.getByLabel('Montant du remboursement (GBP)').fill('1,50');
    await page.getByLabel('Motif (facultatif)').fill('Geste commercial');
    await page.getByRole('button', { name: /^Rembourser 1,50\s£GB manuellement$/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rembourser', exact: true }).click();
    await page.getByText(/^1,50\s£GB remboursé\(s\)\.$/).waitFor();
    expect((await stored(`/orders/${ids.grace}/refunds`)).map((r: { amount: string; reason: string }) => [r.amount, r.reason])).toEqual([['1.50', 'Geste commercial']]);
    await expect.poll(() => page.getByRole('region', { name: 'Totaux' }).textContent()).toMatch(/Total remboursé−1,50\s£GBPaiement net31,51\s£GB/);
    await screenshot(page, 'order-fr');
    await context.close();
  });
});
