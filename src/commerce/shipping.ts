/**
 * Shipping as WooCommerce works it out: which zone a destination falls in, and what each enabled method of
 * that zone charges for one package. Sources (woocommerce/woocommerce, plugins/woocommerce/):
 *  - includes/data-stores/class-wc-shipping-zone-data-store.php  get_zone_id_from_package → matchZone
 *  - i18n/continents.php                                         → CONTINENTS
 *  - includes/shipping/flat-rate/class-wc-shipping-flat-rate.php evaluate_cost, fee, calculate_shipping
 *  - includes/libraries/class-wc-eval-math.php                   the arithmetic evaluate_cost hands off to
 *  - includes/shipping/free-shipping/…, local-pickup/…, abstracts/abstract-wc-shipping-method.php add_rate
 */
import type { Location, ShippingMethod, ShippingMethodId, ShippingZone, ZoneLocation } from './types.ts';
import { toMajorString } from './money.ts';
import { isNumeric } from './php.ts';
import { normalizePostcode, postcodeMatches } from './postcode.ts';

export interface PackageLine {
  key: string;
  name: string;
  quantity: number;
  /** Line total after discounts, excl. tax, minor units. */
  total: number;
  shippingClass: string;
}

export interface ShippingPackage {
  lines: PackageLine[];
  destination: Location;
}

export interface RateContext {
  decimals: number;
  /** An applied, valid coupon grants free shipping. */
  freeShippingCoupon: boolean;
  /** Displayed subtotal (incl. tax when the cart shows prices incl. tax), minor units. */
  displayedSubtotal: number;
  /** Displayed discount (incl. its tax when displayed incl. tax), minor units. */
  displayedDiscount: number;
}

export interface ShippingRate {
  /** `flat_rate:3`, as WC_Shipping_Method::get_rate_id(). */
  id: string;
  methodId: ShippingMethodId;
  instanceId: number;
  label: string;
  /** Excl. tax, minor units. May be negative: WooCommerce does not clamp rates (negative class costs are allowed). */
  cost: number;
  taxable: boolean;
  /** The "Items" rate meta: `Beanie × 2, Hoodie × 1`. */
  items: string;
}

// ---------------------------------------------------------------------------------------------------------
// Zones

/** i18n/continents.php, two letters per country. A country missing here has no continent (WC returns ''). */
const CONTINENTS: Readonly<Record<string, string>> = {
  AF: 'AOBFBIBJBWCDCFCGCICMCVDJDZEGEHERETGAGHGMGNGQGWKEKMLRLSLYMAMGMLMRMUMWMZNANENGRERWSCSDSHSLSNSOSSSTSZTDTGTNTZUGYTZAZMZW',
  AN: 'AQBVGSHMTF',
  AS: 'AEAFAMAZBDBHBNBTCCCNCXCYGEHKIDILINIOIQIRJOJPKGKHKPKRKWKZLALBLKMMMNMOMVMYNPOMPHPKPSQASASGSYTHTJTLTMTWUZVNYE',
  EU: 'ADALATAXBABEBGBYCHCZDEDKEEESFIFOFRGBGGGIGRHRHUIEIMISITJELILTLULVMCMDMEMKMTNLNOPLPTRORSRUSESISJSKSMXKTRUAVA',
  NA: 'AGAIAWBBBLBMBQBSBZCACRCUCWDMDOGDGLGPGTHNHTJMKNKYLCMFMQMSMXNIPAPMPRSVSXTCTTUSVCVGVI',
  OC: 'ASAUCKFJFMGUKIMHMPNCNFNRNUNZPFPGPNPWSBTKTOTVUMVUWFWS',
  SA: 'ARBOBRCLCOECFKGFGYPEPYSRUYVE',
};

const CONTINENT_OF: ReadonlyMap<string, string> = new Map(
  Object.entries(CONTINENTS).flatMap(([continent, list]) =>
    (list.match(/../g) ?? []).map((country) => [country, continent] as const),
  ),
);

/**
 * get_zone_id_from_package(): the first zone, by `order` then id, whose region locations (country, `CC:STATE`,
 * continent) include the destination — or that has no region locations — and, when it has postcode locations,
 * one of those matches too. Postcodes only ever narrow a zone: a zone of postcodes alone matches those
 * postcodes in any country, as WooCommerce's `location_type IS NULL` branch does. When nothing matches, the
 * rest-of-world zone (id 0) applies, if given.
 *
 * One deliberate difference: WooCommerce's LEFT JOIN also lets a zone with no locations at all match every
 * destination; here such a zone never matches, so a half-configured zone cannot capture the whole world.
 */
