import { PRIVATE_META } from '../../catalog/admin/product-input.ts';
import { formatMoney } from '../../commerce/money.ts';
import type { MetaEntry, Product } from '../../catalog/types.ts';
import { backordersAllowed } from '../../catalog/stock.ts';
import type { JsonObject } from '../../hooks/types.ts';
import { links, type WcContext } from './context.ts';

/**
 * Products and variations as WooCommerce's REST API v3 shows them (`context=edit`, the shape its
 * admin clients read). Fields we keep no data for have WooCommerce's empty values; purchase notes and
 * downloads live in private meta (`_purchase_note`, `_downloadable_files` …), as in WooCommerce.
 */

export function metaValue(p: Product, key: string): unknown {
  return p.metaData.find((m) => m.key === key)?.value;
}

/** Only public meta is shown; keys starting with `_` are WordPress's protected meta. */
function publicMeta(meta: MetaEntry[]): JsonObject[] {
  return meta.filter((m) => !m.key.startsWith('_')).map((m) => ({ id: m.id, key: m.key, value: m.value }));
}

function size(value: number | null): string {
  return value === null ? '' : String(value);
}

function amountHtml(minor: number, c: WcContext): string {
  return `<span class="woocommerce-Price-amount amount"><bdi>${formatMoney(minor, c.currency)}</bdi></span>`;
}

function priceHtml(p: Product, c: WcContext): string {
  const s = c.snapshot;
  if (p.type === 'variable' || p.type === 'grouped') {
    const span = s.priceSpan(p, c.now);
    if (!span) return '';
    return span.min === span.max ? amountHtml(span.min, c) : `${amountHtml(span.min, c)} &ndash; ${amountHtml(span.max, c)}`;
  }
  const price = s.price(p, c.now);
  if (price === null) return '';
  if (s.onSale(p, c.now) && p.regularPrice !== null) {
    return `<del aria-hidden="true">${amountHtml(p.regularPrice, c)}</del> <ins>${amountHtml(price, c)}</ins>`;
  }
  return amountHtml(price, c);
}

function downloads(p: Product): unknown[] {
  const files = metaValue(p, PRIVATE_META.downloads);
  return Array.isArray(files) ? files : [];
}

function intMeta(p: Product, key: string): number {
  const v = metaValue(p, key);
  return typeof v === 'number' ? v : -1;
}

function shippingClassId(p: Product, c: WcContext): number {
  return p.shippingClass ? (c.snapshot.termBySlug('product_shipping_class', p.shippingClass)?.id ?? 0) : 0;
}

function image(c: WcContext, id: number, p: Product): JsonObject | null {
  const m = c.snapshot.media.get(id);
  if (!m) return null;
  // Media rows keep no dates of their own; the product's stand in for them.
  return {
    id: m.id,
    date_created: c.date(p.createdAt),
    date_created_gmt: c.dateGmt(p.createdAt),
    date_modified: c.date(p.modifiedAt),
    date_modified_gmt: c.dateGmt(p.modifiedAt),
    src: m.src,
    name: m.name,
    alt: m.alt,
  };
}

function terms(c: WcContext, ids: number[]): JsonObject[] {
  return ids
    .map((id) => c.snapshot.terms.get(id))
    .filter((t) => t !== undefined)
    .map((t) => ({ id: t.id, name: t.name, slug: t.slug }));
}

function relatedIds(p: Product, c: WcContext): number[] {
  const cats = new Set(p.categoryIds);
  const tags = new Set(p.tagIds);
  const out: number[] = [];
  for (const other of c.snapshot.published) {
    if (out.length >= 5) break;
    if (other.id === p.id || other.type === 'variation' || other.catalogVisibility === 'hidden') continue;
    if (other.categoryIds.some((id) => cats.has(id)) || other.tagIds.some((id) => tags.has(id))) out.push(other.id);
  }
  return out;
}

function attributeLabel(c: WcContext, taxonomy: string, slug: string, parent?: Product): string {
  const declared = parent?.attributes.find((a) => a.taxonomy === taxonomy)?.options.find((o) => o.slug === slug);
  return declared?.label ?? c.snapshot.termBySlug(taxonomy, slug)?.name ?? slug;
}

