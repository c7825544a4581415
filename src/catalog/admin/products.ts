import type { Kysely } from 'kysely';
import { commitChange } from '../../cluster/change.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import type { Database } from '../../db/schema.ts';
import { CocartError } from '../../errors.ts';
import { statusChangeEvent, type ChangeEvent, type ChangeFeed } from '../../events/changes.ts';
import type { Catalog } from '../catalog.ts';
import { attributeKey, completeProduct } from '../product.ts';
import { deleteProducts, findProduct, findProductIdBySku, findVariations, saveProduct } from '../repository.ts';
import type { Product } from '../types.ts';
import { missingCombinations, unmatchedVariations, type Combination } from '../variation-combinations.ts';
import { trashNotSupported, type StoreInput } from './input.ts';
import { applyProductBody, applyVariationBody, type ProductBody, type VariationBody } from './product-input.ts';

type Draft = Parameters<typeof saveProduct>[1];

/** What `generateVariations` answers, as WooCommerce's `…/variations/generate` does. */
export interface Generated {
  count: number;
  deleted_count?: number;
}

/** WooCommerce's WC_MAX_LINKED_VARIATIONS: how many variations one generation makes at most. */
export const MAX_GENERATED_VARIATIONS = 50;

/** What the catalogue's administration services work on: the database, and the catalogue every node holds. */
export interface CatalogueStore {
  database: DatabaseHandle;
  catalog: Catalog;
}

/** The products' store also tells what it changed, in the change's own transaction (webhooks listen). */
export interface ProductStore extends CatalogueStore {
  changes: ChangeFeed;
}

export function invalidProductId(kind: 'invalid' | 'not_found'): CocartError {
  return new CocartError('woocommerce_rest_product_invalid_id', kind, 'Invalid ID.');
}

export function invalidParent(): CocartError {
  return new CocartError('woocommerce_rest_product_variation_invalid_parent', 'not_found', 'Invalid parent product.');
}

export function invalidVariationId(kind: 'invalid' | 'not_found'): CocartError {
  return new CocartError('woocommerce_rest_product_variation_invalid_id', kind, 'Invalid ID.');
}

function useVariationsRoute(): CocartError {
  return new CocartError(
    'woocommerce_rest_invalid_product_id',
    'not_found',
    'To manipulate product variations you should use the /products/&lt;product_id&gt;/variations/&lt;id&gt; endpoint.',
  );
}

function exists(type: string): CocartError {
  const code = type === 'product' ? 'woocommerce_rest_product_exists' : 'woocommerce_rest_product_variation_exists';
  return new CocartError(code, 'invalid', 'Cannot create existing %s.', [type]);
}

/** WooCommerce's wc_product_generate_unique_sku: a SKU taken already gets `-1`, `-2` … */
async function copiedSku(trx: Kysely<Database>, sku: string): Promise<string> {
  if (!sku) return '';
  let n = 1;
  while ((await findProductIdBySku(trx, `${sku}-${n}`, null)) !== null) n++;
  return `${sku}-${n}`;
}

function variableParent(input: StoreInput, id: number): Product {
  const parent = input.snapshot.products.get(id);
  if (!parent || parent.type !== 'variable') throw invalidParent();
  return parent;
}

/**
 * Products and their variations: create, update (only what the body carries changes), duplicate,
 * generate variations, and delete: a product goes to the trash unless `force` says for good (a
 * variation has no trash, so it takes `force`, as WooCommerce asks where trash is off). Each answers
 * the product as the reloaded catalogue holds it, or, for a deletion for good, as it was.
 *
 * Every write is told to the change feed as WooCommerce's `product.*` webhooks see it: a variation is a
 * product of its own, and a change to one also updates its parent (whose prices and list of variations
 * follow, as WooCommerce's sync saves the parent); deleting a variable product deletes its variations.
 */
export class ProductService {
  constructor(private readonly store: ProductStore) {}

