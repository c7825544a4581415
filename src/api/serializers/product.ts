import type { CatalogSnapshot } from '../../catalog/snapshot.ts';
import { isSaleActive } from '../../catalog/pricing.ts';
import { backordersAllowed, isBackordered, maxPurchaseQuantity, minPurchaseQuantity } from '../../catalog/stock.ts';
import { attributeKey } from '../../catalog/product.ts';
import type { Product, Review, Term } from '../../catalog/types.ts';
import type { HookRegistry } from '../../hooks/registry.ts';
import type { JsonObject } from '../../hooks/types.ts';
import type { Settings } from '../../settings/schema.ts';
import { wpDate, wpDateGmt } from '../dates.ts';
import { FieldSelection } from '../fields.ts';
import type { Present, RequestContext } from '../../hooks/request-context.ts';
import { emptyMap } from './php.ts';
import { absoluteUrl } from '../../media/urls.ts';

/** Builds CoCart's v2 product object (docs/wire-contract.md#products-api). Only selected fields are computed. */

export interface ProductContext {
  snapshot: CatalogSnapshot;
  settings: Settings;
  now: number;
  money: Present;
  currency: JsonObject;
  /** `https://api.example/wp-json` */
  apiRoot: string;
  /** Storefront base for permalinks. */
  storeUrl: string;
  hooks: HookRegistry;
  request: RequestContext;
  selection: FieldSelection;
  t: (msgid: string, ...args: unknown[]) => string;
  /** Approved reviews by product, present when `show_reviews` was asked for. */
  reviews?: Map<number, Review[]>;
  includeMeta: string[];
  excludeMeta: string[];
}

const DEFAULT_IMAGE_SIZES = [
  'thumbnail', 'medium', 'medium_large', 'large', 'woocommerce_thumbnail', 'woocommerce_single',
  'woocommerce_gallery_thumbnail', 'full',
];

/** Keys a variation served on its own ("without parent") does not carry: they belong to its parent. */
const NOT_ON_VARIATIONS = new Set([
  'type', 'short_description', 'average_rating', 'review_count', 'rating_count', 'rated_out_of', 'reviews',
  'default_attributes', 'variations', 'grouped_products', 'related', 'upsells', 'cross_sells', 'external_url', 'button_text',
]);

type Builder = (p: Product, c: ProductContext, sel: FieldSelection) => unknown;

export function permalink(p: Product, c: ProductContext): string {
  if (p.type === 'variation') {
    const parent = c.snapshot.parentOf(p);
    const base = parent ? permalink(parent, c) : `${c.storeUrl}/product/${p.slug}/`;
    // As WooCommerce does, "any" attributes ('') are left out of the link.
    const query = Object.entries(p.variationAttributes)
      .filter(([, v]) => v !== '')
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    return query ? `${base}?${query}` : base;
  }
  return `${c.storeUrl}/product/${p.slug}/`;
}

function restUrl(p: Product, c: ProductContext): string {
  return p.type === 'variation'
    ? `${c.apiRoot}/cocart/v2/products/${p.parentId}/variations/${p.id}`
    : `${c.apiRoot}/cocart/v2/products/${p.id}`;
}

/** CoCart's `src`: each size's URL by name, the full image where a size was not made (`full` is always the image). */
function imageSrc(c: ProductContext, src: string, sizes: Record<string, string>): Record<string, string> {
  const names = c.hooks.applyFilters('cocart_products_image_sizes', DEFAULT_IMAGE_SIZES);
  const origin = originOf(c);
  const out: Record<string, string> = {};
  for (const name of names) out[name] = absoluteUrl(origin, sizes[name] ?? src);
  return out;
}

const originOf = (c: ProductContext) => c.apiRoot.replace(/\/wp-json$/, '');

function placeholderSrc(c: ProductContext): string {
  return `${originOf(c)}/assets/placeholder.svg`;
}

/**
 * WooCommerce's "view" context: a variation without an image of its own shows its parent's featured image
 * (not the parent's gallery), and one without a weight or dimensions ships with its parent's.
 */
function imageIdsOf(p: Product, c: ProductContext): number[] {
  if (p.imageIds.length || p.type !== 'variation') return p.imageIds;
  const parentImage = c.snapshot.parentOf(p)?.imageIds[0];
  return parentImage === undefined ? [] : [parentImage];
}

