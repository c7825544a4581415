import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../runtime.ts';
import { gmtOffset } from '../dates.ts';
import { apiRoot, storeUrl } from '../request-context.ts';
import { defineRoute } from '../route.ts';
import { ref } from '../openapi/schemas.ts';
import { VERSION } from '../transport.ts';

/** `GET /cocart/v2/store` (docs/wire-contract.md#store-route): store facts; versions and routes only in debug mode. */

const ROUTES: Record<string, string> = {
  cart: 'cocart/v2/cart',
  'cart-add-item': 'cocart/v2/cart/add-item',
  'cart-add-items': 'cocart/v2/cart/add-items',
  'cart-item': 'cocart/v2/cart/item/{item_key}',
  'cart-items': 'cocart/v2/cart/items',
  'cart-items-count': 'cocart/v2/cart/items/count',
  'cart-calculate': 'cocart/v2/cart/calculate',
  'cart-clear': 'cocart/v2/cart/clear',
  'cart-totals': 'cocart/v2/cart/totals',
  'cart-update': 'cocart/v2/cart/update',
  login: 'cocart/v2/login',
  logout: 'cocart/v2/logout',
  products: 'cocart/v2/products',
  'products-attributes': 'cocart/v2/products/attributes',
  'products-categories': 'cocart/v2/products/categories',
  'products-reviews': 'cocart/v2/products/reviews',
  'products-tags': 'cocart/v2/products/tags',
  'products-variations': 'cocart/v2/products/{product_id}/variations',
  'products-variation': 'cocart/v2/products/{product_id}/variations/{id}',
  sessions: 'cocart/v2/sessions',
  'sessions-view-session': 'cocart/v2/session/{session_key}',
  'sessions-view-items': 'cocart/v2/session/{session_key}/items',
  'sessions-delete-session': 'cocart/v2/session/{session_key}',
  batch: 'cocart/batch',
};

export function registerStoreRoute(app: FastifyInstance, runtime: Runtime): void {
  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/store',
    summary: 'Store information (and, in debug mode, versions and routes)',
    tags: ['Store'],
    response: { 200: ref('StoreIndex') },
    handler: async (req) => {
      const s = runtime.settings.get().store;
      const { hooks } = runtime;
      const root = apiRoot(req, runtime);
      const body: Record<string, unknown> = {};
      if (runtime.config.debug) {
        body.version = VERSION;
        body.versions = hooks.applyFilters('cocart_store_versions', { core: VERSION });
        body.routes = hooks.applyFilters(
          'cocart_routes',
          Object.fromEntries(Object.entries(ROUTES).map(([name, path]) => [name, `${root}/${path}`])),
        );
      }
      Object.assign(body, {
        title: s.title,
        description: s.description,
        home_url: storeUrl(req, runtime),
        language: s.language,
        gmt_offset: gmtOffset(s.timezone_string, runtime.now()),
        timezone_string: s.timezone_string,
        store_address: hooks.applyFilters('cocart_store_address', {
          address: s.address,
          address_2: s.address_2,
          city: s.city,
          country: s.country,
          postcode: s.postcode,
        }),
      });
      if (runtime.config.debug) body._links = { help: [{ href: `${root.replace(/\/wp-json$/, '')}/docs` }] };
      return hooks.applyFilters('cocart_store_index', body);
    },
  });
}
