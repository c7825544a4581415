import type { FastifyRequest } from 'fastify';
import { translate } from '../i18n/index.ts';
import type { Runtime } from '../runtime.ts';

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
