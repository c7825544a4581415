import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { CatalogSnapshot } from '../../catalog/snapshot.ts';
import type { Attribute, Term } from '../../catalog/types.ts';
import type { JsonObject } from '../../hooks/types.ts';
import type { Runtime } from '../../runtime.ts';
import { paginate } from '../pagination.ts';
import { apiRoot, origin, requestContext } from '../request-context.ts';
import { defineRoute } from '../route.ts';
import { ref } from '../openapi/schemas.ts';
import { CocartError } from '../../errors.ts';
import { sizeUrl } from '../../media/urls.ts';

/**
 * Categories, tags, brands, global attributes and their terms: WordPress term lists with CoCart's item
 * shapes. Brands (Starter v5) are shaped as categories, whose controller CoCart's brands one extends.
 */

const TAGS = ['Products'];
const Ints = Type.Array(Type.Integer({ minimum: 0 }));

const TermArgs = Type.Object({
  context: Type.Optional(Type.String()),
  page: Type.Integer({ minimum: 1, default: 1 }),
  per_page: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  search: Type.Optional(Type.String()),
  exclude: Type.Optional(Ints),
  include: Type.Optional(Ints),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc'), Type.Literal('ASC'), Type.Literal('DESC')])),
  orderby: Type.Optional(
    Type.Union(['id', 'include', 'name', 'slug', 'term_group', 'description', 'count'].map((v) => Type.Literal(v))),
  ),
  hide_empty: Type.Optional(Type.Boolean()),
  parent: Type.Optional(Type.Integer({ minimum: 0 })),
  product: Type.Optional(Type.Integer({ minimum: 0 })),
  slug: Type.Optional(Type.String()),
});
type TermArgs = Static<typeof TermArgs>;

const IdPath = Type.Object({ id: Type.Integer({ minimum: 0 }) });
const AttributeRef = Type.String({ pattern: '^[\\w-]+$', description: 'The attribute ID, or its slug (colour or pa_colour)' });

function productTermIds(snapshot: CatalogSnapshot, productId: number, taxonomy: string): Set<number> | null {
  const p = snapshot.get(productId);
  if (!p) return new Set();
  if (taxonomy === 'product_cat') return new Set(p.categoryIds);
  if (taxonomy === 'product_tag') return new Set(p.tagIds);
  if (taxonomy === 'product_brand') return new Set(p.brandIds);
  const attr = p.attributes.find((a) => a.taxonomy === taxonomy);
  const slugs = new Set(attr?.options.map((o) => o.slug) ?? []);
  return new Set(snapshot.taxonomy(taxonomy).filter((t) => slugs.has(t.slug)).map((t) => t.id));
}

/** WordPress's term query over one taxonomy, paged with the standard headers. */
function queryTerms(
  runtime: Runtime,
  req: FastifyRequest,
  reply: FastifyReply,
  taxonomy: string,
  args: TermArgs,
  hierarchical: boolean,
): Term[] {
  const snapshot = runtime.catalog.current();
  const search = args.search?.toLowerCase();
  const ofProduct = args.product !== undefined ? productTermIds(snapshot, args.product, taxonomy) : null;
  let terms = snapshot.taxonomy(taxonomy).filter((t) => {
    if (search && !t.name.toLowerCase().includes(search) && !t.slug.includes(search)) return false;
    if (args.include?.length && !args.include.includes(t.id)) return false;
    if (args.exclude?.includes(t.id)) return false;
    if (args.hide_empty && snapshot.termCount(t.id) === 0) return false;
    if (hierarchical && args.parent !== undefined && t.parent !== args.parent) return false;
    if (args.slug && !args.slug.split(',').map((s) => s.trim()).includes(t.slug)) return false;
    if (ofProduct && !ofProduct.has(t.id)) return false;
    return true;
  });
  const dir = (args.order ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
  const orderby = args.orderby ?? 'name';
  const key = (t: Term): string | number => {
    switch (orderby) {
      case 'id':
        return t.id;
      case 'slug':
        return t.slug;
      case 'description':
        return t.description;
      case 'count':
        return snapshot.termCount(t.id);
      case 'include':
        return args.include?.indexOf(t.id) ?? 0;
      case 'term_group':
        return t.menuOrder;
      default:
        return t.name.toLowerCase();
    }
  };
  terms = [...terms].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return (orderby === 'include' ? c : dir * c) || a.id - b.id;
  });
  const offset = args.offset ?? (args.page - 1) * args.per_page;
  paginate(req, reply, origin(req, runtime), terms.length, args.page, args.per_page, null);
  return terms.slice(offset, offset + args.per_page);
}

