import { format } from '../../../i18n/format.ts';

/**
 * The dashboard's languages. Message ids are the English text (as on the server, src/i18n); each
 * screen keeps its French strings in its own file under i18n/fr/, all merged here. The choice is kept
 * in the browser and sent to the API as Accept-Language, so the server's messages match the page.
 */

export type Language = 'en' | 'fr';
export const LANGUAGES: { code: Language; name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' },
];

const STORAGE_KEY = 'cartwright.language';

const french: Record<string, string> = Object.assign(
  {},
  ...Object.values(import.meta.glob<Record<string, string>>('./i18n/fr/*.ts', { eager: true, import: 'default' })),
);

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'fr') return stored;
  return navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

let current: Language = initialLanguage();
const listeners = new Set<() => void>();

export function language(): Language {
  return current;
}

export function setLanguage(next: Language): void {
  current = next;
  localStorage.setItem(STORAGE_KEY, next);
  document.documentElement.lang = next;
  for (const listener of listeners) listener();
}

export function onLanguageChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The message in the current language, placeholders (`%s`, `%d`, `%1$s`) filled from `args`. */
export function t(msgid: string, ...args: unknown[]): string {
  const template = current === 'fr' ? (french[msgid] ?? msgid) : msgid;
  return format(template, args);
}

/** The page's language as the Intl formatters take it. */
export const locale = () => (current === 'fr' ? 'fr-FR' : 'en-GB');

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locale()).format(n);
}

/** A date and time from an ISO string or Unix seconds, in the viewer's time zone. */
export function formatDateTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatDay(isoDate: string): string {
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** A country's name in the page's language ("GB" → "United Kingdom"), or the code itself if unknown; '' for none. */
export function countryName(code: string): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([locale()], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** An amount in minor units in the store's currency. */
export function formatMoney(minor: number, currency: string, decimals = 2): string {
  return new Intl.NumberFormat(locale(), { style: 'currency', currency, minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(minor / 10 ** decimals);
}

document.documentElement.lang = current;
