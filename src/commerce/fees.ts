import { roundHalfUp } from './money.ts';
import type { FeeRule } from './types.ts';
import type { FeeCharge, ItemsSummary } from './totals.ts';

/** What a fee rule's conditions are checked against. */
export interface FeeContext {
  items: ItemsSummary;
  billingCountry: string;
  paymentMethod: string;
  needsShipping: boolean;
}

/**
 * The store's fee rules that hold for a cart, as charges (excl. tax). A percentage fee is a share of
 * the items total after discounts, excl. tax; minimum and maximum compare against that same total.
 */
export function feeCharges(rules: readonly FeeRule[], ctx: FeeContext): FeeCharge[] {
  const base = ctx.items.total;
  return rules
    .filter((r) => r.enabled)
    .filter((r) => r.minimumAmount === null || base >= r.minimumAmount)
    .filter((r) => r.maximumAmount === null || base <= r.maximumAmount)
    .filter((r) => !r.countries.length || r.countries.includes(ctx.billingCountry.toUpperCase()))
    .filter((r) => !r.paymentMethods.length || r.paymentMethods.includes(ctx.paymentMethod))
    .filter((r) => !r.requiresShipping || ctx.needsShipping)
    .map((r) => ({
      id: feeId(r.name),
      name: r.name,
      amount: r.type === 'percent' ? roundHalfUp((base * r.amount) / 100) : r.amount,
      taxable: r.taxable,
      taxClass: r.taxClass,
    }));
}

/** WooCommerce's fee id: the sanitised name (`sanitize_title`). */
export function feeId(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9\s-]/g, '')
    .trim()
    .replace(/[\s-]+/g, '-');
}
