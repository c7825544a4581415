import type { Logger } from './logger.ts';
import { Catalog } from './catalog/catalog.ts';
import { MediaService } from './media/service.ts';
import { countProducts } from './catalog/repository.ts';
import { seedDemoCatalog } from './catalog/demo.ts';
import { openBus, type Bus } from './cluster/bus.ts';
import { PrimaryLink } from './cluster/link.ts';
import type { Config } from './config.ts';
import { randomUUID } from 'node:crypto';
import { connect, type DatabaseHandle } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { prepareDatabase } from './db/startup.ts';
import { CartCallbackRegistry } from './cart/callbacks.ts';
import { CartPolicies } from './cart/policies.ts';
import { CartService } from './cart/service.ts';
import type { CatalogSnapshot } from './catalog/snapshot.ts';
import { findUser } from './customers/repository.ts';
import { RegistrationService } from './customers/registration.ts';
import { CheckoutService } from './orders/checkout.ts';
import { OrderService } from './orders/service.ts';
import { OrderStore } from './orders/store.ts';
import type { ChangeFeed } from './events/changes.ts';
import { changeFeedWithWebhooks } from './webhooks/dispatch.ts';
import { WebhookStore } from './webhooks/store.ts';
import { builtInGateways, PaymentGateways } from './payments/registry.ts';
import type { Settings } from './settings/schema.ts';
import { HookRegistry } from './hooks/registry.ts';
import { SessionStore } from './sessions/store.ts';
import { MemoryCounters, RedisCounters, type Counters } from './security/counters.ts';
import { SettingsService } from './settings/settings.ts';
import { Rules } from './rules/rules.ts';
import { seedDemoRules } from './rules/demo.ts';
import { JobQueue } from './jobs/queue.ts';
import { JobRegistry, newNodeId, type Jobs } from './jobs/registry.ts';
import { Upgrades } from './jobs/upgrades/index.ts';
import { registerRecurringTasks } from './jobs/recurring.ts';
import { registerOrderEmails } from './email/order-emails.ts';

/**
 * What a plugin is given at start-up: the hooks, the cart's extension points and policies, a logger,
 * read access to the catalogue and settings, and the cart service to run cart use cases with. It is
 * not given the database or the HTTP server.
 */
export interface PluginApi {
  hooks: HookRegistry;
  /** `POST /cart/update?namespace=…` callbacks: register a plugin's own here. */
  cartCallbacks: CartCallbackRegistry;
  /** The guest→customer merge strategy and the line unit price, replaceable before any runs. */
  policies: CartPolicies;
  log: Logger;
  catalog: { current(): CatalogSnapshot };
  settings: { get(): Settings };
  carts: CartService;
  /** The payment gateways: register a plugin's own here. */
  payments: PaymentGateways;
  /** Unix seconds. */
  now(): number;
}

/** A plugin extends Cartwright through the API it is given at start-up. */
export interface CartwrightPlugin {
  name: string;
  register(api: PluginApi): void | Promise<void>;
}

/** Everything a running node holds: database, caches, hooks. Built once; the HTTP app and CLI share it. */
export interface Runtime {
  config: Config;
  database: DatabaseHandle;
  bus: Bus;
  catalog: Catalog;
  settings: SettingsService;
  /** Tax rates, shipping zones, coupons and fee rules. */
  rules: Rules;
  hooks: HookRegistry;
  /** Carts in session. */
  sessions: SessionStore;
  /** `POST /cart/update?namespace=…` callbacks; plugins register their own here. */
  cartCallbacks: CartCallbackRegistry;
  /** The cart's replaceable policies (merge strategy, unit price). */
  policies: CartPolicies;
  /** Every cart use case, for HTTP, batches, jobs and the CLI alike. */
  carts: CartService;
  /** Orders after they are placed: status changes with their stock and coupon effects, notes. */
  orders: OrderService;
  /** The payment gateways by id. */
  payments: PaymentGateways;
  /** Carts become orders, and orders are paid for. */
  checkout: CheckoutService;
  /** Customers sign up (`POST register`, or an account made at checkout). */
  registration: RegistrationService;
  /** Rate-limit counters: Redis when configured (shared by all nodes), else the memory of this machine's primary (`serve --processes N`) or of this process. */
  counters: Counters;
  /** The background queue: schedule actions on `queue`, register their handlers on `registry`. */
  jobs: Jobs;
  /** What changed in the store, told inside the transaction that changed it (webhooks and e-mails listen). */
  changes: ChangeFeed;
  /** Webhooks (wc/v3/webhooks) and their delivery log. */
  webhooks: WebhookStore;
  /** Data upgrades: whether one is needed, starting it, its progress. */
  upgrades: Upgrades;
  /** Uploaded images (WordPress's media library): their files, sizes and rows. */
  media: MediaService;
  /** Names of the plugins loaded at start-up. */
  plugins: string[];
  log: Logger;
  /** Unix seconds; a function so tests can move time. */
  now: () => number;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  log: Logger;
  plugins?: CartwrightPlugin[];
  /** Tests use an in-memory SQLite database. */
  sqliteFile?: string;
  now?: () => number;
}

