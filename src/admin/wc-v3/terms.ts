import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { compileArgs } from '../../api/args.ts';
import { paginate } from '../../api/pagination.ts';
import { origin } from '../../api/request-context.ts';
import { defineRoute } from '../../api/route.ts';
import { slugOf } from '../../catalog/import/index.ts';
import { deleteTerm, saveMedia, saveTerm, updateTerm } from '../../catalog/repository.ts';
import type { Term } from '../../catalog/types.ts';
import { CocartError } from '../../errors.ts';
import type { JsonObject } from '../../hooks/types.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { defineBatchRoute } from './batch.ts';
import { invalidParam, links, pathId, WcContext } from './context.ts';
import { rewriteProducts, termDeleted, termRenamed } from './term-references.ts';

/**
 * Categories, tags, shipping classes and attribute terms: WooCommerce's terms controller, one set of
 * routes per taxonomy. Shipping classes are terms of `product_shipping_class`; products name them by slug.
 */

type Kind = 'category' | 'tag' | 'shipping_class' | 'attribute_term';

interface TermResource {
  kind: Kind;
  /** Fastify path under /wp-json. */
  url: string;
  tags: string[];
  /** The taxonomy a request addresses; throws when it names none (an unknown attribute). */
  taxonomy(req: FastifyRequest, c: WcContext): string;
  /** The collection's path under wc/v3, for links. */
  collection(req: FastifyRequest): string;
}

const Image = Type.Union([
  Type.Object({ id: Type.Optional(Type.Integer({ minimum: 0 })), src: Type.Optional(Type.String()), name: Type.Optional(Type.String()), alt: Type.Optional(Type.String()) }),
  Type.Null(),
]);

const TermBody = Type.Object({
  name: Type.Optional(Type.String()),
  slug: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  parent: Type.Optional(Type.Integer({ minimum: 0 })),
  display: Type.Optional(Type.Union(['default', 'products', 'subcategories', 'both'].map((v) => Type.Literal(v)))),
  image: Type.Optional(Image),
  menu_order: Type.Optional(Type.Integer()),
});
type TermBody = Static<typeof TermBody>;
const CreateBody = Type.Object({ ...TermBody.properties, name: Type.String() });

const ListArgs = Type.Object({
  context: Type.Optional(Type.String()),
  page: Type.Integer({ minimum: 1, default: 1 }),
  per_page: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  search: Type.Optional(Type.String()),
  exclude: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }))),
  include: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }))),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  order: Type.Optional(Type.Union(['asc', 'desc', 'ASC', 'DESC'].map((v) => Type.Literal(v)))),
  orderby: Type.Optional(Type.Union(['id', 'include', 'name', 'slug', 'term_group', 'description', 'count'].map((v) => Type.Literal(v)))),
  hide_empty: Type.Optional(Type.Boolean()),
  parent: Type.Optional(Type.Integer({ minimum: 0 })),
  product: Type.Optional(Type.Integer({ minimum: 0 })),
  slug: Type.Optional(Type.String()),
});
type ListArgs = Static<typeof ListArgs>;

function termInvalid(): CocartError {
  return new CocartError('woocommerce_rest_term_invalid', 'not_found', 'Resource does not exist.');
}

function count(c: WcContext, t: Term): number {
  if (t.taxonomy !== 'product_shipping_class') return c.snapshot.termCount(t.id);
  return c.snapshot.published.filter((p) => p.shippingClass === t.slug).length;
}

function image(c: WcContext, id: number | null): JsonObject | null {
  const m = id === null ? undefined : c.snapshot.media.get(id);
  // Media rows keep no dates of their own.
  return m ? { id: m.id, date_created: null, date_created_gmt: null, date_modified: null, date_modified_gmt: null, src: m.src, name: m.name, alt: m.alt } : null;
}