function attributeName(c: WcContext, taxonomy: string, parent?: Product): { id: number; name: string } {
  const declared = parent?.attributes.find((a) => a.taxonomy === taxonomy);
  const global = taxonomy.startsWith('pa_') ? c.snapshot.attributeBySlug.get(taxonomy.slice(3)) : undefined;
  return { id: global?.id ?? 0, name: declared?.name ?? global?.name ?? taxonomy };
}

/** Purchase limits as WooCommerce's Min/Max Quantities extension shows them: no maximum is ''. */
function quantityLimits(p: Product): JsonObject {
  return { min_quantity: p.minPurchase, max_quantity: p.maxPurchase === null ? '' : String(p.maxPurchase) };
}

function stockFields(p: Product, c: WcContext): JsonObject {
  const stock = c.snapshot.stockOf(p);
  const inherits = p.type === 'variation' && !p.manageStock && stock.managed;
  return {
    manage_stock: inherits ? 'parent' : p.manageStock,
    stock_quantity: stock.quantity,
    stock_status: stock.status,
    backorders: stock.backorders,
    backorders_allowed: backordersAllowed(stock),
    backordered: stock.status === 'onbackorder',
    low_stock_amount: stock.lowStockAmount,
  };
}

function saleDates(p: Product, c: WcContext): JsonObject {
  return {
    date_on_sale_from: c.date(p.saleFrom),
    date_on_sale_from_gmt: c.dateGmt(p.saleFrom),
    date_on_sale_to: c.date(p.saleTo),
    date_on_sale_to_gmt: c.dateGmt(p.saleTo),
  };
}

export function permalink(p: Product, c: WcContext): string {
  if (p.type !== 'variation') return `${c.store}/product/${p.slug}/`;
  const parent = c.snapshot.products.get(p.parentId);
  const base = `${c.store}/product/${parent?.slug ?? p.slug}/`;
  const query = Object.entries(p.variationAttributes)
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return query ? `${base}?${query}` : base;
}

export function productJson(p: Product, c: WcContext): JsonObject {
  const s = c.snapshot;
  const rating = s.rating(p.id);
  const { manage_stock, stock_quantity, stock_status, ...stockRest } = stockFields(p, c);
  return {
    id: p.id,
    name: p.name,
    slug: p.slug,
    permalink: permalink(p, c),
    date_created: c.date(p.createdAt),
    date_created_gmt: c.dateGmt(p.createdAt),
    date_modified: c.date(p.modifiedAt),
    date_modified_gmt: c.dateGmt(p.modifiedAt),
    type: p.type,
    status: p.status,
    featured: p.featured,
    catalog_visibility: p.catalogVisibility,
    description: p.description,
    short_description: p.shortDescription,
    sku: p.sku,
    global_unique_id: p.globalUniqueId,
    price: c.money(s.price(p, c.now)),
    regular_price: c.money(p.regularPrice),
    sale_price: c.money(p.salePrice),
    ...saleDates(p, c),
    price_html: priceHtml(p, c),
    on_sale: s.onSale(p, c.now),
    purchasable: s.isPurchasable(p, c.now),
    total_sales: p.totalSales,
    virtual: p.virtual,
    downloadable: p.downloadable,
    downloads: downloads(p),
    download_limit: intMeta(p, PRIVATE_META.downloadLimit),
    download_expiry: intMeta(p, PRIVATE_META.downloadExpiry),
    external_url: p.externalUrl,
    button_text: p.buttonText,
    tax_status: p.taxStatus,
    tax_class: p.taxClass,
    manage_stock,
    stock_quantity,
    ...stockRest,
    sold_individually: p.soldIndividually,
    ...quantityLimits(p),
    weight: size(p.weight),
    dimensions: { length: size(p.length), width: size(p.width), height: size(p.height) },
    shipping_required: !p.virtual,
    shipping_taxable: !p.virtual && (p.taxStatus === 'taxable' || p.taxStatus === 'shipping'),
    shipping_class: p.shippingClass,
    shipping_class_id: shippingClassId(p, c),
    reviews_allowed: p.reviewsAllowed,
    average_rating: rating.average.toFixed(2),
    rating_count: rating.ratingCount,
    related_ids: relatedIds(p, c),
    // Links to products deleted since are left out, so the product can be sent back unchanged.
    upsell_ids: p.upsellIds.filter((id) => s.products.has(id)),
    cross_sell_ids: p.crossSellIds.filter((id) => s.products.has(id)),
    parent_id: p.parentId,
    purchase_note: String(metaValue(p, PRIVATE_META.purchaseNote) ?? ''),
    categories: terms(c, p.categoryIds),
    tags: terms(c, p.tagIds),
    images: p.imageIds.map((id) => image(c, id, p)).filter((i) => i !== null),
    attributes: p.attributes.map((a) => ({
      id: a.id,
      name: a.name,
      slug: a.taxonomy,
      position: a.position,
      visible: a.visible,
      variation: a.variation,
      options: a.options.map((o) => o.label),
    })),
    default_attributes: Object.entries(p.defaultAttributes).map(([key, option]) => {
      const taxonomy = key.replace(/^attribute_/, '');
      return { ...attributeName(c, taxonomy, p), option };
    }),
    variations: p.type === 'variable' ? c.variationsOf(p.id).map((v) => v.id) : [],
    grouped_products: p.groupedIds.filter((id) => s.products.has(id)),
    menu_order: p.menuOrder,
    meta_data: publicMeta(p.metaData),
    stock_status,
    has_options: p.type === 'variable' || p.type === 'grouped',
    _links: links(`${c.root}/products/${p.id}`, `${c.root}/products`, p.parentId ? `${c.root}/products/${p.parentId}` : undefined),
  };
}

