import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Database, ProductsTable, TermsTable } from '../db/schema.ts';
import { syncIdSequence } from '../db/migrations/helpers.ts';
import type { Attribute, Media, Product, Review, ReviewStatus, Term } from './types.ts';

/** Reads and writes the catalogue tables. The only place that knows their column layout. */

type ProductRow = Selectable<ProductsTable>;

const bool = (n: number) => n === 1;
const int = (b: boolean) => (b ? 1 : 0);

function json<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function productFromRow(r: ProductRow): Product {
  const isVariation = r.type === 'variation';
  return {
    id: r.id,
    parentId: r.parent_id,
    type: r.type as Product['type'],
    status: r.status as Product['status'],
    name: r.name,
    slug: r.slug,
    sku: r.sku,
    globalUniqueId: r.global_unique_id,
    description: r.description,
    shortDescription: r.short_description,
    createdAt: r.created_at,
    modifiedAt: r.modified_at,
    featured: bool(r.featured),
    catalogVisibility: r.catalog_visibility as Product['catalogVisibility'],
    menuOrder: r.menu_order,
    regularPrice: r.regular_price,
    salePrice: r.sale_price,
    saleFrom: r.sale_from,
    saleTo: r.sale_to,
    taxStatus: r.tax_status as Product['taxStatus'],
    taxClass: r.tax_class,
    manageStock: bool(r.manage_stock),
    stockQuantity: r.stock_quantity,
    stockStatus: r.stock_status as Product['stockStatus'],
    backorders: r.backorders as Product['backorders'],
    lowStockAmount: r.low_stock_amount,
    soldIndividually: bool(r.sold_individually),
    minPurchase: r.min_purchase,
    maxPurchase: r.max_purchase,
    weight: r.weight,
    length: r.length,
    width: r.width,
    height: r.height,
    shippingClass: r.shipping_class,
    virtual: bool(r.virtual),
    downloadable: bool(r.downloadable),
    reviewsAllowed: bool(r.reviews_allowed),
    totalSales: r.total_sales,
    externalUrl: r.external_url,
    buttonText: r.button_text,
    attributes: isVariation ? [] : json(r.attributes, []),
    variationAttributes: isVariation ? json(r.attributes, {}) : {},
    defaultAttributes: json(r.default_attributes, {}),
    groupedIds: json(r.grouped_ids, []),
    upsellIds: json(r.upsell_ids, []),
    crossSellIds: json(r.cross_sell_ids, []),
    categoryIds: json(r.category_ids, []),
    tagIds: json(r.tag_ids, []),
    imageIds: json(r.image_ids, []),
    metaData: json(r.meta_data, []),
  };
}

export function productToRow(p: Omit<Product, 'id'> & { id?: number }): Insertable<ProductsTable> {
  const row: Insertable<ProductsTable> = {
    parent_id: p.parentId,
    type: p.type,
    status: p.status,
    name: p.name,
    slug: p.slug,
    sku: p.sku,
    global_unique_id: p.globalUniqueId,
    description: p.description,
    short_description: p.shortDescription,
    created_at: p.createdAt,
    modified_at: p.modifiedAt,
    featured: int(p.featured),
    catalog_visibility: p.catalogVisibility,
    menu_order: p.menuOrder,
    regular_price: p.regularPrice,
    sale_price: p.salePrice,
    sale_from: p.saleFrom,
    sale_to: p.saleTo,
    tax_status: p.taxStatus,
    tax_class: p.taxClass,
    manage_stock: int(p.manageStock),
    stock_quantity: p.stockQuantity,
    stock_status: p.stockStatus,
    backorders: p.backorders,
    low_stock_amount: p.lowStockAmount,
    sold_individually: int(p.soldIndividually),
    min_purchase: p.minPurchase,
    max_purchase: p.maxPurchase,
    weight: p.weight,
    length: p.length,
    width: p.width,
    height: p.height,
    shipping_class: p.shippingClass,
    virtual: int(p.virtual),
    downloadable: int(p.downloadable),
    reviews_allowed: int(p.reviewsAllowed),
    total_sales: p.totalSales,
    external_url: p.externalUrl,
    button_text: p.buttonText,
    attributes: JSON.stringify(p.type === 'variation' ? p.variationAttributes : p.attributes),
    default_attributes: JSON.stringify(p.defaultAttributes),
    grouped_ids: JSON.stringify(p.groupedIds),
    upsell_ids: JSON.stringify(p.upsellIds),
    cross_sell_ids: JSON.stringify(p.crossSellIds),
    category_ids: JSON.stringify(p.categoryIds),
    tag_ids: JSON.stringify(p.tagIds),
    image_ids: JSON.stringify(p.imageIds),
    meta_data: JSON.stringify(p.metaData),
  };
  if (p.id !== undefined) row.id = p.id;
  return row;
}

