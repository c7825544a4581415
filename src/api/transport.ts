import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import Negotiator from 'negotiator';
import qs from 'qs';
import { SUPPORTED_LOCALES, supportedLanguage, translate } from '../i18n/index.ts';
import { kindOfStatus, statusOf, type ErrorBody } from './errors.ts';
import { isDatabaseUnavailable } from '../db/outage.ts';
import { RETRY_AFTER_SECONDS, unavailable } from './health.ts';
import { CocartError } from '../errors.ts';

/**
 * How a WordPress host speaks REST, reproduced so CoCart clients cannot tell the difference:
 * `/?rest_route=` URLs, `_method` overrides, PHP-style bracket query strings, JSON and form bodies,
 * translated error envelopes and the standard CoCart headers.
 */

export const API_PREFIX = '/wp-json';
export const VERSION = '0.1.0';

/**
 * PHP-style nesting (`config[fields]=digital`, `variation[attribute_pa_size]=large`, `quantity[45]=2`).
 * qs turns `quantity[45]=2` into an array and then compacts it to `['2']`, losing the key; PHP keeps it.
 * So arrays with gaps (explicit, non-consecutive indices) come back as maps keyed by index, while
 * `include[]=1&include[]=2` and `a[0]=x&a[1]=y` stay lists.
 */
export function parseQuery(str: string): Record<string, unknown> {
  const parsed = qs.parse(str, { depth: 5, arrayLimit: 100, parameterLimit: 1000, allowDots: false, allowSparse: true });
  return keepIndexKeys(parsed) as Record<string, unknown>;
}

function keepIndexKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    const sparse = Object.keys(value).length !== value.length;
    return sparse ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keepIndexKeys(v)])) : value.map(keepIndexKeys);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keepIndexKeys(v)]));
  }
  return value;
}

const OVERRIDABLE = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/** `/?rest_route=/cocart/v2/cart&x=1` → `/wp-json/cocart/v2/cart?x=1`; `_method` / X-HTTP-Method-Override on POST. */
export function rewriteUrl(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  // No early return without a query string: the X-HTTP-Method-Override header still applies.
  const path = q < 0 ? url : url.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  let rewritten = url;
  const restRoute = params.get('rest_route');
  if ((path === '/' || path === '/index.php') && restRoute) {
    params.delete('rest_route');
    const rest = params.toString();
    rewritten = `${API_PREFIX}${restRoute.startsWith('/') ? '' : '/'}${restRoute}${rest ? `?${rest}` : ''}`;
  }
  const override = params.get('_method') ?? (req.headers['x-http-method-override'] as string | undefined);
  if (req.method === 'POST' && override && OVERRIDABLE.has(override.toUpperCase())) req.method = override.toUpperCase();
  return rewritten;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Language chosen for messages: `?lang=` / `?_locale=`, then Accept-Language, then the store's. */
    locale: string;
  }
}

export interface TransportOptions {
  defaultLocale: () => string;
  log: (err: unknown, req: FastifyRequest) => void;
}

/** How deep and how large a request body may be: beyond, it is refused before any route sees it. */
export const BODY_LIMITS = { depth: 32, values: 20_000 } as const;

/**
 * A body nested deeper, or holding more values, than any request of this API needs is refused up
 * front: walking it later (hashing item data, say) could overflow the stack. Checked without
 * recursion, so the check itself cannot.
 */
function shapeProblem(value: unknown): CocartError | null {
  const stack: [unknown, number][] = [[value, 1]];
  let seen = 0;
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (++seen > BODY_LIMITS.values) return new CocartError('rest_invalid_json', 'invalid', 'The JSON body holds more than %s values.', [BODY_LIMITS.values]);
    if (v === null || typeof v !== 'object') continue;
    if (depth > BODY_LIMITS.depth) return new CocartError('rest_invalid_json', 'invalid', 'The JSON body is nested more than %s levels deep.', [BODY_LIMITS.depth]);
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return null;
}

export function errorBody(err: CocartError, locale: string): ErrorBody {
  return { code: err.code, message: translate(locale, err.msgid, ...err.args), data: { status: statusOf(err), ...err.data } };
}

/** Anything thrown becomes CoCart's error envelope; only genuine faults are 5xx. */
export function toCocartError(err: unknown): CocartError {
  if (err instanceof CocartError) return err;
  const e = err as FastifyError & { status?: number; type?: string };
  if (e instanceof SyntaxError || e?.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new CocartError('rest_invalid_json', 'invalid', 'Invalid JSON body passed.', [], { json_error_message: e.message });
  }
  if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new CocartError('rest_request_too_large', 'too_large', 'The request body is too large.');
  if (e?.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') return new CocartError('rest_invalid_request', 'invalid', 'Invalid request.');
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return new CocartError('rest_invalid_request', kindOfStatus(e.statusCode), 'Invalid request.', [], { reason: e.message });
  }
  if (isDatabaseUnavailable(err)) return unavailable('The store cannot be reached at the moment. Please try again shortly.');
  return new CocartError('cocart_unknown_server_error', 'internal', 'An internal error occurred. It has been logged.');
}

