/**
 * Whether a coupon may be applied to a cart, or kept on it — WooCommerce's rules, reproduced.
 *
 * Sources followed (WooCommerce 8.6 – 9.x, the releases with the allowed-emails check in WC_Discounts and
 * before the coupon messages were reworded to name the coupon in each sentence):
 *   - WC_Discounts::is_coupon_valid() and its validate_coupon_* steps (includes/class-wc-discounts.php):
 *     the checks and their order, the messages they throw.
 *   - WC_Coupon::is_valid_for_product(), ::get_coupon_error(), ::get_context_based_coupon_errors()
 *     and the E_WC_COUPON_* numbers (includes/class-wc-coupon.php).
 *   - WC_Cart::apply_coupon() and ::check_cart_coupons() (includes/class-wc-cart.php): the apply-only
 *     checks (already applied, individual use) and removal of coupons that stopped being valid.
 *   - WC_Cart::check_customer_coupons() and the Store API's OrderController::validate_coupon_usage_limit():
 *     per-user limits counted by email as well as by user id.
 *   - Automattic\WooCommerce\Utilities\DiscountsUtil::is_coupon_emails_allowed(): `*` wildcards.
 *   - Store API CartApplyCoupon route: `woocommerce_rest_cart_coupon_disabled`, 404, "Coupons are disabled.".
 *
 * Error codes. Each problem carries WooCommerce's own number (`wcErrorCode`, the WC_Coupon::E_WC_COUPON_*
 * constant) and a string `code` made from that constant's name: `E_WC_COUPON_EXPIRED` (107) becomes
 * `woocommerce_coupon_expired`, `E_WC_COUPON_MIN_SPEND_LIMIT_NOT_MET` (108) becomes
 * `woocommerce_coupon_min_spend_limit_not_met`, and so on — one code per WooCommerce reason, so a client
 * can tell reasons apart (the Store API folds them all into `woocommerce_rest_cart_coupon_error`). The one
 * refusal with no WC_Coupon constant, coupons switched off, uses the Store API's own code and status
 * (`woocommerce_rest_cart_coupon_disabled`, 404) with `wcErrorCode` 0. Every other problem is a 400, as in
 * WC_Discounts::is_coupon_valid() (`'status' => 400`) and the Store API.
 *
 * Pure: no I/O. Money is minor units; `ctx.formatMoney` turns the minimum/maximum spend into display text
 * (WooCommerce's wc_price()), so `args` and `message` are ready to show.
 */
import type { Coupon } from './types.ts';

/** One cart line as the coupon rules see it. */
export interface CouponLine {
  key: string;
  /** The product, or for a variation the variation's own id. */
  productId: number;
  /** For a variation its parent product; 0 for a product with no parent. */
  parentId: number;
  /** Product name, listed in "not applicable to the products: …". */
  name: string;
  /** The product's own categories (for a variation, its own — usually none). */
  categoryIds: number[];
  /** The parent's categories for a variation; [] otherwise. WooCommerce matches a variation by both. */
  parentCategoryIds: number[];
  onSale: boolean;
  /** line price as entered (unit × qty), minor units */
  price: number;
  quantity: number;
}

export interface CouponCheckContext {
  /** Unix seconds. */
  now: number;
  lines: CouponLine[];
  /** sum of line prices, minor units (WooCommerce uses the displayed subtotal: incl. tax when shown so) */
  subtotal: number;
  /** billing email, lower case, '' if unknown */
  email: string;
  /** Email of the logged-in user's account, lower case; '' or absent for guests. */
  accountEmail?: string;
  userId: number | null;
  /** Display text for an amount (wc_price()); used in the minimum/maximum spend messages. */
  formatMoney: (minor: number) => string;
  /** Category name by id, for "not applicable to the categories: …"; the id is shown when absent. */
  categoryName?: (id: number) => string | undefined;
}

