import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { evaluateCost, matchZone, shippingRates } from '../../src/commerce/shipping.ts';
import type { PackageLine, RateContext, ShippingPackage } from '../../src/commerce/shipping.ts';
import type { FlatRateSettings, Location, ShippingMethod, ShippingZone, ZoneLocation } from '../../src/commerce/types.ts';
import { parseMajor } from '../../src/commerce/money.ts';
import { COUNTRIES } from '../../src/commerce/address.ts';

const at = (country: string, state = '', postcode = ''): Location => ({ country, state, postcode, city: '' });
const zone = (id: number, locations: ZoneLocation[], order = 0, methods: ShippingMethod[] = []): ShippingZone => ({
  id,
  name: `zone ${id}`,
  order,
  locations,
  methods,
});
const loc = (type: ZoneLocation['type'], code: string): ZoneLocation => ({ type, code });
const restOfWorld = zone(0, []);
const matchId = (zones: ShippingZone[], destination: Location): number | undefined => matchZone(zones, destination)?.id;

describe('matchZone', () => {
  it('matches a country, a CC:STATE state and a continent', () => {
    const zones = [zone(1, [loc('country', 'GB')]), zone(2, [loc('state', 'US:CA')]), zone(3, [loc('continent', 'EU')]), restOfWorld];
    expect(matchId(zones, at('GB'))).toBe(1);
    expect(matchId(zones, at('US', 'CA'))).toBe(2);
    expect(matchId(zones, at('US', 'NY'))).toBe(0);
    expect(matchId(zones, at('DE'))).toBe(3);
    expect(matchId(zones, at('FR', '75'))).toBe(3);
  });

  it('is case-insensitive on the destination, as WooCommerce upper-cases it', () => {
    expect(matchId([zone(1, [loc('state', 'US:CA')])], at('us', 'ca'))).toBe(1);
  });

  it('tells the continent codes apart from the countries that share them (NA, SA, AS)', () => {
    const zones = [zone(1, [loc('continent', 'NA')]), zone(2, [loc('continent', 'AF')]), zone(3, [loc('continent', 'AS')])];
    expect(matchId(zones, at('NA'))).toBe(2); // Namibia is in Africa
    expect(matchId(zones, at('US'))).toBe(1);
    expect(matchId(zones, at('SA'))).toBe(3); // Saudi Arabia is in Asia
    expect(matchId(zones, at('AS'))).toBeUndefined(); // American Samoa is in Oceania
    expect(matchId([zone(4, [loc('continent', 'OC')])], at('AS'))).toBe(4);
  });

  it('puts every WooCommerce country on a continent', () => {
    const zones = ['AF', 'AN', 'AS', 'EU', 'NA', 'OC', 'SA'].map((c, i) => zone(i + 1, [loc('continent', c)]));
    const missing = Object.keys(COUNTRIES).filter((country) => matchZone(zones, at(country)) === null);
    expect(missing).toEqual([]);
    expect(matchId(zones, at('XK'))).toBe(4);
    expect(matchId(zones, at('AQ'))).toBe(2);
  });

  it('takes the first match by order, then by id, whatever order the list is in', () => {
    const zones = [zone(5, [loc('country', 'GB')], 2), zone(4, [loc('country', 'GB')], 1), zone(3, [loc('country', 'GB')], 1)];
    expect(matchId(zones, at('GB'))).toBe(3);
  });

  it('falls back to rest of the world (id 0), and to null without one', () => {
    expect(matchId([zone(1, [loc('country', 'GB')]), restOfWorld], at('FR'))).toBe(0);
    expect(matchZone([zone(1, [loc('country', 'GB')])], at('FR'))).toBeNull();
    expect(matchId([restOfWorld, zone(1, [loc('country', 'FR')])], at('FR'))).toBe(1);
  });

  it('never matches a zone without locations', () => {
    expect(matchId([zone(1, [], -1), restOfWorld], at('GB'))).toBe(0);
  });

  describe('postcodes', () => {
    const zones = (pattern: string): ShippingZone[] => [zone(1, [loc('country', 'US'), loc('postcode', pattern)]), restOfWorld];

    it('matches a numeric range 90210...90299 inclusively', () => {
      for (const pc of ['90210', '90250', '90299']) expect(matchId(zones('90210...90299'), at('US', 'CA', pc))).toBe(1);
      for (const pc of ['90209', '90300', '9021', '']) expect(matchId(zones('90210...90299'), at('US', 'CA', pc))).toBe(0);
      // The whole normalised postcode is compared: ZIP+4 902101234 is outside, as in WooCommerce.
      expect(matchId(zones('90210...90299'), at('US', 'CA', '90210-1234'))).toBe(0);
      expect(matchId(zones(' 90210 ... 90299 '), at('US', 'CA', '90211'))).toBe(1);
    });

    it('ignores a pattern with more than one range marker', () => {
      expect(matchId(zones('1...5...9'), at('US', '', '3'))).toBe(0);
    });

    it('matches letter ranges through wc_make_numeric_postcode', () => {
      const z = [zone(1, [loc('postcode', 'SW1...SW9')]), restOfWorld];
      expect(matchId(z, at('GB', '', 'SW1A 1AA'))).toBe(1);
      expect(matchId(z, at('GB', '', 'SW9 9ZZ'))).toBe(0); // padded max SW9 0000 is below SW9 9ZZ
      expect(matchId(z, at('GB', '', 'SE1 7PB'))).toBe(0);
    });

    it('matches wildcards BS1* on normalised postcodes (case, spaces, hyphens)', () => {
      const z = [zone(1, [loc('country', 'GB'), loc('postcode', 'BS1*')]), restOfWorld];
      for (const pc of ['BS1 6AB', 'bs16ab', 'BS1', ' bs1-4dj ']) expect(matchId(z, at('GB', '', pc))).toBe(1);
      for (const pc of ['BS2 1AA', 'B1 1AA', '']) expect(matchId(z, at('GB', '', pc))).toBe(0);
      expect(matchId([zone(1, [loc('postcode', 'bs1 *')])], at('GB', '', 'BS1 6AB'))).toBe(1);
      expect(matchId([zone(1, [loc('postcode', '*')])], at('GB', '', ''))).toBe(1);
    });

    it('matches an exact postcode and not a mid-string star', () => {
      expect(matchId([zone(1, [loc('postcode', 'SW1A 1AA')])], at('GB', '', 'sw1a1aa'))).toBe(1);
      expect(matchId([zone(1, [loc('postcode', 'SW1A1A')])], at('GB', '', 'SW1A1AA'))).toBeUndefined();
      expect(matchId([zone(1, [loc('postcode', 'B*1')])], at('GB', '', 'BS1'))).toBeUndefined();
    });

    it('needs the region and one of the postcodes to match', () => {
      const z = [zone(1, [loc('country', 'US'), loc('postcode', '90210'), loc('postcode', '10001')]), zone(2, [loc('country', 'US')], 1), restOfWorld];
      expect(matchId(z, at('US', '', '10001'))).toBe(1);
      expect(matchId(z, at('US', '', '60601'))).toBe(2);
      expect(matchId(z, at('CA', '', '90210'))).toBe(0);
    });

    it('lets a postcode-only zone match those postcodes in any country (no region rows)', () => {
      expect(matchId([zone(1, [loc('postcode', '90210')]), restOfWorld], at('DE', '', '90210'))).toBe(1);
    });

    it('property: a 5-digit postcode is in lo...hi exactly when lo <= n <= hi', () => {
      const five = fc.integer({ min: 10000, max: 99999 });
      fc.assert(
        fc.property(five, five, five, (a, b, n) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const got = matchId([zone(1, [loc('postcode', `${lo}...${hi}`)]), restOfWorld], at('US', '', String(n)));
          return got === (lo <= n && n <= hi ? 1 : 0);
        }),
      );
    });
  });
});

