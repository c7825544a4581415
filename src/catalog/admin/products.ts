import type { Kysely } from 'kysely';
import { commitChange } from '../../cluster/change.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import type { Database } from '../../db/schema.ts';
import { CocartError } from '../../errors.ts';
import type { ChangeFeed } from '../../events/changes.ts';
import type { Catalog } from '../catalog.ts';
import { attributeKey, completeProduct } from '../product.ts';
import { deleteProducts, findProduct, saveProduct } from '../repository.ts';
import type { Product } from '../types.ts';
import { trashNotSupported, type StoreInput } from './input.ts';
import { applyProductBody, applyVariationBody, type ProductBody, type VariationBody } from './product-input.ts';

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

function variableParent(input: StoreInput, id: number): Product {
  const parent = input.snapshot.products.get(id);
  if (!parent || parent.type !== 'variable') throw invalidParent();
  return parent;
}

/**
 * Products and their variations: create, update (only what the body carries changes) and delete
 * (permanent: the catalogue has no trash, so it takes `force`, as WooCommerce asks where trash is off).
 * Each answers the product as the reloaded catalogue holds it, or, for a delete, as it was.
 *
 * Every write is told to the change feed as WooCommerce's `product.*` webhooks see it: a variation is a
 * product of its own, and a change to one also updates its parent (whose prices and list of variations
 * follow, as WooCommerce's sync saves the parent); deleting a variable product deletes its variations.
 */
export class ProductService {
  constructor(private readonly store: ProductStore) {}

  async create(input: StoreInput, body: ProductBody & { id?: number }): Promise<Product> {
    if (body.id) throw exists('product');
    return this.save('created', (trx) => applyProductBody(trx, input, completeProduct({}, input.now), body, true));
  }

  async update(input: StoreInput, id: number, body: ProductBody): Promise<Product> {
    return this.save('updated', async (trx) => {
      const stored = id > 0 ? await findProduct(trx, id) : null;
      if (!stored) throw invalidProductId('invalid');
      if (stored.type === 'variation') throw useVariationsRoute();
      return { ...(await applyProductBody(trx, input, stored, body, false)), id };
    });
  }

  async delete(input: StoreInput, id: number, force: boolean): Promise<Product> {
    const stored = input.snapshot.products.get(id);
    if (!stored) throw invalidProductId('not_found');
    if (stored.type === 'variation') throw useVariationsRoute();
    if (!force) throw trashNotSupported('The %s does not support trashing.', ['product']);
    return this.remove(stored);
  }

  async createVariation(input: StoreInput, parentId: number, body: VariationBody & { id?: number }): Promise<Product> {
    if (body.id) throw exists('product_variation');
    const parent = variableParent(input, parentId);
    const base = completeProduct(
      {
        type: 'variation',
        parentId,
        taxStatus: parent.taxStatus,
        taxClass: parent.taxClass,
        // Until told otherwise a new variation matches any value of each variation attribute.
        variationAttributes: Object.fromEntries(parent.attributes.filter((a) => a.variation).map((a) => [attributeKey(a.taxonomy), ''])),
      },
      input.now,
    );
    return this.save('created', (trx) => applyVariationBody(trx, input, parent, base, body));
  }

  async updateVariation(input: StoreInput, parentId: number, id: number, body: VariationBody): Promise<Product> {
    const parent = variableParent(input, parentId);
    return this.save('updated', async (trx) => {
      const stored = id > 0 ? await findProduct(trx, id) : null;
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

  /** Stores the product `draft` builds (in the transaction, so new terms and media it adds go with it). */
  private async save(event: 'created' | 'updated', draft: (trx: Kysely<Database>) => Promise<Parameters<typeof saveProduct>[1]>): Promise<Product> {
    const id = await commitChange(this.store.database, this.store.catalog, async (trx) => {
      const product = await draft(trx);
      const id = await saveProduct(trx, product);
      await this.announce(trx, event, { ...product, id });
      return id;
    });
    return this.store.catalog.current().products.get(id)!;
  }

  private async remove(product: Product): Promise<Product> {
    await commitChange(this.store.database, this.store.catalog, async (trx) => {
      const variations = await trx.selectFrom('products').select('id').where('parent_id', '=', product.id).where('type', '=', 'variation').execute();
      await deleteProducts(trx, [product.id]);
      for (const v of variations) await this.store.changes.record(trx, { resource: 'product', event: 'deleted', id: v.id });
      await this.announce(trx, 'deleted', product);
    });
    return product;
  }

  private async announce(trx: Kysely<Database>, event: 'created' | 'updated' | 'deleted', product: Pick<Product, 'id' | 'type' | 'parentId'>): Promise<void> {
    await this.store.changes.record(trx, { resource: 'product', event, id: product.id });
    if (product.type === 'variation') await this.store.changes.record(trx, { resource: 'product', event: 'updated', id: product.parentId });
  }
}