export interface CouponProblem {
  /** `woocommerce_coupon_<reason>` from the E_WC_COUPON_* name, or `woocommerce_rest_cart_coupon_disabled`. */
  code: string;
  /** WC_Coupon E_WC_COUPON_* number; 0 when WooCommerce has none (coupons disabled). */
  wcErrorCode: number;
  /** What kind of refusal it is: invalid, or not found for coupons disabled. */
  kind: 'invalid' | 'not_found';
  /** English message with `%s` placeholders, WooCommerce's wording (for translation). */
  msgid: string;
  /** Values for the placeholders, in order, already formatted. */
  args: string[];
  /** msgid with args filled in. */
  message: string;
}

/** The WC_Coupon error constants this module can report. */
export const WC_COUPON_ERROR = {
  E_WC_COUPON_INVALID_REMOVED: 101,
  E_WC_COUPON_NOT_YOURS_REMOVED: 102,
  E_WC_COUPON_ALREADY_APPLIED: 103,
  E_WC_COUPON_ALREADY_APPLIED_INDIV_USE_ONLY: 104,
  E_WC_COUPON_NOT_EXIST: 105,
  E_WC_COUPON_USAGE_LIMIT_REACHED: 106,
  E_WC_COUPON_EXPIRED: 107,
  E_WC_COUPON_MIN_SPEND_LIMIT_NOT_MET: 108,
  E_WC_COUPON_NOT_APPLICABLE: 109,
  E_WC_COUPON_NOT_VALID_SALE_ITEMS: 110,
  E_WC_COUPON_PLEASE_ENTER: 111,
  E_WC_COUPON_MAX_SPEND_LIMIT_MET: 112,
  E_WC_COUPON_EXCLUDED_PRODUCTS: 113,
  E_WC_COUPON_EXCLUDED_CATEGORIES: 114,
} as const;

type WcErrorName = keyof typeof WC_COUPON_ERROR;

function fill(msgid: string, args: readonly string[]): string {
  let i = 0;
  return msgid.replace(/%s/g, () => args[i++] ?? '');
}

function problem(name: WcErrorName, msgid: string, args: string[] = []): CouponProblem {
  return {
    code: `woocommerce_${name.slice('E_WC_'.length).toLowerCase()}`,
    wcErrorCode: WC_COUPON_ERROR[name],
    kind: 'invalid',
    msgid,
    args,
    message: fill(msgid, args),
  };
}

const NOT_APPLICABLE = 'Sorry, this coupon is not applicable to selected products.';

/** wc_get_product_coupon_types(): the types that discount chosen lines rather than the cart. */
function isProductCouponType(coupon: Coupon): boolean {
  return coupon.discountType === 'percent' || coupon.discountType === 'fixed_product';
}

function intersects(a: readonly number[], b: readonly number[]): boolean {
  return a.some((x) => b.includes(x));
}

/** wc_get_product_cat_ids(product) merged with the parent's, as the WC_Discounts checks do. */
function lineAndParentCategories(line: CouponLine): number[] {
  return line.parentId ? [...line.categoryIds, ...line.parentCategoryIds] : line.categoryIds;
}

/**
 * WC_Coupon::is_valid_for_product(): does a percent / fixed_product coupon discount this line?
 * Products or categories included (none listed = all), then excluded products, excluded categories
 * and sale items taken out. A variation is matched by its own id or its parent's, and by its parent's
 * categories only (WooCommerce reads a variation's categories from the parent here).
 */
function isValidForLine(coupon: Coupon, line: CouponLine): boolean {
  if (!isProductCouponType(coupon)) return false;
  const ids = [line.productId, line.parentId];
  const cats = line.parentId ? line.parentCategoryIds : line.categoryIds;
  let valid = false;
  if (coupon.productIds.length && intersects(ids, coupon.productIds)) valid = true;
  if (coupon.productCategories.length && intersects(cats, coupon.productCategories)) valid = true;
  if (!coupon.productIds.length && !coupon.productCategories.length) valid = true;
  if (coupon.excludedProductIds.length && intersects(ids, coupon.excludedProductIds)) valid = false;
  if (coupon.excludedProductCategories.length && intersects(cats, coupon.excludedProductCategories)) valid = false;
  if (coupon.excludeSaleItems && line.onSale) valid = false;
  return valid;
}

