import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { describe } from 'vitest';
import { createTestApp, listen, type DatabaseKind } from '../helpers/app.ts';
import { PASSWORD, withStaff } from '../helpers/auth.ts';

/**
 * The dashboard in a real browser: Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium),
 * driven by playwright-core, against a listening server of a demo store with staff. `.ci/run`
 * installs Chromium, and in CI a missing browser fails the run; elsewhere the browser suites are
 * reported as skipped, with the reason, rather than silently passing.
 */

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_BROWSER = existsSync(CHROMIUM);
if (!HAVE_BROWSER && process.env.CI) {
  throw new Error(`No Chromium at ${CHROMIUM}: the dashboard's browser tests need it (apt-get install chromium, as .ci/run does).`);
}

/** `describe`, or, without a browser on this machine, a skipped suite whose name says why. */
export const describeInBrowser: typeof describe = HAVE_BROWSER
  ? describe
  : (((name: string, fn: () => void) => describe.skip(`${name} (skipped: no Chromium at ${CHROMIUM})`, fn)) as unknown as typeof describe);

/** Where screenshots go: kept by CI as artifacts, ignored by git. */
export const SCREENSHOTS = join(process.cwd(), 'test-artifacts', 'screenshots');

export interface Dashboard {
  app: FastifyInstance;
  /** The server's origin, `http://127.0.0.1:<port>`. */
  origin: string;
  browser: Browser;
  close(): Promise<void>;
}

/** A listening demo store (staff: admin, manager, ada the customer) and a browser to look at it. */
export async function openDashboard(kind: DatabaseKind = 'sqlite', env: Record<string, string> = {}): Promise<Dashboard> {
  // DASHBOARD_DIR: a dashboard built elsewhere (`vite build --outDir …`), so parallel builds never race.
  const app = await createTestApp(kind, { env, dashboardDir: process.env.DASHBOARD_DIR });
  await withStaff(app);
  const origin = await listen(app);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  return {
    app,
    origin,
    browser,
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

export interface PageOptions {
  /** `en` (default) or `fr`: the browser's language, which the dashboard starts in. */
  locale?: string;
  /** A phone's screen instead of a laptop's. */
  phone?: boolean;
}

/** A fresh browser window (no stored sign-in or language) on the dashboard. */
export async function newPage(d: Dashboard, options: PageOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await d.browser.newContext({
    baseURL: d.origin,
    locale: options.locale ?? 'en-GB',
    viewport: options.phone ? { width: 390, height: 844 } : { width: 1280, height: 860 },
    deviceScaleFactor: 1,
    isMobile: options.phone ?? false,
    hasTouch: options.phone ?? false,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

/** Signs in through the sign-in form and waits for the overview. */
export async function signIn(page: Page, login = 'admin', password = PASSWORD): Promise<void> {
  await page.goto('/admin/');
  await page.getByLabel(/Username|Identifiant/).fill(login);
  await page.getByLabel(/^(Password|Mot de passe)$/).fill(password);
  await page.getByRole('button', { name: /^(Sign in|Se connecter)$/ }).click();
  await page.getByRole('navigation', { name: /Main menu|Menu principal/ }).waitFor();
}

/** Saves a full-page screenshot as test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
