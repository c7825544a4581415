/**
 * Postcode patterns as WooCommerce matches them for shipping zones and tax rates alike
 * (wc_postcode_location_matcher, wc_normalize_postcode, wc_make_numeric_postcode in woocommerce/woocommerce).
 */
import { isNumeric, phpCompare } from './php.ts';

/** wc_normalize_postcode(): upper-case, trimmed, without whitespace and hyphens. */
export function normalizePostcode(postcode: string): string {
  return postcode.toUpperCase().replace(/[\s-]/g, '');
}

/**
 * wc_postcode_location_matcher() for one stored pattern and an already normalised postcode.
 *  - `A...B`: a range. Numeric bounds compare numerically with the postcode; otherwise postcode and bounds go
 *    through wc_make_numeric_postcode() (letters → 01–26, digits → 00–09) and the bounds are right-padded
 *    with zeros to the postcode's length, so `SW1A...SW9Z` style ranges work.
 *  - `BS1*`: a prefix. WooCommerce lists the prefixes of the country-formatted postcode (`BS1 6AB` → `BS1 *`,
 *    `BS1*`, …, `*`); we compare with spaces and hyphens removed from both sides instead, which agrees for
 *    every pattern a merchant writes as a prefix (and also accepts `BS16*`, which WooCommerce misses for GB).
 *  - anything else: equality, again ignoring spaces and hyphens.
 */
export function postcodeMatches(postcode: string, pattern: string): boolean {
  const code = pattern.trim().toUpperCase();
  if (code.includes('...')) {
    const range = code.split('...').map((s) => s.trim());
    if (range.length !== 2) return false;
    let [min, max] = range;
    let compare = postcode;
    if (!isNumeric(min) || !isNumeric(max)) {
      compare = numericPostcode(postcode);
      min = numericPostcode(min).padEnd(compare.length, '0');
      max = numericPostcode(max).padEnd(compare.length, '0');
    }
    return phpCompare(compare, min) >= 0 && phpCompare(compare, max) <= 0;
  }
  const wanted = normalizePostcode(code);
  const star = wanted.indexOf('*');
  if (star === wanted.length - 1) return postcode.startsWith(wanted.slice(0, -1));
  return wanted === postcode;
}

/** wc_make_numeric_postcode(). */
function numericPostcode(postcode: string): string {
  let out = '';
  for (const ch of postcode.replace(/[ -]/g, '')) {
    if (ch >= '0' && ch <= '9') out += `0${ch}`;
    else if (ch >= 'A' && ch <= 'Z') out += String(ch.charCodeAt(0) - 64).padStart(2, '0');
    else out += '00';
  }
  return out;
}
