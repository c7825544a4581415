import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { compileArgs } from '../../api/args.ts';
import { paginate } from '../../api/pagination.ts';
import { origin } from '../../api/request-context.ts';
import { defineRoute } from '../../api/route.ts';
import { attributeKey, completeProduct } from '../../catalog/product.ts';
import { deleteProducts, findProduct, saveProduct } from '../../catalog/repository.ts';
import type { Product } from '../../catalog/types.ts';
import { CocartError } from '../../errors.ts';
import type { JsonObject } from '../../hooks/types.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { defineBatchRoute } from './batch.ts';
import { pathId, WcContext } from './context.ts';
import { applyVariationBody, VariationBody } from './product-input.ts';
import { variationJson } from './product-json.ts';
import { listProducts, VariationListArgs, type ProductListArgs } from './product-query.ts';

/** `wc/v3/products/{product_id}/variations`: the variations of a variable product. */

const TAGS = ['WooCommerce: product variations'];
const BASE = '/wc/v3/products/:product_id(^\\d+$)/variations';
const ONE = `${BASE}/:id(^\\d+$)`;

const CreateBody = Type.Object({ ...VariationBody.properties, id: Type.Optional(Type.Integer({ minimum: 0 })) });

function invalidParent(): CocartError {
  return new CocartError('woocommerce_rest_product_variation_invalid_parent', 'not_found', 'Invalid parent product.');
}

function invalidId(kind: 'invalid' | 'not_found'): CocartError {
  return new CocartError('woocommerce_rest_product_variation_invalid_id', kind, 'Invalid ID.');
}

function variableParent(c: WcContext, id: number): Product {
  const parent = c.snapshot.products.get(id);
  if (!parent || parent.type !== 'variable') throw invalidParent();
  return parent;
}

function variationWrites(runtime: Runtime, req: FastifyRequest, parentId: number) {
  const db = runtime.database.db;
  const answer = async (id: number): Promise<JsonObject> => {
    await runtime.catalog.changed();
    const c = new WcContext(runtime, req);
    return variationJson(c.snapshot.products.get(id)!, c);
  };
  return {
    async create(body: VariationBody & { id?: number }): Promise<JsonObject> {
      if (body.id) throw new CocartError('woocommerce_rest_product_variation_exists', 'invalid', 'Cannot create existing %s.', ['product_variation']);
      const c = new WcContext(runtime, req);
      const parent = variableParent(c, parentId);
      const base = completeProduct(
        {
          type: 'variation',
          parentId,
          taxStatus: parent.taxStatus,
          taxClass: parent.taxClass,
          // Until told otherwise a new variation matches any value of each variation attribute.
          variationAttributes: Object.fromEntries(parent.attributes.filter((a) => a.variation).map((a) => [attributeKey(a.taxonomy), ''])),
        },
        c.now,
      );
      const id = await db.transaction().execute(async (trx) => saveProduct(trx, await applyVariationBody(trx, c, parent, base, body)));
      return answer(id);
    },
    async update(id: number, body: VariationBody): Promise<JsonObject> {
      const c = new WcContext(runtime, req);
      const parent = variableParent(c, parentId);
      await db.transaction().execute(async (trx) => {
        const stored = id > 0 ? await findProduct(trx, id) : null;
        if (!stored || stored.type !== 'variation' || stored.parentId !== parentId) throw invalidId('invalid');
        await saveProduct(trx, { ...(await applyVariationBody(trx, c, parent, stored, body)), id });
      });
      return answer(id);
    },
    async delete(id: number, force: boolean): Promise<JsonObject> {
      const c = new WcContext(runtime, req);
      const stored = c.snapshot.products.get(id);
      if (!stored || stored.type !== 'variation' || stored.parentId !== parentId) throw invalidId('not_found');
      if (!force) throw new CocartError('woocommerce_rest_trash_not_supported', 'not_implemented', 'The %s does not support trashing.', ['product_variation']);
      const before = variationJson(stored, c);
      await db.transaction().execute((trx) => deleteProducts(trx, [id]));
      await runtime.catalog.changed();
      return before;
    },
  };
}

