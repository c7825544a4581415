import type { Kysely } from 'kysely';
import { attributeKey } from '../product.ts';
import { loadCatalogRows, saveProduct } from '../repository.ts';
import type { Attribute, Product, Term } from '../types.ts';
import type { Database } from '../../db/schema.ts';

/**
 * Products refer to categories, tags and brands by id, but to shipping classes and attribute terms by slug
 * (and keep attribute term labels), so renaming or deleting a term or an attribute rewrites the
 * products that use it, in the same transaction as the change itself.
 */

type Rewrite = (p: Product) => Product | null;

/** Applies `rewrite` to every stored product; saves those it returns changed. */
export async function rewriteProducts(db: Kysely<Database>, rewrite: Rewrite): Promise<void> {
  const { products } = await loadCatalogRows(db);
  for (const p of products) {
    const changed = rewrite(p);
    if (changed) await saveProduct(db, changed);
  }
}

function renameKey(map: Record<string, string>, from: string, to: string): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k === from ? to : k, v]));
}

function replaceValue(map: Record<string, string>, key: string, from: string, to: string): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, k === key && v === from ? to : v]));
}

export function termRenamed(before: Term, after: Term): Rewrite {
  return (p) => {
    if (before.taxonomy === 'product_shipping_class') {
      return p.shippingClass === before.slug && before.slug !== after.slug ? { ...p, shippingClass: after.slug } : null;
    }
    if (!before.taxonomy.startsWith('pa_')) return null;
    const key = attributeKey(before.taxonomy);
    const declares = p.attributes.some((a) => a.taxonomy === before.taxonomy && a.options.some((o) => o.slug === before.slug));
    const chooses = p.variationAttributes[key] === before.slug || p.defaultAttributes[key] === before.slug;
    if (!declares && !chooses) return null;
    return {
      ...p,
      attributes: p.attributes.map((a) =>
        a.taxonomy !== before.taxonomy ? a : { ...a, options: a.options.map((o) => (o.slug === before.slug ? { slug: after.slug, label: after.name } : o)) },
      ),
      variationAttributes: replaceValue(p.variationAttributes, key, before.slug, after.slug),
      defaultAttributes: replaceValue(p.defaultAttributes, key, before.slug, after.slug),
    };
  };
}

export function termDeleted(term: Term): Rewrite {
  return (p) => {
    switch (term.taxonomy) {
      case 'product_cat':
        return p.categoryIds.includes(term.id) ? { ...p, categoryIds: p.categoryIds.filter((id) => id !== term.id) } : null;
      case 'product_tag':
        return p.tagIds.includes(term.id) ? { ...p, tagIds: p.tagIds.filter((id) => id !== term.id) } : null;
      case 'product_brand':
        return p.brandIds.includes(term.id) ? { ...p, brandIds: p.brandIds.filter((id) => id !== term.id) } : null;
      case 'product_shipping_class':
        return p.shippingClass === term.slug ? { ...p, shippingClass: '' } : null;
    }
    const key = attributeKey(term.taxonomy);
    if (!p.attributes.some((a) => a.taxonomy === term.taxonomy) && p.defaultAttributes[key] !== term.slug) return null;
    // Variations keep their stored value, as WooCommerce keeps the variation's meta.
    const defaults = { ...p.defaultAttributes };
    if (defaults[key] === term.slug) delete defaults[key];
    return {
      ...p,
      attributes: p.attributes.map((a) => (a.taxonomy !== term.taxonomy ? a : { ...a, options: a.options.filter((o) => o.slug !== term.slug) })),
      defaultAttributes: defaults,
    };
  };
}

export function attributeRenamed(before: Attribute, after: Attribute): Rewrite {
  const from = `pa_${before.slug}`;
  const to = `pa_${after.slug}`;
  return (p) => {
    const uses = p.attributes.some((a) => a.taxonomy === from) || attributeKey(from) in p.variationAttributes || attributeKey(from) in p.defaultAttributes;
    if (!uses) return null;
    return {
      ...p,
      attributes: p.attributes.map((a) => (a.taxonomy === from ? { ...a, taxonomy: to, name: after.name } : a)),
      variationAttributes: renameKey(p.variationAttributes, attributeKey(from), attributeKey(to)),
      defaultAttributes: renameKey(p.defaultAttributes, attributeKey(from), attributeKey(to)),
    };
  };
}

export function attributeDeleted(attr: Attribute): Rewrite {
  const taxonomy = `pa_${attr.slug}`;
  const key = attributeKey(taxonomy);
  return (p) => {
    if (!p.attributes.some((a) => a.taxonomy === taxonomy) && !(key in p.variationAttributes) && !(key in p.defaultAttributes)) return null;
    const without = (map: Record<string, string>) => Object.fromEntries(Object.entries(map).filter(([k]) => k !== key));
    return {
      ...p,
      attributes: p.attributes.filter((a) => a.taxonomy !== taxonomy),
      variationAttributes: without(p.variationAttributes),
      defaultAttributes: without(p.defaultAttributes),
    };
  };
}
