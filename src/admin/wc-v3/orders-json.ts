import { VERSION } from '../../api/transport.ts';
import { currencySymbol } from '../../commerce/money.ts';
import type { TaxRate } from '../../commerce/types.ts';
import type { JsonObject } from '../../hooks/types.ts';
import { needsProcessing } from '../../orders/admin.ts';
import { needsPayment, type Order, type OrderAddress, type OrderLine } from '../../orders/order.ts';
import type { Refund, RefundLine } from '../../orders/refunds.ts';
import type { OrderNote } from '../../orders/store.ts';
import { links, type WcContext } from './context.ts';
import { absoluteUrl } from '../../media/urls.ts';

/**
 * Orders, their notes and refunds as WooCommerce's REST API v3 shapes them: money as decimal strings
 * with the store's decimals (a line's `price` and a coupon's `nominal_amount` are numbers, as there),
 * dates in the store's zone and in GMT, the addresses with every field, and `meta_data` without the
 * keys WooCommerce keeps to itself (those starting with `_`).
 */

/** An order with what is kept beside it. */
export interface OrderView {
  order: Order;
  refunds: Refund[];
}

/** WooCommerce's `is_editable()`: only orders not yet under way may have their lines changed in the dashboard. */
const EDITABLE = ['pending', 'on-hold', 'auto-draft', 'checkout-draft'];

/** `meta_data` as WooCommerce lists it: an entry's id is its key's place among the order's keys. */
export function metaJson(meta: Record<string, string>): JsonObject[] {
  return Object.entries(meta)
    .map(([key, value], i) => ({ id: i + 1, key, value }))
    .filter((m) => !m.key.startsWith('_'));
}

/** An address with every field WooCommerce shows (the billing one with its e-mail address); an order's and a customer's alike. */
export function addressJson(a: Partial<OrderAddress>, withEmail: boolean): JsonObject {
  const out: JsonObject = {
    first_name: a.first_name ?? '', last_name: a.last_name ?? '', company: a.company ?? '', address_1: a.address_1 ?? '',
    address_2: a.address_2 ?? '', city: a.city ?? '', state: a.state ?? '', postcode: a.postcode ?? '', country: a.country ?? '',
  };
  if (withEmail) out.email = a.email ?? '';
  out.phone = a.phone ?? '';
  return out;
}

/** A line's own meta: the attributes its variation was chosen with, and its item data. */
function lineMeta(c: WcContext, line: OrderLine): JsonObject[] {
  const parent = c.snapshot.products.get(line.productId);
  const out: JsonObject[] = [];
  for (const [raw, value] of Object.entries(line.variation)) {
    const taxonomy = raw.replace(/^attribute_/, '');
    const attr = parent?.attributes.find((a) => a.taxonomy === taxonomy);
    const option = attr?.options.find((o) => o.slug === value);
    out.push({ id: out.length + 1, key: taxonomy, value, display_key: attr?.name ?? taxonomy, display_value: option?.label ?? value });
  }
  for (const [key, value] of Object.entries(line.itemData)) {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    out.push({ id: out.length + 1, key, value: text, display_key: key, display_value: text });
  }
  return out;
}

function lineImage(c: WcContext, line: OrderLine): JsonObject {
  const own = c.snapshot.products.get(line.variationId || line.productId);
  const parent = c.snapshot.products.get(line.productId);
  const id = own?.imageIds[0] ?? parent?.imageIds[0];
  const media = id === undefined ? undefined : c.snapshot.media.get(id);
  return media ? { id: media.id, src: absoluteUrl(c.origin, media.src) } : { id: 0, src: '' };
}

/** The unit price WooCommerce shows with a line: its total over its quantity, in major units. */
function unitPrice(c: WcContext, total: number, quantity: number): number {
  return total / Math.max(1, quantity) / 10 ** c.decimals;
}

