import { currencySymbol } from './money.ts';

/**
 * The currencies a store may price in, as WooCommerce lists them (`get_woocommerce_currencies`): the
 * ISO 4217 codes in use today, with English names and symbols. The codes and names are ICU's (what
 * Node's Intl knows), so the list keeps up with the runtime rather than with a table of our own.
 */

export interface Currency {
  code: string;
  name: string;
  symbol: string;
}

function build(): readonly Currency[] {
  const names = new Intl.DisplayNames('en', { type: 'currency' });
  return Intl.supportedValuesOf('currency').map((code) => ({ code, name: names.of(code) ?? code, symbol: currencySymbol(code) }));
}

let all: readonly Currency[] | null = null;

export function currencies(): readonly Currency[] {
  return (all ??= build());
}

export function findCurrency(code: string): Currency | null {
  return currencies().find((c) => c.code === code.toUpperCase()) ?? null;
}