export function matchZone(zones: readonly ShippingZone[], destination: Location): ShippingZone | null {
  const country = destination.country.trim().toUpperCase();
  const state = destination.state.trim().toUpperCase();
  const continent = CONTINENT_OF.get(country) ?? '';
  const postcode = normalizePostcode(destination.postcode);
  const regionMatches = (l: ZoneLocation): boolean => {
    const code = l.code.trim().toUpperCase();
    if (l.type === 'country') return code === country;
    if (l.type === 'state') return code === `${country}:${state}`;
    return l.type === 'continent' && code === continent;
  };
  const ordered = zones.filter((z) => z.id !== 0).sort((a, b) => a.order - b.order || a.id - b.id);
  for (const zone of ordered) {
    if (zone.locations.length === 0) continue;
    const regions = zone.locations.filter((l) => l.type !== 'postcode');
    const postcodes = zone.locations.filter((l) => l.type === 'postcode');
    if (regions.length > 0 && !regions.some(regionMatches)) continue;
    if (postcodes.length > 0 && !postcodes.some((l) => postcodeMatches(postcode, l.code))) continue;
    return zone;
  }
  return zones.find((z) => z.id === 0) ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Cost expressions

/**
 * A flat-rate (or local-pickup) cost expression in major units, evaluated as WC_Shipping_Flat_Rate::
 * evaluate_cost() does, returned in minor units rounded half away from zero (wc_format_decimal at add_rate).
 * `vars.cost` is in minor units. `null` when WC_Eval_Math would fail (syntax, division by zero, unknown name)
 * or the result is not a finite amount. Empty (or only `+ - * /`) is 0. Not clamped at 0: WooCommerce keeps
 * negative results, which is how merchants give a class a discount (`10` plus a class cost of `-2`).
 */
export function evaluateCost(expression: string, vars: { qty: number; cost: number }, decimals: number): number | null {
  const major = evaluateMajor(expression, vars.qty, vars.cost, decimals);
  return major === null ? null : toMinor(major, decimals);
}

/**
 * evaluate_cost() up to the float WC_Eval_Math returns, so that a flat rate can add its class costs before
 * rounding once, as add_rate() does. The steps are WooCommerce's, in its order, on text:
 *  1. `[qty]` and `[cost]` are replaced by their values (so `2[qty]` with 3 items reads `23`, as there);
 *  2. `[fee percent="…" min_fee="…" max_fee="…"]` shortcodes are replaced by the fee;
 *  3. whitespace is removed and `,` becomes `.` (the store's decimal separator in WooCommerce);
 *  4. leading `+ * /` and trailing `+ - * /` are trimmed;
 *  5. what is left is evaluated by WC_Eval_Math's grammar.
 */
function evaluateMajor(expression: string, qty: number, costMinor: number, decimals: number): number | null {
  const withVars = expression.replaceAll('[qty]', String(qty)).replaceAll('[cost]', phpNumber(costMinor, decimals));
  let failed = false;
  const withFees = withVars.replace(/\[fee((?:\s[^\]]*)?)\/?\]/g, (_, atts: string) => {
    const fee = feeShortcode(parseShortcodeAtts(atts), costMinor, decimals);
    if (fee === null) failed = true;
    return fee ?? '';
  });
  if (failed) return null;
  const sum = withFees
    .replace(/\s+/g, '')
    .replaceAll(',', '.')
    .replace(/^[+*/]+/, '')
    .replace(/[+\-*/]+$/, '');
  return sum === '' ? 0 : evaluateMath(sum);
}

/** WC_Shipping_Flat_Rate::fee(): a percent of [cost] rounded to the price decimals, then min_fee, then max_fee. */
function feeShortcode(atts: Record<string, string>, costMinor: number, decimals: number): string | null {
  const { percent = '', min_fee: minFee = '', max_fee: maxFee = '' } = atts;
  const feeMinor = phpTruthy(percent) ? toMinor((costMinor * phpFloatval(percent)) / 100, 0) : 0;
  if (feeMinor === null) return null;
  let fee = feeMinor / 10 ** decimals;
  let text = phpNumber(feeMinor, decimals);
  for (const [limit, isMin] of [[minFee, true], [maxFee, false]] as const) {
    if (!phpTruthy(limit)) continue;
    if (!isNumeric(limit)) return null;
    const bound = Number(limit.trim());
    if (isMin ? fee < bound : fee > bound) [fee, text] = [bound, limit];
  }
  return text;
}