/**
 * Which lines the coupon applies to (WC_Discounts::get_items_to_apply_coupon): for percent and
 * fixed_product coupons the lines WC_Coupon::is_valid_for_product() accepts; a fixed_cart coupon is
 * valid for the whole cart and spreads over every line. Lines with no quantity are skipped; lines already
 * discounted to zero by an earlier coupon are the discount arithmetic's to skip.
 */
export function eligibleLines(coupon: Coupon, lines: readonly CouponLine[]): CouponLine[] {
  return lines.filter((line) => line.quantity > 0 && (!isProductCouponType(coupon) || isValidForLine(coupon, line)));
}

/**
 * DiscountsUtil::is_coupon_emails_allowed(): any of the emails equals a restriction, or matches one in
 * which `*` stands for any run of characters (WooCommerce turns `*` into `(.+)?`). WooCommerce pastes the
 * rest of the restriction into a regex unescaped, so there a `.` matches any character and a `+` breaks
 * the pattern; here everything but `*` is literal.
 */
export function emailsAllowed(emails: readonly string[], restrictions: readonly string[]): boolean {
  for (const email of emails) {
    if (restrictions.includes(email)) return true;
    for (const restriction of restrictions) {
      const pattern = restriction
        .split('*')
        .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
        .join('.*');
      if (new RegExp(`^${pattern}$`).test(email)) return true;
    }
  }
  return false;
}

function isUnlimited(limit: number | null): limit is null {
  return limit === null || limit <= 0;
}

/**
 * WC_Discounts::is_coupon_valid(): may this coupon be used with this cart? The first failing check wins,
 * in WooCommerce's order:
 *  1. exists and published — `Coupon "%s" does not exist!` (a draft, pending, private or trashed coupon is
 *     not found by code in WooCommerce, so it "does not exist"); an empty code is "Please enter a coupon code."
 *  2. usage limit — usageCount ≥ usageLimit (0 or null = unlimited)
 *  3. usage limit per user — entries of usedBy that are the user's id, billing email or account email.
 *     WooCommerce counts the user id when the coupon is applied and the emails again at checkout
 *     (WC_Cart::check_customer_coupons, the Store API's order validation); with no separate checkout step
 *     here, both are counted at once.
 *  4. expiry — now > expiresAt
 *  5. minimum spend — minimumAmount > subtotal; 6. maximum spend — maximumAmount < subtotal (0 = none)
 *  7. product ids — some line is, or is a variation of, one of them
 *  8. product categories — some line (sale lines skipped when the coupon excludes sale items) is in one,
 *     by its own or its parent's categories
 *  9. percent / fixed_product coupons: some line passes is_valid_for_product (excludes, sale items)
 * 10. fixed_cart coupons: no sale line when sale items are excluded, then no excluded product, then no
 *     excluded category anywhere in the cart — one such line refuses the whole coupon
 * 11. allowed emails — the billing or account email matches a restriction. As in WooCommerce since 8.6,
 *     a restricted coupon is refused while no email is known ("Please enter a valid email at checkout to
 *     use coupon code …"); once an email is known and does not match, the message drops "at checkout".
 */
