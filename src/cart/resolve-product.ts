import type { CatalogSnapshot } from '../catalog/snapshot.ts';
import type { Product, ProductAttribute } from '../catalog/types.ts';
import { CocartError } from '../errors.ts';

/**
 * Finds what a shopper means by `id` (+ `variation`): a product by ID or SKU, and for variable
 * products the variation the chosen attributes select, with the attribute map the line will carry.
 * Its errors are CoCart's add-item ones for an unknown product or SKU and for variations, in CoCart's
 * order (docs/wire-contract.md#adding-items).
 */

export interface Resolved {
  product: Product;
  /** The parent for a variation, else the product itself. */
  parent: Product;
  variation: Record<string, string>;
}

export function findProduct(catalog: CatalogSnapshot, id: string): Product {
  const raw = id.trim();
  if (!raw) throw new CocartError('cocart_product_id_required', 'not_found', 'Product ID number is required!');
  if (/^\d+$/.test(raw)) {
    const p = catalog.products.get(Number(raw));
    if (!p || p.status !== 'publish') throw new CocartError('cocart_invalid_product', 'invalid', 'This product cannot be added to the cart.');
    return p;
  }
  const bySku = catalog.getBySku(raw);
  if (!bySku) throw new CocartError('cocart_unknown_product_id', 'not_found', 'Product does not exist! Check this ID or SKU "%s" is correct.', [raw]);
  return bySku;
}

/** Accepts `attribute_pa_colour`, `pa_colour` or the attribute's label as the key. */
function attributeFor(parent: Product, key: string): ProductAttribute | undefined {
  const k = key.trim();
  const bare = k.toLowerCase().startsWith('attribute_') ? k.slice('attribute_'.length) : k;
  return parent.attributes.find(
    (a) => a.taxonomy.toLowerCase() === bare.toLowerCase() || a.name.toLowerCase() === bare.toLowerCase(),
  );
}

/** A posted value as the option slug it names (slug or label, case-insensitive), or null. */
function optionSlug(attr: ProductAttribute, value: string): string | null {
  const v = value.trim().toLowerCase();
  const hit = attr.options.find((o) => o.slug.toLowerCase() === v || o.label.toLowerCase() === v);
  return hit ? hit.slug : null;
}

function variationAttributes(parent: Product): ProductAttribute[] {
  return parent.attributes.filter((a) => a.variation);
}

export function resolveVariation(catalog: CatalogSnapshot, product: Product, posted: Record<string, unknown>): Resolved {
  if (product.type !== 'variable' && product.type !== 'variation') return { product, parent: product, variation: {} };

  const parent = product.type === 'variation' ? catalog.parentOf(product) : product;
  if (!parent || parent.status !== 'publish') {
    throw new CocartError('cocart_cart_invalid_parent_product', 'not_found', 'This product cannot be added to the cart.');
  }

  // The posted attributes, checked against the parent's options.
  const chosen: Record<string, string> = {};
  for (const [key, raw] of Object.entries(posted ?? {})) {
    const attr = attributeFor(parent, key);
    if (!attr || !attr.variation) continue;
    const value = String(raw ?? '');
    const slug = optionSlug(attr, value);
    if (slug === null) {
      throw new CocartError(
        'cocart_invalid_variation_data',
        'invalid',
        'Invalid value posted for %1$s. Allowed values: %2$s',
        [attr.name, attr.options.map((o) => o.slug).join(', ')],
      );
    }
    chosen[`attribute_${attr.taxonomy}`] = slug;
  }

  const attrs = variationAttributes(parent);
  let variation: Product | undefined;
  if (product.type === 'variation') {
    variation = product;
    // Fixed values of the variation win over anything posted for them.
    for (const [key, value] of Object.entries(product.variationAttributes)) if (value) chosen[key] = value;
  } else {
    const candidates = catalog.variationsOf(parent.id).filter((v) =>
      Object.entries(v.variationAttributes).every(([key, value]) => !value || chosen[key] === undefined || chosen[key] === value),
    );
    const missing = attrs.filter((a) => chosen[`attribute_${a.taxonomy}`] === undefined);
    // Attributes every candidate fixes to one value can be inferred; the others must be chosen.
    variation = missing.length ? undefined : candidates.find((v) => Object.entries(v.variationAttributes).every(([k, val]) => !val || chosen[k] === val));
    if (!variation && missing.length) {
      throw new CocartError('cocart_missing_variation_data', 'invalid', 'Missing variation data for variable product. %s is a required field.', [
        missing.map((a) => a.name).join(', '),
      ]);
    }
    if (!variation) {
      throw new CocartError('cocart_no_variation_found', 'not_found', 'No matching variation found.');
    }
  }

  // Any attribute the variation leaves open must have been chosen.
  const open = attrs.filter((a) => !variation.variationAttributes[`attribute_${a.taxonomy}`] && chosen[`attribute_${a.taxonomy}`] === undefined);
  if (open.length) {
    throw new CocartError('cocart_missing_variation_data', 'invalid', 'Missing variation data for variable product. %s is a required field.', [
      open.map((a) => a.name).join(', '),
    ]);
  }
  const map: Record<string, string> = {};
  for (const a of attrs) {
    const key = `attribute_${a.taxonomy}`;
    map[key] = variation.variationAttributes[key] || chosen[key] || '';
  }
  return { product: variation, parent, variation: map };
}
