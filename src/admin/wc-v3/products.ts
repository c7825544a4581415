import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { compileArgs } from '../../api/args.ts';
import { paginate } from '../../api/pagination.ts';
import { origin } from '../../api/request-context.ts';
import { defineRoute } from '../../api/route.ts';
import { completeProduct } from '../../catalog/product.ts';
import { deleteProducts, findProduct, saveProduct } from '../../catalog/repository.ts';
import type { Product } from '../../catalog/types.ts';
import { CocartError } from '../../errors.ts';
import type { JsonObject } from '../../hooks/types.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { defineBatchRoute } from './batch.ts';
import { pathId, WcContext } from './context.ts';
import { applyProductBody, ProductBody } from './product-input.ts';
import { productJson } from './product-json.ts';
import { listProducts, ProductListArgs } from './product-query.ts';

/** `wc/v3/products`: list, create, retrieve, update, delete and batch (WooCommerce's products controller). */

const TAGS = ['WooCommerce: products'];
const BASE = '/wc/v3/products';
const ONE = `${BASE}/:id(^\\d+$)`;

const CreateBody = Type.Object({ ...ProductBody.properties, id: Type.Optional(Type.Integer({ minimum: 0 })) });
const DeleteArgs = Type.Object({ force: Type.Boolean({ default: false }) });

export function invalidProductId(kind: 'invalid' | 'not_found'): CocartError {
  return new CocartError('woocommerce_rest_product_invalid_id', kind, 'Invalid ID.');
}

function useVariationsRoute(): CocartError {
  return new CocartError(
    'woocommerce_rest_invalid_product_id',
    'not_found',
    'To manipulate product variations you should use the /products/&lt;product_id&gt;/variations/&lt;id&gt; endpoint.',
  );
}

/** What create, update and delete do, shared by the single routes and the batch. */
function productWrites(runtime: Runtime, req: FastifyRequest) {
  const db = runtime.database.db;
  const answer = async (id: number): Promise<JsonObject> => {
    await runtime.catalog.changed();
    const c = new WcContext(runtime, req);
    return productJson(c.snapshot.products.get(id)!, c);
  };
  return {
    async create(body: ProductBody & { id?: number }): Promise<JsonObject> {
      if (body.id) throw new CocartError('woocommerce_rest_product_exists', 'invalid', 'Cannot create existing %s.', ['product']);
      const c = new WcContext(runtime, req);
      const id = await db.transaction().execute(async (trx) => saveProduct(trx, await applyProductBody(trx, c, completeProduct({}, c.now), body, true)));
      return answer(id);
    },
    async update(id: number, body: ProductBody): Promise<JsonObject> {
      const c = new WcContext(runtime, req);
      await db.transaction().execute(async (trx) => {
        const stored = id > 0 ? await findProduct(trx, id) : null;
        if (!stored) throw invalidProductId('invalid');
        if (stored.type === 'variation') throw useVariationsRoute();
        await saveProduct(trx, { ...(await applyProductBody(trx, c, stored, body, false)), id });
      });
      return answer(id);
    },
    async delete(id: number, force: boolean): Promise<JsonObject> {
      const c = new WcContext(runtime, req);
      const stored = c.snapshot.products.get(id);
      if (!stored) throw invalidProductId('not_found');
      if (stored.type === 'variation') throw useVariationsRoute();
      // The catalogue has no trash: deleting is permanent, so it takes `force`, as WooCommerce asks where trash is off.
      if (!force) throw new CocartError('woocommerce_rest_trash_not_supported', 'not_implemented', 'The %s does not support trashing.', ['product']);
      const before = productJson(stored, c);
      await db.transaction().execute((trx) => deleteProducts(trx, [id]));
      await runtime.catalog.changed();
      return before;
    },
  };
}

function listed(c: WcContext, args: ProductListArgs): { total: number; items: Product[] } {
  const gmt = args.dates_are_gmt ?? false;
  const parsed = {
    after: args.after ? c.parseDate('after', args.after, gmt) : null,
    before: args.before ? c.parseDate('before', args.before, gmt) : null,
    modifiedAfter: args.modified_after ? c.parseDate('modified_after', args.modified_after, gmt) : null,
    modifiedBefore: args.modified_before ? c.parseDate('modified_before', args.modified_before, gmt) : null,
    minPrice: args.min_price ? c.parsePrice('min_price', args.min_price) : null,
    maxPrice: args.max_price ? c.parsePrice('max_price', args.max_price) : null,
  };
  // Variations are listed here only when looked up by SKU, as in WooCommerce.
  const candidates = [...c.snapshot.products.values()].filter((p) => p.type !== 'variation' || args.sku);
  return listProducts(c, candidates, args, parsed, { orderby: 'date', order: 'desc' });
}

export function registerProductRoutes(app: FastifyInstance, runtime: Runtime): void {
  defineRoute(app, {
    method: 'GET',
    url: BASE,
    summary: 'List products (any status)',
    tags: TAGS,
    args: ProductListArgs,
    handler: async (req, reply, args) => {
      requireManager(req, 'list');
      const c = new WcContext(runtime, req);
      const { total, items } = listed(c, args);
      paginate(req, reply, origin(req, runtime), total, args.page, args.per_page, null);
      return items.map((p) => productJson(p, c));
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: BASE,
    summary: 'Create a product',
    tags: TAGS,
    args: CreateBody,
    handler: async (req, reply, args) => {
      requireManager(req, 'create');
      const body = await productWrites(runtime, req).create(args);
      return reply.status(201).header('location', `${new WcContext(runtime, req).root}/products/${body.id}`).send(body);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: ONE,
    summary: 'Retrieve a product',
    tags: TAGS,
    args: Type.Object({ context: Type.Optional(Type.String()) }),
    handler: async (req) => {
      requireManager(req, 'view');
      const c = new WcContext(runtime, req);
      const product = c.snapshot.products.get(pathId(req));
      if (!product) throw invalidProductId('not_found');
      return productJson(product, c);
    },
  });

  defineRoute(app, {
    method: ['PUT', 'PATCH', 'POST'],
    url: ONE,
    summary: 'Update a product (only the fields sent change)',
    tags: TAGS,
    args: ProductBody,
    handler: async (req, _reply, args) => {
      requireManager(req, 'edit');
      return productWrites(runtime, req).update(pathId(req), args);
    },
  });

  defineRoute(app, {
    method: 'DELETE',
    url: ONE,
    summary: 'Delete a product and its variations (force=true)',
    tags: TAGS,
    args: DeleteArgs,
    handler: async (req, _reply, args) => {
      requireManager(req, 'delete');
      return productWrites(runtime, req).delete(pathId(req), args.force);
    },
  });

  const validateCreate = compileArgs(CreateBody);
  const validateUpdate = compileArgs(ProductBody);
  defineBatchRoute(app, `${BASE}/batch`, TAGS, (req) => {
    const writes = productWrites(runtime, req);
    return {
      create: (item) => writes.create(validateCreate({ json: item }) as ProductBody),
      update: (item) => writes.update(Number.isSafeInteger(Number(item.id)) ? Number(item.id) : 0, validateUpdate({ json: item }) as ProductBody),
      delete: (id) => writes.delete(id, true),
    };
  });
}
