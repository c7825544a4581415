import { currencySymbol, type CurrencyFormat } from '../commerce/money.ts';
import type { Settings } from './schema.ts';

/** The store's currency and how it formats amounts, from its settings. */
export function storeCurrency(settings: Settings): CurrencyFormat {
  const s = settings.store;
  return {
    code: s.currency,
    symbol: currencySymbol(s.currency),
    decimals: s.num_decimals,
    decimalSeparator: s.decimal_separator,
    thousandSeparator: s.thousand_separator,
    position: s.currency_pos,
  };
}
