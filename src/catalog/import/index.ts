import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { ChangeFeed } from '../../events/changes.ts';
import { attributeKey, completeProduct, slugify } from '../product.ts';
import { loadCatalogRows, saveAttribute, saveMedia, saveProduct, saveTerm, syncCatalogSequences } from '../repository.ts';
import type { Attribute, MetaEntry, Product, ProductAttribute, ProductInput, Term } from '../types.ts';
import { parseCatalogJson } from './json.ts';
import { parseWooCommerceCsv } from './woocommerce-csv.ts';

/**
 * The catalogue importer: `npx cartwright import FILE`.
 *
 * Each format module turns its file into a ParsedCatalog (the model below), without touching the database.
 * This module then checks every product against the file and the stored catalogue, collecting every error,
 * and only when there is none writes everything in one transaction.
 *
 * Update rule: a product is matched by id (when a product with the file's id exists), else by SKU, else created
 * (keeping the file's id when it has one, so WooCommerce ids and `id:123` references survive the move).
 * A field the file does not carry (a CSV column that is absent, a JSON property that is left out) is kept.
 */

export interface ImportError {
  /** The physical CSV line (the header is line 1), or a JSON pointer into the document. */
  line: number | string;
  reason: string;
}

export interface ImportResult {
  created: number;
  updated: number;
  errors: ImportError[];
}

export interface ImportOptions {
  format?: 'csv' | 'json';
  onProgress?: (done: number, total: number) => void;
  /** Unix seconds; defaults to the clock. */
  now?: number;
  /**
   * Told of each product created or updated, in the import's transaction, as WooCommerce's importer
   * saves each product (so `product.created` / `product.updated` webhooks fire once per product).
   */
  changes?: ChangeFeed;
}

// ---------------------------------------------------------------------------------------------------------
// The model both formats parse into.

/** Where an item comes from: a CSV line number or a JSON pointer. */
export type Where = number | string;

/** A reference to another product: `id:123`, a SKU, or (JSON's nested variations) the item itself. */
export interface ProductRef {
  /** As written, for messages. */
  text: string;
  id?: number;
  sku?: string;
  item?: ImportItem;
}

/** A category as a path of names from the root (CSV, found or created) or by slug (JSON, declared or stored). */
export type CategoryRef = { path: string[] } | { slug: string };
export type TagRef = { name: string } | { slug: string };
/** An attribute value by its label (CSV; JSON custom attributes) or by its term slug (JSON global attributes). */
export type OptionRef = { label: string } | { slug: string };

/** An attribute as a parent product declares it. */
export interface AttributeSpec {
  global: boolean;
  /** Global attributes from JSON: the attribute slug (without `pa_`). */
  slug?: string;
  /** Custom attributes, and global attributes from CSV (the slug is derived from it). */
  name?: string;
  options: OptionRef[];
  visible?: boolean;
  variation?: boolean;
  /** Sub-path under the item for JSON errors. */
  path: string;
}

/** One attribute's value on a variation, or a parent's default; `value: null` is "any". */
export interface AttributeValue {
  attribute: { name: string; global?: boolean } | { taxonomy: string };
  value: OptionRef | null;
  path: string;
}

/** Scalar product fields an item can carry; everything that references other rows is resolved separately. */
export type ItemFields = Omit<
  ProductInput,
  | 'id'
  | 'parentId'
  | 'attributes'
  | 'variationAttributes'
  | 'defaultAttributes'
  | 'groupedIds'
  | 'upsellIds'
  | 'crossSellIds'
  | 'categoryIds'
  | 'tagIds'
  | 'imageIds'
  | 'metaData'
  | 'createdAt'
  | 'modifiedAt'
  | 'totalSales'
>;

/** One product of the file. An absent (undefined) property is not carried and keeps the stored value. */
export interface ImportItem {
  where: Where;
  /** The id the file gives the product. */
  id?: number;
  fields: ItemFields;
  parent?: ProductRef;
  grouped?: ProductRef[];
  upsells?: ProductRef[];
  crossSells?: ProductRef[];
  categories?: CategoryRef[];
  tags?: TagRef[];
  /** URLs; the first is the featured image. */
  images?: string[];
  /** Parents' attributes (replace the stored list when carried). */
  attributes?: AttributeSpec[];
  /** Parents' default attribute values. */
  defaults?: AttributeValue[];
  /** Variations' attribute values. */
  variationValues?: AttributeValue[];
  /** Upserted by key; stored keys the file does not mention are kept. */
  meta?: { key: string; value: unknown }[];
}

