import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { currencySymbol, formatMoney, toMajorString, type CurrencyFormat } from '../commerce/money.ts';
import { ORDER_STATUSES, STATUS_LABELS, type Order, type OrderAddress, type OrderStatus } from '../orders/order.ts';
import { listRefunds, type Refund } from '../orders/refunds.ts';
import { ChangeFeed } from '../events/changes.ts';
import { OrderStore, type OrderNote } from '../orders/store.ts';
import { storeCurrency } from '../settings/currency.ts';
import { SettingsService } from '../settings/settings.ts';
import { withDatabase } from './database.ts';

/** `cartwright orders …`: the store's orders, from the command line. */

const time = (t: number | null) => (t === null ? null : new Date(t * 1000).toISOString().replace('.000Z', 'Z'));

/** The store's way of writing money, in the order's own currency. */
function moneyOf(store: CurrencyFormat, order: Pick<Order, 'currency'>): (minor: number) => string {
  const format = order.currency === store.code ? store : { ...store, code: order.currency, symbol: currencySymbol(order.currency) };
  return (minor) => formatMoney(minor, format);
}

function who(order: Order): string {
  const name = [order.billing.first_name, order.billing.last_name].filter(Boolean).join(' ');
  const email = order.billing.email;
  return name && email ? `${name} <${email}>` : name || email || (order.customerId ? `customer #${order.customerId}` : 'guest');
}

function addressLines(a: OrderAddress): string[] {
  const name = [a.first_name, a.last_name].filter(Boolean).join(' ');
  return [name, a.company, a.address_1, a.address_2, [a.city, a.state, a.postcode].filter(Boolean).join(' '), a.country, a.email, a.phone].filter(Boolean);
}

/** An order in machine-readable form: money as decimal strings in the store's decimals, times in ISO 8601. */
function orderSummary(o: Order, decimals: number) {
  const m = (minor: number) => toMajorString(minor, decimals);
  return {
    id: o.id, number: String(o.id), status: o.status, currency: o.currency, customer_id: o.customerId, billing_email: o.billing.email,
    created_at: time(o.createdAt), paid_at: time(o.paidAt), completed_at: time(o.completedAt), payment_method: o.paymentMethod,
    items: o.lines.reduce((n, l) => n + l.quantity, 0), total: m(o.totals.total),
  };
}

function orderDetail(o: Order, notes: OrderNote[], refunds: Refund[], decimals: number) {
  const m = (minor: number) => toMajorString(minor, decimals);
  return {
    ...orderSummary(o, decimals),
    order_key: o.key,
    created_via: o.createdVia,
    payment_method_title: o.paymentMethodTitle,
    transaction_id: o.transactionId,
    customer_note: o.customerNote,
    billing: o.billing,
    shipping: o.shipping,
    lines: o.lines.map((l) => ({ id: l.id, product_id: l.productId, variation_id: l.variationId, name: l.name, sku: l.sku, quantity: l.quantity, subtotal: m(l.subtotal), total: m(l.total), tax: m(l.tax) })),
    shipping_lines: o.shippingLines.map((s) => ({ id: s.id, method_id: s.methodId, method_title: s.methodTitle, total: m(s.total), tax: m(s.tax) })),
    fee_lines: o.feeLines.map((f) => ({ id: f.id, name: f.name, total: m(f.total), tax: m(f.tax) })),
    coupon_lines: o.couponLines.map((c) => ({ id: c.id, code: c.code, discount: m(c.discount), discount_tax: m(c.discountTax) })),
    totals: {
      discount: m(o.totals.discountTotal), discount_tax: m(o.totals.discountTax), shipping: m(o.totals.shippingTotal), shipping_tax: m(o.totals.shippingTax),
      cart_tax: m(o.totals.cartTax), total_tax: m(o.totals.totalTax), total: m(o.totals.total),
      refunded: m(refunds.reduce((s, r) => s + r.amount, 0)),
    },
    refunds: refunds.map((r) => ({ id: r.id, amount: m(r.amount), reason: r.reason, refunded_payment: r.refundedPayment, created_at: time(r.createdAt) })),
    notes: notes.map((n) => ({ id: n.id, note: n.note, customer_note: n.customerNote, author: n.author, created_at: time(n.createdAt) })),
  };
}