  async create(input: StoreInput, body: ProductBody & { id?: number }): Promise<Product> {
    if (body.id) throw exists('product');
    return this.save(null, (trx) => applyProductBody(trx, input, completeProduct({}, input.now), body, true));
  }

  /** Giving a product in the trash another status restores it. */
  async update(input: StoreInput, id: number, body: ProductBody): Promise<Product> {
    return this.save(id, async (trx, stored) => {
      if (!stored) throw invalidProductId('invalid');
      if (stored.type === 'variation') throw useVariationsRoute();
      return { ...(await applyProductBody(trx, input, stored, body, false)), id };
    });
  }

  /** Without `force`, moves the product to the trash (its variations stay with it) and answers it there. */
  async delete(input: StoreInput, id: number, force: boolean): Promise<Product> {
    const stored = input.snapshot.products.get(id);
    if (!stored) throw invalidProductId('not_found');
    if (stored.type === 'variation') throw useVariationsRoute();
    if (force) return this.remove(stored);
    if (stored.status === 'trash') throw new CocartError('woocommerce_rest_already_trashed', 'gone', 'The %s has already been deleted.', ['product']);
    return this.save(id, async (_trx, current) => {
      if (!current) throw invalidProductId('not_found');
      return { ...current, status: 'trash', modifiedAt: input.now };
    });
  }

  /**
   * A copy of a product, as WooCommerce's "Duplicate": a draft named "… (Copy)" with a slug of its own,
   * SKUs made unique with `-1`, `-2` …, no sales, and copies of its variations; `body` changes the copy.
   */
  async duplicate(input: StoreInput, id: number, body: ProductBody): Promise<Product> {
    const source = input.snapshot.products.get(id);
    if (!source || source.type === 'variation') throw new CocartError('woocommerce_rest_product_invalid_id', 'not_found', 'Invalid product ID.');
    const copyOf = async (trx: Kysely<Database>, p: Product): Promise<Draft> => {
      const { id: _source, ...rest } = p;
      return { ...rest, sku: await copiedSku(trx, p.sku), globalUniqueId: '', totalSales: 0, createdAt: input.now, modifiedAt: input.now };
    };
    const newId = await commitChange(this.store.database, this.store.catalog, async (trx) => {
      const base = { ...(await copyOf(trx, source)), name: `${source.name} (Copy)`, status: 'draft' as const, slug: '' };
      const copy = await applyProductBody(trx, input, base, body, true);
      const copyId = await saveProduct(trx, copy);
      await this.announce(trx, 'created', { ...copy, id: copyId });
      for (const v of await findVariations(trx, source.id)) {
        const name = v.name.startsWith(source.name) ? copy.name + v.name.slice(source.name.length) : v.name;
        const variation = { ...(await copyOf(trx, v)), parentId: copyId, name };
        await this.store.changes.record(trx, { resource: 'product', event: 'created', id: await saveProduct(trx, variation) });
      }
      return copyId;
    });
    return this.store.catalog.current().products.get(newId)!;
  }

  /**
   * WooCommerce's "generate variations": a variation for each combination of the variable product's
   * variation attributes that has none yet (at most MAX_GENERATED_VARIATIONS), each with `defaults`;
   * with `deleteUnmatched`, the variations that match no combination (or repeat one) are deleted.
   */
  async generateVariations(input: StoreInput, parentId: number, defaults: VariationBody, deleteUnmatched: boolean): Promise<Generated> {
    const parent = variableParent(input, parentId);
    return commitChange(this.store.database, this.store.catalog, async (trx) => {
      const existing = await findVariations(trx, parentId);
      const combinations = missingCombinations(parent, existing, MAX_GENERATED_VARIATIONS);
      for (const [i, combination] of combinations.entries()) {
        const variation = await applyVariationBody(trx, input, parent, this.newVariation(input, parent, combination, existing.length + i), defaults);
        await this.announce(trx, 'created', { ...variation, id: await saveProduct(trx, variation) });
      }
      if (!deleteUnmatched) return { count: combinations.length };
      // The variations there were before keep their combinations; a new one never repeats one.
      const unmatched = unmatchedVariations(parent, await findVariations(trx, parentId));
      await deleteProducts(trx, unmatched.map((v) => v.id));
      for (const v of unmatched) await this.announce(trx, 'deleted', v);
      return { count: combinations.length, deleted_count: unmatched.length };
    });
  }

