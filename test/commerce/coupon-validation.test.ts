import { describe, it, expect } from 'vitest';
import type { Coupon } from '../../src/commerce/types.ts';
import {
  checkApplicable,
  eligibleLines,
  emailsAllowed,
  revalidateApplied,
  validateCoupon,
  type ApplyContext,
  type CouponCheckContext,
  type CouponLine,
} from '../../src/commerce/coupon-validation.ts';

const NOW = 1_750_000_000;

function coupon(over: Partial<Coupon> = {}): Coupon {
  return {
    id: 1,
    code: 'summer10',
    status: 'publish',
    discountType: 'percent',
    amount: 10,
    description: '',
    expiresAt: null,
    usageCount: 0,
    individualUse: false,
    productIds: [],
    excludedProductIds: [],
    usageLimit: null,
    usageLimitPerUser: null,
    limitUsageToXItems: null,
    freeShipping: false,
    productCategories: [],
    excludedProductCategories: [],
    excludeSaleItems: false,
    minimumAmount: null,
    maximumAmount: null,
    emailRestrictions: [],
    usedBy: [],
    createdAt: 0,
    modifiedAt: 0,
    ...over,
  };
}

function line(over: Partial<CouponLine> = {}): CouponLine {
  return {
    key: `k${over.productId ?? 10}`,
    productId: 10,
    parentId: 0,
    name: 'Beanie',
    categoryIds: [],
    parentCategoryIds: [],
    onSale: false,
    price: 1800,
    quantity: 1,
    ...over,
  };
}

const CATEGORY_NAMES: Record<number, string> = { 5: 'Hats', 6: 'Shirts', 7: 'Clearance' };

function ctx(over: Partial<CouponCheckContext> = {}): CouponCheckContext {
  const lines = over.lines ?? [line()];
  return {
    now: NOW,
    lines,
    subtotal: lines.reduce((sum, l) => sum + l.price, 0),
    email: '',
    userId: null,
    formatMoney: (minor) => `£${(minor / 100).toFixed(2)}`,
    categoryName: (id) => CATEGORY_NAMES[id],
    ...over,
  };
}

function applyCtx(over: Partial<ApplyContext> = {}): ApplyContext {
  return { ...ctx(over), couponsEnabled: true, ...over };
}

describe('validateCoupon: existence', () => {
  it('accepts a plain published coupon', () => {
    expect(validateCoupon(coupon(), 'summer10', ctx())).toBeNull();
  });

  it('reports an unknown code as 105 "does not exist", 400', () => {
    const p = validateCoupon(undefined, 'nosuch', ctx());
    expect(p).toEqual({
      code: 'woocommerce_coupon_not_exist',
      wcErrorCode: 105,
      kind: 'invalid',
      msgid: 'Coupon "%s" does not exist!',
      args: ['nosuch'],
      message: 'Coupon "nosuch" does not exist!',
    });
  });

  it.each(['draft', 'pending', 'private', 'trash'] as const)('treats a %s coupon as not existing', (status) => {
    expect(validateCoupon(coupon({ status }), 'summer10', ctx())?.wcErrorCode).toBe(105);
  });

  it('asks for a code when none was given (111)', () => {
    const p = validateCoupon(undefined, '', ctx());
    expect(p?.wcErrorCode).toBe(111);
    expect(p?.code).toBe('woocommerce_coupon_please_enter');
    expect(p?.message).toBe('Please enter a coupon code.');
  });
});

