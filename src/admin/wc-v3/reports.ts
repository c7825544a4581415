import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../../api/route.ts';
import { STATUS_LABELS, type OrderStatus } from '../../orders/order.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { ViewArgs } from './schema.ts';

/**
 * `wc/v3/reports/orders/totals`: how many orders there are in each status, as WooCommerce's report
 * gives them (`[{slug, name, total}]`, every status of `wc_get_order_statuses()` in its order, the
 * checkout draft last; the trash is not an order status there, so it is not counted).
 */

/** WooCommerce's order statuses, in the order `wc_get_order_statuses()` lists them. */
const REPORTED: readonly OrderStatus[] = ['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'checkout-draft'];

export function registerReportRoutes(app: FastifyInstance, runtime: Runtime): void {
  defineRoute(app, {
    method: 'GET',
    url: '/wc/v3/reports/orders/totals',
    summary: 'How many orders there are in each status',
    tags: ['WooCommerce: reports'],
    args: ViewArgs,
    handler: async (req) => {
      requireManager(req, 'list');
      const counts = await runtime.orders.store.counts();
      return REPORTED.map((slug) => ({ slug, name: STATUS_LABELS[slug], total: counts[slug] }));
    },
  });
}