function termJson(r: TermResource, req: FastifyRequest, c: WcContext, t: Term): JsonObject {
  const base = `${c.root}/${r.collection(req)}`;
  const common = { id: t.id, name: t.name, slug: t.slug };
  const link = { _links: links(`${base}/${t.id}`, base, t.parent ? `${base}/${t.parent}` : undefined) };
  switch (r.kind) {
    case 'category':
      return { ...common, parent: t.parent, description: t.description, display: t.display, image: image(c, t.imageId), menu_order: t.menuOrder, count: count(c, t), ...link };
    case 'attribute_term':
      return { ...common, description: t.description, menu_order: t.menuOrder, count: count(c, t), ...link };
    default:
      return { ...common, description: t.description, count: count(c, t), ...link };
  }
}

function productTermIds(c: WcContext, productId: number, taxonomy: string): Set<number> {
  const p = c.snapshot.products.get(productId);
  if (!p) return new Set();
  if (taxonomy === 'product_cat') return new Set(p.categoryIds);
  if (taxonomy === 'product_tag') return new Set(p.tagIds);
  const slugs = taxonomy === 'product_shipping_class' ? [p.shippingClass] : (p.attributes.find((a) => a.taxonomy === taxonomy)?.options.map((o) => o.slug) ?? []);
  return new Set(c.snapshot.taxonomy(taxonomy).filter((t) => slugs.includes(t.slug)).map((t) => t.id));
}

function listTerms(c: WcContext, taxonomy: string, hierarchical: boolean, args: ListArgs): { total: number; items: Term[] } {
  const search = args.search?.toLowerCase();
  const slugs = args.slug ? args.slug.split(',').map((s) => s.trim()) : null;
  const ofProduct = args.product ? productTermIds(c, args.product, taxonomy) : null;
  const terms = c.snapshot.taxonomy(taxonomy).filter((t) => {
    if (search && !t.name.toLowerCase().includes(search) && !t.slug.includes(search)) return false;
    if (args.include?.length && !args.include.includes(t.id)) return false;
    if (args.exclude?.includes(t.id)) return false;
    if (args.hide_empty && count(c, t) === 0) return false;
    if (hierarchical && args.parent !== undefined && t.parent !== args.parent) return false;
    if (slugs && !slugs.includes(t.slug)) return false;
    if (ofProduct && !ofProduct.has(t.id)) return false;
    return true;
  });
  const orderby = args.orderby ?? 'name';
  const dir = (args.order ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
  const key = (t: Term): string | number => {
    switch (orderby) {
      case 'id': return t.id;
      case 'slug': return t.slug;
      case 'description': return t.description;
      case 'count': return count(c, t);
      case 'term_group': return t.menuOrder;
      case 'include': return args.include?.indexOf(t.id) ?? 0;
      default: return t.name.toLowerCase();
    }
  };
  terms.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const cmp = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return orderby === 'include' ? cmp : dir * cmp || a.id - b.id;
  });
  const offset = args.offset ?? (args.page - 1) * args.per_page;
  return { total: terms.length, items: terms.slice(offset, offset + args.per_page) };
}

