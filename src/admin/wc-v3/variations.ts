import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../../api/route.ts';
import { VariationBody } from '../../catalog/admin/product-input.ts';
import { invalidParent, invalidVariationId, ProductService } from '../../catalog/admin/products.ts';
import type { Product } from '../../catalog/types.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { pathId, WcContext } from './context.ts';
import { variationJson } from './product-json.ts';
import { listProducts, VariationListArgs, type ProductListArgs } from './product-query.ts';
import { defineResource } from './resource.ts';
import { ViewArgs } from './schema.ts';

/** `wc/v3/products/{product_id}/variations`: the variations of a variable product, and `…/generate`. */

const CreateBody = Type.Object({ ...VariationBody.properties, id: Type.Optional(Type.Integer({ minimum: 0 })) });
const GenerateBody = Type.Object({
  delete: Type.Optional(Type.Boolean({ description: 'Deletes the variations that match no combination' })),
  default_values: Type.Optional(Type.Omit(VariationBody, ['attributes'], { description: 'What each new variation is given' })),
});
const parentOf = (req: FastifyRequest) => pathId(req, 'product_id');

export function registerVariationRoutes(app: FastifyInstance, runtime: Runtime): void {
  const products = new ProductService(runtime);
  defineResource(app, runtime, {
    url: '/wc/v3/products/:product_id(^\\d+$)/variations',
    tags: ['WooCommerce: product variations'],
    summaries: {
      list: 'List the variations of a product (any status)',
      create: 'Create a variation',
      get: 'Retrieve a variation',
      update: 'Update a variation (only the fields sent change)',
      delete: 'Delete a variation (force=true)',
    },
    args: { list: VariationListArgs, create: CreateBody, update: VariationBody, get: ViewArgs },
    permit: requireManager,
    json: (c, v: Product) => variationJson(v, c),
    list: (c, args, req) => {
      const parentId = parentOf(req);
      if (!c.snapshot.products.has(parentId)) throw invalidParent();
      // Variations come in the order the shop shows them unless another is asked for.
      return listProducts(c, c.variationsOf(parentId), args as ProductListArgs, { orderby: 'menu_order', order: 'asc' });
    },
    get: (c, id, req) => {
      const v = c.snapshot.products.get(id);
      if (!v || v.type !== 'variation' || v.parentId !== parentOf(req)) throw invalidVariationId('not_found');
      return v;
    },
    create: (c, body, req) => products.createVariation(c, parentOf(req), body),
    update: (c, id, body, req) => products.updateVariation(c, parentOf(req), id, body),
    delete: (c, id, force, req) => products.deleteVariation(c, parentOf(req), id, force),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/wc/v3/products/:product_id(^\\d+$)/variations/generate',
    summary: 'Create a variation for each combination of the variation attributes that has none (50 at most); answers {count, deleted_count}',
    tags: ['WooCommerce: product variations'],
    args: GenerateBody,
    handler: async (req, _reply, body) => {
      requireManager(req, 'create');
      return products.generateVariations(new WcContext(runtime, req), parentOf(req), body.default_values ?? {}, body.delete ?? false);
    },
  });
}
