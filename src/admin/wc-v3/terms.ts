import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { TermBody, termInvalid, TermService } from '../../catalog/admin/terms.ts';
import type { Term } from '../../catalog/types.ts';
import { CocartError } from '../../errors.ts';
import type { JsonObject } from '../../hooks/types.ts';
import type { Runtime } from '../../runtime.ts';
import { requireManager } from './access.ts';
import { links, pathId, type WcContext } from './context.ts';
import { compareKeys, pageOf } from './listing.ts';
import { defineResource } from './resource.ts';
import { ViewArgs } from './schema.ts';
import { imageJson } from './product-json.ts';

/**
 * Categories, brands, tags, shipping classes and attribute terms: WooCommerce's terms controller, one set
 * of routes per taxonomy. Brands (WooCommerce 9.6+) answer as categories, whose controller theirs extends.
 * Shipping classes are terms of `product_shipping_class`; products name them by slug.
 */

type Kind = 'category' | 'tag' | 'shipping_class' | 'attribute_term';

interface TaxonomyRoutes {
  kind: Kind;
  /** Fastify path under /wp-json. */
  url: string;
  tags: string[];
  /** The taxonomy a request addresses; throws when it names none (an unknown attribute). */
  taxonomy(req: FastifyRequest, c: WcContext): string;
  /** The collection's path under wc/v3, for links. */
  collection(req: FastifyRequest): string;
}

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

function count(c: WcContext, t: Term): number {
  if (t.taxonomy !== 'product_shipping_class') return c.snapshot.termCount(t.id);
  return c.snapshot.published.filter((p) => p.shippingClass === t.slug).length;
}

function image(c: WcContext, id: number | null): JsonObject | null {
  const m = id === null ? undefined : c.snapshot.media.get(id);
  return m ? imageJson(c, m) : null;
}

function termJson(r: TaxonomyRoutes, req: FastifyRequest, c: WcContext, t: Term): JsonObject {
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
  if (taxonomy === 'product_brand') return new Set(p.brandIds);
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
    const cmp = compareKeys(x, y);
    return orderby === 'include' ? cmp : dir * cmp || a.id - b.id;
  });
  return { total: terms.length, items: pageOf(terms, args) };
}

function registerTaxonomyRoutes(app: FastifyInstance, runtime: Runtime, terms: TermService, r: TaxonomyRoutes): void {
  defineResource(app, runtime, {
    url: r.url,
    tags: r.tags,
    summaries: { list: 'List', create: 'Create', get: 'Retrieve', update: 'Update', delete: 'Delete (force=true)' },
    args: { list: ListArgs, create: CreateBody, update: TermBody, get: ViewArgs },
    permit: requireManager,
    json: (c, t: Term, req) => termJson(r, req, c, t),
    list: (c, args, req) => listTerms(c, r.taxonomy(req, c), r.kind === 'category', args),
    get: (c, id, req) => {
      const t = c.snapshot.terms.get(id);
      if (!t || t.taxonomy !== r.taxonomy(req, c)) throw termInvalid();
      return t;
    },
    create: (c, body, req) => terms.create(c, r.taxonomy(req, c), body),
    update: (c, id, body, req) => terms.update(c, r.taxonomy(req, c), id, body),
    delete: (c, id, force, req) => terms.delete(c, r.taxonomy(req, c), id, force),
  });
}

const fixed = (kind: Kind, path: string, taxonomy: string, tag: string): TaxonomyRoutes => ({
  kind,
  url: `/wc/v3/${path}`,
  tags: [tag],
  taxonomy: () => taxonomy,
  collection: () => path,
});

export function registerTermRoutes(app: FastifyInstance, runtime: Runtime): void {
  const terms = new TermService(runtime);
  registerTaxonomyRoutes(app, runtime, terms, fixed('category', 'products/categories', 'product_cat', 'WooCommerce: product categories'));
  registerTaxonomyRoutes(app, runtime, terms, fixed('category', 'products/brands', 'product_brand', 'WooCommerce: product brands'));
  registerTaxonomyRoutes(app, runtime, terms, fixed('tag', 'products/tags', 'product_tag', 'WooCommerce: product tags'));
  registerTaxonomyRoutes(app, runtime, terms, fixed('shipping_class', 'products/shipping_classes', 'product_shipping_class', 'WooCommerce: product shipping classes'));
  registerTaxonomyRoutes(app, runtime, terms, {
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