function printOrder(o: Order, notes: OrderNote[], refunds: Refund[], money: (minor: number) => string): void {
  const out: string[] = [];
  out.push(`Order #${o.id}  ${STATUS_LABELS[o.status]} (${o.status})`);
  out.push(`Created ${time(o.createdAt)} via ${o.createdVia}${o.paidAt ? `; paid ${time(o.paidAt)}` : ''}${o.completedAt ? `; completed ${time(o.completedAt)}` : ''}`);
  out.push(`Customer: ${who(o)}${o.customerId ? ` (customer #${o.customerId})` : ' (guest)'}`);
  if (o.paymentMethod) out.push(`Payment: ${o.paymentMethodTitle || o.paymentMethod}${o.transactionId ? ` (transaction ${o.transactionId})` : ''}`);
  if (o.customerNote) out.push(`Customer note: ${o.customerNote}`);
  const billing = addressLines(o.billing);
  const shipping = addressLines(o.shipping);
  if (billing.length) out.push('', 'Billing address:', ...billing.map((l) => `  ${l}`));
  if (shipping.length) out.push('', 'Shipping address:', ...shipping.map((l) => `  ${l}`));

  // Lines before discounts, so that the coupons below them add up to the total.
  const rows: [string, string][] = o.lines.map((l) => [`${l.quantity} × ${l.name}${l.sku ? ` (${l.sku})` : ''}`, money(l.subtotal)]);
  rows.push(['Subtotal', money(o.lines.reduce((s, l) => s + l.subtotal, 0))]);
  for (const s of o.shippingLines) rows.push([`Shipping: ${s.methodTitle}`, money(s.total)]);
  for (const f of o.feeLines) rows.push([`Fee: ${f.name}`, money(f.total)]);
  for (const c of o.couponLines) rows.push([`Coupon: ${c.code}`, money(-c.discount)]);
  rows.push(['Tax', money(o.totals.totalTax)]);
  rows.push(['Total', money(o.totals.total)]);
  const refunded = refunds.reduce((s, r) => s + r.amount, 0);
  if (refunded) rows.push(['Refunded', money(-refunded)], ['Net', money(o.totals.total - refunded)]);
  const width = Math.max(...rows.map(([label]) => label.length));
  out.push('', ...rows.map(([label, amount]) => `  ${label.padEnd(width)}  ${amount}`));

  if (refunds.length) {
    out.push('', 'Refunds:');
    for (const r of refunds) out.push(`  #${r.id} ${time(r.createdAt)}  ${money(r.amount)}${r.reason ? `  ${r.reason}` : ''}${r.refundedPayment ? '  (through the gateway)' : ''}`);
  }
  out.push('', notes.length ? 'Notes (latest first):' : 'No notes.');
  for (const n of notes) out.push(`  ${time(n.createdAt)}  ${n.customerNote ? '[to customer] ' : ''}${n.note}  — ${n.author}`);
  console.log(out.join('\n'));
}

function parseStatuses(text: string | undefined): OrderStatus[] | undefined {
  if (text === undefined) return undefined;
  const statuses = text.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = statuses.find((s) => !(ORDER_STATUSES as readonly string[]).includes(s));
  if (bad !== undefined || !statuses.length) throw new Error(`Unknown status "${bad ?? text}": use ${ORDER_STATUSES.join(', ')} (several separated by commas).`);
  return statuses as OrderStatus[];
}

function wholeNumber(text: string, what: string, min: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) throw new Error(`${what} must be a whole number of at least ${min}.`);
  return n;
}

async function withOrders<T>(work: (store: OrderStore, currency: CurrencyFormat, notes: (id: number) => Promise<OrderNote[]>, refunds: (id: number) => Promise<Refund[]>) => Promise<T>): Promise<T> {
  return withDatabase(loadConfig(), async (handle, bus) => {
    const settings = new SettingsService(handle.db, bus, () => {});
    await settings.load();
    const store = new OrderStore(handle, new ChangeFeed());
    return work(store, storeCurrency(settings.get()), (id) => store.notes(id), (id) => listRefunds(handle.db, id));
  });
}

export function registerOrderCommands(program: Command): void {
  const orders = program.command('orders').description('the store\'s orders');

  orders
    .command('list')
    .description('list orders, the newest first, with counts per status (every status but trash unless --status says otherwise)')
    .option('--status <status>', `only orders of this status (or several, separated by commas): ${ORDER_STATUSES.join(', ')}`)
    .option('--customer <id>', 'only orders of this customer (0: guests)')
    .option('--limit <n>', 'at most this many', '20')
    .option('--json', 'machine-readable output')
    .action(async (opts: { status?: string; customer?: string; limit: string; json?: boolean }) => {
      const statuses = parseStatuses(opts.status) ?? ORDER_STATUSES.filter((s) => s !== 'trash');
      const customerId = opts.customer === undefined ? undefined : wholeNumber(opts.customer, '--customer', 0);
      const limit = wholeNumber(opts.limit, '--limit', 1);
      const { total, list, counts, currency } = await withOrders(async (store, currency) => {
        const page = await store.list({ offset: 0, limit, statuses, customerId, order: 'desc', orderBy: 'date' });
        return { total: page.total, list: page.orders, counts: await store.counts(), currency };
      });
      if (opts.json) return console.log(JSON.stringify({ total, counts, orders: list.map((o) => orderSummary(o, currency.decimals)) }));
      console.log(ORDER_STATUSES.filter((s) => counts[s] > 0).map((s) => `${s}: ${counts[s]}`).join(', ') || 'No orders yet.');
      if (!list.length) return console.log('No orders.');
      console.table(
        list.map((o) => ({ id: o.id, created: time(o.createdAt), status: o.status, customer: who(o), items: o.lines.reduce((n, l) => n + l.quantity, 0), total: moneyOf(currency, o)(o.totals.total) })),
      );
      if (total > list.length) console.log(`(${list.length} of ${total}; use --limit for more)`);
    });

  orders
    .command('show')
    .description('one order: its lines, totals, addresses, refunds and notes')
    .argument('<id>', 'the order number')
    .option('--json', 'machine-readable output')
    .action(async (id: string, opts: { json?: boolean }) => {
      const orderId = wholeNumber(id, 'The order number', 1);
      const found = await withOrders(async (store, currency, notes, refunds) => {
        const order = await store.find(orderId);
        return order ? { order, currency, notes: await notes(orderId), refunds: await refunds(orderId) } : null;
      });
      if (!found) throw new Error(`No order #${orderId}.`);
      if (opts.json) console.log(JSON.stringify(orderDetail(found.order, found.notes, found.refunds, found.currency.decimals)));
      else printOrder(found.order, found.notes, found.refunds, moneyOf(found.currency, found.order));
    });
}
