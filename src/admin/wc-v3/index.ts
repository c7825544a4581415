import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../runtime.ts';
import { registerProductRoutes } from './products.ts';
import { registerVariationRoutes } from './variations.ts';
import { registerTermRoutes } from './terms.ts';
import { registerAttributeRoutes } from './attributes.ts';

/**
 * The store-administration REST API, compatible with WooCommerce's REST API v3 (`/wp-json/wc/v3/…`):
 * the catalogue part. Administrators and shop managers only; every write reloads the catalogue on every node.
 */
export function registerWcV3Routes(app: FastifyInstance, runtime: Runtime): void {
  registerProductRoutes(app, runtime);
  registerVariationRoutes(app, runtime);
  registerTermRoutes(app, runtime);
  registerAttributeRoutes(app, runtime);
}