function imageOf(snapshot: CatalogSnapshot, id: number | null, origin: string): JsonObject | null {
  const m = id !== null ? snapshot.media.get(id) : undefined;
  return m ? { id: m.id, src: sizeUrl(origin, m, 'woocommerce_thumbnail'), name: m.name, alt: m.alt } : null;
}

/** The hierarchical taxonomies, by the path their routes take. */
const HIERARCHICAL = {
  categories: { taxonomy: 'product_cat', hook: 'cocart_prepare_product_cat', schema: 'ProductCategory', list: 'Product categories', one: 'One product category' },
  brands: { taxonomy: 'product_brand', hook: 'cocart_prepare_product_brand', schema: 'ProductBrand', list: 'Product brands (Starter v5)', one: 'One product brand (Starter v5)' },
} as const;
type Hierarchical = keyof typeof HIERARCHICAL;

/** A category or a brand. */
function hierarchicalTerm(runtime: Runtime, req: FastifyRequest, kind: Hierarchical, t: Term): JsonObject {
  const snapshot = runtime.catalog.current();
  const base = `${apiRoot(req, runtime)}/cocart/v2/products/${kind}`;
  const links: JsonObject = {
    self: [{ href: `${base}/${t.id}` }],
    collection: [{ href: base }],
  };
  if (t.parent) links.up = [{ href: `${base}/${t.parent}` }];
  const out = {
    id: t.id,
    name: t.name,
    slug: t.slug,
    parent: t.parent,
    description: t.description,
    display: t.display,
    image: imageOf(snapshot, t.imageId, origin(req, runtime)),
    menu_order: t.menuOrder,
    count: snapshot.termCount(t.id),
    _links: links,
  };
  return runtime.hooks.applyFilters(HIERARCHICAL[kind].hook, out, { ...t }, requestContext(req));
}

function tag(runtime: Runtime, req: FastifyRequest, t: Term): JsonObject {
  const root = apiRoot(req, runtime);
  const out = {
    id: t.id,
    name: t.name,
    slug: t.slug,
    description: t.description,
    count: runtime.catalog.current().termCount(t.id),
    _links: {
      self: [{ href: `${root}/cocart/v2/products/tags/${t.id}` }],
      collection: [{ href: `${root}/cocart/v2/products/tags` }],
    },
  };
  return runtime.hooks.applyFilters('cocart_prepare_product_tag', out, { ...t }, requestContext(req));
}

function attribute(runtime: Runtime, req: FastifyRequest, a: Attribute): JsonObject {
  const root = apiRoot(req, runtime);
  const out = {
    id: a.id,
    name: a.name,
    slug: `pa_${a.slug}`,
    type: a.type,
    order_by: a.orderBy,
    has_archives: a.hasArchives,
    _links: {
      self: [{ href: `${root}/cocart/v2/products/attributes/${a.id}` }],
      collection: [{ href: `${root}/cocart/v2/products/attributes` }],
    },
  };
  return runtime.hooks.applyFilters('cocart_prepare_product_attribute', out, { ...a }, requestContext(req));
}

function attributeTerm(runtime: Runtime, req: FastifyRequest, a: Attribute, t: Term): JsonObject {
  const root = apiRoot(req, runtime);
  return {
    id: t.id,
    name: t.name,
    slug: t.slug,
    description: t.description,
    menu_order: t.menuOrder,
    count: runtime.catalog.current().termCount(t.id),
    _links: {
      self: [{ href: `${root}/cocart/v2/products/attributes/${a.id}/terms/${t.id}` }],
      collection: [{ href: `${root}/cocart/v2/products/attributes/${a.id}/terms` }],
    },
  };
}

function findTerm(runtime: Runtime, taxonomy: string, id: number): Term {
  const t = runtime.catalog.current().terms.get(id);
  if (!t || t.taxonomy !== taxonomy) throw new CocartError('cocart_term_invalid', 'not_found', 'Term does not exist.');
  return t;
}