describe('evaluateCost', () => {
  const v = (qty: number, cost = 0) => ({ qty, cost });

  it('evaluates numbers, + - * /, parentheses and [qty] in major units, returning minor units', () => {
    expect(evaluateCost('10 + 2 * [qty]', v(3), 2)).toBe(1600);
    expect(evaluateCost('(10 + 2) * [qty]', v(3), 2)).toBe(3600);
    expect(evaluateCost('9.99', v(1), 2)).toBe(999);
    expect(evaluateCost('10 / 4', v(1), 2)).toBe(250);
    expect(evaluateCost('5 - 2 - 1', v(1), 2)).toBe(200);
    expect(evaluateCost('12', v(1), 0)).toBe(12);
  });

  it('substitutes [cost] from minor units', () => {
    expect(evaluateCost('[cost] * 0.1', v(1, 2000), 2)).toBe(200);
    expect(evaluateCost('[cost] / 3', v(1, 1000), 2)).toBe(333);
  });

  it('charges a percent fee of [cost], clamped by min_fee and max_fee', () => {
    expect(evaluateCost('[fee percent="10" min_fee="5"]', v(1, 2000), 2)).toBe(500);
    expect(evaluateCost('[fee percent="10" min_fee="5"]', v(1, 10000), 2)).toBe(1000);
    expect(evaluateCost('[fee percent="10" max_fee="20"]', v(1, 50000), 2)).toBe(2000);
    expect(evaluateCost('[fee percent="10" min_fee="2" max_fee="20"]', v(1, 5000), 2)).toBe(500);
    expect(evaluateCost("5 + [fee percent='12.5']", v(1, 1999), 2)).toBe(750); // 12.5 % of 19.99 = 2.49875 → 2.50
    expect(evaluateCost('[fee percent=10]', v(1, 2000), 2)).toBe(200);
    expect(evaluateCost('[fee]', v(1, 2000), 2)).toBe(0);
    expect(evaluateCost('[fee min_fee="3"]', v(1, 2000), 2)).toBe(300);
    expect(evaluateCost('[fee percent="10" min_fee="lots"]', v(1, 2000), 2)).toBeNull();
  });

  it('treats empty and operator-only expressions as 0 and trims dangling operators', () => {
    expect(evaluateCost('', v(1), 2)).toBe(0);
    expect(evaluateCost('   ', v(1), 2)).toBe(0);
    expect(evaluateCost('+', v(1), 2)).toBe(0);
    expect(evaluateCost('10 +', v(1), 2)).toBe(1000);
    expect(evaluateCost('* 10 -', v(1), 2)).toBe(1000);
    expect(evaluateCost('-5 + 10', v(1), 2)).toBe(500);
  });

  it('follows WC_Eval_Math: comma decimals, implicit multiplication, ^, e and pi', () => {
    expect(evaluateCost('2,50', v(1), 2)).toBe(250);
    expect(evaluateCost('2(3 + 1)', v(1), 2)).toBe(800);
    expect(evaluateCost('2^3^2', v(1), 0)).toBe(512);
    expect(evaluateCost('-2^2', v(1), 0)).toBe(-4);
    expect(evaluateCost('2 * -3', v(1), 0)).toBe(-6);
    expect(evaluateCost('pi', v(1), 2)).toBe(314);
    expect(evaluateCost('.5 + 5.', v(1), 2)).toBe(550);
    expect(evaluateCost('2[qty]', v(3), 0)).toBe(23); // textual substitution, as WooCommerce
  });

  it('rounds half away from zero once, at the end', () => {
    expect(evaluateCost('1.005', v(1), 2)).toBe(101);
    expect(evaluateCost('0.125', v(1), 2)).toBe(13);
    expect(evaluateCost('-0.125', v(1), 2)).toBe(-13);
    expect(evaluateCost('1 / 3 * 3', v(1), 2)).toBe(100);
  });

  it('keeps negative results, as WooCommerce does not clamp them', () => {
    expect(evaluateCost('5 - 10', v(1), 2)).toBe(-500);
  });

  it('returns null for what does not parse', () => {
    for (const bad of ['10 +* 2', '(1 + 2', '1 + 2)', '()', '10 / 0', '[qty', '[weight] * 2', 'abc', '2 = 3', '5 %', '1_000', '1e3', '$5', '9^999']) {
      expect(evaluateCost(bad, v(1), 2), bad).toBeNull();
    }
    expect(evaluateCost(`${'('.repeat(5000)}1${')'.repeat(5000)}`, v(1), 2)).toBeNull();
  });

  it('property: a plain decimal evaluates to what parseMajor reads', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 4 }), (n, shift) => {
        const text = (n / 10 ** shift).toFixed(shift);
        return evaluateCost(text, v(1), 2) === parseMajor(text, 2);
      }),
    );
  });

  it('property: integer sums and products are exact', () => {
    const small = fc.integer({ min: 0, max: 100_000 });
    fc.assert(fc.property(small, small, small, (a, b, q) => evaluateCost(`${a} + ${b} * [qty]`, v(q), 2) === (a + b * q) * 100));
  });

  it('property: never throws, and answers a safe integer or null', () => {
    const alphabet = fc.constantFrom(...'0123456789.+-*/^()[] qtycosfe=%"'.split(''), '[qty]', '[cost]', '[fee percent="10"]');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }), fc.nat(1000), fc.nat(1_000_000), (parts, qty, cost) => {
        const got = evaluateCost(parts.join(''), { qty, cost }, 2);
        return got === null || Number.isSafeInteger(got);
      }),
    );
  });
});

