import { Type, type Static } from '@sinclair/typebox';
import type { Product } from '../../catalog/types.ts';
import { PRODUCT_STATUSES, STOCK_STATUSES } from '../../catalog/types.ts';
import type { WcContext } from './context.ts';
import { compareKeys, pageOf } from './listing.ts';
import { COLLECTION_ARGS, Ids, literals } from './schema.ts';

/**
 * The wc/v3 product and variation list: WooCommerce's collection parameters, evaluated over the
 * in-memory catalogue. Unlike the storefront query (catalog/query.ts) it sees every status, not only
 * published products, and applies no shop visibility rules.
 */


export const ORDER_BY = ['date', 'id', 'include', 'title', 'slug', 'modified', 'price', 'popularity', 'rating', 'menu_order'] as const;

const Shared = {
  ...COLLECTION_ARGS,
  orderby: Type.Optional(literals(ORDER_BY)),
  parent: Type.Optional(Ids),
  parent_exclude: Type.Optional(Ids),
  slug: Type.Optional(Type.String()),
  status: Type.Optional(literals(['any', 'future', 'trash', ...PRODUCT_STATUSES])),
  sku: Type.Optional(Type.String()),
  tax_class: Type.Optional(Type.String()),
  on_sale: Type.Optional(Type.Boolean()),
  min_price: Type.Optional(Type.String()),
  max_price: Type.Optional(Type.String()),
  stock_status: Type.Optional(literals(STOCK_STATUSES)),
};

export const VariationListArgs = Type.Object(Shared);

export const ProductListArgs = Type.Object({
  ...Shared,
  type: Type.Optional(literals(['simple', 'grouped', 'external', 'variable'])),
  featured: Type.Optional(Type.Boolean()),
  category: Type.Optional(Type.String({ description: 'Category ID (comma list for several)' })),
  tag: Type.Optional(Type.String({ description: 'Tag ID (comma list for several)' })),
  shipping_class: Type.Optional(Type.String({ description: 'Shipping class ID (comma list for several)' })),
  attribute: Type.Optional(Type.String({ description: 'Attribute taxonomy, e.g. pa_colour; used with attribute_term' })),
  attribute_term: Type.Optional(Type.String({ description: 'Attribute term ID (comma list for several)' })),
});
export type ProductListArgs = Static<typeof ProductListArgs>;

function ids(value: string | undefined): number[] | null {
  if (value === undefined || value.trim() === '') return null;
  return value.split(',').map((v) => Number(v.trim())).filter((n) => Number.isSafeInteger(n) && n > 0);
}