function termWrites(runtime: Runtime, req: FastifyRequest, r: TermResource) {
  const db = runtime.database.db;
  const hierarchical = r.kind === 'category';
  const answer = async (id: number): Promise<JsonObject> => {
    await runtime.catalog.changed();
    const c = new WcContext(runtime, req);
    return termJson(r, req, c, c.snapshot.terms.get(id)!);
  };
  const find = (c: WcContext, taxonomy: string, id: number): Term => {
    const t = c.snapshot.terms.get(id);
    if (!t || t.taxonomy !== taxonomy) throw termInvalid();
    return t;
  };

  /** The term after the body's changes, checked against the rest of its taxonomy. */
  const apply = async (c: WcContext, taxonomy: string, base: Term, b: TermBody, creating: boolean, trx: typeof db): Promise<Term> => {
    const t: Term = { ...base };
    if (b.parent !== undefined && !hierarchical) {
      throw new CocartError('woocommerce_rest_taxonomy_not_hierarchical', 'invalid', 'Can not set resource parent, taxonomy is not hierarchical.');
    }
    const siblings = c.snapshot.taxonomy(taxonomy).filter((o) => o.id !== t.id);
    if (b.name !== undefined) {
      t.name = b.name.trim();
      if (!t.name) throw new CocartError('empty_term_name', 'invalid', 'A name is required for this term.');
    }
    if (b.parent !== undefined) {
      if (b.parent !== 0 && !siblings.some((o) => o.id === b.parent)) throw new CocartError('missing_parent', 'invalid', 'Parent term does not exist.');
      // A category may not sit under itself or one of its own descendants.
      if (b.parent !== 0 && c.snapshot.categoryWithDescendants(t.id).has(b.parent) && !creating) {
        throw invalidParam('parent', 'parent would make the category its own ancestor.');
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
    if (r.kind === 'category') {
      if (b.display !== undefined) t.display = b.display as Term['display'];
      if (b.image === null) t.imageId = null;
      else if (b.image) {
        if (b.image.id) {
          if (!c.snapshot.media.has(b.image.id)) throw new CocartError('woocommerce_rest_invalid_image_id', 'invalid', '#%s is an invalid image ID.', [b.image.id]);
          t.imageId = b.image.id;
        } else {
          const src = b.image.src?.trim() ?? '';
          if (!/^https?:\/\/\S+$/i.test(src)) throw invalidParam('image', 'image needs an id or an http(s) src.');
          t.imageId = await saveMedia(trx, { src, name: b.image.name ?? '', alt: b.image.alt ?? '', sizes: {} });
        }
      }
    }
    return t;
  };

  return {
    async create(b: TermBody): Promise<JsonObject> {
      const c = new WcContext(runtime, req);
      const taxonomy = r.taxonomy(req, c);
      const blank: Term = { id: 0, taxonomy, name: '', slug: '', parent: 0, description: '', menuOrder: 0, display: 'default', imageId: null };
      const id = await db.transaction().execute(async (trx) => {
        const { id: _none, ...term } = await apply(c, taxonomy, blank, { ...b, name: b.name ?? '' }, true, trx);
        return saveTerm(trx, term);
      });
      return answer(id);
    },
    async update(id: number, b: TermBody): Promise<JsonObject> {
      const c = new WcContext(runtime, req);
      const taxonomy = r.taxonomy(req, c);
      const before = find(c, taxonomy, id);
      await db.transaction().execute(async (trx) => {
        const after = await apply(c, taxonomy, before, b, false, trx);
        await updateTerm(trx, after);
        if (after.slug !== before.slug || after.name !== before.name) await rewriteProducts(trx, termRenamed(before, after));
      });
      return answer(id);
    },
    async delete(id: number, force: boolean): Promise<JsonObject> {
      const c = new WcContext(runtime, req);
      const taxonomy = r.taxonomy(req, c);
      if (!force) throw new CocartError('woocommerce_rest_trash_not_supported', 'not_implemented', 'Resource does not support trashing.');
      const term = find(c, taxonomy, id);
      const before = termJson(r, req, c, term);
      await db.transaction().execute(async (trx) => {
        // As WordPress does, the children of a deleted category move up to its parent.
        for (const child of c.snapshot.taxonomy(taxonomy).filter((t) => t.parent === term.id)) await updateTerm(trx, { ...child, parent: term.parent });
        await deleteTerm(trx, term.id);
        await rewriteProducts(trx, termDeleted(term));
      });
      await runtime.catalog.changed();
      return before;
    },
  };
}

function registerTermResource(app: FastifyInstance, runtime: Runtime, r: TermResource): void {
  const one = `${r.url}/:id(^\\d+$)`;
  defineRoute(app, {
    method: 'GET',
    url: r.url,
    summary: 'List',
    tags: r.tags,
    args: ListArgs,
    handler: async (req, reply, args) => {
      requireManager(req, 'list');
      const c = new WcContext(runtime, req);
      const { total, items } = listTerms(c, r.taxonomy(req, c), r.kind === 'category', args);
      paginate(req, reply, origin(req, runtime), total, args.page, args.per_page, null);
      return items.map((t) => termJson(r, req, c, t));
    },
  });
  defineRoute(app, {
    method: 'POST',
    url: r.url,
    summary: 'Create',
    tags: r.tags,
    args: CreateBody,
    handler: async (req, reply, args) => {
      requireManager(req, 'create');
      const body = await termWrites(runtime, req, r).create(args);
      return reply.status(201).header('location', `${new WcContext(runtime, req).root}/${r.collection(req)}/${body.id}`).send(body);
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: one,
    summary: 'Retrieve',
    tags: r.tags,
    args: Type.Object({ context: Type.Optional(Type.String()) }),
    handler: async (req) => {
      requireManager(req, 'view');
      const c = new WcContext(runtime, req);
      const t = c.snapshot.terms.get(pathId(req));
      if (!t || t.taxonomy !== r.taxonomy(req, c)) throw termInvalid();
      return termJson(r, req, c, t);
    },
  });
  defineRoute(app, {
    method: ['PUT', 'PATCH', 'POST'],
    url: one,
    summary: 'Update',
    tags: r.tags,
    args: TermBody,
    handler: async (req, _reply, args) => {
      requireManager(req, 'edit');
      return termWrites(runtime, req, r).update(pathId(req), args);
    },
  });
  defineRoute(app, {
    method: 'DELETE',
    url: one,
    summary: 'Delete (force=true)',
    tags: r.tags,
    args: Type.Object({ force: Type.Boolean({ default: false }) }),
    handler: async (req, _reply, args) => {
      requireManager(req, 'delete');
      return termWrites(runtime, req, r).delete(pathId(req), args.force);
    },
  });
  const validateCreate = compileArgs(CreateBody);
  const validateUpdate = compileArgs(TermBody);
  defineBatchRoute(app, `${r.url}/batch`, r.tags, (req) => {
    const writes = termWrites(runtime, req, r);
    return {
      create: (item) => writes.create(validateCreate({ json: item }) as TermBody),
      update: (item) => writes.update(Number.isSafeInteger(Number(item.id)) ? Number(item.id) : 0, validateUpdate({ json: item }) as TermBody),
      delete: (id) => writes.delete(id, true),
    };
  });
}

const fixed = (kind: Kind, path: string, taxonomy: string, tag: string): TermResource => ({
  kind,
  url: `/wc/v3/${path}`,
  tags: [tag],
  taxonomy: () => taxonomy,
  collection: () => path,
});

export function registerTermRoutes(app: FastifyInstance, runtime: Runtime): void {
  registerTermResource(app, runtime, fixed('category', 'products/categories', 'product_cat', 'WooCommerce: product categories'));
  registerTermResource(app, runtime, fixed('tag', 'products/tags', 'product_tag', 'WooCommerce: product tags'));
  registerTermResource(app, runtime, fixed('shipping_class', 'products/shipping_classes', 'product_shipping_class', 'WooCommerce: product shipping classes'));
  registerTermResource(app, runtime, {
    kind: 'attribute_term',
    url: '/wc/v3/products/attributes/:attribute_id(^\\d+$)/terms',
    tags: ['WooCommerce: product attribute terms'],
    taxonomy: (req, c) => {
      const attr = c.snapshot.attributeById.get(pathId(req, 'attribute_id'));
      if (!attr) throw new CocartError('woocommerce_rest_taxonomy_invalid', 'not_found', 'Taxonomy does not exist.');
      return `pa_${attr.slug}`;
    },
    collection: (req) => `products/attributes/${pathId(req, 'attribute_id')}/terms`,
  });
}
