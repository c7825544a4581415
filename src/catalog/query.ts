import type { CatalogSnapshot } from './snapshot.ts';
import type { CatalogVisibility, Product, ProductType, StockStatus } from './types.ts';

/**
 * The product list query (`GET /products`: filters, ordering, paging), evaluated over the in-memory
 * snapshot. Pure. The filters CoCart accepts but ignores work here (docs/wire-contract.md#products-api).
 */

export type TermOperator = 'in' | 'not in' | 'and';

export interface TermFilter {
  ids: number[];
  operator: TermOperator;
}

export interface AttributeFilter {
  taxonomy: string;
  termIds: number[];
  slugs: string[];
  operator: TermOperator;
}

export const ORDER_BY = [
  'date', 'id', 'menu_order', 'include', 'title', 'slug', 'name', 'popularity', 'alphabetical', 'reverse_alpha',
  'by_stock', 'review_count', 'on_sale_first', 'featured_first', 'price_asc', 'price_desc', 'sales', 'rating',
  'relevance', 'rand', 'modified', 'price',
] as const;
export type OrderBy = (typeof ORDER_BY)[number];

export interface ProductQuery {
  search: string;
  slugs: string[];
  after: number | null;
  before: number | null;
  modifiedAfter: number | null;
  modifiedBefore: number | null;
  type: ProductType | null;
  skus: string[];
  globalUniqueIds: string[];
  hideFree: boolean;
  featured: boolean | null;
  categories: TermFilter | null;
  tags: TermFilter | null;
  brands: TermFilter | null;
  attributes: AttributeFilter[];
  attributeRelation: 'in' | 'and';
  stockStatus: StockStatus[];
  onSale: boolean | null;
  minPrice: number | null;
  maxPrice: number | null;
  /** null: the shop listing rule (search-listed when searching, shop-listed otherwise). */
  visibility: CatalogVisibility | 'any' | null;
  rating: number[];
  include: number[];
  exclude: number[];
  parent: number[];
  parentExclude: number[];
  includeVariations: boolean;
  orderBy: OrderBy;
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
  hideOutOfStock: boolean;
  now: number;
}

export interface QueryResult {
  total: number;
  products: Product[];
}

function visibilityMatches(p: Product, wanted: ProductQuery['visibility'], searching: boolean): boolean {
  const v = p.type === 'variation' ? 'visible' : p.catalogVisibility;
  switch (wanted) {
    case 'any':
      return true;
    case 'visible':
      return v === 'visible';
    case 'catalog':
      return v === 'visible' || v === 'catalog';
    case 'search':
      return v === 'visible' || v === 'search';
    case 'hidden':
      return v === 'hidden';
    default:
      return searching ? v === 'visible' || v === 'search' : v === 'visible' || v === 'catalog';
  }
}

function termsMatch(ids: number[], filter: TermFilter, expand: (id: number) => Set<number>): boolean {
  const has = (id: number) => {
    for (const t of expand(id)) if (ids.includes(t)) return true;
    return false;
  };
  switch (filter.operator) {
    case 'in':
      return filter.ids.some(has);
    case 'not in':
      return !filter.ids.some(has);
    case 'and':
      return filter.ids.every(has);
  }
}

function attributeMatches(p: Product, f: AttributeFilter, snapshot: CatalogSnapshot): boolean {
  const wanted = new Set(
    f.termIds.length
      ? f.termIds.map((id) => snapshot.terms.get(id)?.slug).filter((s): s is string => !!s)
      : f.slugs,
  );
  const own = new Set(p.attributes.find((a) => a.taxonomy === f.taxonomy)?.options.map((o) => o.slug) ?? []);
  if (p.type === 'variation') {
    const v = p.variationAttributes[`attribute_${f.taxonomy}`];
    if (v !== undefined) own.add(v);
  }
  const hits = [...wanted].filter((s) => own.has(s));
  switch (f.operator) {
    case 'in':
      return hits.length > 0;
    case 'not in':
      return hits.length === 0;
    case 'and':
      return hits.length === wanted.size;
  }
}