function termFromRow(r: Selectable<TermsTable>): Term {
  return {
    id: r.id,
    taxonomy: r.taxonomy,
    name: r.name,
    slug: r.slug,
    parent: r.parent,
    description: r.description,
    menuOrder: r.menu_order,
    display: r.display as Term['display'],
    imageId: r.image_id,
  };
}

function reviewFromRow(r: Selectable<Database['reviews']>): Review {
  return {
    id: r.id,
    productId: r.product_id,
    status: r.status as ReviewStatus,
    reviewer: r.reviewer,
    reviewerEmail: r.reviewer_email,
    review: r.review,
    rating: r.rating,
    verified: bool(r.verified),
    userId: r.user_id,
    createdAt: r.created_at,
  };
}

export interface RatingSummary {
  reviewCount: number;
  ratingCount: number;
  ratingSum: number;
}

export interface CatalogRows {
  products: Product[];
  media: Media[];
  attributes: Attribute[];
  terms: Term[];
  ratings: Map<number, RatingSummary>;
}

export async function loadCatalogRows(db: Kysely<Database>): Promise<CatalogRows> {
  const [products, media, attributes, terms, ratings] = await Promise.all([
    db.selectFrom('products').selectAll().orderBy('id').execute(),
    db.selectFrom('media').selectAll().execute(),
    db.selectFrom('attributes').selectAll().orderBy('id').execute(),
    db.selectFrom('terms').selectAll().orderBy('id').execute(),
    db
      .selectFrom('reviews')
      .where('status', '=', 'approved')
      .groupBy('product_id')
      .select((eb) => [
        'product_id',
        eb.fn.countAll<number>().as('review_count'),
        eb.fn.sum<number>(eb.case().when('rating', '>', 0).then(1).else(0).end()).as('rating_count'),
        eb.fn.sum<number>('rating').as('rating_sum'),
      ])
      .execute(),
  ]);
  return {
    products: products.map(productFromRow),
    media: media.map((m) => ({ id: m.id, src: m.src, name: m.name, alt: m.alt, sizes: json(m.sizes, {}) })),
    attributes: attributes.map((a) => ({
      id: a.id,
      name: a.name,
      slug: a.slug,
      type: a.type,
      orderBy: a.order_by as Attribute['orderBy'],
      hasArchives: bool(a.has_archives),
    })),
    terms: terms.map(termFromRow),
    ratings: new Map(
      ratings.map((r) => [
        r.product_id,
        { reviewCount: Number(r.review_count), ratingCount: Number(r.rating_count), ratingSum: Number(r.rating_sum) },
      ]),
    ),
  };
}

