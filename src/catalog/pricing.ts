import type { Product } from './types.ts';

/** Price rules of one product at one moment. Pure; amounts in minor units. */

export function isSaleActive(p: Product, now: number): boolean {
  if (p.salePrice === null) return false;
  if (p.regularPrice !== null && p.salePrice >= p.regularPrice) return false;
  if (p.saleFrom !== null && now < p.saleFrom) return false;
  if (p.saleTo !== null && now > p.saleTo) return false;
  return true;
}

/** The price a shopper pays now, before tax rules; null when the product has no price. */
export function activePrice(p: Product, now: number): number | null {
  return isSaleActive(p, now) ? p.salePrice : p.regularPrice;
}

export interface PriceSpan {
  min: number;
  max: number;
}

export function spanOf(prices: (number | null)[]): PriceSpan | null {
  const known = prices.filter((v): v is number => v !== null);
  if (!known.length) return null;
  return { min: Math.min(...known), max: Math.max(...known) };
}
