import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Runtime } from '../../runtime.ts';
import type { CatalogSnapshot } from '../../catalog/snapshot.ts';
import { CustomerAccount } from '../../customers/account.ts';
import type { User } from '../../customers/types.ts';
import { CocartError } from '../../errors.ts';
import type { Order, OrderLine } from '../../orders/order.ts';
import { STATUS_LABELS, needsPayment } from '../../orders/order.ts';
import { needsShippingAddress, oneLineAddress, orderItemTotals, orderView, type OrderView } from '../../orders/presentation.ts';
import { PRIVATE_META } from '../../catalog/admin/product-input.ts';
import type { Settings } from '../../settings/schema.ts';
import { avatarUrls } from '../avatars.ts';
import { paginate } from '../pagination.ts';
import { apiRoot, origin, translator } from '../request-context.ts';
import { defineRoute } from '../route.ts';
import { ref } from '../openapi/schemas.ts';
import { REQUIRED_AUTH } from '../openapi/route-docs.ts';
import { emptyMap } from '../serializers/php.ts';

/**
 * The customer's account in CoCart Plus's My Account shapes: `GET /cocart/v2/my-account` (who they
 * are, their addresses, how many orders and how much spent), `GET my-account/orders` (a page of their
 * orders) and `GET my-account/orders/{id}` (one of them in full). Money is shown formatted, as these
 * pages show it, in the order's own currency.
 *
 * Only the logged-in customer's own orders are ever found: another customer's order and an id that
 * does not exist give the same 404, so ids cannot be probed. CoCart also lets a guest read an order by
 * its id and billing e-mail address; we do not, since both are easy to guess and the answer holds
 * addresses: a guest has the order-received route and its order key.
 */

type Action = { url: string; label: string };

interface View extends OrderView {
  api: string;
  catalog: CatalogSnapshot;
}

function view(req: FastifyRequest, runtime: Runtime): View {
  const settings = runtime.settings.get();
  return { ...orderView(settings, req.locale, translator(req)), api: apiRoot(req, runtime), catalog: runtime.catalog.current() };
}

function customer(req: FastifyRequest, code: string, msgid: string): User {
  if (!req.user) throw new CocartError(code, 'forbidden', msgid);
  return req.user;
}

/**
 * WooCommerce's `wc_get_account_orders_actions`, without cancelling (no route for it here yet); the
 * order's own page leaves out `view`, as WooCommerce's does.
 */
function actions(v: View, order: Order, withView: boolean): Record<string, Action> {
  const out: Record<string, Action> = {};
  if (needsPayment(order)) {
    out.pay = { url: `${v.api}/cocart/v2/order-received/${order.id}/pay?order_key=${encodeURIComponent(order.key)}`, label: v.t('Pay') };
  }
  if (withView) out.view = { url: `${v.api}/cocart/v2/my-account/orders/${order.id}`, label: v.t('View') };
  return out;
}

function itemCount(order: Order, refunded: ReadonlyMap<number, number>): number {
  return order.lines.reduce((n, l) => n + l.quantity - Math.min(refunded.get(l.id) ?? 0, l.quantity), 0);
}

function summary(v: View, order: Order, refunded: ReadonlyMap<number, number>) {
  return {
    order_id: order.id,
    order_status: v.t(STATUS_LABELS[order.status]),
    order_date: v.date(order.createdAt),
    item_count: itemCount(order, refunded),
    order_total: v.money(order, order.totals.total),
    order_actions: emptyMap(actions(v, order, true)),
  };
}