  async createVariation(input: StoreInput, parentId: number, body: VariationBody & { id?: number }): Promise<Product> {
    if (body.id) throw exists('product_variation');
    const parent = variableParent(input, parentId);
    // Until told otherwise a new variation matches any value of each variation attribute.
    const any = Object.fromEntries(parent.attributes.filter((a) => a.variation).map((a) => [attributeKey(a.taxonomy), '']));
    return this.save(null, (trx) => applyVariationBody(trx, input, parent, this.newVariation(input, parent, any, 0), body));
  }

  async updateVariation(input: StoreInput, parentId: number, id: number, body: VariationBody): Promise<Product> {
    const parent = variableParent(input, parentId);
    return this.save(id, async (trx, stored) => {
      if (!stored || stored.type !== 'variation' || stored.parentId !== parentId) throw invalidVariationId('invalid');
      return { ...(await applyVariationBody(trx, input, parent, stored, body)), id };
    });
  }

  async deleteVariation(input: StoreInput, parentId: number, id: number, force: boolean): Promise<Product> {
    const stored = input.snapshot.products.get(id);
    if (!stored || stored.type !== 'variation' || stored.parentId !== parentId) throw invalidVariationId('not_found');
    if (!force) throw trashNotSupported('The %s does not support trashing.', ['product_variation']);
    return this.remove(stored);
  }

  /** A variation of `parent` with its tax settings, matching `combination`, before any body applies. */
  private newVariation(input: StoreInput, parent: Product, combination: Combination, menuOrder: number): Draft {
    return completeProduct(
      { type: 'variation', parentId: parent.id, taxStatus: parent.taxStatus, taxClass: parent.taxClass, variationAttributes: combination, menuOrder },
      input.now,
    );
  }

  /**
   * Stores the product `draft` builds from the stored one (`id`; null for a new product), in the
   * transaction, so new terms and media it adds go with it; the change is told as its status move makes
   * it (into the trash deletes, out of it restores).
   */
  private async save(id: number | null, draft: (trx: Kysely<Database>, stored: Product | null) => Promise<Draft>): Promise<Product> {
    const savedId = await commitChange(this.store.database, this.store.catalog, async (trx) => {
      const stored = id === null ? null : id > 0 ? await findProduct(trx, id) : null;
      const product = await draft(trx, stored);
      const savedId = await saveProduct(trx, product);
      await this.announce(trx, statusChangeEvent(stored?.status ?? null, product.status), { ...product, id: savedId });
      return savedId;
    });
    return this.store.catalog.current().products.get(savedId)!;
  }

  /** Deletes for good; a product already in the trash was told deleted when it went there. */
  private async remove(product: Product): Promise<Product> {
    await commitChange(this.store.database, this.store.catalog, async (trx) => {
      const variations = await findVariations(trx, product.id);
      await deleteProducts(trx, [product.id]);
      for (const v of variations) await this.store.changes.record(trx, { resource: 'product', event: 'deleted', id: v.id });
      if (product.status !== 'trash') await this.announce(trx, 'deleted', product);
    });
    return product;
  }

  private async announce(trx: Kysely<Database>, event: ChangeEvent, product: Pick<Product, 'id' | 'type' | 'parentId'>): Promise<void> {
    await this.store.changes.record(trx, { resource: 'product', event, id: product.id });
    if (product.type === 'variation') await this.store.changes.record(trx, { resource: 'product', event: 'updated', id: product.parentId });
  }
}