export async function countProducts(db: Kysely<Database>): Promise<number> {
  const r = await db.selectFrom('products').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Inserts (no id, or an id not stored yet) or replaces a product; returns its id. */
export async function saveProduct(db: Kysely<Database>, product: Omit<Product, 'id'> & { id?: number }): Promise<number> {
  const row = productToRow(product);
  if (product.id !== undefined) {
    const existing = await db.selectFrom('products').select('id').where('id', '=', product.id).executeTakeFirst();
    if (existing) {
      await db.updateTable('products').set(row).where('id', '=', product.id).execute();
      return product.id;
    }
  }
  const inserted = await db.insertInto('products').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export async function saveMedia(db: Kysely<Database>, media: Omit<Media, 'id'> & { id?: number }): Promise<number> {
  const values = { src: media.src, name: media.name, alt: media.alt, sizes: JSON.stringify(media.sizes) };
  if (media.id !== undefined) {
    const existing = await db.selectFrom('media').select('id').where('id', '=', media.id).executeTakeFirst();
    if (existing) {
      await db.updateTable('media').set(values).where('id', '=', media.id).execute();
      return media.id;
    }
    await db.insertInto('media').values({ ...values, id: media.id }).execute();
    return media.id;
  }
  const byUrl = await db.selectFrom('media').select('id').where('src', '=', media.src).executeTakeFirst();
  if (byUrl) return byUrl.id;
  return (await db.insertInto('media').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function saveAttribute(db: Kysely<Database>, attr: Omit<Attribute, 'id'> & { id?: number }): Promise<number> {
  const values = { name: attr.name, slug: attr.slug, type: attr.type, order_by: attr.orderBy, has_archives: int(attr.hasArchives) };
  const existing = await db.selectFrom('attributes').select('id').where('slug', '=', attr.slug).executeTakeFirst();
  if (existing) {
    await db.updateTable('attributes').set(values).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const row = attr.id !== undefined ? { ...values, id: attr.id } : values;
  return (await db.insertInto('attributes').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

function termToRow(term: Omit<Term, 'id'>) {
  return {
    taxonomy: term.taxonomy,
    name: term.name,
    slug: term.slug,
    parent: term.parent,
    description: term.description,
    menu_order: term.menuOrder,
    display: term.display,
    image_id: term.imageId,
  };
}

/** Finds a term by taxonomy and slug, creating or updating it; returns its id. */
export async function saveTerm(db: Kysely<Database>, term: Omit<Term, 'id'> & { id?: number }): Promise<number> {
  const values = termToRow(term);
  const existing = await db
    .selectFrom('terms')
    .select('id')
    .where('taxonomy', '=', term.taxonomy)
    .where('slug', '=', term.slug)
    .executeTakeFirst();
  if (existing) {
    await db.updateTable('terms').set(values).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const row = term.id !== undefined ? { ...values, id: term.id } : values;
  return (await db.insertInto('terms').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** After inserting rows with explicit ids (demo data, imports), PostgreSQL's sequences must move past them. */
export async function syncCatalogSequences(db: Kysely<Database>): Promise<void> {
  for (const table of ['products', 'media', 'attributes', 'terms', 'reviews']) await syncIdSequence(db, table);
}

export interface ReviewQuery {
  productIds: number[];
  include: number[];
  exclude: number[];
  reviewer: number[];
  reviewerExclude: number[];
  statuses: ReviewStatus[];
  search: string;
  after: number | null;
  before: number | null;
  orderBy: 'date' | 'date_gmt' | 'id' | 'include' | 'product';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export async function findReviews(db: Kysely<Database>, q: ReviewQuery): Promise<{ total: number; reviews: Review[] }> {
  let base = db.selectFrom('reviews').where('status', 'in', q.statuses);
  if (q.productIds.length) base = base.where('product_id', 'in', q.productIds);
  if (q.include.length) base = base.where('id', 'in', q.include);
  if (q.exclude.length) base = base.where('id', 'not in', q.exclude);
  if (q.reviewer.length) base = base.where('user_id', 'in', q.reviewer);
  if (q.reviewerExclude.length) base = base.where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', 'not in', q.reviewerExclude)]));
  if (q.after !== null) base = base.where('created_at', '>', q.after);
  if (q.before !== null) base = base.where('created_at', '<', q.before);
  if (q.search) {
    const like = `%${q.search.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) => eb.or([eb(eb.fn('lower', ['review']), 'like', like), eb(eb.fn('lower', ['reviewer']), 'like', like)]));
  }
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const column = q.orderBy === 'id' || q.orderBy === 'include' ? 'id' : q.orderBy === 'product' ? 'product_id' : 'created_at';
  const rows = await base.selectAll().orderBy(column, q.order).orderBy('id', q.order).limit(q.limit).offset(q.offset).execute();
  let reviews = rows.map(reviewFromRow);
  if (q.orderBy === 'include' && q.include.length) {
    const pos = new Map(q.include.map((id, i) => [id, i]));
    reviews = reviews.sort((a, b) => (pos.get(a.id) ?? 0) - (pos.get(b.id) ?? 0));
  }
  return { total, reviews };
}

export async function findReview(db: Kysely<Database>, id: number): Promise<Review | null> {
  const row = await db.selectFrom('reviews').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? reviewFromRow(row) : null;
}

export async function insertReview(db: Kysely<Database>, review: Omit<Review, 'id'>): Promise<Review> {
  const row = await db
    .insertInto('reviews')
    .values({
      product_id: review.productId,
      status: review.status,
      reviewer: review.reviewer,
      reviewer_email: review.reviewerEmail,
      review: review.review,
      rating: review.rating,
      verified: int(review.verified),
      user_id: review.userId,
      created_at: review.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...review, id: row.id };
}

/** Whether the same reviewer already posted the same text on the product (WordPress's duplicate check). */
export async function isDuplicateReview(db: Kysely<Database>, productId: number, email: string, text: string): Promise<boolean> {
  const row = await db
    .selectFrom('reviews')
    .select('id')
    .where('product_id', '=', productId)
    .where('reviewer_email', '=', email)
    .where('review', '=', text)
    .executeTakeFirst();
  return row !== undefined;
}

/** Seconds since this reviewer's last review, for flood control; null if none. */
export async function lastReviewAt(db: Kysely<Database>, email: string): Promise<number | null> {
  const row = await db
    .selectFrom('reviews')
    .select((eb) => eb.fn.max('created_at').as('t'))
    .where('reviewer_email', '=', email)
    .executeTakeFirst();
  return row?.t == null ? null : Number(row.t);
}

export async function findProduct(db: Kysely<Database>, id: number): Promise<Product | null> {
  const row = await db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? productFromRow(row) : null;
}

/** A product's variations, in the order the shop shows them. */
export async function findVariations(db: Kysely<Database>, parentId: number): Promise<Product[]> {
  const rows = await db.selectFrom('products').selectAll().where('parent_id', '=', parentId).where('type', '=', 'variation').orderBy('menu_order').orderBy('id').execute();
  return rows.map(productFromRow);
}

/** The id of another product or variation with this SKU, if any (SKUs are unique across the catalogue). */
export async function findProductIdBySku(db: Kysely<Database>, sku: string, exceptId: number | null): Promise<number | null> {
  let q = db.selectFrom('products').select('id').where('sku', '=', sku);
  if (exceptId !== null) q = q.where('id', '!=', exceptId);
  const row = await q.executeTakeFirst();
  return row ? row.id : null;
}

/** Deletes products and the variations whose parent they are. */
export async function deleteProducts(db: Kysely<Database>, ids: number[]): Promise<void> {
  if (!ids.length) return;
  await db.deleteFrom('products').where((eb) => eb.or([eb('id', 'in', ids), eb.and([eb('parent_id', 'in', ids), eb('type', '=', 'variation')])])).execute();
}

/** Replaces a term by id (saveTerm finds terms by slug, so it cannot rename one). */
export async function updateTerm(db: Kysely<Database>, term: Term): Promise<void> {
  await db
    .updateTable('terms')
    .set(termToRow(term))
    .where('id', '=', term.id)
    .execute();
}

export async function deleteTerm(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('terms').where('id', '=', id).execute();
}

/** Replaces an attribute by id; when its slug changes, its terms move to the new `pa_` taxonomy. */
export async function updateAttribute(db: Kysely<Database>, attr: Attribute, previousSlug: string): Promise<void> {
  await db
    .updateTable('attributes')
    .set({ name: attr.name, slug: attr.slug, type: attr.type, order_by: attr.orderBy, has_archives: int(attr.hasArchives) })
    .where('id', '=', attr.id)
    .execute();
  if (previousSlug !== attr.slug) {
    await db.updateTable('terms').set({ taxonomy: `pa_${attr.slug}` }).where('taxonomy', '=', `pa_${previousSlug}`).execute();
  }
}

/** Deletes an attribute and every term of its taxonomy. */
export async function deleteAttribute(db: Kysely<Database>, attr: Attribute): Promise<void> {
  await db.deleteFrom('terms').where('taxonomy', '=', `pa_${attr.slug}`).execute();
  await db.deleteFrom('attributes').where('id', '=', attr.id).execute();
}
