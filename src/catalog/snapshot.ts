import { activePrice, isSaleActive, spanOf, type PriceSpan } from './pricing.ts';
import type { CatalogRows, RatingSummary } from './repository.ts';
import { effectiveStock, type EffectiveStock } from './stock.ts';
import type { Attribute, Media, Product, StockStatus, Term } from './types.ts';

/**
 * An immutable, indexed copy of the whole catalogue held in memory. Reads never touch the database;
 * a catalogue change builds a new snapshot and swaps it in.
 */
export class CatalogSnapshot {
  readonly products = new Map<number, Product>();
  readonly media = new Map<number, Media>();
  readonly terms = new Map<number, Term>();
  readonly attributes: Attribute[];
  readonly attributeById = new Map<number, Attribute>();
  readonly attributeBySlug = new Map<string, Attribute>();
  /** Published products and variations in id order. */
  readonly published: Product[] = [];
  private readonly bySku = new Map<string, Product>();
  private readonly bySlug = new Map<string, Product>();
  private readonly variationBySlug = new Map<string, Product>();
  private readonly variationsByParent = new Map<number, Product[]>();
  private readonly termsByTaxonomy = new Map<string, Term[]>();
  private readonly termCounts = new Map<number, number>();
  private readonly ratings: Map<number, RatingSummary>;
  /** Every sale start and end, ascending, so caches know when prices next change. */
  private readonly priceChanges: number[];

  constructor(rows: CatalogRows, readonly loadedAt: number = Date.now()) {
    this.ratings = rows.ratings;
    for (const m of rows.media) this.media.set(m.id, m);
    this.attributes = rows.attributes;
    for (const a of rows.attributes) {
      this.attributeById.set(a.id, a);
      this.attributeBySlug.set(a.slug, a);
    }
    for (const t of rows.terms) {
      this.terms.set(t.id, t);
      const list = this.termsByTaxonomy.get(t.taxonomy) ?? [];
      list.push(t);
      this.termsByTaxonomy.set(t.taxonomy, list);
    }
    for (const p of rows.products) {
      this.products.set(p.id, p);
      if (p.status !== 'publish') continue;
      this.published.push(p);
      if (p.sku) this.bySku.set(p.sku, p);
      const slugs = p.type === 'variation' ? this.variationBySlug : this.bySlug;
      if (!slugs.has(p.slug)) slugs.set(p.slug, p);
      if (p.type === 'variation') {
        const list = this.variationsByParent.get(p.parentId) ?? [];
        list.push(p);
        this.variationsByParent.set(p.parentId, list);
      }
    }
    this.priceChanges = rows.products
      .flatMap((p) => [p.saleFrom, p.saleTo === null ? null : p.saleTo + 1])
      .filter((t): t is number => t !== null)
      .sort((a, b) => a - b);
    for (const list of this.variationsByParent.values()) list.sort((a, b) => a.menuOrder - b.menuOrder || a.id - b.id);
    for (const p of this.published) {
      // WooCommerce's term recount leaves out products excluded from the catalogue (hidden, search-only).
      if (p.type === 'variation' || p.catalogVisibility === 'hidden' || p.catalogVisibility === 'search') continue;
      const ids = new Set([...p.categoryIds, ...this.ancestorsOf(p.categoryIds), ...p.tagIds, ...p.brandIds]);
      for (const id of ids) this.termCounts.set(id, (this.termCounts.get(id) ?? 0) + 1);
      for (const a of p.attributes) {
        for (const o of a.options) {
          const term = this.termBySlug(a.taxonomy, o.slug);
          if (term) this.termCounts.set(term.id, (this.termCounts.get(term.id) ?? 0) + 1);
        }
      }
    }
  }

  private ancestorsOf(categoryIds: number[]): number[] {
    const out: number[] = [];
    for (const id of categoryIds) {
      let parent = this.terms.get(id)?.parent ?? 0;
      for (let depth = 0; parent && depth < 50; depth++) {
        out.push(parent);
        parent = this.terms.get(parent)?.parent ?? 0;
      }
    }
    return out;
  }

  /** The first moment after `now` at which some product's price changes (a sale starts or ends). */
  nextPriceChange(now: number): number {
    for (const t of this.priceChanges) if (t > now) return t;
    return Number.POSITIVE_INFINITY;
  }

  /** A published product or variation by id. */
  get(id: number): Product | undefined {
    const p = this.products.get(id);
    return p && p.status === 'publish' ? p : undefined;
  }

  getBySku(sku: string): Product | undefined {
    return this.bySku.get(sku);
  }

  /** A published product by slug, else a published variation by its own slug. */
  getBySlug(slug: string): Product | undefined {
    return this.bySlug.get(slug) ?? this.variationBySlug.get(slug);
  }

