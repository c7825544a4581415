import { databaseVersion } from './db/connection.ts';
import { describeSmtp } from './email/mailer.ts';
import { VERSION } from './api/transport.ts';
import { ACTION_STATUSES, type ActionStatus } from './jobs/queue.ts';
import type { UpgradeStatus } from './jobs/upgrades/index.ts';
import type { OrderStatus } from './orders/order.ts';
import { ChangeFeed } from './events/changes.ts';
import { OrderStore } from './orders/store.ts';
import type { Runtime } from './runtime.ts';
import type { SessionCounts } from './sessions/store.ts';

/**
 * What a support request needs to know about a store (after CoCart's section of WooCommerce's System
 * Status, and `wp cocart status`): versions, database, modules, a summary of the settings, the carts in
 * session, the background queue and any pending database update. The CLI and the admin API show it.
 */
export interface SystemStatus {
  versions: { cartwright: string; node: string; database: string };
  /** The process that made this report (its log lines carry the same pid), and how many serve the port (`--processes`). */
  process: { pid: number; processes: number };
  database: { kind: 'sqlite' | 'postgres'; location: string };
  redis: boolean;
  /** Order e-mails: sent when SMTP_URL is set, through this server (scheme, host and port only). */
  email: { enabled: boolean; server: string | null };
  modules: string[];
  plugins: string[];
  settings: Record<string, string | number | boolean>;
  sessions: SessionCounts;
  /** How many orders there are in each status (every status listed). */
  orders: Record<OrderStatus, number>;
  jobs: { workers: number } & Record<ActionStatus, number>;
  update: UpgradeStatus;
}

/** The built-in parts of the server, as CoCart lists its packages. */
const MODULES = ['Cart API v2', 'Products API v2', 'Sessions API', 'Batch', 'Store administration (wc/v3)', 'Background jobs'];

/** The parts of a runtime the status is read from (the CLI builds just these). */
export type StatusSources = Pick<Runtime, 'config' | 'database' | 'settings' | 'sessions' | 'jobs' | 'upgrades' | 'plugins'>;

export async function systemStatus(runtime: StatusSources): Promise<SystemStatus> {
  const { config, database } = runtime;
  const settings = runtime.settings.get();
  const [dbVersion, sessions, orders, counts, update] = await Promise.all([
    databaseVersion(database),
    runtime.sessions.counts(),
    new OrderStore(database, new ChangeFeed()).counts(),
    runtime.jobs.queue.counts(),
    runtime.upgrades.status(),
  ]);
  return {
    versions: { cartwright: VERSION, node: process.version, database: dbVersion },
    process: { pid: process.pid, processes: config.processes },
    database: { kind: database.dialect, location: database.describe },
    redis: config.redisUrl !== null,
    email: { enabled: config.smtpUrl !== null, server: config.smtpUrl ? describeSmtp(config.smtpUrl) : null },
    modules: MODULES,
    plugins: runtime.plugins,
    settings: {
      store: settings.store.title,
      currency: settings.store.currency,
      country: settings.store.country,
      language: settings.store.language,
      taxes: settings.tax.calc_taxes,
      prices_include_tax: settings.tax.prices_include_tax,
      shipping: settings.shipping.enable_shipping,
      coupons: settings.coupons.enable_coupons,
      cart_expiration_days: settings.cart.cart_expiration_days,
      merge_strategy: settings.cart.merge_strategy,
      rate_limit: settings.rate_limit.enabled,
      require_access_token: settings.general.require_access_token,
    },
    sessions,
    orders,
    jobs: { workers: config.workers, ...Object.fromEntries(ACTION_STATUSES.map((s) => [s, counts[s]])) } as SystemStatus['jobs'],
    update,
  };
}