function shippingValue(p: Product, c: ProductContext, key: 'weight' | 'length' | 'width' | 'height'): number | '' {
  const own = p[key];
  if (own !== null || p.type !== 'variation') return own ?? '';
  return c.snapshot.parentOf(p)?.[key] ?? '';
}

function images(p: Product, c: ProductContext): JsonObject[] {
  const list = imageIdsOf(p, c)
    .map((id) => c.snapshot.media.get(id))
    .filter((m) => m !== undefined)
    .map((m, i) => ({ id: m.id, src: imageSrc(c, m.src, m.sizes), name: m.name, alt: m.alt, position: i, featured: i === 0 }));
  if (list.length) return list;
  return [{ id: 0, src: imageSrc(c, placeholderSrc(c), {}), name: 'Placeholder', alt: 'Placeholder', position: 0, featured: true }];
}

function termRefs(ids: number[], kind: 'categories' | 'tags', c: ProductContext): JsonObject[] {
  return ids
    .map((id) => c.snapshot.terms.get(id))
    .filter((t): t is Term => t !== undefined)
    .map((t) => ({ id: t.id, name: t.name, slug: t.slug, rest_url: `${c.apiRoot}/cocart/v2/products/${kind}/${t.id}` }));
}

function dateOnSale(p: Product, c: ProductContext): JsonObject {
  const tz = c.settings.store.timezone_string;
  return { from: wpDate(p.saleFrom, tz), from_gmt: wpDateGmt(p.saleFrom), to: wpDate(p.saleTo, tz), to_gmt: wpDateGmt(p.saleTo) };
}

function prices(p: Product, c: ProductContext, sel: FieldSelection): JsonObject {
  const { snapshot, now, money } = c;
  const grouped = p.type === 'variable' || p.type === 'grouped';
  let regular = p.regularPrice;
  let sale: number | null = isSaleActive(p, now) ? p.salePrice : null;
  let range: JsonObject | unknown[] = [];
  if (grouped) {
    const span = snapshot.priceSpan(p, now);
    // WooCommerce: a variable product reports its cheapest variation's regular price and, when on
    // sale, its cheapest current price; a grouped product has no prices of its own.
    regular = p.type === 'variable' ? (snapshot.regularSpan(p)?.min ?? null) : null;
    sale = p.type === 'variable' && snapshot.onSale(p, now) ? (span?.min ?? null) : null;
    range = span ? { from: money(span.min), to: span.max === span.min ? '' : money(span.max) } : [];
    range = c.hooks.applyFilters('cocart_products_get_price_range', range, p);
  }
  return sel.pick({
    price: money(snapshot.price(p, now)),
    regular_price: money(regular),
    sale_price: money(sale),
    price_range: Array.isArray(range) ? range : emptyMap(range),
    on_sale: snapshot.onSale(p, now),
    date_on_sale: dateOnSale(p, c),
    currency: c.currency,
  });
}

function stock(p: Product, c: ProductContext, sel: FieldSelection): JsonObject {
  const s = c.snapshot.stockOf(p);
  return sel.pick({
    is_in_stock: s.status !== 'outofstock',
    stock_quantity: s.quantity,
    stock_status: s.status,
    backorders: s.backorders,
    backorders_allowed: backordersAllowed(s),
    backordered: isBackordered(s, 1),
    low_stock_amount: s.lowStockAmount ?? '',
  });
}

function quantityLimits(p: Product, c: ProductContext): { min_purchase: number; max_purchase: number } {
  return {
    min_purchase: c.hooks.applyFilters('cocart_quantity_minimum_requirement', minPurchaseQuantity(p), p),
    max_purchase: c.hooks.applyFilters('cocart_quantity_maximum_allowed', maxPurchaseQuantity(p, c.snapshot.stockOf(p)), p),
  };
}

function addToCartUrl(p: Product, c: ProductContext): string {
  let url = '';
  if (p.type === 'simple' || p.type === 'variation') {
    url = `${c.apiRoot}/cocart/v2/cart/add-item?id=${p.id}&quantity=${quantityLimits(p, c).min_purchase}`;
    for (const [k, v] of Object.entries(p.variationAttributes)) url += `&variation[${k}]=${v}`;
  } else if (p.type !== 'variable' && p.type !== 'external' && p.type !== 'grouped') {
    url = `${c.apiRoot}/cocart/v2/cart/add-item?id=${p.id}&quantity=1`;
  }
  return c.hooks.applyFilters('cocart_products_add_to_cart_rest_url', url, p, p.type, p.id);
}

