import { locale, t } from '../../i18n.ts';
import { Badge } from '../../ui/table.tsx';

/**
 * What the Webhooks screens share: a webhook and a delivery attempt as wc/v3 gives them, the statuses
 * and topics in words (as WooCommerce names them: "Order created"), dates to the second.
 */

export const WEBHOOK_STATUSES = ['active', 'paused', 'disabled'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

export interface Webhook {
  id: number;
  name: string;
  status: WebhookStatus;
  topic: string;
  delivery_url: string;
  failure_count: number;
  /** Only in the edit context, and in the answers to a create or an update. */
  secret?: string;
  date_created_gmt: string | null;
  date_modified_gmt: string | null;
}

export interface Delivery {
  id: number;
  delivery_id: string;
  attempt: number;
  topic: string;
  resource_id: number;
  success: boolean;
  /** Seconds, as a decimal string ("0.012"). */
  duration: string;
  summary: string;
  request_url: string;
  request_headers: Record<string, string>;
  response_code: string;
  response_message: string;
  response_headers: Record<string, string>;
  response_body: string;
  date_created_gmt: string | null;
}

export function webhookStatusLabel(status: string): string {
  return ({ active: t('Active'), paused: t('Paused'), disabled: t('Disabled') } as Record<string, string>)[status] ?? status;
}

const TONES: Record<string, 'good' | 'warn' | 'bad'> = { active: 'good', paused: 'warn', disabled: 'bad' };

export function WebhookStatusBadge(props: { status: string }) {
  return <Badge tone={TONES[props.status] ?? 'neutral'}>{webhookStatusLabel(props.status)}</Badge>;
}

/** The topics the server offers (src/webhooks/topics.ts), in WooCommerce's order, with its names for them. */
export const TOPICS = [
  'coupon.created', 'coupon.updated', 'coupon.deleted', 'coupon.restored',
  'customer.created', 'customer.updated', 'customer.deleted',
  'order.created', 'order.updated', 'order.deleted', 'order.restored',
  'product.created', 'product.updated', 'product.deleted', 'product.restored',
] as const;

export function topicLabel(topic: string): string {
  const labels: Record<string, string> = {
    'coupon.created': t('Coupon created'),
    'coupon.updated': t('Coupon updated'),
    'coupon.deleted': t('Coupon deleted'),
    'coupon.restored': t('Coupon restored'),
    'customer.created': t('Customer created'),
    'customer.updated': t('Customer updated'),
    'customer.deleted': t('Customer deleted'),
    'order.created': t('Order created'),
    'order.updated': t('Order updated'),
    'order.deleted': t('Order deleted'),
    'order.restored': t('Order restored'),
    'product.created': t('Product created'),
    'product.updated': t('Product updated'),
    'product.deleted': t('Product deleted'),
    'product.restored': t('Product restored'),
    ping: t('Ping'),
  };
  return labels[topic] ?? topic;
}

/** A wc/v3 GMT date ("2027-03-12T10:04:05") in the viewer's time zone, to the second: attempts come seconds apart. */
export function formatGmtSeconds(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(`${value}Z`);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
}

/** Seconds as wc/v3 gives them ("0.012") in the page's language ("0.012 sec", "0,012 s"). */
export function formatSeconds(text: string): string {
  const n = Number(text);
  return Number.isFinite(n) ? new Intl.NumberFormat(locale(), { style: 'unit', unit: 'second', maximumFractionDigits: 3 }).format(n) : text;
}
