import { useEffect, useRef } from 'preact/hooks';
import { api, ApiError } from '../../api.ts';
import { formatMoney, language } from '../../i18n.ts';
import { useResource } from '../../ui/use-resource.ts';

/**
 * What the catalogue screens share: the store's currency and switches (from the system status, which
 * shop managers may read too), money and dates as wc/v3 sends them (decimal strings in major units,
 * dates in the store's time zone without a zone), and form helpers for the server's field errors.
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

export const locale = () => (language() === 'fr' ? 'fr-FR' : 'en-GB');

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

/** A country's name in the page's language ("GB" → "United Kingdom"), or the code itself. */
export function countryName(code: string): string {
  try {
    return new Intl.DisplayNames([locale()], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** Any thrown value as an ApiError, so every failure can be shown the same way. */
export function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, 'cartwright_client_error', String((err as Error)?.message ?? err));
}

/**
 * The server's reasons per field, plus errors that name no field but belong to one (`codes` maps an
 * error code to the field it is about, e.g. a coupon code already in use).
 */
export function fieldErrorsOf(err: ApiError, codes: Record<string, string> = {}): Record<string, string> {
  const errors = { ...err.fieldErrors };
  const field = codes[err.code];
  if (field && !errors[field]) errors[field] = err.message;
  return errors;
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
