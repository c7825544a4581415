import type { FastifyRequest } from 'fastify';
import { translate } from '../i18n/index.ts';
import type { Runtime } from '../runtime.ts';
import type { RequestContext } from '../hooks/request-context.ts';

/** Per-request facts every route needs: where the API lives, where the storefront is, the language. */

/**
 * Where the API is reached: PUBLIC_URL, else the request's own host. Without a request (a background
 * action building a webhook's payload), PUBLIC_URL, else the store's home URL, else this server's port
 * on localhost.
 */
export function origin(req: FastifyRequest | null, runtime: Runtime): string {
  if (runtime.config.publicUrl) return runtime.config.publicUrl;
  if (req) return `${req.protocol}://${req.host}`;
  return (runtime.settings.get().store.home_url || `http://localhost:${runtime.config.port}`).replace(/\/+$/, '');
}

export function apiRoot(req: FastifyRequest | null, runtime: Runtime): string {
  return `${origin(req, runtime)}/wp-json`;
}

/** The storefront's base URL: the front-end URL setting, else the store's home URL, else the API's origin. */
export function storeUrl(req: FastifyRequest | null, runtime: Runtime): string {
  const s = runtime.settings.get();
  return (s.general.frontend_url || s.store.home_url || origin(req, runtime)).replace(/\/+$/, '');
}

export function translator(req: FastifyRequest): (msgid: string, ...args: unknown[]) => string {
  return (msgid, ...args) => translate(req.locale, msgid, ...args);
}

/**
 * What hooks and the cart service are told of a request: plain values as they stand now (the user is
 * known once authentication has run). A handful of field reads, so it is made where it is needed
 * rather than kept.
 */
export function requestContext(req: FastifyRequest): RequestContext {
  return { method: req.method, url: req.url, locale: req.locale, headers: req.headers, user: req.user, ip: req.ip };
}