export function registerVariationRoutes(app: FastifyInstance, runtime: Runtime): void {
  defineRoute(app, {
    method: 'GET',
    url: BASE,
    summary: 'List the variations of a product (any status)',
    tags: TAGS,
    args: VariationListArgs,
    handler: async (req, reply, args) => {
      requireManager(req, 'list');
      const c = new WcContext(runtime, req);
      const parentId = pathId(req, 'product_id');
      if (!c.snapshot.products.has(parentId)) throw invalidParent();
      const gmt = args.dates_are_gmt ?? false;
      const parsed = {
        after: args.after ? c.parseDate('after', args.after, gmt) : null,
        before: args.before ? c.parseDate('before', args.before, gmt) : null,
        modifiedAfter: args.modified_after ? c.parseDate('modified_after', args.modified_after, gmt) : null,
        modifiedBefore: args.modified_before ? c.parseDate('modified_before', args.modified_before, gmt) : null,
        minPrice: args.min_price ? c.parsePrice('min_price', args.min_price) : null,
        maxPrice: args.max_price ? c.parsePrice('max_price', args.max_price) : null,
      };
      // Variations come in the order the shop shows them unless another is asked for.
      const { total, items } = listProducts(c, c.variationsOf(parentId), args as ProductListArgs, parsed, { orderby: 'menu_order', order: 'asc' });
      paginate(req, reply, origin(req, runtime), total, args.page, args.per_page, null);
      return items.map((v) => variationJson(v, c));
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: BASE,
    summary: 'Create a variation',
    tags: TAGS,
    args: CreateBody,
    handler: async (req, reply, args) => {
      requireManager(req, 'create');
      const parentId = pathId(req, 'product_id');
      const body = await variationWrites(runtime, req, parentId).create(args);
      return reply.status(201).header('location', `${new WcContext(runtime, req).root}/products/${parentId}/variations/${body.id}`).send(body);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: ONE,
    summary: 'Retrieve a variation',
    tags: TAGS,
    args: Type.Object({ context: Type.Optional(Type.String()) }),
    handler: async (req) => {
      requireManager(req, 'view');
      const c = new WcContext(runtime, req);
      const v = c.snapshot.products.get(pathId(req));
      if (!v || v.type !== 'variation' || v.parentId !== pathId(req, 'product_id')) throw invalidId('not_found');
      return variationJson(v, c);
    },
  });

  defineRoute(app, {
    method: ['PUT', 'PATCH', 'POST'],
    url: ONE,
    summary: 'Update a variation (only the fields sent change)',
    tags: TAGS,
    args: VariationBody,
    handler: async (req, _reply, args) => {
      requireManager(req, 'edit');
      return variationWrites(runtime, req, pathId(req, 'product_id')).update(pathId(req), args);
    },
  });

  defineRoute(app, {
    method: 'DELETE',
    url: ONE,
    summary: 'Delete a variation (force=true)',
    tags: TAGS,
    args: Type.Object({ force: Type.Boolean({ default: false }) }),
    handler: async (req, _reply, args) => {
      requireManager(req, 'delete');
      return variationWrites(runtime, req, pathId(req, 'product_id')).delete(pathId(req), args.force);
    },
  });

  const validateCreate = compileArgs(CreateBody);
  const validateUpdate = compileArgs(VariationBody);
  defineBatchRoute(app, `${BASE}/batch`, TAGS, (req) => {
    const writes = variationWrites(runtime, req, pathId(req, 'product_id'));
    return {
      create: (item) => writes.create(validateCreate({ json: item }) as VariationBody),
      update: (item) => writes.update(Number.isSafeInteger(Number(item.id)) ? Number(item.id) : 0, validateUpdate({ json: item }) as VariationBody),
      delete: (id) => writes.delete(id, true),
    };
  });
}