function lineMeta(v: View, line: OrderLine) {
  const out: Record<string, { key: string; value: string; display_key: string; display_value: string }> = {};
  const parent = v.catalog.products.get(line.productId);
  for (const [key, value] of Object.entries(line.variation)) {
    const taxonomy = key.replace(/^attribute_/, '');
    const attr = parent?.attributes.find((a) => a.taxonomy === taxonomy);
    const label = attr?.options.find((o) => o.slug === value)?.label ?? v.catalog.termBySlug(taxonomy, value)?.name ?? value;
    out[key] = { key, value, display_key: attr?.name ?? taxonomy, display_value: label };
  }
  for (const [key, value] of Object.entries(line.itemData)) {
    // Keys starting with `_` are hidden, as WooCommerce hides such item meta.
    if (key.startsWith('_') || value === null || value === undefined) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    out[key] = { key, value: text, display_key: key, display_value: text };
  }
  return emptyMap(out);
}

function item(v: View, order: Order, line: OrderLine, refunded: ReadonlyMap<number, number>) {
  const product = v.catalog.products.get(line.variationId || line.productId);
  const parent = v.catalog.products.get(line.productId);
  const imageId = product?.imageIds[0] ?? parent?.imageIds[0];
  const media = imageId !== undefined ? v.catalog.media.get(imageId) : undefined;
  const incl = v.settings.tax.tax_display_cart === 'incl';
  const paid = order.status === 'processing' || order.status === 'completed';
  const note = (p: typeof product) => p?.metaData.find((m) => m.key === PRIVATE_META.purchaseNote)?.value;
  const purchaseNote = paid ? (note(product) || note(parent) || '') : '';
  return {
    item_id: line.id,
    product_id: line.productId,
    variation_id: line.variationId,
    product_image: media ? (media.sizes.woocommerce_thumbnail ?? media.src) : '',
    product_name: line.name,
    product_title: parent?.name ?? line.name,
    product_type: product?.type ?? '',
    sku: line.sku,
    quantity: String(line.quantity),
    subtotal: v.money(order, incl ? line.subtotal + line.subtotalTax : line.subtotal),
    purchase_note: typeof purchaseNote === 'string' ? purchaseNote : String(purchaseNote),
    refunded_qty: String(refunded.get(line.id) ?? 0),
    meta: lineMeta(v, line),
    link: parent ? `${v.api}/cocart/v2/products/${line.productId}` : '',
  };
}

/** WooCommerce's `is_customer_outside_base`: the address tax is charged by lies outside the store's country (or state). */
function outsideBase(settings: Settings, user: User): boolean {
  const basis = settings.tax.tax_based_on;
  if (basis === 'base') return false;
  const address = basis === 'billing' || !user.shipping.country ? user.billing : user.shipping;
  if (!address.country) return false;
  const [country, state = ''] = settings.store.country.split(':');
  return address.country !== country || (state !== '' && address.state !== state);
}