export interface DeclaredTerm {
  where: string;
  slug: string;
  name: string;
  /** Parent category slug. */
  parent?: string;
  description?: string;
  menuOrder?: number;
}

export interface DeclaredAttribute {
  where: string;
  slug: string;
  name: string;
  type?: string;
  orderBy?: Attribute['orderBy'];
  hasArchives?: boolean;
  terms: DeclaredTerm[];
}

export interface ParsedCatalog {
  attributes: DeclaredAttribute[];
  categories: DeclaredTerm[];
  tags: DeclaredTerm[];
  products: ImportItem[];
  /** Errors found while reading the file. */
  errors: ImportError[];
}

// ---------------------------------------------------------------------------------------------------------
// Entry point.

export async function importCatalog(db: Kysely<Database>, file: string, options: ImportOptions = {}): Promise<ImportResult> {
  const format = options.format ?? formatOf(file);
  const text = await readFile(file, 'utf8');
  const parsed = format === 'csv' ? parseWooCommerceCsv(text) : parseCatalogJson(text);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const plan = await planImport(db, parsed, now);
  if (plan.errors.length) return { created: 0, updated: 0, errors: sortErrors(plan.errors) };
  await db.transaction().execute((trx) => writePlan(trx, plan, { ...options, now }));
  const created = plan.states.filter((s) => !s.existing).length;
  return { created, updated: plan.states.length - created, errors: [] };
}

function formatOf(file: string): 'csv' | 'json' {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  throw new Error(`Cannot tell the format of "${file}" from its extension; use .csv or .json, or pass the format`);
}

/** Numeric lines ascending; JSON pointers keep document order. */
function sortErrors(errors: ImportError[]): ImportError[] {
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => {
      const an = typeof a.e.line === 'number';
      const bn = typeof b.e.line === 'number';
      if (an && bn) return (a.e.line as number) - (b.e.line as number) || a.i - b.i;
      if (an !== bn) return an ? -1 : 1;
      return a.i - b.i;
    })
    .map((x) => x.e);
}

// ---------------------------------------------------------------------------------------------------------
// Slugs.

/** WordPress's `sanitize_title`, falling back to percent-encoding for names with no Latin letters or digits. */
export function slugOf(text: string): string {
  const slug = slugify(text);
  if (slug) return slug;
  return encodeURIComponent(text.trim().toLowerCase().replace(/\s+/g, '-')).toLowerCase();
}

/** WooCommerce limits global attribute slugs to 28 characters (taxonomy names are at most 32 with `pa_`). */
const MAX_ATTRIBUTE_SLUG = 28;