/** WordPress shortcode_parse_atts() for the `name="v"`, `name='v'` and `name=v` forms; names lower-cased. */
function parseShortcodeAtts(text: string): Record<string, string> {
  const atts: Record<string, string> = {};
  const re = /([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)/g;
  for (const m of text.trim().matchAll(re)) {
    const name = (m[1] ?? m[3] ?? m[5]).toLowerCase();
    atts[name] = m[2] ?? m[4] ?? m[6];
  }
  return atts;
}

/** PHP truthiness of a string: '' and '0' are false. */
function phpTruthy(s: string): boolean {
  return s !== '' && s !== '0';
}

/** PHP floatval(): the leading number, else 0. */
function phpFloatval(s: string): number {
  const m = /^[ \t\n\r\v\f]*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(s);
  return m ? Number(m[0].trim()) : 0;
}

/** Minor units as PHP prints the float: `2000` (2 dp) → `20`, `1250` → `12.5`. */
function phpNumber(minor: number, decimals: number): string {
  const text = toMajorString(minor, decimals);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/**
 * Major units → minor units, half away from zero, after trimming float noise to 15 significant digits as PHP's
 * round() pre-rounding does (so 1.005 → 101, not 100). Null beyond the safe-integer range.
 */
function toMinor(major: number, decimals: number): number | null {
  const scaled = Number((major * 10 ** decimals).toPrecision(15));
  const rounded = Math.sign(scaled) * Math.floor(Math.abs(scaled) + 0.5);
  return Number.isSafeInteger(rounded) ? rounded + 0 : null;
}

/**
 * WC_Eval_Math::evaluate() as a recursive-descent parser over the same grammar (it converts to postfix with a
 * shunting yard; no eval here or there):
 *   expr  = term (('+' | '-') term)*
 *   term  = unary (('*' | '/' | implicit ×) unary)*      implicit × before a number, name or '(' : `2(3)` = 6
 *   unary = '-' unary | power
 *   power = atom ('^' unary)?                            right-associative; `-2^2` = -4
 *   atom  = number | 'e' (2.71) | 'pi' (3.14) | '(' expr ')'
 * Numbers are `12`, `12.`, `12.5` or `.5`. Division by zero, any other name or character fails.
 */
function evaluateMath(input: string): number | null {
  let text = input.trim();
  if (text.endsWith(';')) text = text.slice(0, -1);
  const tokens = text.match(/\d+(?:\.\d*)?|\.\d+|[A-Za-z]\w*|[+\-*/^()]|./g) ?? [];
  const constants: Record<string, number> = { e: 2.71, pi: 3.14 };
  let pos = 0;
  let depth = 0;
  const fail = (): never => {
    throw new SyntaxError('unparseable');
  };
  const startsAtom = (t: string | undefined): boolean => t !== undefined && /^[\d.A-Za-z(]/.test(t);

  const expr = (): number => {
    let value = term();
    while (tokens[pos] === '+' || tokens[pos] === '-') value = tokens[pos++] === '+' ? value + term() : value - term();
    return value;
  };
  const term = (): number => {
    let value = unary();
    for (;;) {
      const t = tokens[pos];
      if (t === '*' || t === '/') pos++;
      else if (!startsAtom(t)) return value;
      const right = unary();
      if (t === '/') {
        if (right === 0) fail();
        value /= right;
      } else value *= right;
    }
  };
  const nested = (f: () => number): number => {
    if (++depth > 200) fail();
    const value = f();
    depth--;
    return value;
  };
  const unary = (): number => {
    if (tokens[pos] !== '-') return power();
    pos++;
    return -nested(unary);
  };
  const power = (): number => {
    const base = atom();
    if (tokens[pos] !== '^') return base;
    pos++;
    return base ** nested(unary);
  };
  const atom = (): number => {
    const t = tokens[pos++];
    if (t === undefined) return fail();
    if (/^[\d.]/.test(t)) return t === '.' ? fail() : Number(t);
    if (/^[A-Za-z]/.test(t)) return Object.hasOwn(constants, t) ? constants[t] : fail();
    if (t !== '(') return fail();
    const value = nested(expr);
    if (tokens[pos++] !== ')') fail();
    return value;
  };

  try {
    const value = expr();
    return pos === tokens.length && Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Rates

/**
 * The rates a zone offers one package: each enabled method in `order`, at most one rate each.
 * As add_rate(), a method whose title is empty (or PHP-falsy `'0'`) adds no rate.
 *  - flat_rate: the base cost with [qty] = the package's quantity and [cost] = its contents cost, plus the
 *    class costs: each shipping class found in the package (`''` = "No shipping class cost") evaluated with
 *    that class's own quantity and cost; `class` adds every one, `order` only the highest (if above 0). A flat
 *    rate with no cost set anywhere adds no rate, as there. Deliberate difference: an expression that does
 *    not parse leaves the rate out (WooCommerce, which refuses to save one, would charge 0 for it).
 *  - free_shipping: available per `requires`; the minimum compares the displayed subtotal, less the discount
 *    unless `ignoreDiscounts`, with `>=`. Cost 0, never taxed.
 *  - local_pickup: its cost (a number in WooCommerce; evaluated as an expression here), taxed per setting.
 */
export function shippingRates(zone: ShippingZone, pkg: ShippingPackage, ctx: RateContext): ShippingRate[] {
  const qty = pkg.lines.reduce((n, l) => (l.quantity > 0 ? n + l.quantity : n), 0);
  const contentsCost = pkg.lines.reduce((n, l) => n + l.total, 0);
  const items = pkg.lines.map((l) => `${l.name} \u00d7 ${l.quantity}`).join(', ');
  const methods = zone.methods.filter((m) => m.enabled).sort((a, b) => a.order - b.order || a.instanceId - b.instanceId);
  const rates: ShippingRate[] = [];
  for (const method of methods) {
    const priced = price(method, pkg, qty, contentsCost, ctx);
    if (priced === null || method.settings.title === '' || method.settings.title === '0') continue;
    rates.push({
      id: method.instanceId ? `${method.methodId}:${method.instanceId}` : method.methodId,
      methodId: method.methodId,
      instanceId: method.instanceId,
      label: method.settings.title,
      cost: priced.cost,
      taxable: priced.taxable,
      items,
    });
  }
  return rates;
}

function price(
  method: ShippingMethod,
  pkg: ShippingPackage,
  qty: number,
  contentsCost: number,
  ctx: RateContext,
): { cost: number; taxable: boolean } | null {
  const { decimals } = ctx;
  switch (method.methodId) {
    case 'flat_rate': {
      const s = method.settings;
      let hasCosts = false;
      let total = 0;
      if (s.cost !== '') {
        hasCosts = true;
        const base = evaluateMajor(s.cost, qty, contentsCost, decimals);
        if (base === null) return null;
        total = base;
      }
      const classes = new Map<string, { qty: number; cost: number }>();
      for (const line of pkg.lines) {
        const found = classes.get(line.shippingClass) ?? { qty: 0, cost: 0 };
        classes.set(line.shippingClass, { qty: found.qty + line.quantity, cost: found.cost + line.total });
      }
      let highest = 0;
      for (const [slug, found] of classes) {
        const expression = Object.hasOwn(s.classCosts, slug) ? s.classCosts[slug] : '';
        if (expression === '') continue;
        hasCosts = true;
        const classCost = evaluateMajor(expression, found.qty, found.cost, decimals);
        if (classCost === null) return null;
        if (s.calculationType === 'class') total += classCost;
        else highest = Math.max(highest, classCost);
      }
      total += highest;
      const cost = hasCosts ? toMinor(total, decimals) : null;
      return cost === null ? null : { cost, taxable: s.taxable };
    }
    case 'free_shipping': {
      const s = method.settings;
      const coupon = ctx.freeShippingCoupon;
      const spent = s.ignoreDiscounts ? ctx.displayedSubtotal : ctx.displayedSubtotal - ctx.displayedDiscount;
      const minimum = Math.round(spent) >= s.minAmount;
      const available =
        s.requires === 'coupon' ? coupon
        : s.requires === 'min_amount' ? minimum
        : s.requires === 'either' ? minimum || coupon
        : s.requires === 'both' ? minimum && coupon
        : true;
      return available ? { cost: 0, taxable: false } : null;
    }
    case 'local_pickup': {
      const cost = evaluateCost(method.settings.cost, { qty, cost: contentsCost }, decimals);
      return cost === null ? null : { cost, taxable: method.settings.taxable };
    }
  }
}
