import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { compileArgs } from '../../api/args.ts';
import { defineRoute } from '../../api/route.ts';
import { slugify } from '../../catalog/product.ts';
import { deleteAttribute, saveAttribute, updateAttribute } from '../../catalog/repository.ts';
import type { Attribute } from '../../catalog/types.ts';
import { CocartError } from '../../errors.ts';
import type { JsonObject } from '../../hooks/types.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { defineBatchRoute } from './batch.ts';
import { links, pathId, WcContext } from './context.ts';
import { attributeDeleted, attributeRenamed, rewriteProducts } from './term-references.ts';

/** `wc/v3/products/attributes`: the store's global attributes (their terms are in terms.ts). */

const TAGS = ['WooCommerce: product attributes'];
const BASE = '/wc/v3/products/attributes';
const ONE = `${BASE}/:id(^\\d+$)`;

const AttributeBody = Type.Object({
  name: Type.Optional(Type.String()),
  slug: Type.Optional(Type.String()),
  // WooCommerce registers one attribute type, "select"; plugins add others.
  type: Type.Optional(Type.Literal('select')),
  order_by: Type.Optional(Type.Union(['menu_order', 'name', 'name_num', 'id'].map((v) => Type.Literal(v)))),
  has_archives: Type.Optional(Type.Boolean()),
});
type AttributeBody = Static<typeof AttributeBody>;
const CreateBody = Type.Object({ ...AttributeBody.properties, name: Type.String() });

/** WooCommerce's `wc_check_if_attribute_name_is_reserved`: WordPress query variables. */
const RESERVED = new Set(
  ('attachment attachment_id author author_name calendar cat category category__and category__in category__not_in category_name ' +
    'comments_per_page comments_popup cpage day debug error exact feed hour link_category m minute monthnum more name nav_menu ' +
    'nopaging offset order orderby p page page_id paged pagename pb perm post post__in post__not_in post_format post_mime_type ' +
    'post_status post_tag post_type posts posts_per_archive_page posts_per_page preview robots s search second sentence showposts ' +
    'static subpost subpost_id tag tag__and tag__in tag__not_in tag_id tag_slug__and tag_slug__in taxonomy tb term type w ' +
    'withcomments withoutcomments year').split(' '),
);
const MAX_SLUG = 28;

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

function missing(code: 'woocommerce_rest_attribute_invalid' | 'woocommerce_rest_taxonomy_invalid'): CocartError {
  return new CocartError(code, 'not_found', 'Resource does not exist.');
}

/** WooCommerce's `wc_create_attribute` / `wc_update_attribute` checks; their errors come out as `cannot_create` / `cannot_edit` 400s. */
function applyAttribute(c: WcContext, base: Attribute, b: AttributeBody, code: string): Attribute {
  const a: Attribute = { ...base };
  const fail = (msgid: string, args: unknown[] = []) => new CocartError(code, 'invalid', msgid, args);
  if (b.name !== undefined) a.name = b.name.trim();
  if (!a.name) throw fail('Please, provide an attribute name.');
  if (b.slug !== undefined && b.slug.trim() !== '') a.slug = slugify(b.slug.replace(/^pa_/, ''));
  else if (!a.slug) a.slug = slugify(a.name);
  if (!a.slug) throw fail('Please, provide an attribute name.');
  if (a.slug.length > MAX_SLUG) throw fail('Slug "%s" is too long (28 characters max). Shorten it, please.', [a.slug]);
  if (RESERVED.has(a.slug)) throw fail('Slug "%s" is not allowed because it is a reserved term. Change it, please.', [a.slug]);
  if (c.snapshot.attributes.some((o) => o.slug === a.slug && o.id !== a.id)) throw fail('Slug "%s" is already in use. Change it, please.', [a.slug]);
  if (b.type !== undefined) a.type = b.type;
  if (b.order_by !== undefined) a.orderBy = b.order_by as Attribute['orderBy'];
  if (b.has_archives !== undefined) a.hasArchives = b.has_archives;
  return a;
}