export function validateCoupon(coupon: Coupon | undefined, code: string, ctx: CouponCheckContext): CouponProblem | null {
  if (!coupon || coupon.status !== 'publish') {
    if (code === '') return problem('E_WC_COUPON_PLEASE_ENTER', 'Please enter a coupon code.');
    return problem('E_WC_COUPON_NOT_EXIST', 'Coupon "%s" does not exist!', [code]);
  }

  if (!isUnlimited(coupon.usageLimit) && coupon.usageCount >= coupon.usageLimit) {
    return problem('E_WC_COUPON_USAGE_LIMIT_REACHED', 'Coupon usage limit has been reached.');
  }

  if (!isUnlimited(coupon.usageLimitPerUser)) {
    const aliases = new Set<string>();
    if (ctx.userId) aliases.add(String(ctx.userId));
    if (ctx.email) aliases.add(ctx.email.toLowerCase());
    if (ctx.accountEmail) aliases.add(ctx.accountEmail.toLowerCase());
    const used = coupon.usedBy.filter((who) => aliases.has(who.toLowerCase())).length;
    if (aliases.size > 0 && used >= coupon.usageLimitPerUser) {
      return problem('E_WC_COUPON_USAGE_LIMIT_REACHED', 'Coupon usage limit has been reached.');
    }
  }

  if (coupon.expiresAt !== null && ctx.now > coupon.expiresAt) {
    return problem('E_WC_COUPON_EXPIRED', 'This coupon has expired.');
  }

  if (coupon.minimumAmount !== null && coupon.minimumAmount > 0 && coupon.minimumAmount > ctx.subtotal) {
    return problem('E_WC_COUPON_MIN_SPEND_LIMIT_NOT_MET', 'The minimum spend for this coupon is %s.', [
      ctx.formatMoney(coupon.minimumAmount),
    ]);
  }

  if (coupon.maximumAmount !== null && coupon.maximumAmount > 0 && coupon.maximumAmount < ctx.subtotal) {
    return problem('E_WC_COUPON_MAX_SPEND_LIMIT_MET', 'The maximum spend for this coupon is %s.', [
      ctx.formatMoney(coupon.maximumAmount),
    ]);
  }

  if (coupon.productIds.length > 0) {
    const ok = ctx.lines.some((l) => coupon.productIds.includes(l.productId) || coupon.productIds.includes(l.parentId));
    if (!ok) return problem('E_WC_COUPON_NOT_APPLICABLE', NOT_APPLICABLE);
  }

  if (coupon.productCategories.length > 0) {
    const ok = ctx.lines.some(
      (l) => !(coupon.excludeSaleItems && l.onSale) && intersects(lineAndParentCategories(l), coupon.productCategories),
    );
    if (!ok) return problem('E_WC_COUPON_NOT_APPLICABLE', NOT_APPLICABLE);
  }

  if (isProductCouponType(coupon)) {
    if (ctx.lines.length > 0 && !ctx.lines.some((l) => isValidForLine(coupon, l))) {
      return problem('E_WC_COUPON_NOT_APPLICABLE', NOT_APPLICABLE);
    }
  } else {
    if (coupon.excludeSaleItems && ctx.lines.some((l) => l.onSale)) {
      return problem('E_WC_COUPON_NOT_VALID_SALE_ITEMS', 'Sorry, this coupon is not valid for sale items.');
    }
    if (coupon.excludedProductIds.length > 0) {
      const names = ctx.lines
        .filter((l) => coupon.excludedProductIds.includes(l.productId) || coupon.excludedProductIds.includes(l.parentId))
        .map((l) => l.name);
      if (names.length > 0) {
        return problem('E_WC_COUPON_EXCLUDED_PRODUCTS', 'Sorry, this coupon is not applicable to the products: %s.', [
          names.join(', '),
        ]);
      }
    }
    if (coupon.excludedProductCategories.length > 0) {
      const names: string[] = [];
      for (const line of ctx.lines) {
        for (const id of lineAndParentCategories(line)) {
          if (coupon.excludedProductCategories.includes(id)) names.push(ctx.categoryName?.(id) ?? String(id));
        }
      }
      if (names.length > 0) {
        return problem('E_WC_COUPON_EXCLUDED_CATEGORIES', 'Sorry, this coupon is not applicable to the categories: %s.', [
          [...new Set(names)].join(', '),
        ]);
      }
    }
  }

  if (coupon.emailRestrictions.length > 0) {
    const emails = [...new Set([ctx.accountEmail ?? '', ctx.email].map((e) => e.trim().toLowerCase()).filter(Boolean))];
    if (!emailsAllowed(emails, coupon.emailRestrictions)) {
      return ctx.email
        ? problem('E_WC_COUPON_NOT_YOURS_REMOVED', 'Please enter a valid email to use coupon code "%s".', [coupon.code])
        : problem('E_WC_COUPON_NOT_YOURS_REMOVED', 'Please enter a valid email at checkout to use coupon code "%s".', [
            coupon.code,
          ]);
    }
  }

  return null;
}

