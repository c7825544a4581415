import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Runtime } from '../runtime.ts';
import { registerActionRoutes } from './cartwright-v1/actions.ts';
import { registerFeeRuleRoutes } from './cartwright-v1/fee-rules.ts';
import { registerSessionActivityRoutes } from './cartwright-v1/sessions.ts';
import { registerUpdateRoutes } from './cartwright-v1/update.ts';
import { registerAttributeRoutes } from './wc-v3/attributes.ts';
import { registerCouponRoutes } from './wc-v3/coupons.ts';
import { registerCustomerRoutes } from './wc-v3/customers.ts';
import { registerDataRoutes } from './wc-v3/data.ts';
import { registerOrderRoutes } from './wc-v3/orders.ts';
import { registerPaymentGatewayRoutes } from './wc-v3/payment-gateways.ts';
import { registerProductRoutes } from './wc-v3/products.ts';
import { registerReportRoutes } from './wc-v3/reports.ts';
import { registerSettingRoutes } from './wc-v3/settings.ts';
import { registerShippingRoutes } from './wc-v3/shipping-zones.ts';
import { registerTaxRoutes } from './wc-v3/taxes.ts';
import { registerTermRoutes } from './wc-v3/terms.ts';
import { registerVariationRoutes } from './wc-v3/variations.ts';
import { registerWebhookRoutes } from './wc-v3/webhooks.ts';
import { registerMediaRoutes } from './wp-v2/media.ts';

/**
 * The store-administration REST API, compatible with WooCommerce's REST API v3 (`/wp-json/wc/v3/…`):
 * the catalogue (products, variations, terms, attributes) and the pricing rules (coupons, taxes, shipping
 * zones), plus `cartwright/v1/fee-rules`, which WooCommerce has no API for. Administrators and shop
 * managers only. Every write runs in one transaction and then reloads the catalogue or the rules on
 * every node, so carts and the Products API see it at once.
 */
export function registerAdminRoutes(app: FastifyInstance, runtime: Runtime): void {
  void app.register(async (admin) => {
    admin.addHook('preHandler', lastValueWins);
    registerProductRoutes(admin, runtime);
    registerVariationRoutes(admin, runtime);
    registerTermRoutes(admin, runtime);
    registerAttributeRoutes(admin, runtime);
    registerCouponRoutes(admin, runtime);
    registerOrderRoutes(admin, runtime);
    registerCustomerRoutes(admin, runtime);
    registerDataRoutes(admin, runtime);
    registerReportRoutes(admin, runtime);
    registerPaymentGatewayRoutes(admin, runtime);
    registerWebhookRoutes(admin, runtime);
    registerTaxRoutes(admin, runtime);
    registerSettingRoutes(admin, runtime);
    registerShippingRoutes(admin, runtime);
    registerFeeRuleRoutes(admin, runtime);
    registerActionRoutes(admin, runtime);
    registerUpdateRoutes(admin, runtime);
    registerSessionActivityRoutes(admin, runtime);
    await registerMediaRoutes(admin, runtime);
  });
}

/**
 * PHP reads `per_page=5&per_page=5` as one value, the last. The WooCommerce JS client relies on it:
 * over http it sends every parameter twice (in the URL and among the OAuth ones). A plain key (not
 * `key[]`) given more than once therefore takes its last value here, as on a WordPress host.
 */
async function lastValueWins(req: FastifyRequest): Promise<void> {
  const raw = req.url.split('?')[1];
  if (!raw) return;
  const seen = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(raw)) seen.set(key, [...(seen.get(key) ?? []), value]);
  const query = req.query as Record<string, unknown>;
  for (const [key, values] of seen) if (values.length > 1 && !key.includes('[') && key in query) query[key] = values[values.length - 1];
}