function uniqueSlug(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

// ---------------------------------------------------------------------------------------------------------
// Planning: every check, no writes.

/** An id known now (stored rows) or once the row is written (new rows). */
interface Slot {
  id: number;
}

interface TermEntry {
  slot: Slot;
  taxonomy: string;
  name: string;
  slug: string;
  parent: Slot | null;
  /** Set for terms this import creates. */
  create?: { description: string; menuOrder: number };
}

/** The terms of every taxonomy, stored and to be created, in creation order. */
class TermBook {
  private readonly byTaxonomy = new Map<string, TermEntry[]>();
  readonly created: TermEntry[] = [];

  constructor(terms: Term[]) {
    const slots = new Map(terms.map((t) => [t.id, { id: t.id }]));
    for (const t of terms) {
      this.list(t.taxonomy).push({
        slot: slots.get(t.id)!,
        taxonomy: t.taxonomy,
        name: t.name,
        slug: t.slug,
        parent: t.parent ? (slots.get(t.parent) ?? { id: t.parent }) : null,
      });
    }
  }

  list(taxonomy: string): TermEntry[] {
    let list = this.byTaxonomy.get(taxonomy);
    if (!list) this.byTaxonomy.set(taxonomy, (list = []));
    return list;
  }

  bySlug(taxonomy: string, slug: string): TermEntry | undefined {
    return this.list(taxonomy).find((t) => t.slug === slug);
  }

  /** WordPress's `term_exists(name, taxonomy, parent)`: same parent, and the name or its slug matches. */
  byName(taxonomy: string, name: string, parent: Slot | null | undefined): TermEntry | undefined {
    const lower = name.toLowerCase();
    const slug = slugOf(name);
    const candidates = this.list(taxonomy).filter((t) => parent === undefined || t.parent === parent);
    return candidates.find((t) => t.name.toLowerCase() === lower) ?? candidates.find((t) => t.slug === slug);
  }

  create(taxonomy: string, name: string, slug: string, parent: TermEntry | null, extra?: { description?: string; menuOrder?: number }): TermEntry {
    const taken = new Set(this.list(taxonomy).map((t) => t.slug));
    // WordPress's wp_unique_term_slug: a clash under a parent first tries `<slug>-<parent slug>`.
    let unique = slug;
    if (taken.has(unique) && parent) unique = `${slug}-${parent.slug}`;
    unique = uniqueSlug(unique, taken);
    const entry: TermEntry = {
      slot: { id: 0 },
      taxonomy,
      name,
      slug: unique,
      parent: parent?.slot ?? null,
      create: { description: extra?.description ?? '', menuOrder: extra?.menuOrder ?? 0 },
    };
    this.list(taxonomy).push(entry);
    this.created.push(entry);
    return entry;
  }
}

interface AttributeEntry {
  slot: Slot;
  name: string;
  create?: Omit<Attribute, 'id'>;
}

/** A parent's attribute as planned, with what decides its "used for variations" flag. */
interface PlannedAttribute {
  attr: ProductAttribute;
  slot: Slot | null;
  explicit?: boolean;
  stored?: boolean;
  inferred: boolean;
}

interface ItemState {
  item: ImportItem;
  existing?: Product;
  slot: Slot;
  final: Omit<Product, 'id'>;
  parent?: Slot;
  grouped?: Slot[];
  upsells?: Slot[];
  crossSells?: Slot[];
  categories?: Slot[];
  tags?: Slot[];
  images?: Slot[];
  /** When the item carries attributes. */
  planned?: PlannedAttribute[];
  /** Variations: the parent's attributes they were checked against. */
  parentAttributes?: ProductAttribute[];
}

interface Plan {
  errors: ImportError[];
  states: ItemState[];
  terms: TermEntry[];
  attributes: AttributeEntry[];
  media: { src: string; slot: Slot }[];
}

type Target = { state: ItemState; product?: undefined } | { state?: undefined; product: Product };

async function planImport(db: Kysely<Database>, parsed: ParsedCatalog, now: number): Promise<Plan> {
  const errors: ImportError[] = [...parsed.errors];
  const catalog = await loadCatalogRows(db);
  const fail = (where: Where, path: string, reason: string) =>
    errors.push({ line: typeof where === 'number' || !path ? where : `${where}/${path}`, reason });
  const describe = (where: Where) => (typeof where === 'number' ? `line ${where}` : where);

  const existingById = new Map(catalog.products.map((p) => [p.id, p]));
  const existingBySku = new Map<string, Product>();
  for (const p of catalog.products) if (p.sku && !existingBySku.has(p.sku)) existingBySku.set(p.sku, p);

  const book = new TermBook(catalog.terms);
  const attributes = new Map<string, AttributeEntry>(catalog.attributes.map((a) => [a.slug, { slot: { id: a.id }, name: a.name }]));
  const media = new Map<string, Slot>(catalog.media.map((m) => [m.src, { id: m.id }]));
  const newMedia: { src: string; slot: Slot }[] = [];

  // Declared attributes, categories and tags (JSON): found by slug or created.
  for (const decl of parsed.attributes) {
    let entry = attributes.get(decl.slug);
    if (!entry) {
      entry = {
        slot: { id: 0 },
        name: decl.name,
        create: { name: decl.name, slug: decl.slug, type: decl.type ?? 'select', orderBy: decl.orderBy ?? 'menu_order', hasArchives: decl.hasArchives ?? false },
      };
      attributes.set(decl.slug, entry);
    }
    const taxonomy = `pa_${decl.slug}`;
    for (const term of decl.terms) {
      if (!book.bySlug(taxonomy, term.slug)) book.create(taxonomy, term.name, term.slug, null, term);
    }
  }
  declareTerms('product_cat', parsed.categories, true);
  declareTerms('product_tag', parsed.tags, false);

  function declareTerms(taxonomy: string, declared: DeclaredTerm[], hierarchical: boolean) {
    const bySlug = new Map(declared.map((d) => [d.slug, d]));
    const visiting = new Set<string>();
    const resolve = (d: DeclaredTerm): TermEntry | null => {
      const found = book.bySlug(taxonomy, d.slug);
      if (found) return found;
      if (visiting.has(d.slug)) {
        fail(d.where, 'parent', `Category "${d.slug}" is its own ancestor`);
        return null;
      }
      let parent: TermEntry | null = null;
      if (hierarchical && d.parent) {
        const parentDecl = bySlug.get(d.parent);
        visiting.add(d.slug);
        parent = parentDecl ? resolve(parentDecl) : (book.bySlug(taxonomy, d.parent) ?? null);
        visiting.delete(d.slug);
        if (!parent) {
          if (!parentDecl) fail(d.where, 'parent', `Parent category "${d.parent}" is not in the file or the catalogue`);
          return null;
        }
      }
      if (book.bySlug(taxonomy, d.slug)) return book.bySlug(taxonomy, d.slug)!;
      return book.create(taxonomy, d.name, d.slug, parent, d);
    };
    for (const d of declared) resolve(d);
  }

  // 1. Match every item to a stored product, and start its final shape from the stored one or the defaults.
  const states: ItemState[] = [];
  const fileById = new Map<number, ItemState>();
  const matched = new Map<number, ItemState>();
  const stateOf = new Map<ImportItem, ItemState>();
  for (const item of parsed.products) {
    if (item.id !== undefined) {
      const other = fileById.get(item.id);
      if (other) {
        fail(item.where, 'id', `ID ${item.id} is also on ${describe(other.item.where)}`);
        continue;
      }
    }
    const sku = item.fields.sku;
    const existing =
      (item.id !== undefined ? existingById.get(item.id) : undefined) ?? (sku ? existingBySku.get(sku) : undefined);
    if (existing) {
      const other = matched.get(existing.id);
      if (other) {
        fail(item.where, '', `Product ${existing.id} is also updated by ${describe(other.item.where)}`);
        continue;
      }
    }
    const base: Omit<Product, 'id'> = existing ? structuredClone(existing) : completeProduct({}, now);
    const state: ItemState = { item, existing, slot: { id: existing?.id ?? item.id ?? 0 }, final: base };
    states.push(state);
    stateOf.set(item, state);
    if (item.id !== undefined) fileById.set(item.id, state);
    if (existing) {
      matched.set(existing.id, state);
      fileById.set(existing.id, state);
    }
    applyFields(state, now);
  }

  function applyFields(state: ItemState, now: number) {
    const { item, final, existing } = state;
    const { name, ...rest } = item.fields;
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) (final as Record<string, unknown>)[key] = value;
    if (name !== undefined && name !== '') final.name = name;
    final.modifiedAt = now;
    if (!existing) final.createdAt = now;
    if (final.type !== 'variation' && existing?.type === 'variation') final.parentId = 0;
    if (final.type !== 'variation' && !existing && !final.name) fail(item.where, 'name', 'Name is empty; a new product needs a name');
  }

  // Final SKUs, for references by SKU: the file's products first, then stored products the file does not update.
  const fileBySku = new Map<string, ItemState>();
  for (const s of states) if (s.final.sku && !fileBySku.has(s.final.sku)) fileBySku.set(s.final.sku, s);

  const resolveRef = (ref: ProductRef): Target | undefined => {
    if (ref.item) {
      const state = stateOf.get(ref.item);
      return state ? { state } : undefined;
    }
    if (ref.id !== undefined) {
      const state = fileById.get(ref.id);
      if (state) return { state };
      const product = existingById.get(ref.id);
      return product ? { product } : undefined;
    }
    if (ref.sku !== undefined) {
      const state = fileBySku.get(ref.sku);
      if (state) return { state };
      const product = existingBySku.get(ref.sku);
      return product && !matched.has(product.id) ? { product } : undefined;
    }
    return undefined;
  };
  const slotOf = (t: Target): Slot => (t.state ? t.state.slot : { id: t.product.id });
  const typeOf = (t: Target) => (t.state ? t.state.final : t.product).type;

  const resolveRefs = (state: ItemState, refs: ProductRef[] | undefined, path: string, label: string): Slot[] | undefined => {
    if (!refs) return undefined;
    const slots: Slot[] = [];
    refs.forEach((ref, i) => {
      const target = resolveRef(ref);
      if (!target) fail(state.item.where, `${path}/${i}`, `${label} "${ref.text}" is not in the file or the catalogue`);
      else if (!slots.includes(slotOf(target))) slots.push(slotOf(target));
    });
    return slots;
  };

  // 2. Parents and other non-variations: attributes, defaults, terms, images, linked products.
  for (const state of states) {
    if (state.final.type === 'variation') continue;
    const { item, final } = state;
    if (item.attributes) planAttributes(state, item.attributes);
    if (item.defaults) {
      final.defaultAttributes = {};
      for (const d of item.defaults) {
        const attr = findAttribute(final.attributes, d.attribute);
        if (!attr) {
          fail(item.where, d.path, `Default for attribute "${attrLabel(d.attribute)}" names an attribute the product does not have`);
          continue;
        }
        if (!d.value) continue;
        const option = findOption(attr, d.value);
        if (!option) {
          fail(item.where, d.path, `Default "${optionLabel(d.value)}" of attribute "${attr.name}" is not one of its values (${attr.options.map((o) => o.label).join(', ')})`);
          continue;
        }
        final.defaultAttributes[attributeKey(attr.taxonomy)] = option.slug;
        const planned = state.planned?.find((p) => p.attr === attr);
        if (planned) planned.inferred = true;
      }
    }
    if (item.categories) state.categories = item.categories.map((c, i) => categorySlot(state, c, `categories/${i}`)).filter(isSlot);
    if (item.tags) state.tags = item.tags.map((t, i) => tagSlot(state, t, `tags/${i}`)).filter(isSlot);
    if (item.grouped && final.type === 'grouped') state.grouped = resolveRefs(state, item.grouped, 'grouped', 'Grouped product');
    state.upsells = resolveRefs(state, item.upsells, 'upsells', 'Upsell');
    state.crossSells = resolveRefs(state, item.crossSells, 'crossSells', 'Cross-sell');
    if (final.taxClass === 'parent') final.taxClass = '';
  }

  function planAttributes(state: ItemState, specs: AttributeSpec[]) {
    const { item, existing } = state;
    const planned: PlannedAttribute[] = [];
    specs.forEach((spec, position) => {
      let attr: ProductAttribute;
      let slot: Slot | null = null;
      if (spec.global) {
        const slug = spec.slug ?? slugOf(spec.name ?? '');
        let entry = attributes.get(slug);
        if (!entry && spec.slug !== undefined) {
          fail(item.where, spec.path, `Global attribute "${spec.slug}" is not in the file or the catalogue`);
          return;
        }
        if (!entry) {
          if (slug.length > MAX_ATTRIBUTE_SLUG) {
            fail(item.where, spec.path, `Attribute "${spec.name}" would get the slug "${slug}", longer than ${MAX_ATTRIBUTE_SLUG} characters`);
            return;
          }
          const name = spec.name ?? slug;
          entry = { slot: { id: 0 }, name, create: { name, slug, type: 'select', orderBy: 'menu_order', hasArchives: false } };
          attributes.set(slug, entry);
        }
        const taxonomy = `pa_${slug}`;
        const options: ProductAttribute['options'] = [];
        spec.options.forEach((ref, i) => {
          let term: TermEntry | undefined;
          if ('slug' in ref) {
            term = book.bySlug(taxonomy, ref.slug);
            if (!term) {
              fail(item.where, `${spec.path}/options/${i}`, `Attribute "${slug}" has no term "${ref.slug}"`);
              return;
            }
          } else {
            term = book.byName(taxonomy, ref.label, undefined) ?? book.create(taxonomy, ref.label, slugOf(ref.label), null);
          }
          if (!options.some((o) => o.slug === term.slug)) options.push({ slug: term.slug, label: term.name });
        });
        slot = entry.slot;
        attr = { id: entry.slot.id, name: entry.name, taxonomy, position, visible: spec.visible ?? true, variation: false, options };
      } else {
        const name = spec.name ?? '';
        const options: ProductAttribute['options'] = [];
        for (const ref of spec.options) {
          const label = 'label' in ref ? ref.label : ref.slug;
          const slug = slugOf(label);
          if (!options.some((o) => o.slug === slug)) options.push({ slug, label });
        }
        attr = { id: 0, name, taxonomy: slugOf(name), position, visible: spec.visible ?? true, variation: false, options };
      }
      if (planned.some((p) => p.attr.taxonomy === attr.taxonomy)) {
        fail(item.where, spec.path, `Attribute "${attr.name}" is listed twice`);
        return;
      }
      const stored = existing?.attributes.find((a) => a.taxonomy === attr.taxonomy)?.variation;
      planned.push({ attr, slot, explicit: spec.variation, stored, inferred: false });
    });
    state.planned = planned;
    state.final.attributes = planned.map((p) => p.attr);
  }

  function categorySlot(state: ItemState, ref: CategoryRef, path: string): Slot | null {
    if ('slug' in ref) {
      const found = book.bySlug('product_cat', ref.slug);
      if (!found) fail(state.item.where, path, `Category "${ref.slug}" is not in the file or the catalogue`);
      return found?.slot ?? null;
    }
    const leaf = ref.path.reduce<TermEntry | null>(
      (parent, name) => book.byName('product_cat', name, parent?.slot ?? null) ?? book.create('product_cat', name, slugOf(name), parent),
      null,
    );
    return leaf?.slot ?? null;
  }

  function tagSlot(state: ItemState, ref: TagRef, path: string): Slot | null {
    if ('slug' in ref) {
      const found = book.bySlug('product_tag', ref.slug);
      if (!found) fail(state.item.where, path, `Tag "${ref.slug}" is not in the file or the catalogue`);
      return found?.slot ?? null;
    }
    return (book.byName('product_tag', ref.name, undefined) ?? book.create('product_tag', ref.name, slugOf(ref.name), null)).slot;
  }

  // 3. Variations: parent, attribute values, generated names.
  for (const state of states) {
    if (state.final.type !== 'variation') continue;
    const { item, final } = state;
    let parentTarget: Target | undefined;
    // A nested JSON variation has no "parent" property of its own to point at.
    const parentPath = item.parent?.item ? '' : 'parent';
    if (item.parent) {
      parentTarget = resolveRef(item.parent);
      if (!parentTarget) {
        fail(item.where, parentPath, `Parent "${item.parent.text}" is not in the file or the catalogue`);
        continue;
      }
      if (typeOf(parentTarget) !== 'variable') {
        fail(item.where, parentPath, `Parent "${item.parent.text}" is not a variable product`);
        continue;
      }
    } else if (state.existing?.type === 'variation' && state.existing.parentId) {
      const stored = state.existing.parentId;
      parentTarget = fileById.has(stored) ? { state: fileById.get(stored)! } : existingById.has(stored) ? { product: existingById.get(stored)! } : undefined;
    }
    if (!parentTarget) {
      fail(item.where, 'parent', 'Parent is empty; a variation needs its variable product');
      continue;
    }
    state.parent = slotOf(parentTarget);
    const parentFinal = parentTarget.state ? parentTarget.state.final : parentTarget.product;
    state.parentAttributes = parentFinal.attributes;
    if (final.taxClass === 'parent') final.taxClass = parentFinal.taxClass;

    if (item.variationValues) {
      const values: Record<string, string> = {};
      for (const v of item.variationValues) {
        const attr = findAttribute(parentFinal.attributes, v.attribute);
        if (!attr) {
          fail(item.where, v.path, `Parent "${item.parent?.text ?? parentFinal.name}" has no attribute "${attrLabel(v.attribute)}"`);
          continue;
        }
        let slug = '';
        if (v.value) {
          const option = findOption(attr, v.value);
          if (!option) {
            fail(item.where, v.path, `Attribute "${attr.name}" value "${optionLabel(v.value)}" is not one of the parent's options (${attr.options.map((o) => o.label).join(', ')})`);
            continue;
          }
          slug = option.slug;
        }
        values[attributeKey(attr.taxonomy)] = slug;
        const planned = parentTarget.state?.planned?.find((p) => p.attr === attr);
        if (planned) planned.inferred = true;
      }
      final.variationAttributes = values;
    }
    const nameGiven = item.fields.name;
    if (nameGiven === '' || (nameGiven === undefined && !state.existing)) final.name = '';
  }

  // 4. Settle "used for variations" flags, then give variations every such attribute ("any" when not set) and a name.
  for (const state of states) {
    for (const p of state.planned ?? []) p.attr.variation = p.explicit ?? (p.inferred || (p.stored ?? false));
  }
  for (const state of states) {
    if (state.final.type !== 'variation' || !state.parentAttributes) continue;
    const { final, item } = state;
    if (item.variationValues) {
      const ordered: Record<string, string> = {};
      for (const a of state.parentAttributes) {
        const key = attributeKey(a.taxonomy);
        if (a.variation || key in final.variationAttributes) ordered[key] = final.variationAttributes[key] ?? '';
      }
      final.variationAttributes = ordered;
    }
    if (!final.name) {
      const parent = states.find((s) => s.slot === state.parent)?.final ?? existingById.get(state.parent!.id);
      const labels = state.parentAttributes
        .map((a) => a.options.find((o) => o.slug === final.variationAttributes[attributeKey(a.taxonomy)])?.label)
        .filter((l): l is string => !!l);
      final.name = labels.length ? `${parent?.name ?? ''} - ${labels.join(', ')}` : (parent?.name ?? '');
    }
  }

  // 5. Everything else per item: images, meta, slugs, stock status, SKU uniqueness.
  const slugsTaken = new Set(catalog.products.map((p) => p.slug));
  const skuOwner = new Map<string, string>();
  for (const p of catalog.products) if (p.sku && !matched.has(p.id)) skuOwner.set(p.sku, `product ${p.id} in the catalogue`);
  for (const state of states) {
    const { item, final, existing } = state;
    if (item.images) {
      state.images = item.images.map((src) => {
        let slot = media.get(src);
        if (!slot) {
          slot = { id: 0 };
          media.set(src, slot);
          newMedia.push({ src, slot });
        }
        return slot;
      });
    }
    if (item.meta) final.metaData = mergeMeta(final.metaData, item.meta);
    if (item.fields.slug !== undefined && item.fields.slug !== existing?.slug) {
      if (slugsTaken.has(item.fields.slug)) fail(item.where, 'slug', `Slug "${item.fields.slug}" is already used by another product`);
      slugsTaken.add(item.fields.slug);
    } else if (!existing) {
      final.slug = uniqueSlug(slugOf(final.name) || 'product', slugsTaken);
      slugsTaken.add(final.slug);
    }
    if (final.manageStock && final.stockQuantity !== null && final.type !== 'variable' && final.type !== 'grouped') {
      // WooCommerce's rule when stock is managed: the status follows the quantity.
      final.stockStatus = final.stockQuantity > 0 ? 'instock' : final.backorders !== 'no' ? 'onbackorder' : 'outofstock';
    }
    if (!final.manageStock) final.stockQuantity = null;
    if (final.saleFrom !== null && final.saleTo !== null && final.saleFrom > final.saleTo) {
      fail(item.where, 'saleTo', 'The sale ends before it starts');
    }
    if (final.sku) {
      const owner = skuOwner.get(final.sku);
      if (owner) fail(item.where, 'sku', `SKU "${final.sku}" is also used by ${owner}`);
      else skuOwner.set(final.sku, describe(item.where));
    }
  }

  return {
    errors,
    states,
    terms: book.created,
    attributes: [...attributes.values()].filter((a) => a.create),
    media: newMedia,
  };
}

