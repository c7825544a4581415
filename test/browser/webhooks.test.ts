import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Worker } from '../../src/jobs/worker.ts';
import { TOPICS } from '../../src/webhooks/topics.ts';
import { WC } from '../helpers/api.ts';
import { authHeaders } from '../helpers/auth.ts';
import { describeInBrowser, newPage, openDashboard, screenshot, signIn, type Dashboard } from './harness.ts';

/**
 * The Webhooks screens as staff use them, against receivers the test starts: a webhook added (an
 * invalid delivery URL refused with the server's reason under its field, nothing stored) and listed;
 * an order placed, the queue run, and the delivery in the log with its HTTP status, opened by keyboard
 * onto its signed request and the receiver's answer; a failing receiver's attempt shown as failed and
 * counted; a webhook found by search and status, paused and deleted; in English and in French, and
 * on a phone.
 */

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** A local HTTP receiver answering every request with `status` (and a body and a header to find in the log). */
async function startReceiver(status: number, body: string): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(status, { 'content-type': 'application/json', 'x-receiver': 'harbour-test' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/orders`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const INVALID_URL = 'Webhook delivery URL must be a valid URL starting with http:// or https://.';

describeInBrowser('dashboard: webhooks', () => {
  let d: Dashboard;
  let ok: Receiver;
  let down: Receiver;
  let orderId = 0;

  beforeAll(async () => {
    d = await openDashboard();
    ok = await startReceiver(200, '{"received":true}');
    down = await startReceiver(500, '{"error":"Receiver is down"}');
  });
  afterAll(async () => {
    await d?.close();
    await ok?.close();
    await down?.close();
  });

  /** The admin API, as another system would call it. */
  const call = async (method: 'GET' | 'POST' | 'PUT', path: string, payload?: object) => {
    const res = await d.app.inject({ method, url: `${WC}${path}`, headers: authHeaders('admin'), ...(payload ? { payload } : {}) });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json();
  };
  /** Runs every due background action (the test app runs no workers of its own). */
  const drain = () => new Worker(d.app.runtime.jobs, { concurrency: 2, log: d.app.log, now: d.app.runtime.now }).drain();
  const stored = () => d.app.runtime.webhooks.list({ offset: 0, limit: 100, orderBy: 'id', order: 'asc' });

  const menu = (page: Page) => page.getByRole('navigation', { name: /Main menu|Menu principal/ });
  const logRows = (page: Page) => page.getByRole('table', { name: /Delivery log|Journal de livraison/ }).locator('tbody > tr:first-child');

  async function openWebhook(page: Page, name: string) {
    await page.goto('/admin/webhooks');
    await page.getByRole('table').getByRole('link', { name }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`[“«] ?${name} ?[”»]`) }).waitFor();
  }

  it('adds a webhook, refusing an invalid delivery URL with the server’s reason under its field, and lists it', async () => {
    const { context, page } = await newPage(d);
    await signIn(page);
    await menu(page).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByText('No webhooks yet.', { exact: false }).waitFor();
    await page.getByRole('link', { name: 'Add webhook' }).click();
    await page.getByRole('heading', { level: 1, name: 'Add webhook' }).waitFor();

    // Every topic the server knows, by WooCommerce's names; new webhooks start active, on "Order created".
    const topic = page.getByLabel('Topic');
    await expect(topic.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).sort())).resolves.toEqual([...TOPICS].sort());
    await expect(topic.locator('option:checked').textContent()).resolves.toBe('Order created');
    await expect(page.getByLabel('Status').locator('option:checked').textContent()).resolves.toBe('Active');
    await expect.poll(() => page.getByLabel('Status').locator('option').allTextContents()).toEqual(['Active', 'Paused', 'Disabled']);

    await page.getByLabel('Name').fill('Fulfilment');
    await page.getByLabel('Delivery URL').fill('ftp://warehouse.example/hooks');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const url = page.getByLabel('Delivery URL');
    await expect(page.locator('#webhook-url-error').textContent()).resolves.toBe(INVALID_URL);
    await expect(page.getByRole('alert').textContent()).resolves.toContain('woocommerce_rest_shop_webhook_invalid_delivery_url');
    await expect(url.getAttribute('aria-invalid')).resolves.toBe('true');
    // Focus moves to the field once its error has rendered, a frame after the answer.
    await expect.poll(() => url.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect(url.inputValue()).resolves.toBe('ftp://warehouse.example/hooks');
    expect((await stored()).total).toBe(0);
    await screenshot(page, 'webhook-invalid-url');

    // Corrected, it is made, with a secret the server generated, and pinged.
    await url.fill(ok.url);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByText('Webhook “Fulfilment” created.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Webhook “Fulfilment”' }).waitFor();
    const [webhook] = (await stored()).webhooks;
    expect(webhook).toMatchObject({ name: 'Fulfilment', status: 'active', topic: 'order.created', deliveryUrl: ok.url });
    expect(new URL(page.url()).pathname).toBe(`/admin/webhooks/${webhook.id}`);
    expect(webhook.secret).toHaveLength(50);
    await expect(page.getByLabel('Secret').inputValue()).resolves.toBe(webhook.secret);
    await page.getByText('Nothing delivered yet.').waitFor();

    await drain();
    expect(ok.received.map((r) => r.body)).toEqual([`webhook_id=${webhook.id}`]);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(logRows(page).first().textContent()).resolves.toMatch(/Delivered.*HTTP 200 OK.*Ping/);

    // Listed with its status, topic, delivery URL and failures.
    await page.getByRole('link', { name: '← All webhooks' }).click();
    const row = page.getByRole('table', { name: 'Webhooks' }).getByRole('row').nth(1);
    await row.waitFor();
    await expect.poll(() => row.getByRole('cell').allTextContents()).toEqual(['Fulfilment', 'Active', 'Order created', ok.url, '0']);
    await expect.poll(() => page.getByRole('navigation', { name: 'Filter by status' }).getByRole('link').allTextContents()).toEqual(['All (1)', 'Active (1)', 'Paused (0)', 'Disabled (0)']);
    await screenshot(page, 'webhooks');
    await context.close();
  });

  it('delivers a new order, signed, and shows the attempt in the log; opened by keyboard, it shows the request and the answer', async () => {
    const order = await call('POST', '/orders', {
      billing: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.org' },
      line_items: [{ product_id: 45, quantity: 2 }],
    });
    orderId = order.id;
    await drain();
    const delivery = ok.received.at(-1)!;
    const [webhook] = (await stored()).webhooks;
    expect(delivery.headers).toMatchObject({ 'x-wc-webhook-topic': 'order.created', 'x-wc-webhook-resource': 'order', 'x-wc-webhook-id': String(webhook.id) });
    expect(delivery.headers['x-wc-webhook-signature']).toBe(createHmac('sha256', webhook.secret).update(delivery.body).digest('base64'));
    expect(JSON.parse(delivery.body)).toMatchObject({ id: orderId });

    const { context, page } = await newPage(d);
    await signIn(page);
    await openWebhook(page, 'Fulfilment');
    const first = logRows(page).first();
    await expect.poll(() => first.getByRole('cell').allTextContents()).toEqual([
      expect.any(String),
      'Delivered HTTP 200 OK',
      `Order created #${orderId}`,
      expect.stringMatching(/^[\d.]+ secs?$/),
      '1',
      String(delivery.headers['x-wc-webhook-delivery-id']).slice(0, 8),
      expect.stringContaining('Details'),
    ]);
    await expect.poll(() => logRows(page).count()).toBe(2);

    // By keyboard: the row's Details button opens its request and response.
    const details = first.getByRole('button');
    await expect(details.textContent()).resolves.toMatch(/^Details of the attempt at /);
    await details.focus();
    await page.keyboard.press('Enter');
    await expect(details.getAttribute('aria-expanded')).resolves.toBe('true');
    const opened = page.locator(`#${await details.getAttribute('aria-controls')}`);
    await expect(opened.isVisible()).resolves.toBe(true);
    const text = (await opened.textContent()) ?? '';
    expect(text).toContain(`POST ${ok.url}`);
    expect(text).toContain('x-wc-webhook-topic: order.created');
    expect(text).toContain(`x-wc-webhook-delivery-id: ${delivery.headers['x-wc-webhook-delivery-id']}`);
    expect(text).toContain('x-receiver: harbour-test');
    expect(text).toContain('{"received":true}');
    await screenshot(page, 'webhook-delivery-log');
    await expect(details.textContent()).resolves.toMatch(/^Hide details/);
    await page.keyboard.press('Enter');
    await expect(details.getAttribute('aria-expanded')).resolves.toBe('false');
    await opened.waitFor({ state: 'hidden' });
    await context.close();
  });

  it('shows a failing receiver’s attempt as failed and counts it; finds, pauses and deletes a webhook', async () => {
    const accounts = await call('POST', '/webhooks', { name: 'Accounts', topic: 'order.updated', delivery_url: down.url });
    await drain(); // its ping, which fails without counting
    await call('PUT', `/orders/${orderId}`, { status: 'completed' });
    await drain();
    expect(down.received.map((r) => r.headers['x-wc-webhook-topic'] ?? 'ping')).toEqual(['ping', 'order.updated']);
    expect(await d.app.runtime.webhooks.find(accounts.id)).toMatchObject({ status: 'active', failureCount: 1 });

    const { context, page } = await newPage(d);
    await signIn(page);
    await page.goto('/admin/webhooks');
    await page.getByRole('searchbox', { name: 'Search webhooks' }).fill('accounts');
    await page.getByRole('searchbox', { name: 'Search webhooks' }).press('Enter');
    const table = page.getByRole('table', { name: 'Webhooks matching “accounts”' });
    await table.waitFor();
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await expect.poll(() => table.getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual(['Accounts', 'Active', 'Order updated', down.url, '1']);
    await table.getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhook “Accounts”' }).waitFor();

    const first = logRows(page).first();
    await expect(first.textContent()).resolves.toContain('Failed');
    await expect(first.textContent()).resolves.toContain('HTTP 500 Internal Server Error');
    await expect(first.textContent()).resolves.toContain(`Order updated #${orderId}`);
    await first.getByRole('button', { name: /^Details/ }).click();
    await page.getByText('{"error":"Receiver is down"}').waitFor();
    await expect(page.locator('.webhooks-facts').textContent()).resolves.toContain('Failures in a row1');
    await screenshot(page, 'webhook-failed-delivery');

    // Paused: it keeps its settings, and nothing more is sent.
    await page.getByLabel('Status').selectOption({ label: 'Paused' });
    await page.getByRole('button', { name: 'Save webhook' }).click();
    await page.getByText('Webhook “Accounts” saved.').waitFor();
    expect(await d.app.runtime.webhooks.find(accounts.id)).toMatchObject({ status: 'paused', deliveryUrl: down.url, topic: 'order.updated' });
    await page.goto('/admin/webhooks');
    await page.getByRole('navigation', { name: 'Filter by status' }).getByRole('link', { name: 'Paused (1)' }).click();
    const paused = page.getByRole('table', { name: 'Webhooks: Paused' });
    await paused.waitFor();
    await expect.poll(() => paused.getByRole('link').allTextContents()).toEqual(['Accounts']);
    expect(new URL(page.url()).searchParams.get('status')).toBe('paused');

    // Deleted, once confirmed (Escape cancels the question first).
    await paused.getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('button', { name: 'Delete permanently' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete webhook “Accounts”?' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await d.app.runtime.webhooks.find(accounts.id)).not.toBeNull();
    await page.getByRole('button', { name: 'Delete permanently' }).click();
    await dialog.getByRole('button', { name: 'Delete webhook' }).click();
    await page.getByText('Webhook “Accounts” deleted.').waitFor();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    expect(await d.app.runtime.webhooks.find(accounts.id)).toBeNull();
    await expect.poll(() => page.getByRole('table', { name: 'Webhooks' }).getByRole('link').allTextContents()).toEqual(['Fulfilment']);
    await context.close();
  });

  it('speaks French, the server’s refusals included', async () => {
    const { context, page } = await newPage(d, { locale: 'fr-FR' });
    await signIn(page);
    await menu(page).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await expect.poll(() => page.getByRole('navigation', { name: 'Filtrer par état' }).getByRole('link').allTextContents()).toEqual(['Tous (1)', 'Actif (1)', 'En pause (0)', 'Désactivé (0)']);
    await expect.poll(() => page.getByRole('table', { name: 'Webhooks' }).getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual(['Fulfilment', 'Actif', 'Commande créée', ok.url, '0']);
    await screenshot(page, 'webhooks-fr');

    await page.getByRole('link', { name: 'Ajouter un webhook' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ajouter un webhook' }).waitFor();
    await expect(page.getByLabel('Sujet').locator('option:checked').textContent()).resolves.toBe('Commande créée');
    await page.getByLabel('Sujet').selectOption({ label: 'Produit mis à jour' });
    await page.getByLabel('URL de livraison').fill('pas une adresse');
    await page.getByRole('button', { name: 'Ajouter un webhook' }).click();
    await expect(page.locator('#webhook-url-error').textContent()).resolves.toBe("L'URL de livraison du webhook doit être une URL valide commençant par http:// ou https://.");
    await screenshot(page, 'webhook-invalid-url-fr');

    await openWebhook(page, 'Fulfilment');
    const first = logRows(page).first();
    await expect(first.textContent()).resolves.toContain('Livrée');
    await expect(first.textContent()).resolves.toContain(`Commande créée #${orderId}`);
    await first.getByRole('button', { name: /^Détails/ }).click();
    await page.getByRole('heading', { level: 3, name: 'Réponse' }).waitFor();
    await screenshot(page, 'webhook-fr');
    expect((await stored()).total).toBe(1);
    await context.close();
  });

  it('fits a phone without sideways scrolling', async () => {
    const { context, page } = await newPage(d, { phone: true });
    await signIn(page);
    await page.goto('/admin/webhooks');
    await page.getByRole('table', { name: 'Webhooks' }).waitFor();
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    await screenshot(page, 'webhooks-phone');
    await openWebhook(page, 'Fulfilment');
    await logRows(page).first().getByRole('button', { name: /^Details/ }).click();
    await page.getByRole('heading', { level: 3, name: 'Response' }).waitFor();
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
    // The table scrolls sideways to its button; the attempt's details stay in view beside it.
    const [list, details] = await Promise.all(['.webhooks-log .table-wrap', '.webhooks-details'].map((s) => page.locator(s).evaluate((el) => el.getBoundingClientRect().toJSON() as DOMRect)));
    expect(details.left).toBeGreaterThanOrEqual(list.left);
    expect(details.right).toBeLessThanOrEqual(list.right);
    await screenshot(page, 'webhook-phone');
    await context.close();
  });
});
