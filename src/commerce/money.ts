/**
 * Money is an integer count of the currency's minor unit (pence). Conversion to and from decimal
 * text and display formatting live here and nowhere else.
 */

export interface CurrencyFormat {
  code: string;
  symbol: string;
  decimals: number;
  decimalSeparator: string;
  thousandSeparator: string;
  position: 'left' | 'right' | 'left_space' | 'right_space';
}

const SYMBOLS: Record<string, string> = {
  GBP: '£', EUR: '€', USD: '$', AUD: '$', CAD: '$', NZD: '$', JPY: '¥', CNY: '¥', INR: '₹', CHF: 'CHF',
  SEK: 'kr', NOK: 'kr', DKK: 'kr', PLN: 'zł', BRL: 'R$', ZAR: 'R', MXN: '$', KRW: '₩', TRY: '₺', RUB: '₽',
};

/** The symbol WooCommerce shows for a currency; where the table above has none, the shortest one ICU knows, else the code. */
export function currencySymbol(code: string): string {
  let symbol = SYMBOLS[code];
  if (symbol === undefined) {
    try {
      symbol = new Intl.NumberFormat('en', { style: 'currency', currency: code, currencyDisplay: 'narrowSymbol' }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? code;
    } catch {
      symbol = code;
    }
    // Asked on every formatted answer: ICU is asked once per currency.
    SYMBOLS[code] = symbol;
  }
  return symbol;
}

/** "19.99" (or 19.99) → 1999 with 2 decimals, rounding half away from zero; null if not a number. */
export function parseMajor(input: string | number, decimals: number): number | null {
  const text = typeof input === 'number' ? String(input) : input.trim();
  const m = /^(-)?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (!m[2] && !m[3])) return null;
  const [, sign, whole = '', fraction = ''] = m;
  const digits = (fraction + '0'.repeat(decimals + 1)).slice(0, decimals + 1);
  let minor = Number(whole || '0') * 10 ** decimals + Number(digits.slice(0, decimals) || '0');
  if (Number(digits[decimals]) >= 5) minor += 1;
  if (!Number.isSafeInteger(minor)) return null;
  return sign && minor !== 0 ? -minor : minor;
}

/** 1999 → "19.99" (no grouping), as WooCommerce stores decimal prices. */
export function toMajorString(minor: number, decimals: number): string {
  const negative = minor < 0;
  const abs = Math.abs(minor);
  if (decimals === 0) return `${negative ? '-' : ''}${abs}`;
  const unit = 10 ** decimals;
  const whole = Math.floor(abs / unit);
  const fraction = String(abs % unit).padStart(decimals, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** 123456 → "£1,234.56" in the store's format. */
export function formatMoney(minor: number, c: CurrencyFormat): string {
  const negative = minor < 0;
  const [whole, fraction] = toMajorString(Math.abs(minor), c.decimals).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, c.thousandSeparator);
  const amount = fraction ? `${grouped}${c.decimalSeparator}${fraction}` : grouped;
  const withSymbol =
    c.position === 'left' ? `${c.symbol}${amount}`
    : c.position === 'left_space' ? `${c.symbol}\u00a0${amount}`
    : c.position === 'right' ? `${amount}${c.symbol}`
    : `${amount}\u00a0${c.symbol}`;
  return negative ? `-${withSymbol}` : withSymbol;
}

/**
 * PHP's round() to a whole minor unit, half away from zero (PHP_ROUND_HALF_UP) or half towards zero
 * (PHP_ROUND_HALF_DOWN). PHP first rounds to 15 significant digits, so 832.4999999999999 (a float's
 * version of 832.5) is a tie as it is in WooCommerce; the tolerance below is that step, without a string.
 */
function roundHalf(x: number, down: boolean): number {
  const a = Math.abs(x);
  const whole = Math.floor(a);
  const rest = a - whole;
  const tie = Math.abs(rest - 0.5) <= a * 5e-15;
  const r = tie ? (down ? whole : whole + 1) : rest > 0.5 ? whole + 1 : whole;
  return x < 0 ? -r : r;
}

export function roundHalfUp(x: number): number {
  return roundHalf(x, false);
}

export function roundHalfDown(x: number): number {
  return roundHalf(x, true);
}
