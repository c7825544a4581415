import type { User } from '../customers/types.ts';

/** Shows an amount of minor units as the response asked (a number, a minor-unit string, display text). */
export type Present = (minor: number | null | undefined) => number | string;

/**
 * What a hook is told of the request it runs for: plain values, the same whether the request came over
 * HTTP, from a batch, or from no request at all (a job, the CLI), where it is `internalRequest()`.
 */
export interface RequestContext {
  method: string;
  /** Path and query string, as the client sent them. */
  url: string;
  /** The language messages are shown in. */
  locale: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The signed-in user, if any. */
  user: User | null;
  ip: string;
  /** How money is shown in this response (cart responses): read by the built-in money filters. */
  money?: { present: Present; presentItemTotal: Present };
}

/** The request context of work that no client asked for (a background job, the CLI). */
export function internalRequest(locale = 'en', user: User | null = null): RequestContext {
  return { method: 'INTERNAL', url: '', locale, headers: {}, user, ip: '127.0.0.1' };
}
