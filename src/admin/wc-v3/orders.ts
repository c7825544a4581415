import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { invalidParam } from '../../catalog/admin/input.ts';
import { isEmail } from '../../commerce/address.ts';
import { parseMajor } from '../../commerce/money.ts';
import { CocartError } from '../../errors.ts';
import { invalidOrderId, OrderAdmin, SETTABLE_STATUSES, type MetaInput, type NewOrderInput, type OrderFields } from '../../orders/admin.ts';
import { ORDER_STATUSES, type OrderAddress, type OrderStatus } from '../../orders/order.ts';
import { OrderRefunds } from '../../orders/refunds.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import type { WcContext } from './context.ts';
import { actorOf, Money } from './orders-common.ts';
import { orderJson, type OrderView } from './orders-json.ts';
import { registerOrderNoteRoutes } from './orders-notes.ts';
import { registerOrderRefundRoutes } from './orders-refunds.ts';
import { defineResource } from './resource.ts';
import { COLLECTION_ARGS, literals, orNull, ViewArgs } from './schema.ts';

/**
 * `wc/v3/orders`: WooCommerce's orders controller (list, create, retrieve, update, delete, batch),
 * with `orders/{id}/notes` and `orders/{id}/refunds` beside it.
 *
 * A new order is priced by the store as a cart would be (its lines at the catalogue's prices, coupons
 * checked as at the cart, taxes by the store's rules); a `total` sent with a line item is not taken.
 * A shipping line with a `total` charges that, taxed as shipping; without one, the store's own rate of
 * that method for the order's address. Fee lines are the ones sent. Once created, an order's own fields
 * and its status may change, not its lines. Deleting without `force` moves an order to the trash.
 */

const Text = Type.Optional(Type.String());
const MetaBody = Type.Array(Type.Object({ id: Type.Optional(Type.Integer({ minimum: 0 })), key: Type.String({ minLength: 1, maxLength: 255 }), value: Type.Optional(Type.Unknown()) }));

const AddressBody = Type.Object({
  first_name: Text, last_name: Text, company: Text, address_1: Text, address_2: Text, city: Text, state: Text, postcode: Text, country: Text,
  email: Type.Optional(orNull(Type.String({ maxLength: 254 }))),
  phone: Text,
});

const LineItemBody = Type.Object({
  id: Type.Optional(Type.Integer({ minimum: 0 })),
  product_id: Type.Optional(orNull(Type.Integer({ minimum: 0 }))),
  variation_id: Type.Optional(orNull(Type.Integer({ minimum: 0 }))),
  sku: Text,
  quantity: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  meta_data: Type.Optional(MetaBody),
});

const ShippingLineBody = Type.Object({
  id: Type.Optional(Type.Integer({ minimum: 0 })),
  method_id: Text,
  method_title: Text,
  instance_id: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Integer({ minimum: 0 })])),
  total: Type.Optional(orNull(Money)),
});

const FeeLineBody = Type.Object({
  id: Type.Optional(Type.Integer({ minimum: 0 })),
  name: Text,
  tax_class: Text,
  tax_status: Type.Optional(literals(['taxable', 'none'])),
  total: Type.Optional(Money),
});

const CouponLineBody = Type.Object({ id: Type.Optional(Type.Integer({ minimum: 0 })), code: Text });

export const OrderBody = Type.Object({
  parent_id: Type.Optional(Type.Integer({ minimum: 0 })),
  status: Type.Optional(literals(SETTABLE_STATUSES)),
  currency: Type.Optional(Type.String({ maxLength: 3 })),
  customer_id: Type.Optional(Type.Integer({ minimum: 0 })),
  customer_note: Text,
  billing: Type.Optional(AddressBody),
  shipping: Type.Optional(AddressBody),
  payment_method: Text,
  payment_method_title: Text,
  transaction_id: Text,
  meta_data: Type.Optional(MetaBody),
  line_items: Type.Optional(Type.Array(LineItemBody)),
  shipping_lines: Type.Optional(Type.Array(ShippingLineBody)),
  fee_lines: Type.Optional(Type.Array(FeeLineBody)),
  coupon_lines: Type.Optional(Type.Array(CouponLineBody)),
  set_paid: Type.Optional(Type.Boolean()),
});
type OrderBody = Static<typeof OrderBody>;