/** An attribute by id, or (Starter v5) by slug, with or without its `pa_` prefix. */
function attributeOf(runtime: Runtime, idOrSlug: string): Attribute | undefined {
  const snapshot = runtime.catalog.current();
  if (/^\d+$/.test(idOrSlug)) return snapshot.attributeById.get(Number(idOrSlug));
  return snapshot.attributeBySlug.get(idOrSlug.toLowerCase().replace(/^pa_/, ''));
}

function findAttribute(runtime: Runtime, idOrSlug: string): Attribute {
  const a = attributeOf(runtime, idOrSlug);
  if (!a) throw new CocartError('cocart_taxonomy_invalid', 'not_found', 'Attribute does not exist.');
  return a;
}

export function registerTaxonomyRoutes(app: FastifyInstance, runtime: Runtime): void {
  for (const kind of ['categories', 'brands'] as const) {
    const { taxonomy, schema, list, one } = HIERARCHICAL[kind];
    defineRoute(app, {
      method: 'GET',
      url: `/cocart/v2/products/${kind}`,
      summary: list,
      tags: TAGS,
      response: { 200: Type.Array(ref(schema)) },
      args: TermArgs,
      handler: async (req, reply, args) => queryTerms(runtime, req, reply, taxonomy, args, true).map((t) => hierarchicalTerm(runtime, req, kind, t)),
    });
    defineRoute(app, {
      method: 'GET',
      url: `/cocart/v2/products/${kind}/:id`,
      summary: one,
      tags: TAGS,
      response: { 200: ref(schema) },
      path: IdPath,
      handler: async (req, _reply, args) => hierarchicalTerm(runtime, req, kind, findTerm(runtime, taxonomy, args.id)),
    });
  }
  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/products/tags',
    summary: 'Product tags',
    tags: TAGS,
    response: { 200: Type.Array(ref('ProductTag')) },
    args: Type.Omit(TermArgs, ['parent']),
    handler: async (req, reply, args) => queryTerms(runtime, req, reply, 'product_tag', args as TermArgs, false).map((t) => tag(runtime, req, t)),
  });
  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/products/tags/:id',
    summary: 'One product tag',
    tags: TAGS,
    response: { 200: ref('ProductTag') },
    path: IdPath,
    handler: async (req, _reply, args) => tag(runtime, req, findTerm(runtime, 'product_tag', args.id)),
  });
  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/products/attributes',
    summary: 'Global product attributes',
    tags: TAGS,
    response: { 200: Type.Array(ref('ProductAttribute')) },
    handler: async (req, reply) => {
      const all = runtime.catalog.current().attributes;
      reply.header('x-wp-total', String(all.length));
      reply.header('x-wp-totalpages', '1');
      return all.map((a) => attribute(runtime, req, a));
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/products/attributes/:id',
    summary: 'One global product attribute, by ID or (Starter v5) by slug',
    tags: TAGS,
    response: { 200: ref('ProductAttribute') },
    path: Type.Object({ id: AttributeRef }),
    handler: async (req, _reply, args) => {
      const a = attributeOf(runtime, args.id);
      if (!a) throw new CocartError('cocart_attribute_invalid', 'not_found', 'Attribute does not exist.');
      return attribute(runtime, req, a);
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/products/attributes/:attribute_id/terms',
    summary: 'Terms of a global attribute',
    tags: TAGS,
    response: { 200: Type.Array(ref('ProductAttributeTerm')) },
    path: Type.Object({ attribute_id: AttributeRef }),
    args: Type.Omit(TermArgs, ['parent']),
    handler: async (req, reply, args) => {
      const a = findAttribute(runtime, args.attribute_id);
      return queryTerms(runtime, req, reply, `pa_${a.slug}`, args as TermArgs, false).map((t) => attributeTerm(runtime, req, a, t));
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/products/attributes/:attribute_id/terms/:id',
    summary: 'One term of a global attribute',
    tags: TAGS,
    response: { 200: ref('ProductAttributeTerm') },
    path: Type.Object({ attribute_id: AttributeRef, id: Type.Integer({ minimum: 0 }) }),
    handler: async (req, _reply, args) => {
      const a = findAttribute(runtime, args.attribute_id);
      return attributeTerm(runtime, req, a, findTerm(runtime, `pa_${a.slug}`, args.id));
    },
  });
}
