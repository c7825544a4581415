import { findProduct } from '../../catalog/repository.ts';
import { isPayingCustomer } from '../../customers/account.ts';
import { findUser } from '../../customers/repository.ts';
import type { Resource } from '../../events/changes.ts';
import type { JsonObject } from '../../hooks/types.ts';
import { listRefunds } from '../../orders/refunds.ts';
import { findCouponRow } from '../../rules/repository.ts';
import type { Runtime } from '../../runtime.ts';
import type { PayloadRenderer } from '../../webhooks/deliver.ts';
import { WcContext } from './context.ts';
import { couponJson } from './coupons.ts';
import { customerJson } from './customers-json.ts';
import { orderJson } from './orders-json.ts';
import { productJson, variationJson } from './product-json.ts';

/**
 * A webhook's payload: the resource exactly as `GET /wc/v3/<resource>s/<id>` answers it, read from the
 * database when the delivery runs (not from this node's catalogue, which may not have reloaded yet).
 */
export function webhookPayloads(runtime: Runtime): PayloadRenderer {
  const renderers: Record<Resource, (c: WcContext, id: number) => Promise<JsonObject | null>> = {
    order: async (c, id) => {
      const order = await runtime.orders.store.find(id);
      if (!order) return null;
      return orderJson(c, { order, refunds: await listRefunds(runtime.database.db, id) }, runtime.rules.current(c.decimals).taxRates);
    },
    product: async (c, id) => {
      const product = await findProduct(runtime.database.db, id);
      if (!product) return null;
      return product.type === 'variation' ? variationJson(product, c) : productJson(product, c);
    },
    coupon: async (c, id) => {
      const row = await findCouponRow(runtime.database.db, id);
      return row ? couponJson(c, row) : null;
    },
    customer: async (c, id) => {
      const user = await findUser(runtime.database.db, id);
      return user ? customerJson(c, user, { isPayingCustomer: await isPayingCustomer(runtime.database.db, id) }) : null;
    },
  };
  return (resource, id) => renderers[resource](new WcContext(runtime, null), id);
}