const CreateBody = Type.Object({ ...OrderBody.properties, id: Type.Optional(Type.Integer({ minimum: 0 })) });

const LIST_STATUSES = ['any', 'trash', 'auto-draft', ...ORDER_STATUSES.filter((s) => s !== 'trash')] as const;

const ListArgs = Type.Object({
  ...COLLECTION_ARGS,
  orderby: Type.Optional(literals(['date', 'id', 'include', 'title', 'slug', 'modified'])),
  status: Type.Optional(Type.Array(literals(LIST_STATUSES))),
  customer: Type.Optional(Type.Integer({ minimum: 0 })),
  parent: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }))),
});
type ListArgs = Static<typeof ListArgs>;

function money(c: WcContext, name: string, value: string | number): number {
  const minor = parseMajor(value, c.decimals);
  if (minor === null) throw invalidParam(name, `${name} is not a valid amount.`);
  return minor;
}

function addressInput(a: Static<typeof AddressBody> | undefined, which: 'billing' | 'shipping'): Partial<OrderAddress> | undefined {
  if (!a) return undefined;
  const out: Partial<OrderAddress> = {};
  for (const [key, value] of Object.entries(a)) if (typeof value === 'string' || value === null) out[key as keyof OrderAddress] = value ?? '';
  if (which === 'billing' && out.email && !isEmail(out.email.trim())) {
    throw new CocartError('woocommerce_rest_invalid_billing_email', 'invalid', 'Invalid billing email address.');
  }
  if (which === 'shipping') delete out.email;
  return out;
}

/** The fields an update may change, as the order service takes them. */
function fieldsInput(c: WcContext, body: OrderBody): OrderFields {
  if (body.currency !== undefined && body.currency.toUpperCase() !== c.currency.code) {
    throw invalidParam('currency', `Orders are priced in the store's currency, ${c.currency.code}.`);
  }
  return {
    status: body.status as OrderStatus | undefined,
    customerId: body.customer_id,
    billing: addressInput(body.billing, 'billing'),
    shipping: addressInput(body.shipping, 'shipping'),
    paymentMethod: body.payment_method,
    paymentMethodTitle: body.payment_method_title,
    transactionId: body.transaction_id,
    customerNote: body.customer_note,
    meta: body.meta_data as MetaInput[] | undefined,
    setPaid: body.set_paid,
  };
}

function createInput(c: WcContext, body: Static<typeof CreateBody>): NewOrderInput {
  if (body.id) throw new CocartError('woocommerce_rest_shop_order_exists', 'invalid', 'Cannot create existing order.');
  return {
    ...fieldsInput(c, body),
    lines: (body.line_items ?? []).map((l, i) => {
      const quantity = l.quantity ?? 1;
      if (quantity < 1) throw invalidParam('line_items', `line_items[${i}][quantity] must be at least 1.`);
      const attributes: Record<string, string> = {};
      for (const m of l.meta_data ?? []) attributes[m.key] = typeof m.value === 'string' ? m.value : String(m.value ?? '');
      return { productId: l.product_id ?? undefined, variationId: l.variation_id ?? undefined, sku: l.sku?.trim() || undefined, quantity, attributes };
    }),
    shippingLines: (body.shipping_lines ?? []).map((s, i) => {
      const instance = s.instance_id === undefined || s.instance_id === '' ? null : Number(s.instance_id);
      if (instance !== null && !Number.isSafeInteger(instance)) throw invalidParam('shipping_lines', `shipping_lines[${i}][instance_id] is not a number.`);
      return {
        methodId: s.method_id?.trim() ?? '',
        instanceId: instance,
        methodTitle: s.method_title ?? '',
        total: s.total === undefined || s.total === null || s.total === '' ? null : money(c, `shipping_lines[${i}][total]`, s.total),
      };
    }),
    feeLines: (body.fee_lines ?? []).map((f, i) => ({
      name: f.name ?? '',
      taxClass: f.tax_class === 'standard' ? '' : (f.tax_class ?? ''),
      taxable: f.tax_status !== 'none',
      total: f.total === undefined || f.total === '' ? 0 : money(c, `fee_lines[${i}][total]`, f.total),
    })),
    couponCodes: (body.coupon_lines ?? []).map((cl) => {
      if (cl.id) throw new CocartError('woocommerce_rest_coupon_item_id_readonly', 'invalid', 'Coupon item ID is readonly.');
      return cl.code ?? '';
    }),
  };
}