function words(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

function searchScore(p: Product, terms: string[]): number {
  const name = p.name.toLowerCase();
  const body = `${p.description} ${p.shortDescription} ${p.sku}`.toLowerCase();
  let score = 0;
  for (const t of terms) {
    if (name.includes(t)) score += 2;
    else if (body.includes(t)) score += 1;
    else return 0;
  }
  return score;
}

export function runProductQuery(snapshot: CatalogSnapshot, q: ProductQuery): QueryResult {
  const searchTerms = words(q.search);
  const skus = new Set(q.skus);
  const gtins = new Set(q.globalUniqueIds);
  const withVariations = q.type === 'variation' || skus.size > 0 || q.includeVariations;
  const withDescendants = (id: number) => snapshot.withDescendants(id);
  const single = (id: number) => new Set([id]);
  const scores = new Map<number, number>();

  const matches = snapshot.published.filter((p) => {
    // CoCart 4.9.2 lists no password-protected product, whatever else is asked.
    if (snapshot.isProtected(p)) return false;
    if (p.type === 'variation') {
      if (!withVariations) return false;
      const parent = snapshot.parentOf(p);
      if (!parent || parent.status !== 'publish') return false;
      if (q.hideOutOfStock && snapshot.stockOf(p).status === 'outofstock') return false;
    } else if (q.type === 'variation') {
      return false;
    }
    if (q.type && q.type !== 'variation' && p.type !== q.type) return false;
    if (!visibilityMatches(p, q.visibility, searchTerms.length > 0)) return false;
    const parent = p.type === 'variation' ? snapshot.parentOf(p) : undefined;
    const termSource = parent ?? p;
    if (q.slugs.length && !q.slugs.includes(p.slug)) return false;
    if (skus.size && !skus.has(p.sku)) return false;
    if (gtins.size && !gtins.has(p.globalUniqueId)) return false;
    if (q.after !== null && p.createdAt <= q.after) return false;
    if (q.before !== null && p.createdAt >= q.before) return false;
    if (q.modifiedAfter !== null && p.modifiedAt <= q.modifiedAfter) return false;
    if (q.modifiedBefore !== null && p.modifiedAt >= q.modifiedBefore) return false;
    if (q.featured !== null && termSource.featured !== q.featured) return false;
    if (q.categories && !termsMatch(termSource.categoryIds, q.categories, withDescendants)) return false;
    if (q.tags && !termsMatch(termSource.tagIds, q.tags, single)) return false;
    if (q.brands && !termsMatch(termSource.brandIds, q.brands, withDescendants)) return false;
    if (q.attributes.length) {
      const results = q.attributes.map((f) => attributeMatches(p, f, snapshot));
      if (q.attributeRelation === 'and' ? !results.every(Boolean) : !results.some(Boolean)) return false;
    }
    if (q.stockStatus.length && !q.stockStatus.includes(snapshot.stockOf(p).status)) return false;
    if (q.onSale !== null && snapshot.onSale(p, q.now) !== q.onSale) return false;
    if (q.hideFree || q.minPrice !== null || q.maxPrice !== null) {
      // A variable or grouped product matches when any of its children's prices does.
      const prices = priceCandidates(snapshot, p, q.now);
      if (q.hideFree && !prices.some((v) => v > 0)) return false;
      if (!prices.some((v) => (q.minPrice === null || v >= q.minPrice) && (q.maxPrice === null || v <= q.maxPrice))) return false;
    }
    if (q.rating.length) {
      // WooCommerce files a product under the bucket `rated-<round(average)>` (4.33 → 4, 4.5 → 5).
      const bucket = Math.min(5, Math.round(snapshot.rating(termSource.id).average));
      if (!q.rating.includes(bucket)) return false;
    }
    if (q.include.length && !q.include.includes(p.id)) return false;
    if (q.exclude.length && q.exclude.includes(p.id)) return false;
    if (q.parent.length && !q.parent.includes(p.parentId)) return false;
    if (q.parentExclude.length && q.parentExclude.includes(p.parentId)) return false;
    if (searchTerms.length) {
      const score = Math.max(searchScore(p, searchTerms), parent ? searchScore(parent, searchTerms) : 0);
      if (!score) return false;
      scores.set(p.id, score);
    }
    return true;
  });

  const sorted = matches.sort(comparator(snapshot, q, scores));
  return { total: sorted.length, products: sorted.slice(q.offset, q.offset + q.limit) };
}

function priceCandidates(snapshot: CatalogSnapshot, p: Product, now: number): number[] {
  const own = p.type === 'variable' || p.type === 'grouped' ? snapshot.childrenOf(p) : [p];
  return own.map((c) => snapshot.price(c, now)).filter((v): v is number => v !== null);
}

type Compare = (a: Product, b: Product) => number;

const byTitle: Compare = (a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || a.id - b.id;

function comparator(snapshot: CatalogSnapshot, q: ProductQuery, scores: Map<number, number>): Compare {
  const dir = q.order === 'asc' ? 1 : -1;
  const num = (f: (p: Product) => number): Compare => (a, b) => dir * (f(a) - f(b)) || dir * (a.id - b.id);
  const desc = (f: (p: Product) => number): Compare => (a, b) => f(b) - f(a) || byTitle(a, b);
  const price = (p: Product) => snapshot.price(p, q.now) ?? 0;
  // Descending sorts use a variable product's highest price, as WooCommerce does.
  const highest = (p: Product) => snapshot.priceSpan(p, q.now)?.max ?? price(p);
  switch (q.orderBy) {
    case 'id':
      return num((p) => p.id);
    case 'modified':
      return num((p) => p.modifiedAt);
    case 'menu_order':
      return (a, b) => dir * (a.menuOrder - b.menuOrder) || byTitle(a, b);
    case 'include': {
      const pos = new Map(q.include.map((id, i) => [id, i]));
      return (a, b) => (pos.get(a.id) ?? 0) - (pos.get(b.id) ?? 0);
    }
    case 'title':
      return (a, b) => dir * byTitle(a, b);
    case 'slug':
    case 'name':
      return (a, b) => dir * (a.slug.localeCompare(b.slug) || a.id - b.id);
    case 'alphabetical':
      return byTitle;
    case 'reverse_alpha':
      return (a, b) => -byTitle(a, b);
    case 'by_stock':
      return desc((p) => snapshot.stockOf(p).quantity ?? 0);
    case 'review_count':
      return desc((p) => snapshot.rating(p.id).reviewCount);
    case 'on_sale_first':
      return desc((p) => (snapshot.onSale(p, q.now) ? 1 : 0));
    case 'featured_first':
      return desc((p) => (p.featured ? 1 : 0));
    case 'price_asc':
      return (a, b) => price(a) - price(b) || a.id - b.id;
    case 'price_desc':
      return (a, b) => highest(b) - highest(a) || a.id - b.id;
    case 'price':
      return num(price);
    case 'sales':
    case 'popularity':
      return desc((p) => p.totalSales);
    case 'rating':
      return desc((p) => snapshot.rating(p.id).average);
    case 'relevance':
      return (a, b) => (scores.get(b.id) ?? 0) - (scores.get(a.id) ?? 0) || a.id - b.id;
    case 'rand': {
      const keys = new Map<number, number>();
      const key = (p: Product) => keys.get(p.id) ?? (keys.set(p.id, Math.random()), keys.get(p.id)!);
      return (a, b) => key(a) - key(b);
    }
    case 'date':
    default:
      return num((p) => p.createdAt);
  }
}
