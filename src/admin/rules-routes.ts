import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../runtime.ts';
import { registerFeeRuleRoutes } from './cartwright-v1/fee-rules.ts';
import { registerCouponRoutes } from './wc-v3/coupons.ts';
import { lastValueWins } from './wc-v3/rules-common.ts';
import { registerShippingRoutes } from './wc-v3/shipping-zones.ts';
import { registerTaxRoutes } from './wc-v3/taxes.ts';

/**
 * The store-administration API for pricing rules: WooCommerce REST API v3 coupons, taxes and tax classes,
 * shipping zones (locations, methods) and shipping methods, plus `cartwright/v1/fee-rules`, which WooCommerce
 * has no API for. Administrators and shop managers only. Every write runs in one transaction and then
 * reloads the rules on every node (`runtime.rules.changed()`), so every cart prices with it at once.
 */
export function registerRuleAdminRoutes(app: FastifyInstance, runtime: Runtime): void {
  void app.register(async (admin) => {
    admin.addHook('preHandler', lastValueWins);
    registerCouponRoutes(admin, runtime);
    registerTaxRoutes(admin, runtime);
    registerShippingRoutes(admin, runtime);
    registerFeeRuleRoutes(admin, runtime);
  });
}
