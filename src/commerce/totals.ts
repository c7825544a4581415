/**
 * Cart totals from priced lines, all in integer minor units. Taxes, discounts, shipping and fees
 * enter through the same shape; every total is the sum of its parts, so they always agree.
 */

export interface PricedLine {
  key: string;
  unitPrice: number;
  quantity: number;
}

export interface LineTotals {
  subtotal: number;
  subtotalTax: number;
  total: number;
  tax: number;
}

export interface CartTotals {
  subtotal: number;
  subtotal_tax: number;
  fee_total: number;
  fee_tax: number;
  discount_total: number;
  discount_tax: number;
  shipping_total: number;
  shipping_tax: number;
  total: number;
  total_tax: number;
}

export const TOTALS_KEYS: readonly (keyof CartTotals)[] = [
  'subtotal', 'subtotal_tax', 'fee_total', 'fee_tax', 'discount_total', 'discount_tax', 'shipping_total', 'shipping_tax', 'total', 'total_tax',
];

export interface TotalsResult {
  lines: Map<string, LineTotals>;
  totals: CartTotals;
}

export function calculateTotals(lines: readonly PricedLine[]): TotalsResult {
  const byLine = new Map<string, LineTotals>();
  let subtotal = 0;
  let subtotalTax = 0;
  let linesTotal = 0;
  let linesTax = 0;
  for (const line of lines) {
    const lineSubtotal = line.unitPrice * line.quantity;
    const t: LineTotals = { subtotal: lineSubtotal, subtotalTax: 0, total: lineSubtotal, tax: 0 };
    byLine.set(line.key, t);
    subtotal += t.subtotal;
    subtotalTax += t.subtotalTax;
    linesTotal += t.total;
    linesTax += t.tax;
  }
  const totals: CartTotals = {
    subtotal,
    subtotal_tax: subtotalTax,
    fee_total: 0,
    fee_tax: 0,
    discount_total: subtotal - linesTotal,
    discount_tax: subtotalTax - linesTax,
    shipping_total: 0,
    shipping_tax: 0,
    total: linesTotal + linesTax,
    total_tax: linesTax,
  };
  return { lines: byLine, totals };
}
