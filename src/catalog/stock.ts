import type { Backorders, Product, StockStatus } from './types.ts';

/** Stock as it applies to a product: a variation that does not manage its own stock uses its parent's. */
export interface EffectiveStock {
  managed: boolean;
  quantity: number | null;
  status: StockStatus;
  backorders: Backorders;
  lowStockAmount: number | null;
}

export function effectiveStock(p: Product, parent?: Product | null): EffectiveStock {
  const source = !p.manageStock && parent?.manageStock && p.type === 'variation' ? parent : p;
  return {
    managed: source.manageStock,
    quantity: source.manageStock ? source.stockQuantity : null,
    status: stockStatusOf(source),
    backorders: source.backorders,
    lowStockAmount: source.lowStockAmount,
  };
}

/** A managed product's status follows its quantity and backorder setting, as WooCommerce keeps it. */
function stockStatusOf(p: Product): StockStatus {
  if (!p.manageStock) return p.stockStatus;
  const qty = p.stockQuantity ?? 0;
  if (qty > 0) return 'instock';
  return p.backorders === 'no' ? 'outofstock' : 'onbackorder';
}

export function backordersAllowed(stock: EffectiveStock): boolean {
  return stock.backorders !== 'no';
}

/** Whether buying `quantity` would put the product on backorder. */
export function isBackordered(stock: EffectiveStock, quantity: number): boolean {
  return stock.managed && backordersAllowed(stock) && (stock.quantity ?? 0) < quantity;
}

/** The most a shopper may buy at once; -1 means unlimited (CoCart's convention). */
export function maxPurchaseQuantity(p: Product, stock: EffectiveStock): number {
  if (p.soldIndividually) return 1;
  let max = p.maxPurchase ?? -1;
  if (stock.managed && !backordersAllowed(stock)) {
    const qty = Math.max(stock.quantity ?? 0, 0);
    max = max === -1 ? qty : Math.min(max, qty);
  }
  return max;
}

export function minPurchaseQuantity(p: Product): number {
  return Math.max(p.minPurchase, 1);
}