describe('validateCoupon: usage limits', () => {
  it('refuses when the usage count has reached the limit', () => {
    const p = validateCoupon(coupon({ usageLimit: 5, usageCount: 5 }), 'summer10', ctx());
    expect(p?.wcErrorCode).toBe(106);
    expect(p?.code).toBe('woocommerce_coupon_usage_limit_reached');
    expect(p?.message).toBe('Coupon usage limit has been reached.');
  });

  it('accepts one below the limit, and treats 0 as unlimited (as WooCommerce does)', () => {
    expect(validateCoupon(coupon({ usageLimit: 5, usageCount: 4 }), 'summer10', ctx())).toBeNull();
    expect(validateCoupon(coupon({ usageLimit: 0, usageCount: 40 }), 'summer10', ctx())).toBeNull();
  });

  it('counts per-user uses by user id', () => {
    const c = coupon({ usageLimitPerUser: 2, usedBy: ['7', 'x@y.com', '7'] });
    expect(validateCoupon(c, 'summer10', ctx({ userId: 7 }))?.wcErrorCode).toBe(106);
    expect(validateCoupon(c, 'summer10', ctx({ userId: 8 }))).toBeNull();
  });

  it('counts per-user uses by billing email and account email, case-insensitively', () => {
    const c = coupon({ usageLimitPerUser: 1, usedBy: ['Guest@Example.com'] });
    expect(validateCoupon(c, 'summer10', ctx({ email: 'guest@example.com' }))?.wcErrorCode).toBe(106);
    expect(validateCoupon(c, 'summer10', ctx({ userId: 3, accountEmail: 'guest@example.com' }))?.wcErrorCode).toBe(106);
    expect(validateCoupon(c, 'summer10', ctx({ email: 'other@example.com' }))).toBeNull();
  });

  it('sums a user id and an email of the same customer', () => {
    const c = coupon({ usageLimitPerUser: 2, usedBy: ['3', 'me@example.com'] });
    expect(validateCoupon(c, 'summer10', ctx({ userId: 3, email: 'me@example.com' }))?.wcErrorCode).toBe(106);
    expect(validateCoupon(c, 'summer10', ctx({ userId: 3 }))).toBeNull();
  });

  it('cannot count a guest with no email yet', () => {
    const c = coupon({ usageLimitPerUser: 1, usedBy: ['someone@example.com'] });
    expect(validateCoupon(c, 'summer10', ctx())).toBeNull();
  });
});

describe('validateCoupon: expiry and spend', () => {
  it('expires strictly after expiresAt', () => {
    expect(validateCoupon(coupon({ expiresAt: NOW }), 'summer10', ctx())).toBeNull();
    const p = validateCoupon(coupon({ expiresAt: NOW - 1 }), 'summer10', ctx());
    expect(p?.wcErrorCode).toBe(107);
    expect(p?.code).toBe('woocommerce_coupon_expired');
    expect(p?.message).toBe('This coupon has expired.');
  });

  it('refuses below the minimum spend with the formatted amount', () => {
    const p = validateCoupon(coupon({ minimumAmount: 2000 }), 'summer10', ctx({ subtotal: 1999 }));
    expect(p).toMatchObject({
      code: 'woocommerce_coupon_min_spend_limit_not_met',
      wcErrorCode: 108,
      msgid: 'The minimum spend for this coupon is %s.',
      args: ['£20.00'],
      message: 'The minimum spend for this coupon is £20.00.',
    });
    expect(validateCoupon(coupon({ minimumAmount: 2000 }), 'summer10', ctx({ subtotal: 2000 }))).toBeNull();
  });

  it('refuses above the maximum spend', () => {
    const p = validateCoupon(coupon({ maximumAmount: 5000 }), 'summer10', ctx({ subtotal: 5001 }));
    expect(p).toMatchObject({ code: 'woocommerce_coupon_max_spend_limit_met', wcErrorCode: 112 });
    expect(p?.message).toBe('The maximum spend for this coupon is £50.00.');
    expect(validateCoupon(coupon({ maximumAmount: 5000 }), 'summer10', ctx({ subtotal: 5000 }))).toBeNull();
  });

  it('treats a zero minimum or maximum as none', () => {
    expect(validateCoupon(coupon({ minimumAmount: 0, maximumAmount: 0 }), 'summer10', ctx({ subtotal: 100 }))).toBeNull();
  });
});