function lineItemJson(c: WcContext, l: OrderLine): JsonObject {
  const parent = l.variationId ? c.snapshot.products.get(l.productId) : undefined;
  return {
    id: l.id,
    name: l.name,
    product_id: l.productId,
    variation_id: l.variationId,
    quantity: l.quantity,
    tax_class: l.taxClass === 'parent' ? (parent?.taxClass ?? '') : l.taxClass,
    subtotal: c.money(l.subtotal),
    subtotal_tax: c.money(l.subtotalTax),
    total: c.money(l.total),
    total_tax: c.money(l.tax),
    taxes: l.taxes.map((t) => ({ id: t.rateId, total: c.money(t.total), subtotal: c.money(t.subtotal) })),
    meta_data: lineMeta(c, l),
    sku: l.sku,
    price: unitPrice(c, l.total, l.quantity),
    image: lineImage(c, l),
    parent_name: parent ? parent.name : null,
  };
}

export function orderJson(c: WcContext, view: OrderView, taxRates: readonly TaxRate[]): JsonObject {
  const { order: o, refunds } = view;
  const rates = new Map(taxRates.map((r) => [r.id, r]));
  const self = `${c.root}/orders/${o.id}`;
  const _links = links(self, `${c.root}/orders`) as JsonObject;
  if (o.customerId > 0) _links.customer = [{ href: `${c.root}/customers/${o.customerId}` }];
  return {
    id: o.id,
    parent_id: 0,
    status: o.status,
    currency: o.currency,
    version: VERSION,
    prices_include_tax: o.pricesIncludeTax,
    date_created: c.date(o.createdAt),
    date_modified: c.date(o.modifiedAt),
    discount_total: c.money(o.totals.discountTotal),
    discount_tax: c.money(o.totals.discountTax),
    shipping_total: c.money(o.totals.shippingTotal),
    shipping_tax: c.money(o.totals.shippingTax),
    cart_tax: c.money(o.totals.cartTax),
    total: c.money(o.totals.total),
    total_tax: c.money(o.totals.totalTax),
    customer_id: o.customerId,
    order_key: o.key,
    billing: addressJson(o.billing, true),
    shipping: addressJson(o.shipping, false),
    payment_method: o.paymentMethod,
    payment_method_title: o.paymentMethodTitle,
    transaction_id: o.transactionId,
    customer_ip_address: o.meta._customer_ip_address ?? '',
    customer_user_agent: o.meta._customer_user_agent ?? '',
    created_via: o.createdVia,
    customer_note: o.customerNote,
    date_completed: c.date(o.completedAt),
    date_paid: c.date(o.paidAt),
    cart_hash: o.cartHash,
    number: String(o.id),
    meta_data: metaJson(o.meta),
    line_items: o.lines.map((l) => lineItemJson(c, l)),
    tax_lines: o.taxLines.map((t) => ({
      id: t.id,
      rate_code: t.rateCode,
      rate_id: t.rateId,
      label: t.label,
      compound: t.compound,
      tax_total: c.money(t.taxTotal),
      shipping_tax_total: c.money(t.shippingTaxTotal),
      rate_percent: rates.get(t.rateId)?.rate ?? 0,
      meta_data: [],
    })),
    shipping_lines: o.shippingLines.map((s) => ({
      id: s.id,
      method_title: s.methodTitle,
      method_id: s.methodId,
      instance_id: String(s.instanceId),
      total: c.money(s.total),
      total_tax: c.money(s.tax),
      taxes: s.taxes.map((t) => ({ id: t.rateId, total: c.money(t.total), subtotal: '' })),
      meta_data: [],
    })),
    fee_lines: o.feeLines.map((f) => ({
      id: f.id,
      name: f.name,
      tax_class: f.taxClass,
      tax_status: f.taxable ? 'taxable' : 'none',
      amount: c.money(f.total),
      total: c.money(f.total),
      total_tax: c.money(f.tax),
      taxes: [],
      meta_data: [],
    })),
    coupon_lines: o.couponLines.map((cl) => ({
      id: cl.id,
      code: cl.code,
      discount: c.money(cl.discount),
      discount_tax: c.money(cl.discountTax),
      discount_type: cl.discountType,
      nominal_amount: cl.discountType === 'percent' ? cl.nominalAmount : cl.nominalAmount / 10 ** c.decimals,
      free_shipping: cl.freeShipping,
      meta_data: [],
    })),
    refunds: refunds.map((r) => ({ id: r.id, reason: r.reason, total: c.money(-r.amount) })),
    payment_url: `${c.store}/checkout/order-pay/${o.id}/?pay_for_order=true&key=${o.key}`,
    is_editable: EDITABLE.includes(o.status),
    needs_payment: needsPayment(o),
    needs_processing: needsProcessing(o, c.snapshot),
    date_created_gmt: c.dateGmt(o.createdAt),
    date_modified_gmt: c.dateGmt(o.modifiedAt),
    date_completed_gmt: c.dateGmt(o.completedAt),
    date_paid_gmt: c.dateGmt(o.paidAt),
    currency_symbol: currencySymbol(o.currency),
    _links,
  };
}