function isSlot(s: Slot | null): s is Slot {
  return s !== null;
}

function attrLabel(ref: AttributeValue['attribute']): string {
  return 'name' in ref ? ref.name : ref.taxonomy;
}

function optionLabel(ref: OptionRef): string {
  return 'label' in ref ? ref.label : ref.slug;
}

function findAttribute(attrs: ProductAttribute[], ref: AttributeValue['attribute']): ProductAttribute | undefined {
  if ('taxonomy' in ref) return attrs.find((a) => a.taxonomy === ref.taxonomy);
  const slug = slugOf(ref.name);
  return (
    attrs.find((a) => (ref.global !== false && a.taxonomy === `pa_${slug}`) || (ref.global !== true && a.taxonomy === slug)) ??
    attrs.find((a) => a.name.toLowerCase() === ref.name.toLowerCase())
  );
}

function findOption(attr: ProductAttribute, ref: OptionRef): { slug: string; label: string } | undefined {
  if ('slug' in ref) return attr.options.find((o) => o.slug === ref.slug);
  const lower = ref.label.toLowerCase();
  const slug = slugOf(ref.label);
  return attr.options.find((o) => o.label.toLowerCase() === lower) ?? attr.options.find((o) => o.slug === slug);
}

function mergeMeta(stored: MetaEntry[], given: { key: string; value: unknown }[]): MetaEntry[] {
  const merged = stored.map((m) => ({ ...m }));
  let nextId = merged.reduce((max, m) => Math.max(max, m.id), 0) + 1;
  for (const { key, value } of given) {
    const entry = merged.find((m) => m.key === key);
    if (entry) entry.value = value;
    else merged.push({ id: nextId++, key, value });
  }
  return merged;
}

