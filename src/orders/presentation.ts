import { COUNTRIES, STATES } from '../commerce/address.ts';
import { currencySymbol, formatMoney, type CurrencyFormat } from '../commerce/money.ts';
import { storeCurrency } from '../settings/currency.ts';
import type { Settings } from '../settings/schema.ts';
import type { Order, OrderAddress } from './order.ts';

/**
 * An order as people read it, wherever it is shown to them (My Account, the order e-mails): money in
 * the order's own currency in the store's format, dates in the store's time zone, addresses as
 * WooCommerce writes them, and WooCommerce's totals rows. Pure; the caller brings the translator.
 */

export interface OrderView {
  t: (msgid: string, ...args: unknown[]) => string;
  settings: Settings;
  money(order: Pick<Order, 'currency'>, minor: number): string;
  date(unix: number): string;
}

export interface TotalsRow {
  label: string;
  value: string;
}

/** Amounts in `currency` (the order's), written in the store's format; one format per currency is made. */
export function moneyFormatter(settings: Settings): (order: Pick<Order, 'currency'>, minor: number) => string {
  const store = storeCurrency(settings);
  const formats = new Map<string, CurrencyFormat>([[store.code, store]]);
  return (order, minor) => {
    let c = formats.get(order.currency);
    if (!c) formats.set(order.currency, (c = { ...store, code: order.currency, symbol: currencySymbol(order.currency) }));
    return formatMoney(minor, c);
  };
}

/**
 * WordPress's default date and time formats (`F j, Y` and `g:i a`) in English, the locale's long date
 * and short time otherwise, in the store's time zone.
 */
export function dateFormatter(locale: string, timeZone: string): (unix: number) => string {
  let zone = timeZone || 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    zone = 'UTC';
  }
  if (locale.slice(0, 2).toLowerCase() === 'en') {
    const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', hour12: true });
    return (unix) => {
      const p = Object.fromEntries(f.formatToParts(new Date(unix * 1000)).map((x) => [x.type, x.value]));
      return `${p.month} ${p.day}, ${p.year}, ${p.hour}:${p.minute} ${String(p.dayPeriod).toLowerCase()}`;
    };
  }
  const f = new Intl.DateTimeFormat(locale, { timeZone: zone, dateStyle: 'long', timeStyle: 'short' });
  return (unix) => f.format(new Date(unix * 1000));
}

/** An order view in `locale`, for the store's settings. */
export function orderView(settings: Settings, locale: string, t: OrderView['t']): OrderView {
  return { t, settings, money: moneyFormatter(settings), date: dateFormatter(locale, settings.store.timezone_string) };
}

/** An address's lines as WooCommerce formats one: name, company, street, town, state, postcode, country. */
export function addressLines(a: Partial<OrderAddress>): string[] {
  const country = a.country ?? '';
  const state = a.state ? (STATES[country]?.[a.state] ?? a.state) : '';
  const name = [a.first_name, a.last_name].filter(Boolean).join(' ');
  return [name, a.company, a.address_1, a.address_2, a.city, state, a.postcode, country ? (COUNTRIES[country] ?? country) : ''].filter((p): p is string => !!p);
}

/** An address on one line, its parts joined with ", " as WooCommerce joins a formatted address. */
export function oneLineAddress(a: Partial<OrderAddress>): string {
  return addressLines(a).join(', ');
}

/** WooCommerce's `needs_shipping_address`: shipped by a method that is not a pickup. */
export function needsShippingAddress(order: Order): boolean {
  return order.shippingLines.some((l) => !['local_pickup', 'pickup_location'].includes(l.methodId));
}

/** WooCommerce's order totals rows (`get_order_item_totals`), keyed as CoCart shows them. */
export function orderItemTotals(v: OrderView, order: Order, refunds: readonly { id: number; amount: number }[]): Record<string, TotalsRow> {
  const incl = v.settings.tax.tax_display_cart === 'incl';
  const money = (minor: number) => v.money(order, minor);
  const rows: Record<string, TotalsRow> = {};
  const subtotal = order.lines.reduce((n, l) => n + l.subtotal + (incl ? l.subtotalTax : 0), 0);
  rows.subtotal = { label: v.t('Subtotal'), value: money(subtotal) };
  const t = order.totals;
  if (t.discountTotal > 0) rows.discount = { label: v.t('Discount'), value: `-${money(t.discountTotal + (incl ? t.discountTax : 0))}` };
  if (order.shippingLines.length) {
    const methods = order.shippingLines.map((l) => l.methodTitle).join(', ');
    const cost = t.shippingTotal + (incl ? t.shippingTax : 0);
    rows.shipping = { label: v.t('Shipping'), value: t.shippingTotal !== 0 ? `${money(cost)} ${v.t('via %s', methods)}` : methods };
  }
  for (const fee of order.feeLines) rows[`fee_${fee.id}`] = { label: fee.name, value: money(fee.total + (incl ? fee.tax : 0)) };
  if (!incl && t.totalTax > 0) {
    if (v.settings.tax.tax_total_display === 'itemized') {
      for (const tax of order.taxLines) rows[tax.rateCode.toLowerCase()] = { label: tax.label || v.t('Tax'), value: money(tax.taxTotal + tax.shippingTaxTotal) };
    } else {
      rows.tax = { label: v.t('Tax'), value: money(t.totalTax) };
    }
  }
  if (t.total > 0 && order.paymentMethodTitle) rows.payment_method = { label: v.t('Payment method'), value: order.paymentMethodTitle };
  for (const refund of refunds) rows[`refund_${refund.id}`] = { label: v.t('Refund'), value: `-${money(refund.amount)}` };
  rows.total = { label: v.t('Total'), value: money(t.total) };
  return rows;
}