describe('validateCoupon: order of checks', () => {
  it('reports expiry before minimum spend', () => {
    const c = coupon({ expiresAt: NOW - 10, minimumAmount: 100_000 });
    expect(validateCoupon(c, 'summer10', ctx())?.wcErrorCode).toBe(107);
  });

  it('reports the usage limit before expiry, and existence before everything', () => {
    const c = coupon({ usageLimit: 1, usageCount: 1, expiresAt: NOW - 10 });
    expect(validateCoupon(c, 'summer10', ctx())?.wcErrorCode).toBe(106);
    expect(validateCoupon({ ...c, status: 'draft' }, 'summer10', ctx())?.wcErrorCode).toBe(105);
  });

  it('reports the maximum spend before the product restriction', () => {
    const c = coupon({ maximumAmount: 100, productIds: [999] });
    expect(validateCoupon(c, 'summer10', ctx())?.wcErrorCode).toBe(112);
  });

  it('reports the product restriction before the email restriction', () => {
    const c = coupon({ productIds: [999], emailRestrictions: ['vip@example.com'] });
    expect(validateCoupon(c, 'summer10', ctx())?.wcErrorCode).toBe(109);
  });

  it('reports sale items before excluded products for fixed_cart coupons', () => {
    const c = coupon({ discountType: 'fixed_cart', amount: 500, excludeSaleItems: true, excludedProductIds: [11] });
    const lines = [line({ productId: 10, onSale: true }), line({ productId: 11, name: 'Scarf' })];
    expect(validateCoupon(c, 'summer10', ctx({ lines }))?.wcErrorCode).toBe(110);
  });
});

describe('validateCoupon: products and categories', () => {
  it('needs a listed product in the cart', () => {
    const c = coupon({ productIds: [20] });
    const p = validateCoupon(c, 'summer10', ctx());
    expect(p).toMatchObject({ code: 'woocommerce_coupon_not_applicable', wcErrorCode: 109 });
    expect(p?.message).toBe('Sorry, this coupon is not applicable to selected products.');
    expect(validateCoupon(c, 'summer10', ctx({ lines: [line(), line({ productId: 20 })] }))).toBeNull();
  });

  it('matches a listed parent through its variation', () => {
    const c = coupon({ productIds: [20] });
    expect(validateCoupon(c, 'summer10', ctx({ lines: [line({ productId: 21, parentId: 20 })] }))).toBeNull();
  });

  it('refuses a listed product for an empty cart', () => {
    expect(validateCoupon(coupon({ productIds: [20] }), 'summer10', ctx({ lines: [] }))?.wcErrorCode).toBe(109);
  });

  it('needs a line in a listed category', () => {
    const c = coupon({ productCategories: [5] });
    expect(validateCoupon(c, 'summer10', ctx({ lines: [line({ categoryIds: [6] })] }))?.wcErrorCode).toBe(109);
    expect(validateCoupon(c, 'summer10', ctx({ lines: [line({ categoryIds: [6, 5] })] }))).toBeNull();
  });

  it("matches a category through a variation's parent", () => {
    const c = coupon({ productCategories: [5] });
    const variation = line({ productId: 21, parentId: 20, categoryIds: [], parentCategoryIds: [5] });
    expect(validateCoupon(c, 'summer10', ctx({ lines: [variation] }))).toBeNull();
    expect(eligibleLines(c, [variation])).toEqual([variation]);
  });

  it('skips sale lines when matching categories for a coupon that excludes sale items', () => {
    const c = coupon({ discountType: 'fixed_cart', productCategories: [5], excludeSaleItems: true });
    // The only line in the category is on sale: WooCommerce reports "not applicable" (109) before "sale items" (110).
    const lines = [line({ categoryIds: [5], onSale: true }), line({ productId: 11, categoryIds: [6] })];
    expect(validateCoupon(c, 'summer10', ctx({ lines }))?.wcErrorCode).toBe(109);
  });
});

