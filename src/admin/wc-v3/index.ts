import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Runtime } from '../../runtime.ts';
import { registerAttributeRoutes } from './attributes.ts';
import { registerProductRoutes } from './products.ts';
import { registerTermRoutes } from './terms.ts';
import { registerVariationRoutes } from './variations.ts';

/**
 * The store-administration REST API, compatible with WooCommerce's REST API v3 (`/wp-json/wc/v3/…`):
 * the catalogue part. Administrators and shop managers only; every write reloads the catalogue on every node.
 */
export function registerWcV3Routes(app: FastifyInstance, runtime: Runtime): void {
  void app.register(async (wc) => {
    wc.addHook('preHandler', lastValueWins);
    registerProductRoutes(wc, runtime);
    registerVariationRoutes(wc, runtime);
    registerTermRoutes(wc, runtime);
    registerAttributeRoutes(wc, runtime);
  });
}

/**
 * PHP reads `per_page=5&per_page=5` as one value, the last. The WooCommerce JS client relies on it:
 * over http it sends every parameter twice (in the URL and among the OAuth ones). A plain key (not
 * `key[]`) given more than once therefore takes its last value here, as on a WordPress host.
 */
async function lastValueWins(req: FastifyRequest): Promise<void> {
  const raw = req.url.split('?')[1];
  if (!raw) return;
  const seen = new Map<string, string[]>();
  for (const [key, value] of new URLSearchParams(raw)) seen.set(key, [...(seen.get(key) ?? []), value]);
  const query = req.query as Record<string, unknown>;
  for (const [key, values] of seen) if (values.length > 1 && !key.includes('[') && key in query) query[key] = values[values.length - 1];
}