/** A random id made on first start and shared by every node of this store (it lives in the database). */
async function installationId(handle: DatabaseHandle): Promise<string> {
  const db = handle.db;
  await db
    .insertInto('options')
    .values({ name: 'install_id', value: randomUUID() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return (await db.selectFrom('options').select('value').where('name', '=', 'install_id').executeTakeFirstOrThrow()).value;
}

/**
 * The database made ready to serve: created if it does not exist yet, migrated, and given the demo
 * catalogue on first start. Once per start, before any request: here in createRuntime, or by the
 * primary of `serve --processes N` before it starts its processes, which must not migrate at once.
 */
export async function prepareStore(config: Config, database: DatabaseHandle, log: Logger, now: () => number): Promise<void> {
  await prepareDatabase(database, config.databaseUrl, log);
  await migrateToLatest(database);
  if (config.seedDemo && (await countProducts(database.db)) === 0) {
    const { products } = await seedDemoCatalog(database.db, now());
    if (products) {
      await seedDemoRules(database.db, now());
      log.info({ products }, 'Loaded the demo catalogue, tax rates, shipping zones and coupons');
    }
  }
}

export async function createRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const database = connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, sqliteFile: options.sqliteFile });
  const log = options.log;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  // One of the processes of `serve --processes N`: its primary prepared the store before starting it.
  const link = PrimaryLink.current();
  try {
    if (!link) await prepareStore(config, database, log, now);
    const bus = await openBus({ redisUrl: config.redisUrl, databaseUrl: config.databaseUrl, sqlite: options.sqliteFile === ':memory:' ? undefined : database.db, link });
    const onError = (err: unknown) => log.error({ err }, 'Reloading shared state failed');
    const catalog = new Catalog(database.db, bus, onError);
    const settings = new SettingsService(database.db, bus, onError);
    const rules = new Rules(database.db, bus, onError);
    await Promise.all([catalog.load(), settings.load(), rules.load()]);
    const hooks = new HookRegistry();
    hooks.onDeprecated = (hook, replacement) =>
      log.warn({ hook, replacement }, `Hook ${hook} is deprecated${replacement ? `; use ${replacement}` : ''}`);
    const installId = await installationId(database);
    const counters: Counters = config.redisUrl ? await RedisCounters.open(config.redisUrl, installId) : (link?.counters ?? new MemoryCounters());
    const sessions = new SessionStore(database, {
      now,
      lifetime: () => hooks.applyFilters('cocart_cart_expiration', settings.get().cart.cart_expiration_days * 86400),
    });
    const jobs: Jobs = { queue: new JobQueue(database, now), registry: new JobRegistry(), nodeId: newNodeId() };
    const webhooks = new WebhookStore(database, now);
    const changes = changeFeedWithWebhooks(webhooks, jobs.queue);
    const cartCallbacks = new CartCallbackRegistry();
    const policies = new CartPolicies();
    const carts = new CartService({
      store: sessions,
      catalog,
      settings,
      rules,
      hooks,
      callbacks: cartCallbacks,
      policies,
      findUser: (id) => findUser(database.db, id),
      now,
      log,
    });
    const orders = new OrderService({
      store: new OrderStore(database, changes),
      hooks,
      catalogChanged: () => catalog.changed(),
      rulesChanged: () => rules.changed(),
      productName: (id) => catalog.current().products.get(id)?.name ?? `#${id}`,
      now,
    });
    const payments = new PaymentGateways(builtInGateways(config, { catalog, log }));
    const registration = new RegistrationService({
      handle: database,
      changes,
      enabled: () => settings.get().checkout.enable_registration,
      baseCountry: () => settings.get().store.country,
      now,
    });
    const runtime: Runtime = {
      config,
      database,
      bus,
      catalog,
      settings,
      rules,
      hooks,
      sessions,
      cartCallbacks,
      policies,
      carts,
      orders,
      payments,
      checkout: new CheckoutService({ carts, orders, payments, settings, catalog, registration, now, log }),
      registration,
      counters,
      jobs,
      changes,
      webhooks,
      upgrades: new Upgrades(database.db, jobs, now, () => catalog.changed()),
      media: new MediaService({
        database,
        catalog,
        limits: { dir: config.mediaDir, maxBytes: config.mediaMaxBytes, maxPixels: config.mediaMaxPixels },
        timeZone: () => settings.get().store.timezone_string,
        now,
      }),
      plugins: (options.plugins ?? []).map((p) => p.name),
      log,
      now,
      async close() {
        await bus.close();
        await counters.close();
        await database.close();
      },
    };
    await registerRecurringTasks(runtime.jobs, { database, sessions, orders, now });
    registerOrderEmails(runtime);
    const api: PluginApi = { hooks, cartCallbacks, policies, log, catalog, settings, carts, payments, now };
    for (const plugin of options.plugins ?? []) await plugin.register(api);
    await hooks.doAction('cocart_init');
    return runtime;
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
}
