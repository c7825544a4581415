import { Type, type Static } from '@sinclair/typebox';
import type { Kysely } from 'kysely';
import { commitChange } from '../../cluster/change.ts';
import type { Database } from '../../db/schema.ts';
import { CocartError } from '../../errors.ts';
import { slugOf } from '../import/index.ts';
import { deleteTerm, saveTerm, updateTerm } from '../repository.ts';
import { imageId } from './images.ts';
import type { Term } from '../types.ts';
import { invalidParam, trashNotSupported, type StoreInput } from './input.ts';
import type { CatalogueStore } from './products.ts';
import { rewriteProducts, termDeleted, termRenamed } from './term-references.ts';

/**
 * The terms of one taxonomy: categories (`product_cat`) and brands (`product_brand`), the hierarchical
 * ones, with a display, an image and an order; tags, shipping classes and the terms of an attribute
 * (`pa_…`). Renaming or deleting a term rewrites the products that name it, in the same transaction.
 */

const Image = Type.Union([
  Type.Object({ id: Type.Optional(Type.Integer({ minimum: 0 })), src: Type.Optional(Type.String()), name: Type.Optional(Type.String()), alt: Type.Optional(Type.String()) }),
  Type.Null(),
]);

export const TermBody = Type.Object({
  name: Type.Optional(Type.String()),
  slug: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  parent: Type.Optional(Type.Integer({ minimum: 0 })),
  display: Type.Optional(Type.Union(['default', 'products', 'subcategories', 'both'].map((v) => Type.Literal(v)))),
  image: Type.Optional(Image),
  menu_order: Type.Optional(Type.Integer()),
});
export type TermBody = Static<typeof TermBody>;

export function termInvalid(): CocartError {
  return new CocartError('woocommerce_rest_term_invalid', 'not_found', 'Resource does not exist.');
}

const isHierarchical = (taxonomy: string) => taxonomy === 'product_cat' || taxonomy === 'product_brand';

function find(input: StoreInput, taxonomy: string, id: number): Term {
  const t = input.snapshot.terms.get(id);
  if (!t || t.taxonomy !== taxonomy) throw termInvalid();
  return t;
}

/** The term after the body's changes, checked against the rest of its taxonomy. */
async function applyTermBody(trx: Kysely<Database>, input: StoreInput, base: Term, b: TermBody, creating: boolean): Promise<Term> {
  const t: Term = { ...base };
  const hierarchical = isHierarchical(t.taxonomy);
  if (b.parent !== undefined && !hierarchical) {
    throw new CocartError('woocommerce_rest_taxonomy_not_hierarchical', 'invalid', 'Can not set resource parent, taxonomy is not hierarchical.');
  }
  const siblings = input.snapshot.taxonomy(t.taxonomy).filter((o) => o.id !== t.id);
  if (b.name !== undefined) {
    t.name = b.name.trim();
    if (!t.name) throw new CocartError('empty_term_name', 'invalid', 'A name is required for this term.');
  }
  if (b.parent !== undefined) {
    if (b.parent !== 0 && !siblings.some((o) => o.id === b.parent)) throw new CocartError('missing_parent', 'invalid', 'Parent term does not exist.');
    // A term may not sit under itself or one of its own descendants.
    if (b.parent !== 0 && input.snapshot.withDescendants(t.id).has(b.parent) && !creating) {
      throw invalidParam('parent', 'parent would make the term its own ancestor.');
    }
    t.parent = b.parent;
  }
  if (creating) {
    const lower = t.name.toLowerCase();
    const same = siblings.find((o) => o.name.toLowerCase() === lower && (!hierarchical || o.parent === t.parent));
    if (same) {
      const message = hierarchical ? 'A term with the name provided already exists with this parent.' : 'A term with the name provided already exists in this taxonomy.';
      throw new CocartError('term_exists', 'invalid', message, [], { resource_id: same.id });
    }
  }
  if (b.slug !== undefined && b.slug.trim() !== '') {
    t.slug = slugOf(b.slug);
    if (siblings.some((o) => o.slug === t.slug)) throw new CocartError('duplicate_term_slug', 'invalid', 'The slug “%s” is already in use by another term.', [t.slug]);
  } else if (creating) {
    // WordPress's wp_unique_term_slug: a slug taken by another term gets `-2`, `-3` …
    const wanted = slugOf(t.name);
    t.slug = wanted;
    for (let n = 2; siblings.some((o) => o.slug === t.slug); n++) t.slug = `${wanted}-${n}`;
  }
  if (b.description !== undefined) t.description = b.description;
  if (b.menu_order !== undefined) t.menuOrder = b.menu_order;
  if (hierarchical) {
    if (b.display !== undefined) t.display = b.display as Term['display'];
    if (b.image === null) t.imageId = null;
    else if (b.image) t.imageId = await imageId(trx, input, b.image, 'woocommerce_rest_invalid_image_id', 'image');
  }
  return t;
}

export class TermService {
  constructor(private readonly store: CatalogueStore) {}

  async create(input: StoreInput, taxonomy: string, b: TermBody): Promise<Term> {
    const blank: Term = { id: 0, taxonomy, name: '', slug: '', parent: 0, description: '', menuOrder: 0, display: 'default', imageId: null };
    const id = await commitChange(this.store.database, this.store.catalog, async (trx) => {
      const { id: _none, ...term } = await applyTermBody(trx, input, blank, { ...b, name: b.name ?? '' }, true);
      return saveTerm(trx, term);
    });
    return this.stored(id);
  }

  async update(input: StoreInput, taxonomy: string, id: number, b: TermBody): Promise<Term> {
    const before = find(input, taxonomy, id);
    await commitChange(this.store.database, this.store.catalog, async (trx) => {
      const after = await applyTermBody(trx, input, before, b, false);
      await updateTerm(trx, after);
      if (after.slug !== before.slug || after.name !== before.name) await rewriteProducts(trx, termRenamed(before, after));
    });
    return this.stored(id);
  }

  /** Answers the term as it was. */
  async delete(input: StoreInput, taxonomy: string, id: number, force: boolean): Promise<Term> {
    if (!force) throw trashNotSupported('Resource does not support trashing.');
    const term = find(input, taxonomy, id);
    await commitChange(this.store.database, this.store.catalog, async (trx) => {
      // As WordPress does, the children of a deleted term move up to its parent.
      for (const child of input.snapshot.taxonomy(taxonomy).filter((t) => t.parent === term.id)) await updateTerm(trx, { ...child, parent: term.parent });
      await deleteTerm(trx, term.id);
      await rewriteProducts(trx, termDeleted(term));
    });
    return term;
  }

  private stored(id: number): Term {
    return this.store.catalog.current().terms.get(id)!;
  }
}
