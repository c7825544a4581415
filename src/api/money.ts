import { formatMoney, type CurrencyFormat } from '../commerce/money.ts';
import type { Present } from '../hooks/request-context.ts';
import type { Settings } from '../settings/schema.ts';

/**
 * How a response shows money: Beta 1 JSON numbers of minor units (default), released-4.x strings of
 * minor units (`compat_money: "4x"`), or display strings (`prices=formatted`, `config[prices]=preformatted`).
 */
export type MoneyMode = 'number' | 'minor-string' | 'formatted';



export function moneyMode(formatted: boolean, settings: Settings): MoneyMode {
  if (formatted) return 'formatted';
  return settings.cart.compat_money === '4x' ? 'minor-string' : 'number';
}

/** Absent amounts stay `""`, as CoCart returns them; released 4.x also passes zero through as the number 0. */
export function presenter(mode: MoneyMode, currency: CurrencyFormat): Present {
  return (minor) => {
    if (minor === null || minor === undefined) return '';
    if (mode === 'formatted') return formatMoney(minor, currency);
    if (mode === 'minor-string') return minor === 0 ? 0 : String(minor);
    return minor;
  };
}

/**
 * Released 4.x's one inconsistency, kept in its compatibility mode: an item's `subtotal_tax`, `total`
 * and `tax` are major-unit floats (32.4), not minor-unit strings. Other modes show them like any amount.
 */
export function itemTotalPresenter(mode: MoneyMode, currency: CurrencyFormat, present: Present): Present {
  if (mode !== 'minor-string') return present;
  return (minor) => (minor === null || minor === undefined ? '' : minor / 10 ** currency.decimals);
}

/** The `currency` object of products and carts. */
export function currencyObject(c: CurrencyFormat): Record<string, unknown> {
  const prefix = c.position === 'left' ? c.symbol : c.position === 'left_space' ? `${c.symbol} ` : '';
  const suffix = c.position === 'right' ? c.symbol : c.position === 'right_space' ? ` ${c.symbol}` : '';
  return {
    currency_code: c.code,
    currency_symbol: c.symbol,
    currency_symbol_pos: prefix ? 'currency_prefix' : 'currency_suffix',
    currency_minor_unit: c.decimals,
    currency_decimal_separator: c.decimalSeparator,
    currency_thousand_separator: c.thousandSeparator,
    currency_prefix: prefix,
    currency_suffix: suffix,
  };
}
