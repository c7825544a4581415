import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AttributeBody, attributeMissing, AttributeService } from '../../catalog/admin/attributes.ts';
import type { Attribute } from '../../catalog/types.ts';
import type { JsonObject } from '../../hooks/types.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { links, type WcContext } from './context.ts';
import { defineResource } from './resource.ts';
import { ViewArgs } from './schema.ts';

/** `wc/v3/products/attributes`: the store's global attributes (their terms are in terms.ts). */

const CreateBody = Type.Object({ ...AttributeBody.properties, name: Type.String() });

function attributeJson(c: WcContext, a: Attribute): JsonObject {
  return {
    id: a.id,
    name: a.name,
    slug: `pa_${a.slug}`,
    type: a.type,
    order_by: a.orderBy,
    has_archives: a.hasArchives,
    _links: links(`${c.root}/products/attributes/${a.id}`, `${c.root}/products/attributes`),
  };
}

export function registerAttributeRoutes(app: FastifyInstance, runtime: Runtime): void {
  const attributes = new AttributeService(runtime);
  defineResource(app, runtime, {
    url: '/wc/v3/products/attributes',
    tags: ['WooCommerce: product attributes'],
    summaries: {
      list: 'List every product attribute (not paged, as in WooCommerce)',
      create: 'Create a product attribute',
      get: 'Retrieve a product attribute',
      update: 'Update a product attribute; products using it follow',
      delete: 'Delete a product attribute, its terms, and its use on products (force=true)',
    },
    args: { list: ViewArgs, create: CreateBody, update: AttributeBody, get: ViewArgs },
    paging: 'count',
    permit: requireManager,
    json: attributeJson,
    list: (c) => ({ total: c.snapshot.attributes.length, items: c.snapshot.attributes }),
    get: (c, id) => {
      const attr = c.snapshot.attributeById.get(id);
      if (!attr) throw attributeMissing('woocommerce_rest_attribute_invalid');
      return attr;
    },
    create: (c, body) => attributes.create(c, body),
    update: (c, id, body) => attributes.update(c, id, body),
    delete: (c, id, force) => attributes.delete(c, id, force),
  });
}