describe('validateCoupon: exclusions differ between fixed_cart and item coupons', () => {
  const lines = [line({ productId: 10, name: 'Beanie' }), line({ productId: 11, name: 'Scarf' })];

  it('a fixed_cart coupon is refused when any excluded product is in the cart, naming it', () => {
    const c = coupon({ discountType: 'fixed_cart', amount: 500, excludedProductIds: [11] });
    const p = validateCoupon(c, 'summer10', ctx({ lines }));
    expect(p).toMatchObject({
      code: 'woocommerce_coupon_excluded_products',
      wcErrorCode: 113,
      msgid: 'Sorry, this coupon is not applicable to the products: %s.',
      args: ['Scarf'],
      message: 'Sorry, this coupon is not applicable to the products: Scarf.',
    });
  });

  it('a fixed_cart coupon names every excluded line, variations through their parent', () => {
    const c = coupon({ discountType: 'fixed_cart', amount: 500, excludedProductIds: [10, 20] });
    const withVariation = [...lines, line({ productId: 21, parentId: 20, name: 'T-shirt - Red' })];
    expect(validateCoupon(c, 'summer10', ctx({ lines: withVariation }))?.args).toEqual(['Beanie, T-shirt - Red']);
  });

  it('a percent coupon stays valid while one line is not excluded, and skips the excluded line', () => {
    const c = coupon({ discountType: 'percent', excludedProductIds: [11] });
    expect(validateCoupon(c, 'summer10', ctx({ lines }))).toBeNull();
    expect(eligibleLines(c, lines).map((l) => l.productId)).toEqual([10]);
  });

  it('a percent coupon is refused when every line is excluded (109, not 113)', () => {
    const c = coupon({ discountType: 'percent', excludedProductIds: [10, 11] });
    expect(validateCoupon(c, 'summer10', ctx({ lines }))?.wcErrorCode).toBe(109);
  });

  it('a fixed_product coupon behaves like percent', () => {
    const c = coupon({ discountType: 'fixed_product', amount: 100, excludedProductIds: [11] });
    expect(validateCoupon(c, 'summer10', ctx({ lines }))).toBeNull();
    expect(eligibleLines(c, lines).map((l) => l.productId)).toEqual([10]);
  });

  it('a fixed_cart coupon is refused for an excluded category, naming categories once each', () => {
    const c = coupon({ discountType: 'fixed_cart', amount: 500, excludedProductCategories: [7, 6] });
    const cats = [
      line({ productId: 10, categoryIds: [7] }),
      line({ productId: 21, parentId: 20, parentCategoryIds: [7, 6] }),
    ];
    const p = validateCoupon(c, 'summer10', ctx({ lines: cats }));
    expect(p).toMatchObject({ code: 'woocommerce_coupon_excluded_categories', wcErrorCode: 114 });
    expect(p?.message).toBe('Sorry, this coupon is not applicable to the categories: Clearance, Shirts.');
  });

  it('a percent coupon with an excluded category only skips those lines', () => {
    const c = coupon({ excludedProductCategories: [7] });
    const cats = [line({ productId: 10, categoryIds: [7] }), line({ productId: 11, categoryIds: [6] })];
    expect(validateCoupon(c, 'summer10', ctx({ lines: cats }))).toBeNull();
    expect(eligibleLines(c, cats).map((l) => l.productId)).toEqual([11]);
  });

  it('shows a category id when no name is known', () => {
    const c = coupon({ discountType: 'fixed_cart', excludedProductCategories: [42] });
    const p = validateCoupon(c, 'summer10', ctx({ lines: [line({ categoryIds: [42] })], categoryName: undefined }));
    expect(p?.args).toEqual(['42']);
  });
});

describe('validateCoupon: sale items', () => {
  const lines = [line({ productId: 10, onSale: true }), line({ productId: 11 })];

  it('a fixed_cart coupon excluding sale items is refused by one sale line', () => {
    const c = coupon({ discountType: 'fixed_cart', excludeSaleItems: true });
    const p = validateCoupon(c, 'summer10', ctx({ lines }));
    expect(p).toMatchObject({ code: 'woocommerce_coupon_not_valid_sale_items', wcErrorCode: 110 });
    expect(p?.message).toBe('Sorry, this coupon is not valid for sale items.');
  });

  it('a percent coupon excluding sale items skips sale lines, and is refused only if all are on sale', () => {
    const c = coupon({ excludeSaleItems: true });
    expect(validateCoupon(c, 'summer10', ctx({ lines }))).toBeNull();
    expect(eligibleLines(c, lines).map((l) => l.productId)).toEqual([11]);
    expect(validateCoupon(c, 'summer10', ctx({ lines: [lines[0]] }))?.wcErrorCode).toBe(109);
  });
});

