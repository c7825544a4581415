import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, paging, request, type ApiError, type Query } from '../../api.ts';
import { formatMoney, locale } from '../../i18n.ts';
import { useAction } from '../../ui/use-action.ts';
import { useResource } from '../../ui/use-resource.ts';

/**
 * What the catalogue screens share: the store's currency and switches (from the system status, which
 * shop managers may read too), money and dates as wc/v3 sends them (decimal strings in major units,
 * dates in the store's time zone without a zone), form helpers for the server's field errors, and the
 * list-with-editor logic of coupons and tax rates.
 */

export interface StoreSettings {
  currency: string;
  taxes: boolean;
  prices_include_tax: boolean;
  shipping: boolean;
  coupons: boolean;
}

/** The store's currency and switches; `data` stays undefined if they cannot be read (prices then show without a symbol). */
export function useStoreSettings() {
  return useResource((signal) => api<{ settings: StoreSettings }>('/cartwright/v1/system-status', { signal }).then((s) => s.settings), []);
}

/** Every item of a wc/v3 collection, 100 a page (WooCommerce's most), in the order asked for. */
export async function fetchAll<T>(path: string, query: Query, signal: AbortSignal): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const res = await request<T[]>(path, { query: { ...query, page, per_page: 100 }, signal });
    out.push(...res.data);
    if (page >= paging(res.headers).totalPages) return out;
  }
}

/** A wc/v3 amount ("21.99") in the store's currency, with as many decimals as the store sends; '—' when empty. */
export function formatPrice(text: string | null | undefined, currency: string | undefined): string {
  if (text === null || text === undefined || text.trim() === '') return '—';
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  const decimals = (text.split('.')[1] ?? '').length;
  if (!currency) return new Intl.NumberFormat(locale(), { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(n);
  return formatMoney(Math.round(n * 10 ** decimals), currency, decimals);
}

/**
 * A cost as a shipping method keeps it: a plain amount in the currency's usual decimals ("5" → "£5.00"),
 * anything else (a sum such as "10 + 2 * [qty]") as written.
 */
export function formatCost(text: string, currency: string | undefined): string {
  const cost = text.trim();
  if (!/^\d+(\.\d+)?$/.test(cost)) return cost;
  const digits = currency ? new Intl.NumberFormat(locale(), { style: 'currency', currency }).resolvedOptions().maximumFractionDigits : 2;
  const decimals = Math.max(digits ?? 2, (cost.split('.')[1] ?? '').length);
  return formatPrice(Number(cost).toFixed(decimals), currency);
}

/** The text of a piece of HTML (a term's description), for a list that shows it as plain text. */
export function plainText(html: string): string {
  return new DOMParser().parseFromString(html, 'text/html').documentElement.textContent?.trim() ?? html;
}

/** A percentage from wc/v3 ("20.0000") without its trailing zeros, in the page's number format. */
export function formatPercent(text: string): string {
  const n = Number(text);
  return Number.isFinite(n) ? new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 4 }).format(n / 100) : text;
}

/** What a person types as an amount, as the API reads it: a decimal comma becomes a point. */
export function amountInput(text: string): string {
  const trimmed = text.trim().replace(/\s/g, '');
  return !trimmed.includes('.') && /^-?\d*,\d+$/.test(trimmed) ? trimmed.replace(',', '.') : trimmed;
}

/** The day part (YYYY-MM-DD) of a wc/v3 date, for a date input; '' when none. */
export function dayOf(value: string | null | undefined): string {
  return value ? value.slice(0, 10) : '';
}

/** A wc/v3 store-local date as a day ("12 Mar 2027"), or '—'. */
export function formatStoreDay(value: string | null | undefined): string {
  const day = dayOf(value);
  if (!day) return '—';
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** Today in the browser, as YYYY-MM-DD (close enough to the store's day for "expired" badges). */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The server's reasons per field in a failed save (`error`, as useAction keeps it), plus errors that
 * name no field but belong to one (`codes` maps an error code to the field it is about, e.g. a coupon
 * code already in use). Each failure gives a new object, so useFocusFirstInvalid focuses again.
 */
export function useFieldErrors(error: ApiError | undefined, codes: Record<string, string> = {}): Record<string, string> {
  return useMemo(() => {
    if (!error) return {};
    const errors = { ...error.fieldErrors };
    const field = codes[error.code];
    if (field && !errors[field]) errors[field] = error.message;
    return errors;
  }, [error]);
}

/** Moves focus to the first control marked invalid inside `form` once errors are on screen. */
export function useFocusFirstInvalid(errors: Record<string, string>) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (!Object.keys(errors).length) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);
  return form;
}

/** After an editor closes without saving, focus goes back to the screen's heading rather than getting lost. */
export function focusHeading(): void {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
}

/** Focuses an element (a success notice, an editor's heading) when `key` changes to something truthy. */
export function useFocusOn<T extends HTMLElement>(key: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (key) ref.current?.focus();
  }, [key]);
  return ref;
}

/**
 * A list whose editor opens from the address (`?edit=new`, `?edit=<id>`), as coupons and tax rates
 * have it: the notice of what was last done, opening and closing the editor (after a save the list
 * loads again; after a cancel focus goes back to the heading), and deleting a row, for good, once
 * staff have confirmed it in a DeleteDialog (an open editor of that row closes too).
 */
export function useEditorList<T extends { id: number }>(props: {
  q: { edit: string; page: string };
  setQ: (changes: { edit: string; page: string }) => void;
  reload: () => void;
  /** The row's wc/v3 path, and what staff are told once it is deleted. */
  path: (item: T) => string;
  deletedMessage: (item: T) => string;
}) {
  const { q, setQ, reload } = props;
  const [done, setDone] = useState<string>();
  const [deleting, setDeleting] = useState<T>();
  const deletion = useAction();

  const openEditor = (edit: string) => {
    setDone(undefined);
    setQ({ edit, page: q.page });
  };
  const closeEditor = (message?: string) => {
    setQ({ edit: '', page: q.page });
    if (message) {
      setDone(message);
      reload();
    } else focusHeading();
  };
  const askDelete = (item: T) => {
    deletion.reset();
    setDeleting(item);
  };
  const confirmDelete = async () => {
    if (!deleting) return;
    const deleted = await deletion.run(() => api(props.path(deleting), { method: 'DELETE', query: { force: true } }).then(() => true));
    if (!deleted) return;
    setDone(props.deletedMessage(deleting));
    if (q.edit === String(deleting.id)) setQ({ edit: '', page: q.page });
    setDeleting(undefined);
    reload();
  };
  return { done, setDone, openEditor, closeEditor, deleting, deletion, askDelete, cancelDelete: () => setDeleting(undefined), confirmDelete };
}
