import { formatDateTime, t } from '../../i18n.ts';
import { Badge } from '../../ui/table.tsx';
import { formatPrice } from '../catalogue/shared.ts';

/**
 * What the Orders screens share: an order as wc/v3 gives it (the fields they show), its status in words
 * and colour, who it is for, and its amounts (wc/v3's decimal strings) added up and shown in the order's
 * own currency.
 */

export type OrderStatus = 'pending' | 'processing' | 'on-hold' | 'completed' | 'cancelled' | 'refunded' | 'failed' | 'checkout-draft' | 'trash';

/** The statuses staff may give an order (the trash is reached by deleting). */
export const SETTABLE_STATUSES: readonly OrderStatus[] = ['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed'];

/** An address as wc/v3 sends it (the shipping address without an e-mail); the Address block shows it. */
export type OrderAddress = Record<'first_name' | 'last_name' | 'company' | 'address_1' | 'address_2' | 'city' | 'state' | 'postcode' | 'country' | 'phone', string> & { email?: string };

export interface OrderLineItem {
  id: number;
  name: string;
  product_id: number;
  variation_id: number;
  quantity: number;
  sku: string;
  subtotal: string;
  total: string;
  total_tax: string;
  taxes: { id: number; total: string; subtotal: string }[];
  meta_data: { key: string; display_key: string; display_value: string }[];
}

export interface RefundSummary {
  id: number;
  reason: string;
  /** Negative, as WooCommerce lists them on the order. */
  total: string;
}

export interface Order {
  id: number;
  number: string;
  status: OrderStatus;
  currency: string;
  date_created_gmt: string | null;
  date_paid_gmt: string | null;
  date_completed_gmt: string | null;
  discount_total: string;
  shipping_total: string;
  total: string;
  total_tax: string;
  customer_id: number;
  customer_note: string;
  billing: OrderAddress;
  shipping: OrderAddress;
  payment_method: string;
  payment_method_title: string;
  transaction_id: string;
  created_via: string;
  line_items: OrderLineItem[];
  shipping_lines: { id: number; method_title: string; method_id: string; total: string; total_tax: string }[];
  fee_lines: { id: number; name: string; total: string; total_tax: string }[];
  coupon_lines: { id: number; code: string; discount: string }[];
  refunds: RefundSummary[];
}

export function orderStatusLabel(status: string): string {
  return (
    (
      {
        pending: t('Pending payment'),
        processing: t('Processing'),
        'on-hold': t('On hold'),
        completed: t('Completed'),
        cancelled: t('Cancelled'),
        refunded: t('Refunded'),
        failed: t('Failed'),
        'checkout-draft': t('Draft'),
        trash: t('Trash'),
      } as Record<string, string>
    )[status] ?? status
  );
}

/** WooCommerce's colours: processing green, on hold amber, completed blue, failed red, the rest grey. */
const TONES: Record<string, 'neutral' | 'good' | 'warn' | 'bad' | 'info'> = { processing: 'good', 'on-hold': 'warn', completed: 'info', failed: 'bad' };

export function OrderStatusBadge(props: { status: string }) {
  return <Badge tone={TONES[props.status] ?? 'neutral'}>{orderStatusLabel(props.status)}</Badge>;
}

/** Who the order is for, as WooCommerce's list names them: the billing name, else the company, else the e-mail. */
export function customerName(order: Pick<Order, 'billing'>): string {
  const b = order.billing;
  return [b.first_name, b.last_name].filter(Boolean).join(' ').trim() || b.company.trim() || (b.email ?? '').trim() || t('Guest');
}

/** A wc/v3 GMT date (`…_gmt`, without its zone) in the viewer's time zone; '—' for none. */
export function formatGmt(value: string | null | undefined): string {
  return formatDateTime(value ? `${value}Z` : null);
}

/** How many decimals a wc/v3 amount has ("12.50" → 2). */
const decimalsOf = (text: string) => (text.split('.')[1] ?? '').length;

/** A wc/v3 amount in minor units; `decimals` as the store writes them. */
export function toMinor(text: string | number, decimals: number): number {
  const n = Number(text);
  return Number.isFinite(n) ? Math.round(n * 10 ** decimals) : 0;
}

/** Minor units as wc/v3 writes them ("1250" → "12.50"). */
export function fromMinor(minor: number, decimals: number): string {
  return (minor / 10 ** decimals).toFixed(decimals);
}

/** The store's decimals, as the order's total is written. */
export function orderDecimals(order: Pick<Order, 'total'>): number {
  return decimalsOf(order.total);
}

/** Several amounts added up, written as wc/v3 writes them. */
export function sumAmounts(texts: readonly string[], decimals: number): string {
  return fromMinor(texts.reduce((sum, text) => sum + toMinor(text, decimals), 0), decimals);
}

/** An amount in the order's currency. */
export function orderMoney(text: string, order: Pick<Order, 'currency'>): string {
  return formatPrice(text, order.currency);
}