describe('validateCoupon: allowed emails', () => {
  it('accepts a listed billing email', () => {
    const c = coupon({ emailRestrictions: ['vip@example.com'] });
    expect(validateCoupon(c, 'summer10', ctx({ email: 'vip@example.com' }))).toBeNull();
  });

  it('accepts the logged-in account email when the billing email differs', () => {
    const c = coupon({ emailRestrictions: ['vip@example.com'] });
    expect(validateCoupon(c, 'summer10', ctx({ email: 'other@example.com', userId: 4, accountEmail: 'vip@example.com' }))).toBeNull();
  });

  it('refuses another email (102)', () => {
    const c = coupon({ emailRestrictions: ['vip@example.com'] });
    const p = validateCoupon(c, 'summer10', ctx({ email: 'other@example.com' }));
    expect(p).toMatchObject({
      code: 'woocommerce_coupon_not_yours_removed',
      wcErrorCode: 102,
      kind: 'invalid',
      message: 'Please enter a valid email to use coupon code "summer10".',
    });
  });

  it('refuses while no email is known, as WooCommerce 8.6+ does, asking for one at checkout', () => {
    const c = coupon({ emailRestrictions: ['vip@example.com'] });
    const p = validateCoupon(c, 'summer10', ctx());
    expect(p?.wcErrorCode).toBe(102);
    expect(p?.message).toBe('Please enter a valid email at checkout to use coupon code "summer10".');
  });

  it('matches * wildcards', () => {
    const c = coupon({ emailRestrictions: ['*@example.com'] });
    expect(validateCoupon(c, 'summer10', ctx({ email: 'anyone@example.com' }))).toBeNull();
    expect(validateCoupon(c, 'summer10', ctx({ email: 'anyone@example.org' }))?.wcErrorCode).toBe(102);
    expect(validateCoupon(c, 'summer10', ctx({ email: 'anyone@sub.example.com' }))?.wcErrorCode).toBe(102);
  });

  it('wildcards: * may match nothing, may appear anywhere, and the rest is literal', () => {
    expect(emailsAllowed(['@example.com'], ['*@example.com'])).toBe(true);
    expect(emailsAllowed(['jo.smith@shop.example.com'], ['jo*@*.example.com'])).toBe(true);
    expect(emailsAllowed(['a@sub.example.com'], ['*@*example.com'])).toBe(true);
    expect(emailsAllowed(['a@examplexcom'], ['*@example.com'])).toBe(false);
    expect(emailsAllowed(['a+tag@example.com'], ['a+tag@example.com'])).toBe(true);
    expect(emailsAllowed(['a+tag@example.com'], ['a+*@example.com'])).toBe(true);
    expect(emailsAllowed([], ['*'])).toBe(false);
  });
});

describe('eligibleLines', () => {
  const lines = [
    line({ productId: 10, categoryIds: [5] }),
    line({ productId: 11, categoryIds: [6] }),
    line({ productId: 21, parentId: 20, parentCategoryIds: [6] }),
  ];

  it('a coupon with no product or category list applies to every line', () => {
    expect(eligibleLines(coupon(), lines)).toEqual(lines);
  });

  it('a product list picks those products and variations of them', () => {
    expect(eligibleLines(coupon({ productIds: [10, 20] }), lines).map((l) => l.productId)).toEqual([10, 21]);
  });

  it('products and categories are a union', () => {
    expect(eligibleLines(coupon({ productIds: [10], productCategories: [6] }), lines).map((l) => l.productId)).toEqual([
      10, 11, 21,
    ]);
  });

  it("reads a variation's categories from its parent", () => {
    const own = [line({ productId: 21, parentId: 20, categoryIds: [6], parentCategoryIds: [] })];
    // WC_Coupon::is_valid_for_product takes a variation's categories from the parent only.
    expect(eligibleLines(coupon({ productCategories: [6] }), own)).toEqual([]);
  });

  it('exclusions win over inclusions', () => {
    const c = coupon({ productCategories: [6], excludedProductIds: [20] });
    expect(eligibleLines(c, lines).map((l) => l.productId)).toEqual([11]);
  });

  it('a fixed_cart coupon spreads over every line, exclusions notwithstanding', () => {
    const c = coupon({ discountType: 'fixed_cart', productIds: [10] });
    expect(eligibleLines(c, lines)).toEqual(lines);
  });

  it('skips lines with no quantity', () => {
    expect(eligibleLines(coupon(), [line({ quantity: 0 })])).toEqual([]);
  });
});

