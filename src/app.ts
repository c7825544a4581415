import Fastify, { type FastifyInstance } from 'fastify';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { registerOpenApiSchemas, swaggerOptions } from './api/openapi/document.ts';
import type { Config } from './config.ts';
import { registerProductRoutes } from './api/cocart-v2/products.ts';
import { registerTaxonomyRoutes } from './api/cocart-v2/taxonomies.ts';
import { registerReviewRoutes } from './api/cocart-v2/reviews.ts';
import { registerStoreRoute } from './api/cocart-v2/store.ts';
import { registerCartRoutes } from './api/cocart-v2/cart.ts';
import { registerCartCommerceRoutes } from './api/cocart-v2/cart-commerce.ts';
import { registerCheckoutRoutes } from './api/cocart-v2/checkout.ts';
import { registerLoginRoutes } from './api/cocart-v2/login.ts';
import { registerRegisterRoute } from './api/cocart-v2/register.ts';
import { registerMyAccountRoutes } from './api/cocart-v2/my-account.ts';
import { registerSessionRoutes } from './api/cocart-v2/sessions.ts';
import { registerSettingsRoutes } from './api/cocart-settings.ts';
import { registerPaymentWebhookRoutes } from './api/payment-webhooks.ts';
import { registerAdminRoutes } from './admin/index.ts';
import { registerDashboard } from './admin/dashboard.ts';
import { storefrontGuard } from './api/storefront-access.ts';
import { registerAuthentication } from './api/auth.ts';
import { registerRateLimit } from './api/rate-limit.ts';
import { registerIdempotency } from './api/idempotency.ts';
import { Authenticator } from './customers/authenticator.ts';
import { TokenService } from './customers/tokens.ts';
import { registerJwtRoutes } from './api/cocart-jwt.ts';
import { CartResponder } from './api/cart-responder.ts';
import { registerBatchRoutes } from './api/batch.ts';
import { registerBatchSubRequests } from './api/batch-requests.ts';
import { registerMoneyFormatters } from './api/money-filters.ts';
import { corsOptions } from './api/cors.ts';
import { registerHealthRoutes } from './api/health.ts';
import { registerSecurityHeaders } from './api/security-headers.ts';
import { RequestLog } from './api/request-log.ts';
import { registerResponseCache, ResponseCache } from './api/response-cache.ts';
import { registerConditionalGets } from './api/conditional-get.ts';
import { frameworkError, noRoute, registerStandardHeaders, registerTransport, parseQuery, rewriteUrl, VERSION } from './api/transport.ts';
import { origin } from './api/request-context.ts';
import { webhookPayloads } from './admin/wc-v3/webhook-payloads.ts';
import { DELIVERY_TIMEOUT_MS } from './webhooks/deliver.ts';
import { registerWebhookJobs } from './webhooks/register.ts';
import { serverLogger } from './logger.ts';
import { createRuntime, type CartwrightPlugin, type Runtime } from './runtime.ts';
import { Worker } from './jobs/worker.ts';

declare module 'fastify' {
  interface FastifyInstance {
    runtime: Runtime;
  }
}

export interface AppOptions {
  plugins?: CartwrightPlugin[];
  /** Tests: an in-memory SQLite database, and a clock they control. */
  sqliteFile?: string;
  now?: () => number;
  /** Tests: a dashboard built elsewhere than dist/admin. */
  dashboardDir?: string;
}

const PLACEHOLDER_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600"><rect width="600" height="600" fill="#e5e7eb"/><path d="M180 400l90-120 70 90 50-60 90 90z" fill="#9ca3af"/><circle cx="230" cy="220" r="36" fill="#9ca3af"/></svg>';