export function registerTransport(app: FastifyInstance, options: TransportOptions): void {
  app.decorateRequest('locale', '');

  // WordPress accepts an empty JSON body as "no parameters".
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = (body as string).trim();
    if (!text) return done(null, {});
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      return done(err as Error, undefined);
    }
    const problem = shapeProblem(parsed);
    if (problem) return done(problem, undefined);
    done(null, parsed);
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, parseQuery(body as string));
  });
  // Bodies of any other type are ignored, as WordPress does, rather than refused.
  app.addContentTypeParser('*', (_req, payload, done) => {
    payload.resume();
    payload.on('end', () => done(null, undefined));
    payload.on('error', (err) => done(err, undefined));
  });

  // Hooks on every request are synchronous callbacks: an async hook costs a promise per request.
  app.addHook('onRequest', (req, _reply, done) => {
    const q = req.query as Record<string, unknown>;
    const asked = typeof q.lang === 'string' ? q.lang : typeof q._locale === 'string' ? q._locale : '';
    const fromQuery = asked ? supportedLanguage(asked) : null;
    const fromHeader = req.headers['accept-language']
      ? new Negotiator({ headers: { 'accept-language': req.headers['accept-language'] } }).language(SUPPORTED_LOCALES)
      : undefined;
    req.locale = fromQuery ?? fromHeader ?? supportedLanguage(options.defaultLocale()) ?? 'en';
    done();
  });

  app.setErrorHandler((err, req, reply) => {
    const error = toCocartError(err);
    const status = statusOf(error);
    if (status >= 500) options.log(err, req);
    if (error.kind === 'unavailable') reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return reply.status(status).send(errorBody(error, req.locale || 'en'));
  });
}

/**
 * Errors the router raises before any hook or route runs (a malformed percent-encoding, a path
 * parameter over the length limit): CoCart's error shape too, in the store's default language.
 */
export function frameworkError(error: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const err = toCocartError(error);
  reply.status(statusOf(err)).send(errorBody(err, 'en'));
}

/** No route matched: WordPress's `rest_no_route`. */
export function noRoute(req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const err = new CocartError('rest_no_route', 'not_found', 'No route was found matching the URL and request method.');
  return reply.status(404).send(errorBody(err, req.locale || 'en'));
}

const NO_STORE = 'no-store, no-cache, must-revalidate';
const NO_STORE_REVALIDATE = 'no-store, no-cache, must-revalidate, max-age=0';

/** CoCart's caching rule: only the Products API may be cached; cart, store and logout must revalidate. */
export function cacheControl(path: string): string | null {
  if (/^\/wp-json\/cocart\/v[12]\/products/i.test(path)) return null;
  const strict = /^\/wp-json\/cocart\/v2\/(cart|logout|store)|^\/wp-json\/cocart\/v1\/(get-cart|logout)/i.test(path);
  return strict ? NO_STORE_REVALIDATE : NO_STORE;
}

/** The current second as a unix timestamp and an HTTP date, formatted once per second rather than per request. */
let clock = { second: 0, unix: '0', http: '' };
function now(): typeof clock {
  const second = Math.floor(Date.now() / 1000);
  if (second !== clock.second) clock = { second, unix: String(second), http: new Date(second * 1000).toUTCString() };
  return clock;
}

/** Headers every CoCart response carries. */
export function registerStandardHeaders(app: FastifyInstance): void {
  app.addHook('onSend', (req: FastifyRequest, reply: FastifyReply, payload, done) => {
    const path = req.url.split('?')[0];
    if (path.startsWith(`${API_PREFIX}/`)) {
      const t = now();
      reply.header('cocart-timestamp', t.unix);
      reply.header('timestamp', t.unix);
      reply.header('cocart-version', VERSION);
      reply.header('x-robots-tag', 'noindex');
      const control = cacheControl(path);
      if (control && !reply.hasHeader('cache-control')) {
        reply.header('expires', 'Thu, 01 Jan 1970 00:00:01 GMT');
        reply.header('last-modified', t.http);
        reply.header('cache-control', control);
        reply.header('pragma', 'no-cache');
      }
    }
    done(null, payload);
  });
}
