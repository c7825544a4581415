import type { HookRegistry } from '../hooks/registry.ts';
import type { JsonObject } from '../hooks/types.ts';
import type { RequestContext } from '../hooks/request-context.ts';

/**
 * CoCart formats money after extensions had their chance: the built-in formatter sits on every money
 * filter at priority 99, so a plugin at a lower priority sees raw minor units and the client sees the
 * format its request asked for.
 */
export const MONEY_PRIORITY = 99;

function present(req: RequestContext | undefined, value: unknown, itemTotal = false): unknown {
  const fn = itemTotal ? req?.money?.presentItemTotal : req?.money?.present;
  if (!fn) return value;
  if (value === null || value === undefined || typeof value === 'number') return fn(value as number | null);
  return value;
}

function presentMap(req: RequestContext, map: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(map)) out[k] = present(req, v);
  return out;
}

export function registerMoneyFormatters(hooks: HookRegistry): void {
  for (const name of ['cocart_cart_item_price', 'cocart_cart_item_subtotal'] as const) {
    hooks.addFilter(name, (value, _item, _key, req) => present(req, value), MONEY_PRIORITY);
  }
  for (const name of ['cocart_cart_item_subtotal_tax', 'cocart_cart_item_total', 'cocart_cart_item_tax'] as const) {
    hooks.addFilter(name, (value, _item, _key, req) => present(req, value, true), MONEY_PRIORITY);
  }
  for (const name of [
    'cocart_cart_totals_taxes_total', 'cocart_cart_cross_item_price', 'cocart_cart_cross_item_regular_price',
    'cocart_cart_cross_item_sale_price', 'cocart_cart_fee_amount', 'cocart_cart_tax_line_amount',
  ] as const) {
    hooks.addFilter(name, (value, req) => present(req, value), MONEY_PRIORITY);
  }
  hooks.addFilter('cocart_cart_totals', (totals, req) => presentMap(req, totals), MONEY_PRIORITY);
  hooks.addFilter('cocart_session_totals', (totals, req) => presentMap(req, totals), MONEY_PRIORITY);
}