function addToCartText(p: Product, c: ProductContext): { text: string; description: string } {
  const purchasable = c.snapshot.isPurchasable(p, c.now) && c.snapshot.stockOf(p).status !== 'outofstock';
  switch (p.type) {
    case 'variable':
      return { text: c.t(purchasable ? 'Select options' : 'Read more'), description: c.t('Select options for &ldquo;%s&rdquo;', p.name) };
    case 'grouped':
      return { text: c.t('View products'), description: c.t('View products in the &ldquo;%s&rdquo; group', p.name) };
    case 'external':
      return { text: p.buttonText || c.t('Buy product'), description: p.buttonText || c.t('Buy product') };
    default:
      return purchasable
        ? { text: c.t('Add to cart'), description: c.t('Add &ldquo;%s&rdquo; to your cart', p.name) }
        : { text: c.t('Read more'), description: c.t('Read more about &ldquo;%s&rdquo;', p.name) };
  }
}

function addToCart(p: Product, c: ProductContext, sel: FieldSelection): JsonObject {
  const text = addToCartText(p, c);
  const noQuantity = p.type === 'variable' || p.type === 'external';
  const out: JsonObject = {
    text: text.text,
    description: text.description,
    has_options: p.type === 'variable',
    is_purchasable: c.snapshot.isPurchasable(p, c.now),
    purchase_quantity: noQuantity ? [] : quantityLimits(p, c),
    rest_url: addToCartUrl(p, c),
  };
  if (p.type === 'variation') delete out.has_options;
  return sel.pick(out);
}

/** A product reference in related / upsells / cross_sells. */
function linked(p: Product, c: ProductContext): JsonObject {
  const text = addToCartText(p, c);
  return {
    id: p.id,
    name: p.name,
    permalink: permalink(p, c),
    price: c.money(c.snapshot.price(p, c.now)),
    add_to_cart: { text: text.text, description: text.description, rest_url: addToCartUrl(p, c) },
    rest_url: restUrl(p, c),
  };
}

function linkedList(ids: number[], c: ProductContext): JsonObject[] {
  return ids.map((id) => c.snapshot.get(id)).filter((p): p is Product => !!p && p.type !== 'variation').map((p) => linked(p, c));
}

function related(p: Product, c: ProductContext): JsonObject[] {
  const limit = c.hooks.applyFilters('cocart_products_get_related_products_limit', 5, p);
  const exclude = new Set([p.id, ...c.hooks.applyFilters('cocart_products_get_related_products_exclude_ids', [], p)]);
  const cats = new Set(p.categoryIds);
  const tags = new Set(p.tagIds);
  const out: Product[] = [];
  for (const other of c.snapshot.published) {
    if (out.length >= limit) break;
    if (exclude.has(other.id) || other.type === 'variation' || other.catalogVisibility === 'hidden') continue;
    if (other.categoryIds.some((id) => cats.has(id)) || other.tagIds.some((id) => tags.has(id))) out.push(other);
  }
  return out.map((o) => linked(o, c));
}

function attributeLabel(c: ProductContext, taxonomy: string, slug: string, parent?: Product): string {
  const declared = parent?.attributes.find((a) => a.taxonomy === taxonomy)?.options.find((o) => o.slug === slug);
  if (declared) return declared.label;
  return c.snapshot.termBySlug(taxonomy, slug)?.name ?? slug;
}

function attributes(p: Product, c: ProductContext): JsonObject | unknown[] {
  if (p.type === 'variation') {
    const parent = c.snapshot.parentOf(p);
    const out: JsonObject = {};
    for (const [key, slug] of Object.entries(p.variationAttributes)) {
      const taxonomy = key.replace(/^attribute_/, '');
      const def = parent?.attributes.find((a) => a.taxonomy === taxonomy);
      out[key] = {
        id: def?.id ?? 0,
        name: def?.name ?? taxonomy,
        option: slug ? { [slug]: attributeLabel(c, taxonomy, slug, parent) } : [],
      };
    }
    return emptyMap(out);
  }
  const out: JsonObject = {};
  for (const a of [...p.attributes].sort((x, y) => x.position - y.position)) {
    out[attributeKey(a.taxonomy)] = {
      id: a.id,
      name: a.name,
      position: a.position,
      is_attribute_visible: a.visible,
      used_for_variation: a.variation,
      options: emptyMap(Object.fromEntries(a.options.map((o) => [o.slug, o.label]))),
    };
  }
  return emptyMap(out);
}

