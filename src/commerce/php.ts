/** PHP's comparison rules, where WooCommerce's behaviour depends on them. */

const NUMERIC = /^[ \t\n\r\v\f]*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[ \t\n\r\v\f]*$/;

/** PHP's is_numeric() for strings. */
export function isNumeric(s: string): boolean {
  return NUMERIC.test(s);
}

/** PHP 8 `<=>` on two strings: numerically when both are numeric (exactly, for digit strings), else bytewise. */
export function phpCompare(a: string, b: string): number {
  if (isNumeric(a) && isNumeric(b)) {
    const [x, y] = [a.trim(), b.trim()];
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Math.sign(Number(BigInt(x) - BigInt(y)));
    return Math.sign(Number(x) - Number(y));
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