/** Builds the whole HTTP application on a fresh runtime. Used by the server, the tests and the benchmarks. */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: serverLogger(config.logLevel),
    logController: new RequestLog(),
    // Fastify also accepts a hop count here, which its types omit.
    trustProxy: config.trustProxy as boolean | string,
    bodyLimit: 1024 * 1024,
    rewriteUrl,
    frameworkErrors: frameworkError,
    // Requests arriving while the server closes are turned away in CoCart's shape (src/api/health.ts).
    return503OnClosing: false,
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, querystringParser: parseQuery },
  });
  const runtime = await createRuntime(config, { log: app.log, plugins: options.plugins, sqliteFile: options.sqliteFile, now: options.now });
  app.decorate('runtime', runtime);
  registerMoneyFormatters(runtime.hooks);
  app.addHook('onClose', async () => runtime.close());

  registerTransport(app, {
    defaultLocale: () => runtime.settings.get().store.language,
    log: (err, req) => req.log.error({ err }, 'Request failed'),
  });
  registerStandardHeaders(app);
  // Paths no route serves belong to the storefront, which the store may close.
  app.setNotFoundHandler({ preHandler: storefrontGuard(runtime) }, noRoute);
  const tokens = new TokenService(runtime.database.db, config.jwtSecret);
  registerSecurityHeaders(app);
  await app.register(cors, corsOptions(runtime));
  registerHealthRoutes(app, runtime);

  registerOpenApiSchemas(app);
  await app.register(swagger, swaggerOptions(VERSION));
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/assets/placeholder.svg', { schema: { hide: true } }, async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=86400').type('image/svg+xml').send(PLACEHOLDER_SVG),
  );

  // The REST API, as one group: callers are authenticated and rate limited here, and only here.
  await app.register(async (api) => {
    registerBatchSubRequests(api);
    registerAuthentication(api, new Authenticator(runtime.database.db), tokens, runtime.counters);
    registerRateLimit(api, runtime, runtime.counters);

    registerStoreRoute(api, runtime);
    registerLoginRoutes(api, runtime, tokens);
    registerJwtRoutes(api, runtime, tokens);
    registerRegisterRoute(api, runtime, tokens);
    registerMyAccountRoutes(api, runtime);
    // The Products API in its own context with the response cache; its hooks run after CORS, so cached
    // answers still carry CORS headers.
    const productCache = new ResponseCache({
      snapshot: () => runtime.catalog.current(),
      settings: () => runtime.settings.get(),
      now: runtime.now,
    });
    await api.register(async (products) => {
      registerResponseCache(products, productCache);
      registerConditionalGets(products);
      registerProductRoutes(products, runtime);
      registerTaxonomyRoutes(products, runtime);
      registerReviewRoutes(products, runtime);
    });
    const responder = new CartResponder(runtime);
    // The cart and batches: writes honour Idempotency-Key, and a refusal still names the cart.
    await api.register(async (cart) => {
      registerIdempotency(cart, runtime, responder);
      responder.registerRefusalHeaders(cart);
      registerConditionalGets(cart);
      registerCartRoutes(cart, runtime, responder);
      registerCartCommerceRoutes(cart, runtime, responder);
      registerBatchRoutes(cart, runtime, responder);
      registerCheckoutRoutes(cart, runtime, responder);
    });
    registerSessionRoutes(api, runtime, responder);
    registerSettingsRoutes(api, runtime);
    registerAdminRoutes(api, runtime);
    await registerPaymentWebhookRoutes(api, runtime);
  });
  await registerDashboard(app, options.dashboardDir);

  // Background actions: WORKERS at once on this node. Stopped before anything closes (preClose runs
  // ahead of every onClose hook), so running handlers finish on an open database.
  registerWebhookJobs(runtime.jobs, {
    store: runtime.webhooks,
    render: webhookPayloads(runtime),
    source: () => `${origin(null, runtime)}/`,
    userAgent: `Cartwright/${VERSION} Hookshot`,
    timeoutMs: DELIVERY_TIMEOUT_MS,
  });
  if (config.workers > 0) {
    const worker = new Worker(runtime.jobs, { concurrency: config.workers, log: app.log, now: runtime.now });
    worker.start();
    app.addHook('preClose', async () => worker.stop());
  }
  return app;
}
