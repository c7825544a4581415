import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { CocartError } from '../../errors.ts';
import { slugOf } from '../import/index.ts';
import { attributeKey, slugify } from '../product.ts';
import { findProductIdBySku, saveMedia, saveTerm } from '../repository.ts';
import {
  BACKORDERS, CATALOG_VISIBILITIES, PRODUCT_STATUSES, STOCK_STATUSES, TAX_STATUSES,
  type MetaEntry, type Product, type ProductAttribute,
} from '../types.ts';
import { sanitizeDescription } from './html.ts';
import { Ids, invalidParam, literals, type StoreInput } from './input.ts';

/**
 * The writable fields of a product or variation on wc/v3, and how a request body changes a stored
 * product: WooCommerce's `prepare_object_for_database`. Only what the body carries changes. Anything
 * it refers to (categories, images, linked products, attribute terms) must exist, or the request is a
 * 400 naming the field; tags given by name and attribute options given by name are created, as in
 * WooCommerce. Writes (new terms, media) go through the caller's transaction, so a refused request
 * stores nothing.
 */

/** Where WooCommerce keeps what a product has no column for: private meta (keys starting with `_`). */
export const PRIVATE_META = {
  purchaseNote: '_purchase_note',
  downloads: '_downloadable_files',
  downloadLimit: '_download_limit',
  downloadExpiry: '_download_expiry',
} as const;

const Opt = <T extends TSchema>(t: T) => Type.Optional(t);

const Str = Type.String();
const NullableStr = Type.Union([Type.String(), Type.Null()]);
const Dimensions = Type.Object({ length: Opt(Str), width: Opt(Str), height: Opt(Str) });
const Image = Type.Object({ id: Opt(Type.Integer({ minimum: 0 })), src: Opt(Str), name: Opt(Str), alt: Opt(Str) });
const Meta = Type.Object({ id: Opt(Type.Integer({ minimum: 0 })), key: Type.String({ minLength: 1 }), value: Type.Unknown() });
const Download = Type.Object({ id: Opt(Str), name: Opt(Str), file: Type.String({ minLength: 1 }) });
const VariationAttribute = Type.Object({ id: Opt(Type.Integer({ minimum: 0 })), name: Opt(Str), option: Opt(Str) });

