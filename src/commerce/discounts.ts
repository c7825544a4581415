import { roundHalfDown, roundHalfUp } from './money.ts';
import type { Coupon } from './types.ts';

/**
 * WooCommerce's discount arithmetic (WC_Discounts), in whole minor units: each coupon's discount is
 * spread over the lines it applies to, and what floor() leaves over is handed out a cent at a time,
 * so the per-line discounts always add up to the coupon's discount exactly.
 */

export interface DiscountLine {
  key: string;
  /**
   * Line price (unit × quantity) on the basis prices are entered in (incl. tax when they include it).
   * May carry a fraction: a price moved to another country's tax is not rounded (WC_Cart_Totals).
   */
  price: number;
  quantity: number;
}

export interface DiscountResult {
  /** coupon code → line key → discount. */
  byCoupon: Map<string, Map<string, number>>;
  /** line key → total discount over every coupon. */
  byLine: Map<string, number>;
}

/** WooCommerce's coupon order: fixed product, then percent, then fixed cart; then by item limit and amount. */
const SORT: Record<Coupon['discountType'], number> = { fixed_product: 1, percent: 2, fixed_cart: 3 };

export function sortCoupons(coupons: readonly Coupon[]): Coupon[] {
  return [...coupons].sort((a, b) => {
    if (SORT[a.discountType] !== SORT[b.discountType]) return SORT[a.discountType] - SORT[b.discountType];
    if (a.limitUsageToXItems === b.limitUsageToXItems) return a.amount === b.amount ? b.id - a.id : a.amount - b.amount;
    // A coupon with no item limit goes after those with one.
    if (a.limitUsageToXItems === null) return 1;
    if (b.limitUsageToXItems === null) return -1;
    return a.limitUsageToXItems - b.limitUsageToXItems;
  });
}

/**
 * Applies the coupons in WooCommerce's order. `applicable(coupon)` names the lines a coupon may
 * discount (product and category rules); fixed-cart coupons are given every line.
 */
export function applyCoupons(
  lines: readonly DiscountLine[],
  coupons: readonly Coupon[],
  applicable: (coupon: Coupon) => ReadonlySet<string>,
  sequential: boolean,
): DiscountResult {
  // WC_Discounts sorts by price × quantity, where price is already the line price; kept as it is.
  const items = [...lines].sort((a, b) => b.price * b.quantity - a.price * a.quantity);
  const byLine = new Map(items.map((l) => [l.key, 0]));
  const byCoupon = new Map<string, Map<string, number>>();
  /** get_discounted_price_in_cents: what is left of the line, to the minor unit. */
  const remaining = (l: DiscountLine) => Math.abs(roundHalfUp(l.price - byLine.get(l.key)!));

  for (const coupon of sortCoupons(coupons)) {
    const mine = new Map(items.map((l) => [l.key, 0]));
    byCoupon.set(coupon.code, mine);
    const give = (l: DiscountLine, amount: number) => {
      mine.set(l.key, mine.get(l.key)! + amount);
      byLine.set(l.key, byLine.get(l.key)! + amount);
    };
    const allowed = coupon.discountType === 'fixed_cart' ? null : applicable(coupon);
    const targets = items.filter((l) => remaining(l) > 0 && l.quantity > 0 && (allowed === null || allowed.has(l.key)));

    /** apply_coupon_remainder: one cent per unit, in item order, until `amount` is given. */
    const remainder = (amount: number): number => {
      let given = 0;
      for (const l of targets) {
        for (let i = 0; i < l.quantity && given < amount; i++) {
          const d = Math.min(remaining(l), 1);
          give(l, d);
          given += d;
        }
        if (given >= amount) break;
      }
      return given;
    };

    /** apply_coupon_fixed_product: `amount` per unit (up to the item limit), never past the price. */
    const fixedProduct = (amount: number, over: DiscountLine[]): number => {
      let total = 0;
      let applied = 0;
      const limit = coupon.limitUsageToXItems ?? 0;
      for (const l of over) {
        const qty = limit ? Math.max(0, limit - applied < l.quantity ? limit - applied : l.quantity) : l.quantity;
        const d = Math.min(remaining(l), limit ? Math.min(amount, l.price / l.quantity) * qty : amount * qty);
        give(l, d);
        total += d;
        applied += qty;
      }
      return total;
    };

    if (coupon.discountType === 'percent') {
      let total = 0;
      let base = 0;
      let applied = 0;
      const limit = coupon.limitUsageToXItems ?? 0;
      for (const l of targets) {
        const left = remaining(l);
        const qty = Math.max(0, limit && limit - applied < l.quantity ? limit - applied : l.quantity);
        const price = ((sequential ? left : roundHalfUp(l.price)) / l.quantity) * qty;
        const d = roundHalfDown(Math.min(left, Math.floor(price * (coupon.amount / 100))));
        give(l, d);
        total += d;
        base += price;
        applied += qty;
      }
      // What the whole would have been discounted by (wc_round_discount: half down); the difference is
      // handed out a cent at a time.
      const whole = roundHalfDown(base * (coupon.amount / 100));
      if (total < whole) remainder(whole - total);
    } else if (coupon.discountType === 'fixed_product') {
      fixedProduct(coupon.amount, targets);
    } else {
      // apply_coupon_fixed_cart: an equal share per unit, then again with what is left, then cents.
      let amount = coupon.amount;
      for (let round = 0; amount > 0 && round < 100; round++) {
        const open = targets.filter((l) => remaining(l) > 0);
        const units = open.reduce((n, l) => n + l.quantity, 0);
        if (!units) break;
        const perUnit = Math.floor(amount / units);
        if (perUnit > 0) {
          const given = fixedProduct(perUnit, open);
          if (given <= 0) break;
          amount -= given;
        } else {
          amount -= remainder(amount);
          break;
        }
      }
    }
  }
  return { byCoupon, byLine };
}