// ---------------------------------------------------------------------------------------------------------
// Writing: one transaction, ids resolved as rows are created.

async function writePlan(trx: Kysely<Database>, plan: Plan, { onProgress, changes, now }: ImportOptions & { now: number }): Promise<void> {
  for (const attr of plan.attributes) attr.slot.id = await saveAttribute(trx, attr.create!);
  for (const term of plan.terms) {
    term.slot.id = await saveTerm(trx, {
      taxonomy: term.taxonomy,
      name: term.name,
      slug: term.slug,
      parent: term.parent?.id ?? 0,
      description: term.create!.description,
      menuOrder: term.create!.menuOrder,
      display: 'default',
      imageId: null,
    });
  }
  for (const m of plan.media) m.slot.id = await saveMedia(trx, { src: m.src, name: mediaName(m.src), alt: '' }, now);

  // New products without an id of their own get ids past every stored and file id, so nothing collides.
  const row = await trx.selectFrom('products').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
  let next = plan.states.reduce((max, s) => Math.max(max, s.slot.id), Number(row?.max ?? 0)) + 1;
  for (const s of plan.states) if (s.slot.id === 0) s.slot.id = next++;

  const ids = (slots: Slot[]) => slots.map((s) => s.id);
  const ordered = [...plan.states.filter((s) => s.final.type !== 'variation'), ...plan.states.filter((s) => s.final.type === 'variation')];
  let done = 0;
  for (const s of ordered) {
    const p: Product = { ...s.final, id: s.slot.id };
    if (s.parent) p.parentId = s.parent.id;
    if (s.grouped) p.groupedIds = ids(s.grouped);
    if (s.upsells) p.upsellIds = ids(s.upsells);
    if (s.crossSells) p.crossSellIds = ids(s.crossSells);
    if (s.categories) p.categoryIds = ids(s.categories);
    if (s.tags) p.tagIds = ids(s.tags);
    if (s.images) p.imageIds = ids(s.images);
    if (s.planned) p.attributes = s.planned.map((a) => ({ ...a.attr, id: a.slot ? a.slot.id : 0 }));
    await saveProduct(trx, p);
    await changes?.record(trx, { resource: 'product', event: s.existing ? 'updated' : 'created', id: p.id });
    onProgress?.(++done, ordered.length);
  }
  await syncCatalogSequences(trx);
}

/** WordPress titles an uploaded image after its file name without the extension. */
function mediaName(src: string): string {
  const file = src.split(/[?#]/)[0].split('/').pop() ?? '';
  let name = file;
  try {
    name = decodeURIComponent(file);
  } catch {
    // Not percent-encoded after all; keep it as written.
  }
  return name.replace(/\.[a-z0-9]+$/i, '');
}
