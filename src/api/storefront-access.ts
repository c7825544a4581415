import type { preHandlerHookHandler } from 'fastify';
import type { Runtime } from '../runtime.ts';
import { API_PREFIX } from './transport.ts';

/**
 * "Disable WordPress access" becomes "disable storefront access" (docs/wire-contract.md#storefront-access): with the
 * setting on, every path that is not the API, the API docs, the dashboard, the assets the API links
 * to, or an accessible path from settings is sent to the front-end URL (301, same path and query),
 * or refused with 403 when no front-end URL is set.
 */
const ALWAYS_OPEN = [API_PREFIX, '/docs', '/admin', '/assets'];

/**
 * Runs before the not-found answer: every path that no route serves is a storefront path, so the
 * guard needs no list of the server's own routes and costs the routes nothing.
 */
export function storefrontGuard(runtime: Runtime): preHandlerHookHandler {
  return (req, reply, done) => {
    const general = runtime.settings.get().general;
    if (!general.disable_wp_access || req.method === 'HEAD' || req.headers['x-wp-redirect-check'] !== undefined) return done();
    const path = req.url.split('?')[0];
    const open = [...ALWAYS_OPEN, ...runtime.hooks.applyFilters('cocart_accessible_page_ids', general.accessible_paths)];
    if (open.some((prefix) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`))) return done();
    reply.header('cache-control', 'no-cache, must-revalidate, max-age=0, no-store, private');
    if (general.frontend_url) {
      reply.header('x-redirect-by', 'Cartwright').redirect(`${general.frontend_url.replace(/\/+$/, '')}${req.url}`, 301);
    } else {
      reply.status(403).type('application/json; charset=utf-8').send(JSON.stringify('Sorry, you are not allowed to access this page.'));
    }
  };
}