function defaultAttributes(p: Product, c: ProductContext): JsonObject | unknown[] {
  if (p.type !== 'variable') return [];
  const out: JsonObject = {};
  for (const [key, slug] of Object.entries(p.defaultAttributes)) {
    const taxonomy = key.replace(/^attribute_/, '');
    const def = p.attributes.find((a) => a.taxonomy === taxonomy);
    out[key] = { id: def?.id ?? 0, name: def?.name ?? taxonomy, option: slug };
  }
  return emptyMap(out);
}

function embeddedVariations(p: Product, c: ProductContext): JsonObject[] {
  if (p.type !== 'variable') return [];
  return c.snapshot.visibleVariations(p.id, c.settings.store.hide_out_of_stock_items, c.now).map((v) => {
    const imageIds = imageIdsOf(v, c);
    const image = imageIds.length ? c.snapshot.media.get(imageIds[0]) : undefined;
    return {
      id: v.id,
      sku: v.sku,
      description: v.description,
      attributes: emptyMap({ ...v.variationAttributes }),
      featured_image: image ? imageSrc(c, image.src, image.sizes) : [],
      prices: {
        price: c.money(c.snapshot.price(v, c.now)),
        regular_price: c.money(v.regularPrice),
        sale_price: c.money(isSaleActive(v, c.now) ? v.salePrice : null),
        on_sale: isSaleActive(v, c.now),
        date_on_sale: dateOnSale(v, c),
        currency: c.currency,
      },
      stock: stock(v, c, FieldSelection.ALL),
      add_to_cart: {
        is_purchasable: c.snapshot.isPurchasable(v, c.now),
        purchase_quantity: quantityLimits(v, c),
        rest_url: addToCartUrl(v, c),
      },
    };
  });
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function metaData(p: Product, c: ProductContext): JsonObject[] {
  const prefixes = c.hooks.applyFilters('cocart_products_ignore_private_meta_keys', ['_'], p);
  const skipEmails = c.hooks.applyFilters('cocart_products_meta_skip_email_values', true);
  const meta = p.metaData
    .filter((m) => !prefixes.some((prefix) => m.key.startsWith(prefix)))
    .filter((m) => !(skipEmails && typeof m.value === 'string' && EMAIL.test(m.value)))
    .filter((m) => !c.includeMeta.length || c.includeMeta.includes(m.key))
    .filter((m) => !c.excludeMeta.includes(m.key))
    .map((m) => ({ id: m.id, key: m.key, value: m.value }));
  return c.hooks.applyFilters('cocart_products_get_safe_meta_data', meta, p);
}

function reviews(p: Product, c: ProductContext): JsonObject[] {
  const list = c.reviews?.get(p.id) ?? [];
  const tz = c.settings.store.timezone_string;
  return list.map((r) => ({
    review_id: String(r.id),
    author_name: r.reviewer,
    author_url: '',
    review_comment: r.review,
    review_date: wpDate(r.createdAt, tz),
    review_date_gmt: wpDateGmt(r.createdAt),
    rating: String(r.rating),
    verified: r.verified ? '1' : '0',
  }));
}

function links(p: Product, c: ProductContext): JsonObject {
  const self = restUrl(p, c);
  if (p.type === 'variation') {
    const parent = c.snapshot.parentOf(p);
    return {
      self: [{ permalink: permalink(p, c), href: self }],
      collection: [{ href: `${c.apiRoot}/cocart/v2/products/${p.parentId}/variations` }],
      up: [{ permalink: parent ? permalink(parent, c) : '', href: `${c.apiRoot}/cocart/v2/products/${p.parentId}` }],
    };
  }
  const out: JsonObject = {
    self: [{ permalink: permalink(p, c), href: self }],
    collection: [{ permalink: `${c.storeUrl}/shop/`, href: `${c.apiRoot}/cocart/v2/products` }],
  };
  if (p.type === 'variable') {
    out.variations = c.snapshot
      .variationsOf(p.id)
      .map((v) => ({ href: `${c.apiRoot}/cocart/v2/products/${p.id}/variations/${v.id}` }));
  }
  return out;
}

function ratingFields(p: Product, c: ProductContext) {
  return c.snapshot.rating(p.type === 'variation' ? p.parentId : p.id);
}

/** Every field of the product object in CoCart's order, each computed only when selected. */
const FIELDS: [string, Builder][] = [
  ['id', (p) => p.id],
  ['parent_id', (p) => p.parentId],
  ['name', (p) => p.name],
  ['type', (p) => p.type],
  ['slug', (p) => p.slug],
  ['permalink', (p, c) => permalink(p, c)],
  ['sku', (p) => p.sku],
  ['global_unique_id', (p) => p.globalUniqueId],
  ['description', (p) => p.description],
  ['short_description', (p) => p.shortDescription],
  [
    'dates',
    (p, c, sel) =>
      sel.pick({
        created: wpDate(p.createdAt, c.settings.store.timezone_string),
        created_gmt: wpDateGmt(p.createdAt),
        modified: wpDate(p.modifiedAt, c.settings.store.timezone_string),
        modified_gmt: wpDateGmt(p.modifiedAt),
      }),
  ],
  ['featured', (p) => p.featured],
  ['prices', prices],
  [
    'hidden_conditions',
    (p, _c, sel) => {
      const out: JsonObject = {
        virtual: p.virtual,
        downloadable: p.downloadable,
        manage_stock: p.manageStock,
        sold_individually: p.soldIndividually,
        reviews_allowed: p.reviewsAllowed,
        shipping_required: !p.virtual,
      };
      if (p.type === 'variation') delete out.reviews_allowed;
      return sel.pick(out);
    },
  ],
  ['average_rating', (p, c) => ratingFields(p, c).average.toFixed(2)],
  ['review_count', (p, c) => ratingFields(p, c).reviewCount],
  ['rating_count', (p, c) => ratingFields(p, c).ratingCount],
  [
    'rated_out_of',
    (p, c) => {
      const r = ratingFields(p, c);
      return r.ratingCount ? c.t('Rated %s out of 5', r.average.toFixed(2)) : '';
    },
  ],
  ['images', images],
  ['categories', (p, c) => termRefs(p.type === 'variation' ? (c.snapshot.parentOf(p)?.categoryIds ?? []) : p.categoryIds, 'categories', c)],
  ['tags', (p, c) => termRefs(p.type === 'variation' ? (c.snapshot.parentOf(p)?.tagIds ?? []) : p.tagIds, 'tags', c)],
  ['attributes', attributes],
  ['default_attributes', defaultAttributes],
  ['variations', embeddedVariations],
  ['grouped_products', (p) => (p.type === 'grouped' ? p.groupedIds : [])],
  ['stock', stock],
  ['weight', (p, c) => ({ value: shippingValue(p, c, 'weight'), unit: c.settings.store.weight_unit })],
  [
    'dimensions',
    (p, c) => ({
      length: shippingValue(p, c, 'length'),
      width: shippingValue(p, c, 'width'),
      height: shippingValue(p, c, 'height'),
      unit: c.settings.store.dimension_unit,
    }),
  ],
  ['reviews', reviews],
  ['related', related],
  ['upsells', (p, c) => linkedList(p.upsellIds, c)],
  ['cross_sells', (p, c) => linkedList(p.crossSellIds, c)],
  ['total_sales', (p) => p.totalSales],
  ['external_url', (p) => (p.type === 'external' ? p.externalUrl : '')],
  ['button_text', (p) => (p.type === 'external' ? p.buttonText : '')],
  ['add_to_cart', addToCart],
  ['meta_data', metaData],
  ['_links', links],
];

export const PRODUCT_FIELD_NAMES = FIELDS.map(([name]) => name);

/**
 * A product, or a variation "without its parent" when `trimVariation` (the default for variations);
 * a variation listed with `include_variations` keeps the full shape.
 */
export function serializeProduct(p: Product, c: ProductContext, trimVariation = p.type === 'variation'): JsonObject {
  const out: JsonObject = {};
  for (const [name, build] of FIELDS) {
    if (trimVariation && NOT_ON_VARIATIONS.has(name)) continue;
    if (!c.selection.includes(name)) continue;
    out[name] = build(p, c, c.selection.child(name));
  }
  return trimVariation
    ? c.hooks.applyFilters('cocart_prepare_product_variation_object_v2', out, p, c.request)
    : c.hooks.applyFilters('cocart_prepare_product_object_v2', out, p, c.request);
}