export function variationJson(v: Product, c: WcContext): JsonObject {
  const s = c.snapshot;
  const parent = s.products.get(v.parentId);
  const imageId = v.imageIds[0];
  return {
    id: v.id,
    date_created: c.date(v.createdAt),
    date_created_gmt: c.dateGmt(v.createdAt),
    date_modified: c.date(v.modifiedAt),
    date_modified_gmt: c.dateGmt(v.modifiedAt),
    description: v.description,
    permalink: permalink(v, c),
    sku: v.sku,
    global_unique_id: v.globalUniqueId,
    price: c.money(s.price(v, c.now)),
    regular_price: c.money(v.regularPrice),
    sale_price: c.money(v.salePrice),
    ...saleDates(v, c),
    on_sale: s.onSale(v, c.now),
    status: v.status,
    purchasable: s.isPurchasable(v, c.now),
    virtual: v.virtual,
    downloadable: v.downloadable,
    downloads: downloads(v),
    download_limit: intMeta(v, PRIVATE_META.downloadLimit),
    download_expiry: intMeta(v, PRIVATE_META.downloadExpiry),
    tax_status: v.taxStatus,
    tax_class: v.taxClass,
    ...stockFields(v, c),
    ...quantityLimits(v),
    weight: size(v.weight),
    dimensions: { length: size(v.length), width: size(v.width), height: size(v.height) },
    shipping_class: v.shippingClass,
    shipping_class_id: shippingClassId(v, c),
    image: imageId !== undefined ? image(c, imageId, v) : null,
    attributes: Object.entries(v.variationAttributes)
      .filter(([, slug]) => slug !== '')
      .map(([key, slug]) => {
        const taxonomy = key.replace(/^attribute_/, '');
        return { ...attributeName(c, taxonomy, parent), option: attributeLabel(c, taxonomy, slug, parent) };
      }),
    menu_order: v.menuOrder,
    meta_data: publicMeta(v.metaData),
    name: v.name,
    type: 'variation',
    parent_id: v.parentId,
    _links: links(`${c.root}/products/${v.parentId}/variations/${v.id}`, `${c.root}/products/${v.parentId}/variations`, `${c.root}/products/${v.parentId}`),
  };
}
