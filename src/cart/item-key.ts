import { createHash } from 'node:crypto';

/**
 * WooCommerce's cart item key: md5 of product id, variation id, the chosen attributes and the item
 * data, so the same thing added twice lands on the same line and different item data makes a new one.
 */
export function itemKey(productId: number, variationId: number, variation: Record<string, string>, itemData: Record<string, unknown>): string {
  const parts: string[] = [String(productId)];
  if (variationId) parts.push(String(variationId));
  const attrs = Object.entries(variation);
  if (attrs.length) parts.push(attrs.map(([k, v]) => `${k}${v}`).join(''));
  const data = Object.entries(itemData);
  if (data.length) parts.push(data.map(([k, v]) => `${k}${typeof v === 'object' && v !== null ? encodeURIComponent(JSON.stringify(v)) : String(v)}`).join(''));
  return createHash('md5').update(parts.join('_')).digest('hex');
}