export function noteJson(c: WcContext, n: OrderNote): JsonObject {
  const collection = `${c.root}/orders/${n.orderId}/notes`;
  return {
    id: n.id,
    author: n.author,
    date_created: c.date(n.createdAt),
    date_created_gmt: c.dateGmt(n.createdAt),
    note: n.note,
    customer_note: n.customerNote,
    _links: links(`${collection}/${n.id}`, collection, `${c.root}/orders/${n.orderId}`),
  };
}

/** A refunded line as WooCommerce copies it into the refund: the order's line with negative quantity and money. */
function refundLineJson(c: WcContext, order: Order | null, r: RefundLine): { type: 'line_item' | 'shipping' | 'fee'; json: JsonObject } {
  const tax = r.taxes.reduce((s, t) => s + t.total, 0);
  const taxes = r.taxes.map((t) => ({ id: t.rateId, total: c.money(-t.total), subtotal: c.money(-t.total), refund_total: t.total / 10 ** c.decimals }));
  const money = { total: c.money(-r.total), total_tax: c.money(-tax), taxes, meta_data: [], refund_total: r.total / 10 ** c.decimals };
  const shipping = order?.shippingLines.find((s) => s.id === r.itemId);
  if (shipping) return { type: 'shipping', json: { id: r.itemId, method_title: shipping.methodTitle, method_id: shipping.methodId, instance_id: String(shipping.instanceId), ...money } };
  const fee = order?.feeLines.find((f) => f.id === r.itemId);
  if (fee) return { type: 'fee', json: { id: r.itemId, name: fee.name, tax_class: fee.taxClass, tax_status: fee.taxable ? 'taxable' : 'none', ...money } };
  const line = order?.lines.find((l) => l.id === r.itemId);
  return {
    type: 'line_item',
    json: {
      id: r.itemId,
      name: line?.name ?? '',
      product_id: line?.productId ?? 0,
      variation_id: line?.variationId ?? 0,
      quantity: -r.quantity,
      tax_class: line?.taxClass ?? '',
      subtotal: c.money(-r.total),
      subtotal_tax: c.money(-tax),
      ...money,
      sku: line?.sku ?? '',
      price: r.quantity ? -unitPrice(c, r.total, r.quantity) : 0,
      image: line ? lineImage(c, line) : { id: 0, src: '' },
      parent_name: null,
    },
  };
}

export function refundJson(c: WcContext, refund: Refund, order: Order | null): JsonObject {
  const collection = `${c.root}/orders/${refund.orderId}/refunds`;
  const lines = refund.lines.map((l) => refundLineJson(c, order, l));
  const of = (type: string) => lines.filter((l) => l.type === type).map((l) => l.json);
  return {
    id: refund.id,
    date_created: c.date(refund.createdAt),
    date_created_gmt: c.dateGmt(refund.createdAt),
    amount: c.money(refund.amount),
    reason: refund.reason,
    refunded_by: refund.refundedBy,
    refunded_payment: refund.refundedPayment,
    meta_data: [],
    line_items: of('line_item'),
    shipping_lines: of('shipping'),
    tax_lines: [],
    fee_lines: of('fee'),
    _links: links(`${collection}/${refund.id}`, collection, `${c.root}/orders/${refund.orderId}`),
  };
}
