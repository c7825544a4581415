import { attributeKey } from './product.ts';
import type { Product } from './types.ts';

/**
 * The variations a variable product can have: one per combination of the options of its variation
 * attributes (WooCommerce's "generate variations"). A combination is `attribute_<taxonomy>` → option
 * slug, as a variation stores its attributes.
 */

export type Combination = Record<string, string>;

/** Every combination, the first attribute varying slowest, in the parent's attribute order. */
export function allCombinations(parent: Product): Combination[] {
  const attributes = parent.attributes.filter((a) => a.variation && a.options.length);
  if (!attributes.length) return [];
  let out: Combination[] = [{}];
  for (const a of attributes) out = out.flatMap((c) => a.options.map((o) => ({ ...c, [attributeKey(a.taxonomy)]: o.slug })));
  return out;
}

const sameCombination = (a: Combination, b: Combination) => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
};

/** The combinations no variation has yet, at most `limit` of them. */
export function missingCombinations(parent: Product, variations: Product[], limit: number): Combination[] {
  return allCombinations(parent)
    .filter((c) => !variations.some((v) => sameCombination(v.variationAttributes, c)))
    .slice(0, limit);
}

/** Variations that match no combination, and any second variation of one combination: the ones a regeneration removes. */
export function unmatchedVariations(parent: Product, variations: Product[]): Product[] {
  const unclaimed = allCombinations(parent);
  return variations.filter((v) => {
    const i = unclaimed.findIndex((c) => sameCombination(v.variationAttributes, c));
    if (i === -1) return true;
    unclaimed.splice(i, 1);
    return false;
  });
}