export interface ApplyContext extends CouponCheckContext {
  /** WooCommerce's "Enable the use of coupon codes" (wc_coupons_enabled()). */
  couponsEnabled: boolean;
}

export interface ApplyDecision {
  /** Why the coupon may not be applied; null if it may. */
  problem: CouponProblem | null;
  /**
   * Codes of applied coupons to take off before adding this one: all of them when the new coupon is
   * for individual use (WC_Cart::apply_coupon removes the others rather than refusing). Empty on refusal.
   */
  remove: string[];
}

/**
 * WC_Cart::apply_coupon(), in its order: coupons switched off (the Store API's 404), then
 * validateCoupon(), then already applied ("Coupon code already applied!"), then individual use — a new
 * individual-use coupon replaces every applied coupon (`remove`), while an applied individual-use coupon
 * refuses any other newcomer, naming the applied coupon.
 *
 * Differs from the brief's `checkApplicable(coupon, applied)`: it takes the code and context and runs the
 * validation itself, because WooCommerce validates between "disabled" and "already applied", and because
 * individual use can end in removals rather than a refusal.
 */
export function checkApplicable(
  coupon: Coupon | undefined,
  code: string,
  applied: readonly Coupon[],
  ctx: ApplyContext,
): ApplyDecision {
  if (!ctx.couponsEnabled) {
    const msgid = 'Coupons are disabled.';
    return {
      problem: { code: 'woocommerce_rest_cart_coupon_disabled', wcErrorCode: 0, kind: 'not_found', msgid, args: [], message: msgid },
      remove: [],
    };
  }

  const invalid = validateCoupon(coupon, code, ctx);
  if (invalid || !coupon) return { problem: invalid, remove: [] };

  if (applied.some((a) => a.code === coupon.code)) {
    return { problem: problem('E_WC_COUPON_ALREADY_APPLIED', 'Coupon code already applied!'), remove: [] };
  }

  if (coupon.individualUse) return { problem: null, remove: applied.map((a) => a.code) };

  const blocker = applied.find((a) => a.individualUse);
  if (blocker) {
    return {
      problem: problem(
        'E_WC_COUPON_ALREADY_APPLIED_INDIV_USE_ONLY',
        'Sorry, coupon "%s" has already been applied and cannot be used in conjunction with other coupons.',
        [blocker.code],
      ),
      remove: [],
    };
  }

  return { problem: null, remove: [] };
}

export interface RemovedCoupon {
  code: string;
  /** The notice WooCommerce shows: E_WC_COUPON_INVALID_REMOVED. */
  notice: CouponProblem;
  /** The check that failed. */
  reason: CouponProblem;
}

/**
 * WC_Cart::check_cart_coupons(): after the cart changed, every applied coupon that no longer passes
 * validateCoupon() comes off, with the notice `Sorry, it seems the coupon "%s" is invalid - it has now
 * been removed from your order.` Applied codes are looked up in `coupons` (by lower-case code); a coupon
 * that has since been deleted or unpublished "does not exist" and is removed too.
 */
export function revalidateApplied(
  applied: readonly string[],
  coupons: ReadonlyMap<string, Coupon>,
  ctx: CouponCheckContext,
): { kept: Coupon[]; removed: RemovedCoupon[] } {
  const kept: Coupon[] = [];
  const removed: RemovedCoupon[] = [];
  for (const code of applied) {
    const coupon = coupons.get(code.toLowerCase());
    const reason = validateCoupon(coupon, code, ctx);
    if (!reason && coupon) {
      kept.push(coupon);
      continue;
    }
    removed.push({
      code,
      reason: reason ?? problem('E_WC_COUPON_NOT_EXIST', 'Coupon "%s" does not exist!', [code]),
      notice: problem(
        'E_WC_COUPON_INVALID_REMOVED',
        'Sorry, it seems the coupon "%s" is invalid - it has now been removed from your order.',
        [code],
      ),
    });
  }
  return { kept, removed };
}