function accountAddress(a: Record<string, string>, withContact: boolean) {
  const out: Record<string, string> = {};
  for (const f of ['first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'state', 'postcode', 'country']) out[f] = a[f] ?? '';
  if (withContact) {
    out.email = a.email ?? '';
    out.phone = a.phone ?? '';
  }
  return out;
}

export function registerMyAccountRoutes(app: FastifyInstance, runtime: Runtime): void {
  const account = new CustomerAccount(runtime.orders.store, runtime.database.db);

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/my-account',
    summary: "The logged-in customer's account: details, addresses, order count and money spent",
    tags: ['My Account'],
    security: REQUIRED_AUTH,
    response: { 200: ref('Account') },
    handler: async (req) => {
      const user = customer(req, 'cocart_access_my_account_denied', 'You need to be logged in to view account!');
      const v = view(req, runtime);
      const s = await account.summary(user.id);
      const store = { currency: v.settings.store.currency };
      return {
        user: {
          id: user.id,
          date_registered: new Date(user.createdAt * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
          email: user.email,
          first_name: user.firstName,
          last_name: user.lastName,
          display_name: user.displayName,
          addresses: {
            billing: accountAddress(user.billing, true),
            ...(v.settings.shipping.enable_shipping ? { shipping: accountAddress(user.shipping, false) } : {}),
          },
          orders_count: s.ordersCount,
          total_spent: v.money(store, s.totalSpent),
          is_paying_customer: s.isPayingCustomer,
          avatar_url: avatarUrls(user.email)['96'],
        },
        recent_order: {
          order_id: s.latest?.id ?? null,
          order_date: s.latest ? v.date(s.latest.createdAt) : null,
          order_data: s.latest ? `${v.api}/cocart/v2/my-account/orders/${s.latest.id}` : '',
        },
        meta: { is_customer_outside_base: outsideBase(v.settings, user), is_vat_exempt: runtime.carts.isAccountVatExempt(user) },
        extensions: [],
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/my-account/orders',
    summary: "A page of the logged-in customer's orders",
    tags: ['My Account'],
    security: REQUIRED_AUTH,
    args: Type.Object({
      page: Type.Integer({ minimum: 1, default: 1, description: 'The page; pages past 100 are read as 100' }),
      per_page: Type.Integer({ minimum: 1, default: 10, description: 'Orders per page; more than 50 are read as 50' }),
      order: Type.Union([Type.Literal('DESC'), Type.Literal('ASC'), Type.Literal('desc'), Type.Literal('asc')], { default: 'DESC', description: 'By date' }),
    }),
    response: { 200: ref('CustomerOrders') },
    handler: async (req, reply, args) => {
      const user = customer(req, 'cocart_access_my_account_denied', 'You need to be logged in to view account!');
      // CoCart's caps, so that no request makes the database read far or much.
      const page = Math.min(args.page, 100);
      const perPage = Math.min(args.per_page, 50);
      const { total, orders } = await account.orders(user.id, { page, perPage, order: args.order.toLowerCase() as 'asc' | 'desc' });
      if (total === 0) throw new CocartError('cocart_account_no_orders', 'not_found', 'No order has been made yet.');
      const v = view(req, runtime);
      const refunded = await account.refundedQuantities(orders.map((o) => o.id));
      const links = paginate(req, reply, origin(req, runtime), total, page, perPage, null);
      return {
        orders: orders.map((o) => summary(v, o, refunded)),
        pagination: emptyMap({ ...(links.prev ? { previous: links.prev } : {}), ...(links.next ? { next: links.next } : {}) }),
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/my-account/orders/:id(^\\d+$)',
    summary: "One of the logged-in customer's orders",
    tags: ['My Account'],
    security: REQUIRED_AUTH,
    path: Type.Object({ id: Type.Integer({ minimum: 0 }) }),
    response: { 200: ref('CustomerOrder') },
    handler: async (req, _reply, args) => {
      const user = customer(req, 'cocart_access_my_orders_denied', 'You are not logged in! Cannot view order.');
      const order = await account.order(user.id, args.id);
      if (!order) throw new CocartError('cocart_order_does_not_exist', 'not_found', 'Order #%s does not exist.', [args.id]);
      const v = view(req, runtime);
      const [refunds, notes] = await Promise.all([account.refunds(order.id), account.customerNotes(order.id)]);
      const refunded = new Map<number, number>();
      for (const r of refunds) for (const [id, n] of r.quantities) refunded.set(id, (refunded.get(id) ?? 0) + n);
      return {
        order_id: order.id,
        order_key: order.key,
        order_number: String(order.id),
        order_parent: 0,
        order_date: v.date(order.createdAt),
        order_status: v.t(STATUS_LABELS[order.status]),
        order_currency: order.currency,
        billing_address: oneLineAddress(order.billing),
        shipping_address: oneLineAddress(order.shipping),
        phone: order.billing.phone ?? '',
        email: order.billing.email ?? '',
        ship_to_billing: needsShippingAddress(order),
        items: order.lines.map((l) => item(v, order, l, refunded)),
        totals: orderItemTotals(v, order, refunds),
        order_note: order.customerNote,
        order_notes: notes.map((n) => ({ date: v.date(n.createdAt), note: n.note })),
        downloads: [],
        order_actions: emptyMap(actions(v, order, false)),
      };
    },
  });
}
