import type { PricedCart } from '../cart/price-cart.ts';
import { roundHalfUp } from '../commerce/money.ts';
import type { Customer } from '../cart/types.ts';
import type { CouponLine, FeeLine, Order, OrderAddress, OrderLine, ShippingLine, TaxLine } from './order.ts';
import { emptyAddress } from './order.ts';

/**
 * The order a priced cart becomes: every line, shipping rate, fee, coupon and tax exactly as the cart
 * was priced, so the order's total is the cart's total at that moment. Pure: the caller supplies the
 * key, the time and who buys; storing it (with its stock and coupon changes) is the store's work.
 */
export type OrderDraft = Pick<
  Order,
  'key' | 'currency' | 'pricesIncludeTax' | 'customerId' | 'billing' | 'shipping' | 'paymentMethod' | 'paymentMethodTitle' | 'customerNote' | 'createdVia'
> & {
  /** When it is placed (unix seconds). */
  now: number;
};

export function orderFromCart(priced: PricedCart, draft: OrderDraft): Order {
  const lines: OrderLine[] = priced.lines.map(({ line, product, parent, totals }) => {
    const rateIds = [...new Set([...totals.subtotalTaxes.keys(), ...totals.taxes.keys()])];
    return {
      id: 0,
      productId: line.productId,
      variationId: line.variationId,
      name: product.type === 'variation' ? `${parent.name} - ${Object.values(line.variation).join(', ')}` : product.name,
      sku: product.sku,
      quantity: line.quantity,
      variation: { ...line.variation },
      itemData: { ...line.itemData },
      taxClass: product.taxClass,
      subtotal: totals.subtotal,
      subtotalTax: totals.subtotalTax,
      total: totals.total,
      tax: totals.tax,
      taxes: rateIds.map((rateId) => ({
        rateId,
        subtotal: roundHalfUp(totals.subtotalTaxes.get(rateId) ?? 0),
        total: roundHalfUp(totals.taxes.get(rateId) ?? 0),
      })),
      stockProductId: product.manageStock ? product.id : product.type === 'variation' && parent.manageStock ? parent.id : 0,
      reducedStock: 0,
    };
  });

  const shippingLines: ShippingLine[] = priced.packages.flatMap((pkg) => {
    const chosen = pkg.rates.find((r) => r.rate.id === pkg.chosen);
    if (!chosen) return [];
    return [
      {
        id: 0,
        rateId: chosen.rate.id,
        methodId: chosen.rate.methodId,
        instanceId: chosen.rate.instanceId,
        methodTitle: chosen.rate.label,
        total: chosen.rate.cost,
        tax: chosen.tax,
        taxes: [...chosen.taxes].map(([rateId, total]) => ({ rateId, total })),
      },
    ];
  });

  const feeLines: FeeLine[] = priced.fees.map((fee) => ({ id: 0, name: fee.name, taxClass: fee.taxClass, taxable: fee.taxable, total: fee.amount, tax: fee.tax }));

  const couponLines: CouponLine[] = priced.coupons.map(({ coupon, discount, tax }) => ({
    id: 0,
    code: coupon.code,
    discountType: coupon.discountType,
    nominalAmount: coupon.amount,
    freeShipping: coupon.freeShipping,
    discount,
    discountTax: tax,
  }));

  const taxLines: TaxLine[] = priced.taxes.map(({ rate, amount }) => {
    const shippingTax = priced.taxesByPart.shipping.get(rate.id) ?? 0;
    return {
      id: 0,
      rateId: rate.id,
      rateCode: rateCode(rate),
      label: rate.name,
      compound: rate.compound,
      taxTotal: amount - shippingTax,
      shippingTaxTotal: shippingTax,
    };
  });

  const t = priced.totals;
  return {
    id: 0,
    key: draft.key,
    status: 'checkout-draft',
    currency: draft.currency,
    pricesIncludeTax: draft.pricesIncludeTax,
    customerId: draft.customerId,
    billing: draft.billing,
    shipping: draft.shipping,
    paymentMethod: draft.paymentMethod,
    paymentMethodTitle: draft.paymentMethodTitle,
    transactionId: '',
    customerNote: draft.customerNote,
    createdVia: draft.createdVia,
    cartHash: priced.hash,
    lines,
    shippingLines,
    feeLines,
    couponLines,
    taxLines,
    totals: {
      discountTotal: t.discount_total,
      discountTax: t.discount_tax,
      shippingTotal: t.shipping_total,
      shippingTax: t.shipping_tax,
      cartTax: t.total_tax - t.shipping_tax,
      total: t.total,
      totalTax: t.total_tax,
    },
    createdAt: draft.now,
    modifiedAt: draft.now,
    paidAt: null,
    completedAt: null,
    stockReduced: false,
    couponUsageRecorded: false,
    holdUntil: null,
    meta: {},
  };
}

/** WooCommerce's rate code: `COUNTRY-STATE-NAME-PRIORITY`, upper case, empty parts left out. */
function rateCode(rate: { country: string; state: string; name: string; priority: number }): string {
  return [rate.country, rate.state, rate.name || 'TAX', String(rate.priority)]
    .filter((part) => part !== '')
    .join('-')
    .toUpperCase();
}

/** The cart customer's addresses as an order's (shipping falls back to billing when none was given). */
export function addressesOf(customer: Customer): { billing: OrderAddress; shipping: OrderAddress } {
  const billing = { ...emptyAddress(), ...pick(customer.billing) };
  const ownShipping = { ...emptyAddress(), ...pick(customer.shipping) };
  const shipping = ownShipping.country || ownShipping.address_1 ? ownShipping : { ...billing, email: '', phone: ownShipping.phone };
  return { billing, shipping };
}

function pick(fields: Record<string, string | undefined>): Partial<OrderAddress> {
  const out: Partial<OrderAddress> = {};
  for (const key of Object.keys(emptyAddress()) as (keyof OrderAddress)[]) {
    const value = fields[key];
    if (typeof value === 'string') out[key] = value;
  }
  return out;
}
