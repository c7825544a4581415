import type { FastifyInstance, FastifyRequest } from 'fastify';
import { COUNTRIES, STATES } from '../../commerce/address.ts';
import { currencies, findCurrency, type Currency } from '../../commerce/currencies.ts';
import { CocartError } from '../../errors.ts';
import type { JsonObject } from '../../hooks/types.ts';
import { defineRoute } from '../../api/route.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { links, WcContext } from './context.ts';

/**
 * `wc/v3/data`: WooCommerce's reference data, the lists the store checks addresses and prices against:
 * countries with their states (the ones the cart and checkout accept) and currencies (with the store's
 * own at `currencies/current`). For administrators and shop managers, as WooCommerce's settings are read.
 */

const TAGS = ['WooCommerce: data'];

function countryJson(root: string, code: string): JsonObject {
  return {
    code,
    name: COUNTRIES[code],
    states: Object.entries(STATES[code] ?? {}).map(([state, name]) => ({ code: state, name })),
    _links: links(`${root}/data/countries/${code.toLowerCase()}`, `${root}/data/countries`),
  };
}

function currencyJson(root: string, c: Currency): JsonObject {
  return { code: c.code, name: c.name, symbol: c.symbol, _links: links(`${root}/data/currencies/${c.code.toLowerCase()}`, `${root}/data/currencies`) };
}

const param = (req: FastifyRequest, name: string) => String((req.params as Record<string, string>)[name] ?? '').toUpperCase();

export function registerDataRoutes(app: FastifyInstance, runtime: Runtime): void {
  const root = (req: FastifyRequest) => new WcContext(runtime, req).root;
  const get = (url: string, summary: string, handler: (req: FastifyRequest) => unknown) =>
    defineRoute(app, {
      method: 'GET',
      url,
      summary,
      tags: TAGS,
      handler: async (req) => {
        requireManager(req, 'view');
        return handler(req);
      },
    });

  get('/wc/v3/data', 'List the reference data', (req) =>
    [
      ['countries', 'List of supported states in a given country.'],
      ['currencies', 'List of supported currencies.'],
    ].map(([slug, description]) => ({ slug, description, _links: { self: [{ href: `${root(req)}/data/${slug}` }] } })),
  );

  get('/wc/v3/data/countries', 'List the countries and their states', (req) => Object.keys(COUNTRIES).map((code) => countryJson(root(req), code)));

  get('/wc/v3/data/countries/:location', 'A country and its states', (req) => {
    const code = param(req, 'location');
    if (!COUNTRIES[code]) throw new CocartError('woocommerce_rest_data_invalid_location', 'not_found', 'There are no locations matching these parameters.');
    return countryJson(root(req), code);
  });

  get('/wc/v3/data/currencies', 'List the currencies', (req) => currencies().map((c) => currencyJson(root(req), c)));

  get('/wc/v3/data/currencies/current', "The store's currency", (req) => {
    const code = runtime.settings.get().store.currency;
    return currencyJson(root(req), findCurrency(code) ?? { code, name: code, symbol: new WcContext(runtime, req).currency.symbol });
  });

  get('/wc/v3/data/currencies/:currency', 'A currency', (req) => {
    const found = findCurrency(param(req, 'currency'));
    if (!found) throw new CocartError('woocommerce_rest_data_invalid_currency', 'not_found', 'There are no currencies matching these parameters.');
    return currencyJson(root(req), found);
  });
}