describe('shippingRates', () => {
  const line = (name: string, quantity: number, total: number, shippingClass = ''): PackageLine => ({
    key: name.toLowerCase(),
    name,
    quantity,
    total,
    shippingClass,
  });
  const pkg = (...lines: PackageLine[]): ShippingPackage => ({ lines, destination: at('GB') });
  const ctx = (over: Partial<RateContext> = {}): RateContext => ({
    decimals: 2,
    freeShippingCoupon: false,
    displayedSubtotal: 0,
    displayedDiscount: 0,
    ...over,
  });
  const flat = (instanceId: number, settings: Partial<FlatRateSettings>, order = 0, enabled = true): ShippingMethod => ({
    instanceId,
    methodId: 'flat_rate',
    order,
    enabled,
    settings: { title: 'Flat rate', taxable: true, cost: '', classCosts: {}, calculationType: 'class', ...settings },
  });
  type Requires = '' | 'coupon' | 'min_amount' | 'either' | 'both';
  const free = (instanceId: number, requires: Requires, minAmount = 0, ignoreDiscounts = false): ShippingMethod => ({
    instanceId,
    methodId: 'free_shipping',
    order: 0,
    enabled: true,
    settings: { title: 'Free shipping', requires, minAmount, ignoreDiscounts },
  });
  const pickup = (instanceId: number, cost: string, taxable = true, title = 'Local pickup'): ShippingMethod => ({
    instanceId,
    methodId: 'local_pickup',
    order: 0,
    enabled: true,
    settings: { title, taxable, cost },
  });
  const rates = (methods: ShippingMethod[], p: ShippingPackage, c = ctx()) => shippingRates(zone(1, [], 0, methods), p, c);
  const costs = (methods: ShippingMethod[], p: ShippingPackage, c = ctx()) => rates(methods, p, c).map((r) => [r.id, r.cost]);

  it('prices a flat rate with [qty] = the package quantity', () => {
    expect(rates([flat(3, { cost: '10 + 2 * [qty]' })], pkg(line('Beanie', 2, 3600), line('Hoodie', 1, 4500)))).toEqual([
      { id: 'flat_rate:3', methodId: 'flat_rate', instanceId: 3, label: 'Flat rate', cost: 1600, taxable: true, items: 'Beanie × 2, Hoodie × 1' },
    ]);
  });

  it('gives [cost] and [fee] the package contents cost', () => {
    expect(costs([flat(1, { cost: '[fee percent="10" min_fee="5"]' })], pkg(line('Cap', 1, 2000)))).toEqual([['flat_rate:1', 500]]);
    expect(costs([flat(1, { cost: '[cost] * 0.05' })], pkg(line('Cap', 2, 2000), line('Hat', 1, 1000)))).toEqual([['flat_rate:1', 150]]);
  });

  const classed = pkg(line('Sofa', 1, 50000, 'bulky'), line('Lamp', 2, 4000, 'fragile'), line('Book', 3, 3000));
  const classCosts = { bulky: '20', fragile: '2 * [qty]', '': '[qty]' };

  it("adds every class cost for calculation type 'class' ('' is no shipping class)", () => {
    expect(costs([flat(1, { cost: '5', classCosts })], classed)).toEqual([['flat_rate:1', 500 + 2000 + 400 + 300]]);
  });

  it("adds only the most expensive class cost for calculation type 'order'", () => {
    expect(costs([flat(1, { cost: '5', classCosts, calculationType: 'order' })], classed)).toEqual([['flat_rate:1', 2500]]);
  });

  it('evaluates a class cost with that class’s own quantity and cost', () => {
    const p = pkg(line('Lamp', 2, 4000, 'fragile'), line('Vase', 1, 6000, 'fragile'), line('Book', 5, 3000));
    expect(costs([flat(1, { classCosts: { fragile: '[qty] + [cost] / 100' } })], p)).toEqual([['flat_rate:1', 300 + 100]]);
  });

  it('skips classes without a cost, and adds no rate when no cost is set at all', () => {
    expect(costs([flat(1, { cost: '5', classCosts: { bulky: '' } })], classed)).toEqual([['flat_rate:1', 500]]);
    expect(costs([flat(1, { classCosts: { other: '9' } })], classed)).toEqual([]);
    expect(costs([flat(1, { cost: '0' })], classed)).toEqual([['flat_rate:1', 0]]);
  });

  it("keeps negative class costs in 'class' mode and ignores them in 'order' mode", () => {
    const p = pkg(line('Sticker', 1, 100, 'small'));
    expect(costs([flat(1, { cost: '10', classCosts: { small: '-2' } })], p)).toEqual([['flat_rate:1', 800]]);
    expect(costs([flat(1, { cost: '10', classCosts: { small: '-2' }, calculationType: 'order' })], p)).toEqual([['flat_rate:1', 1000]]);
  });

  it('rounds the sum of base and class costs once', () => {
    const p = pkg(line('Pin', 1, 100, 'small'));
    expect(costs([flat(1, { cost: '0.005', classCosts: { small: '0.005' } })], p)).toEqual([['flat_rate:1', 1]]);
  });

  it('leaves out a flat rate whose base or class expression does not parse', () => {
    const p = pkg(line('Sofa', 1, 50000, 'bulky'));
    expect(costs([flat(1, { cost: '10 +* 2' }), flat(2, { cost: '4' })], p)).toEqual([['flat_rate:2', 400]]);
    expect(costs([flat(1, { cost: '4', classCosts: { bulky: '[weight]' } })], p)).toEqual([]);
  });

  it('lists only enabled methods, in order, and drops untitled ones', () => {
    const methods = [
      flat(7, { cost: '7' }, 3),
      flat(5, { cost: '5' }, 1),
      flat(6, { cost: '6' }, 2, false),
      flat(8, { cost: '8', title: '' }, 0),
      pickup(9, '1', true, ''),
    ];
    expect(costs(methods, pkg(line('Cap', 1, 1000)))).toEqual([['flat_rate:5', 500], ['flat_rate:7', 700]]);
  });

  describe('free shipping', () => {
    const p = pkg(line('Cap', 1, 5000));
    const offered = (m: ShippingMethod, c: RateContext) => rates([m], p, c).length === 1;

    it('is always offered with no requirement, at 0 and untaxed', () => {
      expect(rates([free(2, '')], p)).toEqual([
        { id: 'free_shipping:2', methodId: 'free_shipping', instanceId: 2, label: 'Free shipping', cost: 0, taxable: false, items: 'Cap × 1' },
      ]);
    });

    it('needs a free-shipping coupon for requires=coupon', () => {
      expect(offered(free(1, 'coupon'), ctx())).toBe(false);
      expect(offered(free(1, 'coupon'), ctx({ freeShippingCoupon: true }))).toBe(true);
    });

    it('compares the subtotal less discounts with the minimum (>=)', () => {
      const m = free(1, 'min_amount', 5000);
      expect(offered(m, ctx({ displayedSubtotal: 5000 }))).toBe(true);
      expect(offered(m, ctx({ displayedSubtotal: 4999 }))).toBe(false);
      expect(offered(m, ctx({ displayedSubtotal: 6000, displayedDiscount: 1000 }))).toBe(true);
      expect(offered(m, ctx({ displayedSubtotal: 6000, displayedDiscount: 1001 }))).toBe(false);
    });

    it('compares the subtotal before discounts with ignoreDiscounts', () => {
      const m = free(1, 'min_amount', 5000, true);
      expect(offered(m, ctx({ displayedSubtotal: 6000, displayedDiscount: 3000 }))).toBe(true);
      expect(offered(m, ctx({ displayedSubtotal: 4999, displayedDiscount: 0 }))).toBe(false);
    });

    it('takes either the minimum or a coupon for requires=either, and both for requires=both', () => {
      const met = ctx({ displayedSubtotal: 5000 });
      const unmet = ctx({ displayedSubtotal: 100 });
      expect([offered(free(1, 'either', 5000), met), offered(free(1, 'either', 5000), { ...unmet, freeShippingCoupon: true })]).toEqual([true, true]);
      expect(offered(free(1, 'either', 5000), unmet)).toBe(false);
      expect(offered(free(1, 'both', 5000), met)).toBe(false);
      expect(offered(free(1, 'both', 5000), { ...unmet, freeShippingCoupon: true })).toBe(false);
      expect(offered(free(1, 'both', 5000), { ...met, freeShippingCoupon: true })).toBe(true);
    });
  });

  it('prices local pickup from its cost, taxed per its setting', () => {
    const p = pkg(line('Cap', 1, 1000));
    expect(rates([pickup(4, '2.50', false)], p).map((r) => [r.id, r.cost, r.taxable])).toEqual([['local_pickup:4', 250, false]]);
    expect(rates([pickup(4, '')], p).map((r) => [r.cost, r.taxable])).toEqual([[0, true]]);
    expect(rates([pickup(4, 'free')], p)).toEqual([]);
  });

  it("property: with non-negative class costs, 'order' never charges more than 'class'", () => {
    const classes = ['', 'a', 'b', 'c'];
    const arbLine = fc.record({ quantity: fc.integer({ min: 1, max: 9 }), total: fc.nat(100_000), shippingClass: fc.constantFrom(...classes) });
    const arbCosts = fc.tuple(...classes.map(() => fc.integer({ min: 0, max: 5000 })));
    fc.assert(
      fc.property(fc.array(arbLine, { minLength: 1, maxLength: 6 }), arbCosts, (lines, cents) => {
        const p = pkg(...lines.map((l, i) => line(`P${i}`, l.quantity, l.total, l.shippingClass)));
        const cc = Object.fromEntries(classes.map((c, i) => [c, `${cents[i] / 100} * [qty]`]));
        const [byClass] = rates([flat(1, { cost: '1', classCosts: cc })], p);
        const [byOrder] = rates([flat(1, { cost: '1', classCosts: cc, calculationType: 'order' })], p);
        return byOrder.cost <= byClass.cost && byOrder.cost >= 100;
      }),
    );
  });
});
