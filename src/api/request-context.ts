import type { FastifyRequest } from 'fastify';
import { translate } from '../i18n/index.ts';
import type { Runtime } from '../runtime.ts';
import type { RequestContext } from '../hooks/request-context.ts';

/** Per-request facts every route needs: where the API lives, where the storefront is, the language. */

export function origin(req: FastifyRequest, runtime: Runtime): string {
  return runtime.config.publicUrl ?? `${req.protocol}://${req.host}`;
}

export function apiRoot(req: FastifyRequest, runtime: Runtime): string {
  return `${origin(req, runtime)}/wp-json`;
}

/** The storefront's base URL: the front-end URL setting, else the store's home URL, else the API's origin. */
export function storeUrl(req: FastifyRequest, runtime: Runtime): string {
  const s = runtime.settings.get();
  return (s.general.frontend_url || s.store.home_url || origin(req, runtime)).replace(/\/+$/, '');
}

export function translator(req: FastifyRequest): (msgid: string, ...args: unknown[]) => string {
  return (msgid, ...args) => translate(req.locale, msgid, ...args);
}

const contexts = new WeakMap<FastifyRequest, RequestContext>();

/** What hooks and the cart service are told of a request: plain values, made once per request. */
export function requestContext(req: FastifyRequest): RequestContext {
  let ctx = contexts.get(req);
  if (!ctx) {
    // The user is known only once authentication has run, which may be after the context was made.
    ctx = {
      method: req.method,
      url: req.url,
      headers: req.headers,
      ip: req.ip,
      get locale() {
        return req.locale;
      },
      get user() {
        return req.user;
      },
    };
    contexts.set(req, ctx);
  }
  return ctx;
}
