import { api, ApiError, type Query } from '../api.ts';
import { formatDateTime, t } from '../i18n.ts';
import { Badge } from '../ui/table.tsx';

/**
 * What the Sessions screens (and the overview's newest carts) share: the Sessions API's list of carts,
 * its times (`MM/DD/YYYY HH:MM:SS`, UTC, as CoCart shows them) read into real dates, and the source
 * of a cart in words.
 */

export interface SessionSummary {
  cart_id: string;
  cart_key: string;
  customers_name: string;
  customers_email: string;
  cart_created: string;
  cart_expiry: string;
  cart_source: string;
  link: string;
}

export interface SessionList {
  sessions: SessionSummary[];
  page: number;
  total_pages: number;
  total_sessions: number;
}

/** A page of the Sessions API's list (GET cocart/v2/sessions); its 404 for "no carts" is an empty list, not a failure. */
export async function listSessions(query: Query, signal: AbortSignal): Promise<SessionList> {
  try {
    return await api<SessionList>('/cocart/v2/sessions', { query, signal });
  } catch (err) {
    if (err instanceof ApiError && err.code === 'cocart_no_carts_in_session') return { sessions: [], page: 1, total_pages: 0, total_sessions: 0 };
    throw err;
  }
}

/** A Sessions API time (`12/09/2026 13:08:15`, UTC) as a Date; null if it is not one. */
export function sessionTime(text: string): Date | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const [, month, day, year, h, min, s] = m;
  const date = new Date(`${year}-${month}-${day}T${h}:${min}:${s}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

export const isPast = (text: string, now = Date.now()): boolean => {
  const date = sessionTime(text);
  return date !== null && date.getTime() < now;
};

export function sourceLabel(source: string): string {
  return ({ cocart: t('Cart API'), woocommerce: t('WooCommerce') } as Record<string, string>)[source] ?? source;
}

/** The expiry of a cart, marked when it has passed. */
export function ExpiryBadge(props: { expiry: string }) {
  return isPast(props.expiry) ? <Badge tone="bad">{t('expired')}</Badge> : null;
}

/** A Sessions API time in the viewer's time zone and language. */
export function formatSessionTime(text: string): string {
  const date = sessionTime(text);
  return date ? formatDateTime(date.toISOString()) : text || '—';
}

/**
 * A column heading that orders the list: a real button inside the `<th>`, which carries `aria-sort`
 * while the list is ordered by it. A first press orders by `firstOrder`, the next reverses it.
 */
export function SortHeader(props: { label: string; column: string; orderby: string; order: string; firstOrder?: 'asc' | 'desc'; onSort: (orderby: string, order: 'asc' | 'desc') => void; class?: string }) {
  const active = props.orderby === props.column;
  const ascending = props.order.toLowerCase() === 'asc';
  const next: 'asc' | 'desc' = active ? (ascending ? 'desc' : 'asc') : (props.firstOrder ?? 'asc');
  return (
    <th scope="col" class={props.class} aria-sort={active ? (ascending ? 'ascending' : 'descending') : 'none'}>
      <button type="button" class="sort" onClick={() => props.onSort(props.column, next)}>
        {props.label}
        <span class="sort-arrow" aria-hidden="true">
          {active ? (ascending ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}