function words(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

export interface ListResult {
  total: number;
  items: Product[];
}

/** Runs the list over `candidates`; a date or price argument that cannot be read is refused first, naming it. */
export function listProducts(
  c: WcContext,
  candidates: Iterable<Product>,
  args: ProductListArgs,
  defaultOrder: { orderby: (typeof ORDER_BY)[number]; order: 'asc' | 'desc' },
): ListResult {
  const gmt = args.dates_are_gmt ?? false;
  const parsed = {
    after: args.after ? c.parseDate('after', args.after, gmt) : null,
    before: args.before ? c.parseDate('before', args.before, gmt) : null,
    modifiedAfter: args.modified_after ? c.parseDate('modified_after', args.modified_after, gmt) : null,
    modifiedBefore: args.modified_before ? c.parseDate('modified_before', args.modified_before, gmt) : null,
    minPrice: args.min_price ? c.parsePrice('min_price', args.min_price) : null,
    maxPrice: args.max_price ? c.parsePrice('max_price', args.max_price) : null,
  };
  const s = c.snapshot;
  const status = args.status ?? 'any';
  const search = words(args.search ?? '');
  const skus = args.sku ? new Set(args.sku.split(',').map((v) => v.trim()).filter(Boolean)) : null;
  const category = ids(args.category);
  const categories = category ? new Set(category.flatMap((id) => [...s.categoryWithDescendants(id)])) : null;
  const tags = ids(args.tag);
  const classIds = ids(args.shipping_class);
  const classSlugs = classIds ? new Set(classIds.map((id) => s.terms.get(id)?.slug).filter((v) => v !== undefined)) : null;
  const attributeTerms = args.attribute && ids(args.attribute_term);
  const termSlugs = attributeTerms ? new Set(attributeTerms.map((id) => s.terms.get(id)).filter((t) => t?.taxonomy === args.attribute).map((t) => t!.slug)) : null;
  const taxClass = args.tax_class === undefined ? null : args.tax_class === 'standard' ? '' : args.tax_class;

  const matches = [...candidates].filter((p) => {
    // `any` is every status but the trash, as in WordPress.
    if (status === 'any' ? p.status === 'trash' : p.status !== status) return false;
    if (skus && !skus.has(p.sku)) return false;
    if (args.type && p.type !== args.type) return false;
    if (args.slug && p.slug !== args.slug) return false;
    if (args.include?.length && !args.include.includes(p.id)) return false;
    if (args.exclude?.includes(p.id)) return false;
    if (args.parent?.length && !args.parent.includes(p.parentId)) return false;
    if (args.parent_exclude?.includes(p.parentId)) return false;
    if (parsed.after !== null && p.createdAt <= parsed.after) return false;
    if (parsed.before !== null && p.createdAt >= parsed.before) return false;
    if (parsed.modifiedAfter !== null && p.modifiedAt <= parsed.modifiedAfter) return false;
    if (parsed.modifiedBefore !== null && p.modifiedAt >= parsed.modifiedBefore) return false;
    if (args.featured !== undefined && p.featured !== args.featured) return false;
    if (categories && !p.categoryIds.some((id) => categories.has(id))) return false;
    if (tags && !p.tagIds.some((id) => tags.includes(id))) return false;
    if (classSlugs && !classSlugs.has(p.shippingClass)) return false;
    if (termSlugs && !p.attributes.some((a) => a.taxonomy === args.attribute && a.options.some((o) => termSlugs.has(o.slug)))) return false;
    if (taxClass !== null && p.taxClass !== taxClass) return false;
    if (args.stock_status && s.stockOf(p).status !== args.stock_status) return false;
    if (args.on_sale !== undefined && s.onSale(p, c.now) !== args.on_sale) return false;
    if (parsed.minPrice !== null || parsed.maxPrice !== null) {
      // A variable or grouped product matches when one of its children's prices does.
      const own = p.type === 'variable' || p.type === 'grouped' ? s.childrenOf(p) : [p];
      const prices = own.map((x) => s.price(x, c.now)).filter((v) => v !== null);
      if (!prices.some((v) => (parsed.minPrice === null || v >= parsed.minPrice) && (parsed.maxPrice === null || v <= parsed.maxPrice))) return false;
    }
    if (search.length) {
      const text = `${p.name} ${p.description} ${p.shortDescription}`.toLowerCase();
      if (!search.every((w) => text.includes(w))) return false;
    }
    return true;
  });

  const orderby = args.orderby ?? defaultOrder.orderby;
  const dir = (args.order ?? defaultOrder.order).toLowerCase() === 'asc' ? 1 : -1;
  const key = (p: Product): number | string => {
    switch (orderby) {
      case 'id': return p.id;
      case 'title': return p.name.toLowerCase();
      case 'slug': return p.slug;
      case 'modified': return p.modifiedAt;
      case 'price': return s.price(p, c.now) ?? 0;
      case 'popularity': return p.totalSales;
      case 'rating': return s.rating(p.id).average;
      case 'menu_order': return p.menuOrder;
      case 'include': return args.include?.indexOf(p.id) ?? 0;
      default: return p.createdAt;
    }
  };
  matches.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const cmp = compareKeys(x, y);
    // `include` keeps the order asked for; ties fall back to the id, in the same direction.
    return orderby === 'include' ? cmp : dir * cmp || dir * (a.id - b.id);
  });
  return { total: matches.length, items: pageOf(matches, args) };
}
