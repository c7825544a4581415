import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { origin } from '../../api/request-context.ts';
import { paginate } from '../../api/pagination.ts';
import { defineRoute } from '../../api/route.ts';
import { invalidParam, trashNotSupported } from '../../catalog/admin/input.ts';
import { parseMajor } from '../../commerce/money.ts';
import { OrderRefunds, invalidRefundOrder, type RefundLine } from '../../orders/refunds.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { pathId, WcContext } from './context.ts';
import { pageOf } from './listing.ts';
import { refundJson } from './orders-json.ts';
import { actorOf, Money } from './orders-common.ts';
import { ViewArgs } from './schema.ts';

/**
 * `wc/v3/orders/{order_id}/refunds`: WooCommerce's order refunds controller (v3). A refund gives back
 * `amount` (or, without one, what its `line_items` add up to: each line's `refund_total` and its
 * `refund_tax` per rate), at most what is left to refund. `api_refund` (default true) gives the money
 * back through the order's payment gateway and is refused when that gateway cannot refund (send
 * `api_refund: false` to record a refund made some other way); `api_restock` (default true) puts the
 * refunded items' units back. Refunds have no trash: deleting one removes its record only.
 */

const TAGS = ['WooCommerce: order refunds'];
const COLLECTION = '/wc/v3/orders/:order_id(^\\d+$)/refunds';
const ONE = `${COLLECTION}/:id(^\\d+$)`;

const RefundBody = Type.Object({
  amount: Type.Optional(Money),
  reason: Type.Optional(Type.String()),
  refunded_by: Type.Optional(Type.Integer({ minimum: 0 })),
  line_items: Type.Optional(
    Type.Array(
      Type.Object({
        id: Type.Integer({ minimum: 1 }),
        quantity: Type.Optional(Type.Integer({ minimum: 0 })),
        refund_total: Type.Optional(Money),
        refund_tax: Type.Optional(Type.Array(Type.Object({ id: Type.Integer({ minimum: 0 }), refund_total: Type.Optional(Money) }))),
      }),
    ),
  ),
  api_refund: Type.Boolean({ default: true }),
  api_restock: Type.Boolean({ default: true }),
});

const ListArgs = Type.Object({
  context: Type.Optional(Type.String()),
  page: Type.Integer({ minimum: 1, default: 1 }),
  per_page: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
});

export function registerOrderRefundRoutes(app: FastifyInstance, runtime: Runtime, refunds: OrderRefunds): void {
  const orderOf = (req: FastifyRequest) => pathId(req, 'order_id');
  const orderFor = async (id: number) => runtime.orders.store.find(id);

  defineRoute(app, {
    method: 'GET',
    url: COLLECTION,
    summary: 'List an order\'s refunds, the latest first',
    tags: TAGS,
    args: ListArgs,
    handler: async (req, reply, args) => {
      requireManager(req, 'list');
      const order = await orderFor(orderOf(req));
      if (!order) throw invalidRefundOrder();
      const all = await refunds.list(order.id);
      paginate(req, reply, origin(req, runtime), all.length, args.page, args.per_page, null);
      const c = new WcContext(runtime, req);
      return pageOf(all, args).map((r) => refundJson(c, r, order));
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: COLLECTION,
    summary: 'Refund an order (through its gateway unless api_refund=false; restocking unless api_restock=false)',
    tags: TAGS,
    args: RefundBody,
    handler: async (req, reply, args) => {
      requireManager(req, 'create');
      const c = new WcContext(runtime, req);
      const minor = (name: string, value: string | number | undefined): number => {
        if (value === undefined || value === '') return 0;
        const m = parseMajor(value, c.decimals);
        if (m === null || m < 0) throw invalidParam(name, `${name} is not a valid amount.`);
        return m;
      };
      const lines: RefundLine[] = (args.line_items ?? []).map((l, i) => ({
        itemId: l.id,
        quantity: l.quantity ?? 0,
        total: minor(`line_items[${i}][refund_total]`, l.refund_total),
        taxes: (l.refund_tax ?? []).map((t, j) => ({ rateId: t.id, total: minor(`line_items[${i}][refund_tax][${j}][refund_total]`, t.refund_total) })),
      }));
      let amount: number | null = null;
      if (args.amount !== undefined && args.amount !== '') {
        amount = parseMajor(args.amount, c.decimals);
        if (amount === null) throw invalidParam('amount', 'amount is not a valid amount.');
      }
      const refund = await refunds.create(orderOf(req), {
        amount,
        reason: args.reason ?? '',
        lines,
        refundPayment: args.api_refund,
        restock: args.api_restock,
        refundedBy: args.refunded_by ?? req.user?.id ?? 0,
        author: actorOf(req).author,
      });
      const body = refundJson(c, refund, await orderFor(refund.orderId));
      return reply.status(201).header('location', (body._links as { self: { href: string }[] }).self[0].href).send(body);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: ONE,
    summary: 'Retrieve a refund',
    tags: TAGS,
    args: ViewArgs,
    handler: async (req) => {
      requireManager(req, 'view');
      const refund = await refunds.get(orderOf(req), pathId(req));
      return refundJson(new WcContext(runtime, req), refund, await orderFor(refund.orderId));
    },
  });

  defineRoute(app, {
    method: 'DELETE',
    url: ONE,
    summary: 'Delete a refund\'s record (the money and the units stay where they are)',
    tags: TAGS,
    args: Type.Object({ force: Type.Boolean({ default: true }) }),
    handler: async (req, _reply, args) => {
      requireManager(req, 'delete');
      if (!args.force) throw trashNotSupported('The %s does not support trashing.', ['shop_order_refund']);
      const order = await orderFor(orderOf(req));
      const refund = await refunds.delete(orderOf(req), pathId(req));
      return refundJson(new WcContext(runtime, req), refund, order);
    },
  });
}