/** Fields products and variations share. */
const Common = {
  description: Opt(Str),
  sku: Opt(Str),
  global_unique_id: Opt(Str),
  regular_price: Opt(NullableStr),
  sale_price: Opt(NullableStr),
  date_on_sale_from: Opt(NullableStr),
  date_on_sale_from_gmt: Opt(NullableStr),
  date_on_sale_to: Opt(NullableStr),
  date_on_sale_to_gmt: Opt(NullableStr),
  status: Opt(literals(PRODUCT_STATUSES)),
  virtual: Opt(Type.Boolean()),
  downloadable: Opt(Type.Boolean()),
  downloads: Opt(Type.Array(Download)),
  download_limit: Opt(Type.Integer({ minimum: -1 })),
  download_expiry: Opt(Type.Integer({ minimum: -1 })),
  tax_status: Opt(literals(TAX_STATUSES)),
  tax_class: Opt(Str),
  manage_stock: Opt(Type.Boolean()),
  stock_quantity: Opt(Type.Union([Type.Integer(), Type.Null()])),
  inventory_delta: Opt(Type.Integer()),
  stock_status: Opt(literals(STOCK_STATUSES)),
  backorders: Opt(literals(BACKORDERS)),
  low_stock_amount: Opt(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
  weight: Opt(NullableStr),
  dimensions: Opt(Dimensions),
  shipping_class: Opt(Str),
  menu_order: Opt(Type.Integer()),
  // Purchase limits, named as WooCommerce's Min/Max Quantities extension names them on wc/v3.
  min_quantity: Opt(Type.Union([Type.Integer({ minimum: 0 }), Type.String(), Type.Null()])),
  max_quantity: Opt(Type.Union([Type.Integer({ minimum: 0 }), Type.String(), Type.Null()])),
  meta_data: Opt(Type.Array(Meta)),
  date_created: Opt(NullableStr),
  date_created_gmt: Opt(NullableStr),
};

export const ProductBody = Type.Object({
  ...Common,
  name: Opt(Str),
  slug: Opt(Str),
  type: Opt(literals(['simple', 'grouped', 'external', 'variable'] as const)),
  featured: Opt(Type.Boolean()),
  catalog_visibility: Opt(literals(CATALOG_VISIBILITIES)),
  short_description: Opt(Str),
  external_url: Opt(Str),
  button_text: Opt(Str),
  sold_individually: Opt(Type.Boolean()),
  reviews_allowed: Opt(Type.Boolean()),
  upsell_ids: Opt(Ids),
  cross_sell_ids: Opt(Ids),
  parent_id: Opt(Type.Integer({ minimum: 0 })),
  purchase_note: Opt(Str),
  categories: Opt(Type.Array(Type.Object({ id: Type.Integer({ minimum: 1 }) }))),
  tags: Opt(Type.Array(Type.Object({ id: Opt(Type.Integer({ minimum: 1 })), name: Opt(Str) }))),
  images: Opt(Type.Array(Image)),
  attributes: Opt(
    Type.Array(
      Type.Object({
        id: Opt(Type.Integer({ minimum: 0 })),
        name: Opt(Str),
        position: Opt(Type.Integer({ minimum: 0 })),
        visible: Opt(Type.Boolean()),
        variation: Opt(Type.Boolean()),
        options: Opt(Type.Union([Type.Array(Str), Str])),
      }),
    ),
  ),
  default_attributes: Opt(Type.Array(VariationAttribute)),
  grouped_products: Opt(Ids),
});
export type ProductBody = Static<typeof ProductBody>;

export const VariationBody = Type.Object({
  ...Common,
  image: Opt(Type.Union([Image, Type.Null()])),
  attributes: Opt(Type.Array(VariationAttribute)),
});
export type VariationBody = Static<typeof VariationBody>;
const CommonBody = Type.Object(Common);
type CommonBody = Static<typeof CommonBody>;

type Draft = Omit<Product, 'id'> & { id?: number };

interface Writer {
  db: Kysely<Database>;
  c: StoreInput;
}

/** `options` is a list of names, or WooCommerce's `|`-separated text. */
function optionNames(options: string[] | string | undefined): string[] {
  const list = typeof options === 'string' ? options.split('|') : (options ?? []);
  return [...new Set(list.map((o) => o.trim()).filter(Boolean))];
}

function number(name: string, value: string | null | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw invalidParam(name, `${name} is not a valid number.`);
  return n;
}

/** A purchase limit: a whole number; empty, null or 0 means none. */
function quantityLimit(name: string, value: number | string | null | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  const text = value === null ? '' : String(value).trim();
  if (text === '' || text === '0') return null;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw invalidParam(name, `${name} is not a whole number.`);
  return Number(text);
}

/** A term of an attribute's taxonomy by name or slug, created when missing (WordPress's `wp_set_object_terms`). */
async function attributeTerm(w: Writer, taxonomy: string, name: string): Promise<{ slug: string; label: string }> {
  const lower = name.toLowerCase();
  const terms = w.c.snapshot.taxonomy(taxonomy);
  const found = terms.find((t) => t.name.toLowerCase() === lower) ?? terms.find((t) => t.slug === slugOf(name));
  if (found) return { slug: found.slug, label: found.name };
  const slug = slugOf(name);
  await saveTerm(w.db, { taxonomy, name, slug, parent: 0, description: '', menuOrder: 0, display: 'default', imageId: null });
  return { slug, label: name };
}

async function productAttributes(w: Writer, list: NonNullable<ProductBody['attributes']>): Promise<ProductAttribute[]> {
  const out: ProductAttribute[] = [];
  for (const [i, a] of list.entries()) {
    const field = `attributes[${i}]`;
    const global = a.id ? w.c.snapshot.attributeById.get(a.id) : undefined;
    if (a.id && !global) throw invalidParam('attributes', `${field}.id is not a product attribute.`);
    if (!global && !a.name?.trim()) throw invalidParam('attributes', `${field} needs an id or a name.`);
    const names = optionNames(a.options);
    // WooCommerce drops a global attribute sent without options.
    if (global && !names.length) continue;
    const taxonomy = global ? `pa_${global.slug}` : slugOf(a.name!.trim());
    if (out.some((o) => o.taxonomy === taxonomy)) throw invalidParam('attributes', `${field} is listed twice.`);
    const options: ProductAttribute['options'] = [];
    for (const n of names) {
      const option = global ? await attributeTerm(w, taxonomy, n) : { slug: slugOf(n), label: n };
      if (!options.some((o) => o.slug === option.slug)) options.push(option);
    }
    out.push({
      id: global?.id ?? 0,
      name: global?.name ?? a.name!.trim(),
      taxonomy,
      position: a.position ?? 0,
      visible: a.visible ?? false,
      variation: a.variation ?? false,
      options,
    });
  }
  return out;
}

/** `[{id|name, option}]` against a parent's attributes → `attribute_<taxonomy>` → option slug. */
export function attributeValues(
  field: string,
  declared: ProductAttribute[],
  list: { id?: number; name?: string; option?: string }[],
  c: StoreInput,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, a] of list.entries()) {
    const global = a.id ? c.snapshot.attributeById.get(a.id) : undefined;
    const attr = global
      ? declared.find((d) => d.taxonomy === `pa_${global.slug}`)
      : declared.find((d) => d.id === 0 && (d.name === a.name || d.taxonomy === slugOf(a.name ?? '')));
    if (!attr) throw invalidParam(field, `${field}[${i}] is not an attribute of the product.`);
    const value = (a.option ?? '').trim();
    if (!value) {
      out[attributeKey(attr.taxonomy)] = '';
      continue;
    }
    const option = attr.options.find((o) => o.label.toLowerCase() === value.toLowerCase() || o.slug === value || o.slug === slugOf(value));
    if (!option) throw invalidParam(field, `${field}[${i}].option "${value}" is not an option of ${attr.name}.`);
    out[attributeKey(attr.taxonomy)] = option.slug;
  }
  return out;
}

