import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ProductBody } from '../../catalog/admin/product-input.ts';
import { invalidProductId, ProductService } from '../../catalog/admin/products.ts';
import type { Product } from '../../catalog/types.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { productJson } from './product-json.ts';
import { listProducts, ProductListArgs } from './product-query.ts';
import { defineResource } from './resource.ts';
import { ViewArgs } from './schema.ts';

/** `wc/v3/products`: list, create, retrieve, update, delete and batch (WooCommerce's products controller). */

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
}