  parentOf(p: Product): Product | undefined {
    return p.parentId ? this.products.get(p.parentId) : undefined;
  }

  variationsOf(parentId: number): Product[] {
    return this.variationsByParent.get(parentId) ?? [];
  }

  taxonomy(name: string): Term[] {
    return this.termsByTaxonomy.get(name) ?? [];
  }

  termBySlug(taxonomy: string, slug: string): Term | undefined {
    return this.taxonomy(taxonomy).find((t) => t.slug === slug);
  }

  /** Resolves a category or tag given as an id or a slug. */
  resolveTerm(taxonomy: string, idOrSlug: string): Term | undefined {
    if (/^\d+$/.test(idOrSlug)) {
      const t = this.terms.get(Number(idOrSlug));
      return t && t.taxonomy === taxonomy ? t : undefined;
    }
    return this.termBySlug(taxonomy, idOrSlug);
  }

  termCount(id: number): number {
    return this.termCounts.get(id) ?? 0;
  }

  /** A term of a hierarchical taxonomy (categories, brands) and every descendant of it, as ids. */
  withDescendants(id: number): Set<number> {
    const out = new Set<number>([id]);
    const taxonomy = this.terms.get(id)?.taxonomy;
    if (taxonomy === undefined) return out;
    let grew = true;
    while (grew) {
      grew = false;
      for (const t of this.taxonomy(taxonomy)) {
        if (!out.has(t.id) && out.has(t.parent)) {
          out.add(t.id);
          grew = true;
        }
      }
    }
    return out;
  }

  rating(productId: number): { average: number; reviewCount: number; ratingCount: number } {
    const r = this.ratings.get(productId);
    if (!r || r.ratingCount === 0) return { average: 0, reviewCount: r?.reviewCount ?? 0, ratingCount: 0 };
    return { average: r.ratingSum / r.ratingCount, reviewCount: r.reviewCount, ratingCount: r.ratingCount };
  }

  stockOf(p: Product): EffectiveStock {
    const stock = effectiveStock(p, this.parentOf(p));
    if (p.type === 'variable' && !p.manageStock) return { ...stock, status: this.childStockStatus(p) };
    return stock;
  }

  /** WooCommerce syncs a variable or grouped parent's status from its children. */
  private childStockStatus(p: Product): StockStatus {
    const children = this.variationsOf(p.id);
    if (!children.length) return p.stockStatus;
    const statuses = children.map((c) => this.stockOf(c).status);
    if (statuses.includes('instock')) return 'instock';
    if (statuses.includes('onbackorder')) return 'onbackorder';
    return 'outofstock';
  }

  /** The price a shopper pays now; variable and grouped products report their lowest child price. */
  price(p: Product, now: number): number | null {
    if (p.type === 'variable' || p.type === 'grouped') return this.priceSpan(p, now)?.min ?? null;
    return activePrice(p, now);
  }

  /** Min and max current price over the purchasable children of a variable or grouped product. */
  priceSpan(p: Product, now: number): PriceSpan | null {
    const children = this.childrenOf(p);
    return spanOf(children.map((c) => this.price(c, now)));
  }

  regularSpan(p: Product): PriceSpan | null {
    return spanOf(this.childrenOf(p).map((c) => c.regularPrice));
  }

  childrenOf(p: Product): Product[] {
    if (p.type === 'variable') return this.variationsOf(p.id);
    if (p.type === 'grouped') return p.groupedIds.map((id) => this.get(id)).filter((c): c is Product => !!c);
    return [];
  }

  /** Whether a password keeps the product (or, for a variation, its parent) from shoppers. */
  isProtected(p: Product): boolean {
    if (p.password !== '') return true;
    return p.type === 'variation' && (this.parentOf(p)?.password ?? '') !== '';
  }

  onSale(p: Product, now: number): boolean {
    if (p.type === 'variable' || p.type === 'grouped') return this.childrenOf(p).some((c) => this.onSale(c, now));
    return isSaleActive(p, now);
  }

  /** WooCommerce's `is_purchasable`: published, priced, and of a type that goes in a cart itself. */
  isPurchasable(p: Product, now: number): boolean {
    if (p.status !== 'publish') return false;
    if (p.type === 'external' || p.type === 'grouped') return false;
    if (p.type === 'variation') {
      const parent = this.parentOf(p);
      if (!parent || parent.status !== 'publish') return false;
    }
    return this.price(p, now) !== null;
  }

  /** Variations shown to shoppers: published, priced, and in stock unless the store shows out-of-stock items. */
  visibleVariations(parentId: number, hideOutOfStock: boolean, now: number): Product[] {
    return this.variationsOf(parentId).filter(
      (v) => activePrice(v, now) !== null && !(hideOutOfStock && this.stockOf(v).status === 'outofstock'),
    );
  }
}