describe('checkApplicable', () => {
  const plain = coupon({ id: 2, code: 'plain' });
  const solo = coupon({ id: 3, code: 'solo', individualUse: true });
  const other = coupon({ id: 4, code: 'other' });

  it('applies a valid coupon to an empty list of applied coupons', () => {
    expect(checkApplicable(plain, 'plain', [], applyCtx())).toEqual({ problem: null, remove: [] });
  });

  it('answers 404 woocommerce_rest_cart_coupon_disabled when coupons are switched off', () => {
    const d = checkApplicable(plain, 'plain', [], applyCtx({ couponsEnabled: false }));
    expect(d.problem).toEqual({
      code: 'woocommerce_rest_cart_coupon_disabled',
      wcErrorCode: 0,
      kind: 'not_found',
      msgid: 'Coupons are disabled.',
      args: [],
      message: 'Coupons are disabled.',
    });
  });

  it('validates the coupon before anything about the applied ones', () => {
    expect(checkApplicable(undefined, 'nosuch', [plain], applyCtx()).problem?.wcErrorCode).toBe(105);
    const expired = { ...plain, expiresAt: NOW - 1 };
    expect(checkApplicable(expired, 'plain', [plain], applyCtx()).problem?.wcErrorCode).toBe(107);
  });

  it('refuses a coupon already applied (103)', () => {
    const d = checkApplicable(plain, 'plain', [other, plain], applyCtx());
    expect(d.problem).toMatchObject({ code: 'woocommerce_coupon_already_applied', wcErrorCode: 103, kind: 'invalid' });
    expect(d.problem?.message).toBe('Coupon code already applied!');
  });

  it('a new individual-use coupon replaces the applied coupons', () => {
    expect(checkApplicable(solo, 'solo', [plain, other], applyCtx())).toEqual({ problem: null, remove: ['plain', 'other'] });
  });

  it('a new individual-use coupon also replaces an applied individual-use coupon', () => {
    const solo2 = coupon({ id: 5, code: 'solo2', individualUse: true });
    expect(checkApplicable(solo2, 'solo2', [solo], applyCtx())).toEqual({ problem: null, remove: ['solo'] });
  });

  it('an applied individual-use coupon refuses a newcomer, naming the applied coupon (104)', () => {
    const d = checkApplicable(other, 'other', [plain, solo], applyCtx());
    expect(d.remove).toEqual([]);
    expect(d.problem).toMatchObject({
      code: 'woocommerce_coupon_already_applied_indiv_use_only',
      wcErrorCode: 104,
      kind: 'invalid',
      args: ['solo'],
      message: 'Sorry, coupon "solo" has already been applied and cannot be used in conjunction with other coupons.',
    });
  });

  it('reports "already applied" before individual use', () => {
    expect(checkApplicable(solo, 'solo', [solo], applyCtx()).problem?.wcErrorCode).toBe(103);
  });
});

describe('revalidateApplied', () => {
  it('keeps valid coupons in order and removes those no longer valid, with the reason', () => {
    const keep = coupon({ code: 'keep' });
    const minimum = coupon({ code: 'big', minimumAmount: 10_000 });
    const all = new Map([
      ['keep', keep],
      ['big', minimum],
    ]);
    const { kept, removed } = revalidateApplied(['big', 'keep', 'gone'], all, ctx());
    expect(kept).toEqual([keep]);
    expect(removed.map((r) => [r.code, r.reason.wcErrorCode])).toEqual([
      ['big', 108],
      ['gone', 105],
    ]);
    expect(removed[0].notice).toMatchObject({ code: 'woocommerce_coupon_invalid_removed', wcErrorCode: 101 });
    expect(removed[0].notice.message).toBe(
      'Sorry, it seems the coupon "big" is invalid - it has now been removed from your order.',
    );
  });
});
