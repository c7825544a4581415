import { describe, expect, it } from 'vitest';
import { removeCoupon } from '../../src/cart/remove-coupon.ts';
import { emptyCart } from '../../src/cart/types.ts';
import { refusal } from './builders.ts';

const cart = { ...emptyCart(), coupons: ['save10', 'fiver'] };

describe('removeCoupon', () => {
  it('takes the coupon off whatever its case or spacing, with a success notice', () => {
    const r = removeCoupon(cart, ' SAVE10 ');
    expect(r.coupons).toEqual(['fiver']);
    expect(r.notices).toEqual([{ type: 'success', msgid: 'Coupon code removed successfully.', args: [] }]);
  });

  it('refuses a coupon that is not applied with cocart_coupon_not_applied (not_found), naming it', () => {
    expect(refusal(() => removeCoupon(cart, 'Other'))).toMatchObject({ code: 'cocart_coupon_not_applied', kind: 'not_found', args: ['other'] });
  });

  it('refuses an empty code with woocommerce_coupon_please_enter (invalid)', () => {
    expect(refusal(() => removeCoupon(cart, ' '))).toMatchObject({ code: 'woocommerce_coupon_please_enter', kind: 'invalid' });
  });
});
