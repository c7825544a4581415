import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { defineRoute } from '../../api/route.ts';
import { ProductBody } from '../../catalog/admin/product-input.ts';
import { invalidProductId, ProductService } from '../../catalog/admin/products.ts';
import type { Product } from '../../catalog/types.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { pathId, WcContext } from './context.ts';
import { productJson } from './product-json.ts';
import { listProducts, ProductListArgs } from './product-query.ts';
import { defineResource } from './resource.ts';
import { ViewArgs } from './schema.ts';

/**
 * `wc/v3/products`: list, create, retrieve, update, delete (to the trash, or for good with `force`) and
 * batch, and `…/{id}/duplicate` (WooCommerce's products controller).
 */

const CreateBody = Type.Object({ ...ProductBody.properties, id: Type.Optional(Type.Integer({ minimum: 0 })) });

export function registerProductRoutes(app: FastifyInstance, runtime: Runtime): void {
  const products = new ProductService(runtime);
  defineResource(app, runtime, {
    url: '/wc/v3/products',
    tags: ['WooCommerce: products'],
    summaries: {
      list: 'List products (any status)',
      create: 'Create a product',
      get: 'Retrieve a product',
      update: 'Update a product (only the fields sent change)',
      delete: 'Delete a product and its variations (force=true)',
    },
    args: { list: ProductListArgs, create: CreateBody, update: ProductBody, get: ViewArgs },
    permit: requireManager,
    json: (c, p: Product) => productJson(p, c),
    // Variations are listed here only when looked up by SKU, as in WooCommerce.
    list: (c, args) => listProducts(c, [...c.snapshot.products.values()].filter((p) => p.type !== 'variation' || args.sku), args, { orderby: 'date', order: 'desc' }),
    get: (c, id) => {
      const product = c.snapshot.products.get(id);
      if (!product) throw invalidProductId('not_found');
      return product;
    },
    create: (c, body) => products.create(c, body),
    update: (c, id, body) => products.update(c, id, body),
    delete: (c, id, force) => products.delete(c, id, force),
  });

  // WooCommerce answers its copy as WC_Product::get_data() has it; here it has the shape of every other product answer.
  defineRoute(app, {
    method: 'POST',
    url: '/wc/v3/products/:id(^\\d+$)/duplicate',
    summary: 'Duplicate a product (a draft “… (Copy)” with its variations); the body changes the copy',
    tags: ['WooCommerce: products'],
    args: ProductBody,
    handler: async (req, _reply, body) => {
      requireManager(req, 'create');
      const copy = await products.duplicate(new WcContext(runtime, req), pathId(req, 'id'), body);
      return productJson(copy, new WcContext(runtime, req));
    },
  });
}