function updateInput(c: WcContext, body: OrderBody): OrderFields {
  const lines = [body.line_items, body.shipping_lines, body.fee_lines, body.coupon_lines].some((l) => l !== undefined && l.length > 0);
  if (lines) {
    throw new CocartError(
      'cartwright_order_items_read_only',
      'invalid',
      'An order\'s line items, shipping, fees and coupons are set when it is created; cancel it and create another to change them.',
    );
  }
  return fieldsInput(c, body);
}

export function registerOrderRoutes(app: FastifyInstance, runtime: Runtime): void {
  const admin = new OrderAdmin(runtime);
  const refunds = new OrderRefunds(runtime);
  const view = async (order: OrderView['order']): Promise<OrderView> => ({ order, refunds: await refunds.list(order.id) });

  const list = async (c: WcContext, args: ListArgs) => {
    // `any` is every status but the trash, as in WordPress.
    const asked = args.status ?? [];
    const statuses = !asked.length || asked.includes('any') ? ORDER_STATUSES.filter((s) => s !== 'trash') : asked.filter((s): s is OrderStatus => (ORDER_STATUSES as readonly string[]).includes(s));
    // An order has no parent here: asking for children of any order finds none.
    if ((asked.length && !statuses.length) || args.parent?.some((p) => p > 0)) return { total: 0, items: [] };
    const gmt = args.dates_are_gmt ?? false;
    const after = args.after ? c.parseDate('after', args.after, gmt) : null;
    const before = args.before ? c.parseDate('before', args.before, gmt) : null;
    const orderby = args.orderby === 'id' || args.orderby === 'modified' ? args.orderby : 'date';
    const { total, orders } = await runtime.orders.store.list({
      offset: args.offset ?? (args.page - 1) * args.per_page,
      limit: args.per_page,
      statuses,
      customerId: args.customer,
      // WordPress's date queries leave the bound itself out.
      after: after === null ? undefined : after + 1,
      before: before === null ? undefined : before - 1,
      search: args.search,
      include: args.include,
      exclude: args.exclude,
      order: (args.order ?? 'desc').toLowerCase() === 'asc' ? 'asc' : 'desc',
      orderBy: orderby,
    });
    const byOrder = await refunds.forOrders(orders.map((o) => o.id));
    return { total, items: orders.map((order) => ({ order, refunds: byOrder.get(order.id) ?? [] })) };
  };

  defineResource(app, runtime, {
    url: '/wc/v3/orders',
    tags: ['WooCommerce: orders'],
    summaries: {
      list: 'List orders (every status but trash unless `status` says otherwise)',
      create: 'Create an order, priced by the store (set_paid completes its payment)',
      get: 'Retrieve an order',
      update: 'Update an order: status (stock and coupons follow), addresses, note, payment details, meta',
      delete: 'Move an order to the trash, or delete it for good with force=true',
    },
    args: { list: ListArgs, create: CreateBody, update: OrderBody, get: ViewArgs },
    permit: requireManager,
    json: (c, v: OrderView) => orderJson(c, v, runtime.rules.current(c.decimals).taxRates),
    list: (c, args) => list(c, args),
    get: async (_c, id) => {
      const order = await runtime.orders.store.find(id);
      if (!order) throw invalidOrderId('not_found');
      return view(order);
    },
    create: async (c, body, req) => ({ order: await admin.create(createInput(c, body), actorOf(req)), refunds: [] }),
    update: async (c, id, body, req) => view(await admin.update(id, updateInput(c, body), actorOf(req))),
    delete: async (_c, id, force, req) => {
      const before = await runtime.orders.store.find(id);
      const kept = before ? await refunds.list(id) : [];
      return { order: await admin.delete(id, force, actorOf(req)), refunds: kept };
    },
  });

  registerOrderNoteRoutes(app, runtime, admin);
  registerOrderRefundRoutes(app, runtime, refunds);
}
