import { format } from './format.ts';
import { fr } from './fr.ts';
import { frEmails } from './fr-emails.ts';

export { format };

/**
 * Every user-facing message goes through `translate`. Message ids are CoCart's English strings, so
 * its community translations can be brought over; placeholders are sprintf-style (`%s`, `%d`, `%1$s`).
 * Error codes are never translated.
 */
export type Catalogue = Record<string, string>;

const CATALOGUES: Record<string, Catalogue> = { fr: { ...fr, ...frEmails } };

export const SUPPORTED_LOCALES = ['en', ...Object.keys(CATALOGUES)];

export function translate(locale: string, msgid: string, ...args: unknown[]): string {
  const language = locale.slice(0, 2).toLowerCase();
  const template = CATALOGUES[language]?.[msgid] ?? msgid;
  return format(template, args);
}

/** The supported language a locale tag maps to, or null. */
export function supportedLanguage(tag: string): string | null {
  const language = tag.slice(0, 2).toLowerCase();
  return SUPPORTED_LOCALES.includes(language) ? language : null;
}