function existingIds(field: string, ids: number[], c: StoreInput, variationsAllowed: boolean): number[] {
  const unique = [...new Set(ids.filter((id) => id > 0))];
  for (const id of unique) {
    const p = c.snapshot.products.get(id);
    if (!p || (!variationsAllowed && p.type === 'variation')) throw invalidParam(field, `${field} has an unknown product ID: ${id}.`);
  }
  return unique;
}

async function images(w: Writer, field: string, list: Static<typeof Image>[]): Promise<number[]> {
  const ids: number[] = [];
  for (const [i, img] of list.entries()) {
    let id = img.id ?? 0;
    if (id && !w.c.snapshot.media.has(id)) {
      throw new CocartError('woocommerce_product_invalid_image_id', 'invalid', '#%s is an invalid image ID.', [id]);
    }
    if (!id) {
      const src = img.src?.trim() ?? '';
      if (!/^https?:\/\/\S+$/i.test(src)) throw invalidParam(field, `${field}[${i}] needs an id or an http(s) src.`);
      id = await saveMedia(w.db, { src, name: img.name ?? '', alt: img.alt ?? '', sizes: {} });
    }
    if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

function updatedMeta(current: MetaEntry[], changes: { id?: number; key: string; value: unknown }[]): MetaEntry[] {
  const meta = current.map((m) => ({ ...m }));
  let next = Math.max(0, ...meta.map((m) => m.id)) + 1;
  for (const change of changes) {
    const found = (change.id ? meta.find((m) => m.id === change.id) : undefined) ?? meta.find((m) => m.key === change.key);
    if (found) {
      found.key = change.key;
      found.value = change.value;
    } else meta.push({ id: next++, key: change.key, value: change.value });
  }
  return meta;
}

function setPrivateMeta(d: Draft, key: string, value: unknown): void {
  d.metaData = updatedMeta(d.metaData, [{ key, value }]);
}

async function uniqueSku(w: Writer, sku: string, id: number | undefined): Promise<string> {
  const clean = sku.trim();
  if (!clean) return '';
  const other = await findProductIdBySku(w.db, clean, id ?? null);
  if (other !== null) throw new CocartError('product_invalid_sku', 'invalid', 'Invalid or duplicated SKU.', [], { resource_id: other });
  return clean;
}

/** WordPress's `wp_unique_post_slug`: a slug in use by another product gets `-2`, `-3` … */
function uniqueSlug(c: StoreInput, wanted: string, id: number | undefined): string {
  const base = slugify(wanted) || 'product';
  const taken = new Set([...c.snapshot.products.values()].filter((p) => p.id !== id && p.type !== 'variation').map((p) => p.slug));
  let slug = base;
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
  return slug;
}

/** Prices, stock, shipping, downloads, meta and dates: what products and variations share. */
async function applyCommon(w: Writer, d: Draft, b: CommonBody, priced: boolean): Promise<void> {
  const c = w.c;
  if (b.description !== undefined) d.description = sanitizeDescription(b.description);
  if (b.sku !== undefined) d.sku = await uniqueSku(w, b.sku, d.id);
  if (b.global_unique_id !== undefined) d.globalUniqueId = b.global_unique_id.trim();
  if (b.status !== undefined) d.status = b.status;
  if (b.virtual !== undefined) d.virtual = b.virtual;
  if (b.tax_status !== undefined) d.taxStatus = b.tax_status;
  if (b.tax_class !== undefined) d.taxClass = b.tax_class === 'standard' ? '' : slugify(b.tax_class);
  if (b.menu_order !== undefined) d.menuOrder = b.menu_order;
  const min = quantityLimit('min_quantity', b.min_quantity);
  if (min !== undefined) d.minPurchase = min ?? 1;
  const max = quantityLimit('max_quantity', b.max_quantity);
  if (max !== undefined) d.maxPurchase = max;
  if (d.maxPurchase !== null && d.maxPurchase < d.minPurchase) {
    throw invalidParam('max_quantity', 'max_quantity is below min_quantity.');
  }

  if (priced) {
    if (b.regular_price !== undefined) d.regularPrice = c.parsePrice('regular_price', b.regular_price);
    if (b.sale_price !== undefined) d.salePrice = c.parsePrice('sale_price', b.sale_price);
    if (b.date_on_sale_from !== undefined) d.saleFrom = c.parseDate('date_on_sale_from', b.date_on_sale_from, false);
    if (b.date_on_sale_from_gmt !== undefined) d.saleFrom = c.parseDate('date_on_sale_from_gmt', b.date_on_sale_from_gmt, true);
    if (b.date_on_sale_to !== undefined) d.saleTo = c.parseDate('date_on_sale_to', b.date_on_sale_to, false);
    if (b.date_on_sale_to_gmt !== undefined) d.saleTo = c.parseDate('date_on_sale_to_gmt', b.date_on_sale_to_gmt, true);
    if (d.saleFrom !== null && d.saleTo !== null && d.saleTo < d.saleFrom) {
      throw invalidParam('date_on_sale_to', 'date_on_sale_to is before date_on_sale_from.');
    }
  } else {
    d.regularPrice = d.salePrice = d.saleFrom = d.saleTo = null;
  }

  const weight = number('weight', b.weight);
  if (weight !== undefined) d.weight = weight;
  for (const side of ['length', 'width', 'height'] as const) {
    const value = number(`dimensions.${side}`, b.dimensions?.[side]);
    if (value !== undefined) d[side] = value;
  }
  if (b.shipping_class !== undefined) {
    const slug = b.shipping_class.trim();
    // A product may keep a class it already had; a new one must be a shipping class of the store.
    if (slug && slug !== d.shippingClass && !c.snapshot.termBySlug('product_shipping_class', slug)) {
      throw invalidParam('shipping_class', `shipping_class "${slug}" is not a shipping class.`);
    }
    d.shippingClass = slug;
  }

  if (b.stock_status !== undefined) d.stockStatus = b.stock_status;
  if (b.manage_stock !== undefined) d.manageStock = b.manage_stock;
  if (b.backorders !== undefined) d.backorders = b.backorders;
  if (d.type === 'grouped' || d.type === 'external') {
    d.manageStock = false;
    d.backorders = 'no';
    if (d.type === 'external') d.stockStatus = 'instock';
  }
  if (d.manageStock) {
    if (b.stock_quantity !== undefined) d.stockQuantity = b.stock_quantity;
    else if (b.inventory_delta !== undefined) d.stockQuantity = (d.stockQuantity ?? 0) + b.inventory_delta;
    if (b.low_stock_amount !== undefined) d.lowStockAmount = b.low_stock_amount;
    if (d.stockQuantity !== null && !Number.isSafeInteger(d.stockQuantity)) throw invalidParam('stock_quantity', 'stock_quantity is out of range.');
  } else {
    d.stockQuantity = null;
    d.lowStockAmount = null;
  }

  if (b.downloadable !== undefined) d.downloadable = b.downloadable;
  if (d.downloadable) {
    if (b.downloads !== undefined) {
      setPrivateMeta(d, PRIVATE_META.downloads, b.downloads.map((f, i) => ({ id: f.id ?? String(i + 1), name: f.name ?? '', file: f.file })));
    }
    if (b.download_limit !== undefined) setPrivateMeta(d, PRIVATE_META.downloadLimit, b.download_limit);
    if (b.download_expiry !== undefined) setPrivateMeta(d, PRIVATE_META.downloadExpiry, b.download_expiry);
  }

  if (b.meta_data !== undefined) {
    const protectedKey = b.meta_data.find((m) => m.key.startsWith('_'));
    if (protectedKey) throw invalidParam('meta_data', `meta_data key "${protectedKey.key}" is protected.`);
    d.metaData = updatedMeta(d.metaData, b.meta_data);
  }
  if (b.date_created) d.createdAt = c.parseDate('date_created', b.date_created, false) ?? d.createdAt;
  if (b.date_created_gmt) d.createdAt = c.parseDate('date_created_gmt', b.date_created_gmt, true) ?? d.createdAt;
  d.modifiedAt = c.now;
}

/** A product (not a variation) after the body's changes; `base` is the stored product or the defaults. */
export async function applyProductBody(db: Kysely<Database>, c: StoreInput, base: Draft, b: ProductBody, creating: boolean): Promise<Draft> {
  const w: Writer = { db, c };
  const d: Draft = { ...base };
  if (b.type !== undefined) d.type = b.type;
  if (b.name !== undefined) d.name = b.name;
  if (b.short_description !== undefined) d.shortDescription = sanitizeDescription(b.short_description);
  if (b.featured !== undefined) d.featured = b.featured;
  if (b.catalog_visibility !== undefined) d.catalogVisibility = b.catalog_visibility;
  if (b.reviews_allowed !== undefined) d.reviewsAllowed = b.reviews_allowed;
  if (b.sold_individually !== undefined) d.soldIndividually = b.sold_individually;
  if (b.slug !== undefined && b.slug.trim() !== '') d.slug = uniqueSlug(c, b.slug, d.id);
  else if (creating || !d.slug) d.slug = uniqueSlug(c, d.name, d.id);
  if (b.purchase_note !== undefined) setPrivateMeta(d, PRIVATE_META.purchaseNote, sanitizeDescription(b.purchase_note));
  if (b.parent_id !== undefined) {
    if (b.parent_id !== 0 && (b.parent_id === d.id || !c.snapshot.products.has(b.parent_id))) {
      throw invalidParam('parent_id', `parent_id ${b.parent_id} is not a product.`);
    }
    d.parentId = b.parent_id;
  }
  if (b.attributes !== undefined) d.attributes = await productAttributes(w, b.attributes);

  await applyCommon(w, d, b, d.type !== 'variable' && d.type !== 'grouped');

  if (b.upsell_ids !== undefined) d.upsellIds = existingIds('upsell_ids', b.upsell_ids, c, false);
  if (b.cross_sell_ids !== undefined) d.crossSellIds = existingIds('cross_sell_ids', b.cross_sell_ids, c, false);
  if (b.categories !== undefined) {
    d.categoryIds = [...new Set(b.categories.map((ref) => ref.id))];
    for (const id of d.categoryIds) {
      if (c.snapshot.terms.get(id)?.taxonomy !== 'product_cat') throw invalidParam('categories', `categories has an unknown category ID: ${id}.`);
    }
  }
  if (b.tags !== undefined) {
    const ids: number[] = [];
    for (const [i, ref] of b.tags.entries()) {
      let id = ref.id;
      if (id !== undefined && c.snapshot.terms.get(id)?.taxonomy !== 'product_tag') throw invalidParam('tags', `tags has an unknown tag ID: ${id}.`);
      if (id === undefined) {
        const name = ref.name?.trim();
        if (!name) throw invalidParam('tags', `tags[${i}] needs an id or a name.`);
        const found = c.snapshot.taxonomy('product_tag').find((t) => t.name.toLowerCase() === name.toLowerCase());
        id = found?.id ?? (await saveTerm(db, { taxonomy: 'product_tag', name, slug: slugOf(name), parent: 0, description: '', menuOrder: 0, display: 'default', imageId: null }));
      }
      if (!ids.includes(id)) ids.push(id);
    }
    d.tagIds = ids;
  }
  if (d.type === 'external') {
    if (b.external_url !== undefined) {
      const url = b.external_url.trim();
      if (url && !/^https?:\/\/\S+$/i.test(url)) throw invalidParam('external_url', 'external_url is not a valid URL.');
      d.externalUrl = url;
    }
    if (b.button_text !== undefined) d.buttonText = b.button_text;
  }
  if (d.type === 'variable' && b.default_attributes !== undefined) {
    d.defaultAttributes = Object.fromEntries(
      Object.entries(attributeValues('default_attributes', d.attributes, b.default_attributes, c)).filter(([, v]) => v !== ''),
    );
  }
  if (d.type === 'grouped' && b.grouped_products !== undefined) d.groupedIds = existingIds('grouped_products', b.grouped_products, c, false);
  if (b.images !== undefined) d.imageIds = await images(w, 'images', b.images);
  return d;
}

/** A variation after the body's changes. Its attributes must be variation attributes of the parent. */
export async function applyVariationBody(db: Kysely<Database>, c: StoreInput, parent: Product, base: Draft, b: VariationBody): Promise<Draft> {
  const w: Writer = { db, c };
  const d: Draft = { ...base, type: 'variation', parentId: parent.id };
  const declared = parent.attributes.filter((a) => a.variation);
  if (b.attributes !== undefined) {
    const given = attributeValues('attributes', declared, b.attributes, c);
    // Every variation attribute of the parent has a value; one not given is "any".
    d.variationAttributes = Object.fromEntries(declared.map((a) => [attributeKey(a.taxonomy), given[attributeKey(a.taxonomy)] ?? '']));
  }
  await applyCommon(w, d, b, true);
  if (b.image !== undefined) d.imageIds = b.image === null ? [] : await images(w, 'image', [b.image]);
  const labels = declared
    .map((a) => a.options.find((o) => o.slug === d.variationAttributes[attributeKey(a.taxonomy)])?.label)
    .filter((l) => l !== undefined);
  d.name = labels.length ? `${parent.name} - ${labels.join(', ')}` : parent.name;
  if (!d.slug) d.slug = slugify(`${parent.slug} ${labels.join(' ')}`) || parent.slug;
  return d;
}