function attributeWrites(runtime: Runtime, req: FastifyRequest) {
  const db = runtime.database.db;
  const answer = async (id: number): Promise<JsonObject> => {
    await runtime.catalog.changed();
    const c = new WcContext(runtime, req);
    return attributeJson(c, c.snapshot.attributeById.get(id)!);
  };
  return {
    async create(b: AttributeBody): Promise<JsonObject> {
      const c = new WcContext(runtime, req);
      const blank: Attribute = { id: 0, name: '', slug: '', type: 'select', orderBy: 'menu_order', hasArchives: false };
      const { id: _new, ...attr } = applyAttribute(c, blank, b, 'woocommerce_rest_cannot_create');
      return answer(await saveAttribute(db, attr));
    },
    async update(id: number, b: AttributeBody): Promise<JsonObject> {
      const c = new WcContext(runtime, req);
      const before = c.snapshot.attributeById.get(id);
      if (!before) throw missing('woocommerce_rest_taxonomy_invalid');
      const after = applyAttribute(c, before, b, 'woocommerce_rest_cannot_edit');
      await db.transaction().execute(async (trx) => {
        await updateAttribute(trx, after, before.slug);
        if (after.slug !== before.slug || after.name !== before.name) await rewriteProducts(trx, attributeRenamed(before, after));
      });
      return answer(id);
    },
    async delete(id: number, force: boolean): Promise<JsonObject> {
      const c = new WcContext(runtime, req);
      const attr = c.snapshot.attributeById.get(id);
      if (!attr) throw missing('woocommerce_rest_taxonomy_invalid');
      if (!force) throw new CocartError('woocommerce_rest_trash_not_supported', 'not_implemented', 'Resource does not support trashing.');
      const before = attributeJson(c, attr);
      await db.transaction().execute(async (trx) => {
        await deleteAttribute(trx, attr);
        await rewriteProducts(trx, attributeDeleted(attr));
      });
      await runtime.catalog.changed();
      return before;
    },
  };
}

export function registerAttributeRoutes(app: FastifyInstance, runtime: Runtime): void {
  defineRoute(app, {
    method: 'GET',
    url: BASE,
    summary: 'List every product attribute (not paged, as in WooCommerce)',
    tags: TAGS,
    args: Type.Object({ context: Type.Optional(Type.String()) }),
    handler: async (req, reply) => {
      requireManager(req, 'list');
      const c = new WcContext(runtime, req);
      reply.header('x-wp-total', String(c.snapshot.attributes.length)).header('x-wp-totalpages', '1');
      return c.snapshot.attributes.map((a) => attributeJson(c, a));
    },
  });
  defineRoute(app, {
    method: 'POST',
    url: BASE,
    summary: 'Create a product attribute',
    tags: TAGS,
    args: CreateBody,
    handler: async (req, reply, args) => {
      requireManager(req, 'create');
      const body = await attributeWrites(runtime, req).create(args);
      return reply.status(201).header('location', `${new WcContext(runtime, req).root}/products/attributes/${body.id}`).send(body);
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: ONE,
    summary: 'Retrieve a product attribute',
    tags: TAGS,
    args: Type.Object({ context: Type.Optional(Type.String()) }),
    handler: async (req) => {
      requireManager(req, 'view');
      const c = new WcContext(runtime, req);
      const attr = c.snapshot.attributeById.get(pathId(req));
      if (!attr) throw missing('woocommerce_rest_attribute_invalid');
      return attributeJson(c, attr);
    },
  });
  defineRoute(app, {
    method: ['PUT', 'PATCH', 'POST'],
    url: ONE,
    summary: 'Update a product attribute; products using it follow',
    tags: TAGS,
    args: AttributeBody,
    handler: async (req, _reply, args) => {
      requireManager(req, 'edit');
      return attributeWrites(runtime, req).update(pathId(req), args);
    },
  });
  defineRoute(app, {
    method: 'DELETE',
    url: ONE,
    summary: 'Delete a product attribute, its terms, and its use on products (force=true)',
    tags: TAGS,
    args: Type.Object({ force: Type.Boolean({ default: false }) }),
    handler: async (req, _reply, args) => {
      requireManager(req, 'delete');
      return attributeWrites(runtime, req).delete(pathId(req), args.force);
    },
  });
  const validateCreate = compileArgs(CreateBody);
  const validateUpdate = compileArgs(AttributeBody);
  defineBatchRoute(app, `${BASE}/batch`, TAGS, (req) => {
    const writes = attributeWrites(runtime, req);
    return {
      create: (item) => writes.create(validateCreate({ json: item }) as AttributeBody),
      update: (item) => writes.update(Number.isSafeInteger(Number(item.id)) ? Number(item.id) : 0, validateUpdate({ json: item }) as AttributeBody),
      delete: (id) => writes.delete(id, true),
    };
  });
}
