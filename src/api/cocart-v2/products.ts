import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ORDER_BY, runProductQuery, type AttributeFilter, type ProductQuery, type TermFilter } from '../../catalog/query.ts';
import type { CatalogSnapshot } from '../../catalog/snapshot.ts';
import { PRODUCT_TYPES, STOCK_STATUSES, type Product, type Review } from '../../catalog/types.ts';
import { findReviews } from '../../catalog/repository.ts';
import { parseMajor } from '../../commerce/money.ts';
import type { JsonObject } from '../../hooks/types.ts';
import type { Runtime } from '../../runtime.ts';
import { parseDateTime } from '../dates.ts';
import { FieldSelection } from '../fields.ts';
import { currencyObject, moneyMode, presenter } from '../money.ts';
import { storeCurrency } from '../../settings/currency.ts';
import { paginate } from '../pagination.ts';
import { apiRoot, origin, storeUrl, translator, requestContext } from '../request-context.ts';
import { defineRoute } from '../route.ts';
import { ref } from '../openapi/schemas.ts';
import { emptyMap } from '../serializers/php.ts';
import { serializeProduct, type ProductContext } from '../serializers/product.ts';
import { CocartError } from '../../errors.ts';

/**
 * Products API v2 (docs/wire-contract.md#products-api): products and variations, served from the
 * in-memory catalogue.
 */

const TAGS = ['Products'];
const Ints = Type.Array(Type.Integer({ minimum: 0 }));
const Strings = Type.Array(Type.String());
const Bool = Type.Boolean();
const Operator = Type.Union([Type.Literal('in'), Type.Literal('not in'), Type.Literal('not_in'), Type.Literal('and')]);
const Order = Type.Union(['ASC', 'DESC', 'asc', 'desc'].map((v) => Type.Literal(v)));

/** Parameters shared by product-returning routes. */
const Shape = {
  fields: Type.Optional(Type.String({ description: 'Comma list of fields to return (dots for nested: prices.price).' })),
  exclude_fields: Type.Optional(Type.String({ description: 'Comma list of fields to leave out.' })),
  response: Type.Optional(Type.Union([Type.Literal('default'), Type.Literal('quick_browse'), Type.Literal('quick_view')])),
  prices: Type.Optional(Type.Union([Type.Literal('raw'), Type.Literal('formatted')])),
  config: Type.Optional(Type.Object({ prices: Type.Optional(Type.String()), fields: Type.Optional(Type.String()) })),
  include_meta: Type.Optional(Strings),
  exclude_meta: Type.Optional(Strings),
  show_reviews: Type.Optional(Bool),
};

const ListArgs = Type.Object({
  context: Type.Optional(Type.Union([Type.Literal('view'), Type.Literal('edit'), Type.Literal('embed')])),
  page: Type.Integer({ minimum: 1, default: 1 }),
  per_page: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  search: Type.Optional(Type.String()),
  slug: Type.Optional(Type.String()),
  after: Type.Optional(Type.String({ description: 'ISO 8601 date-time: created after' })),
  before: Type.Optional(Type.String({ description: 'ISO 8601 date-time: created before' })),
  modified_after: Type.Optional(Type.String()),
  modified_before: Type.Optional(Type.String()),
  type: Type.Optional(Type.Union(PRODUCT_TYPES.map((t) => Type.Literal(t)))),
  sku: Type.Optional(Type.String({ description: 'Comma list of SKUs; also matches variations' })),
  global_unique_id: Type.Optional(Type.String()),
  hide_free: Type.Optional(Bool),
  featured: Type.Optional(Bool),
  category: Type.Optional(Type.String({ description: 'Category ids or slugs, comma separated' })),
  category_operator: Type.Optional(Operator),
  tag: Type.Optional(Type.String()),
  tag_operator: Type.Optional(Operator),
  attributes: Type.Optional(
    Type.Array(
      Type.Object({
        attribute: Type.String(),
        term_id: Type.Optional(Ints),
        slug: Type.Optional(Strings),
        operator: Type.Optional(Operator),
      }),
    ),
  ),
  attribute_relation: Type.Optional(Type.Union([Type.Literal('in'), Type.Literal('and')])),
  stock_status: Type.Optional(Type.Array(Type.Union(STOCK_STATUSES.map((s) => Type.Literal(s))))),
  on_sale: Type.Optional(Bool),
  min_price: Type.Optional(Type.String()),
  max_price: Type.Optional(Type.String()),
  catalog_visibility: Type.Optional(Type.Union(['any', 'visible', 'catalog', 'search', 'hidden'].map((v) => Type.Literal(v)))),
  rating: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 5 }))),
  offset: Type.Optional(Type.Integer({ minimum: 0 })),
  order: Type.Optional(Order),
  orderby: Type.Optional(Type.Union(ORDER_BY.map((o) => Type.Literal(o)))),
  include: Type.Optional(Ints),
  exclude: Type.Optional(Ints),
  parent: Type.Optional(Ints),
  parent_exclude: Type.Optional(Ints),
  include_variations: Type.Optional(Bool),
  ...Shape,
});
type ListArgs = Static<typeof ListArgs>;

const VariationListArgs = Type.Omit(ListArgs, ['type', 'featured', 'category', 'category_operator', 'tag', 'tag_operator', 'attributes', 'attribute_relation']);
const SingleArgs = Type.Object(Shape);

const PRESETS: Record<string, string[]> = {
  quick_browse: ['id', 'parent_id', 'name', 'type', 'permalink', 'short_description', 'featured', 'prices', 'images', 'external_url', 'add_to_cart'],
  quick_view: [
    'id', 'parent_id', 'name', 'type', 'permalink', 'short_description', 'featured', 'prices', 'images', 'attributes',
    'default_attributes', 'variations', 'stock', 'external_url', 'add_to_cart',
  ],
};

function invalidParam(name: string, reason: string): CocartError {
  return new CocartError('rest_invalid_param', 'invalid', 'Invalid parameter(s): %s', [name], {
    params: { [name]: reason },
    details: { [name]: { code: 'rest_invalid_param', message: reason, data: null } },
  });
}

function dateArg(args: Record<string, unknown>, name: string): number | null {
  const v = args[name];
  if (typeof v !== 'string' || v === '') return null;
  const t = parseDateTime(v);
  if (t === null) throw invalidParam(name, `${name} is not a valid date.`);
  return t;
}

function priceArg(value: string | undefined, name: string, decimals: number): number | null {
  if (value === undefined || value === '') return null;
  const minor = parseMajor(value, decimals);
  if (minor === null || minor < 0) throw invalidParam(name, `${name} is not a valid price.`);
  return minor;
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function operator(op: string | undefined): TermFilter['operator'] {
  return op === 'not in' || op === 'not_in' ? 'not in' : op === 'and' ? 'and' : 'in';
}

function termFilter(snapshot: CatalogSnapshot, taxonomy: string, value: string | undefined, op: string | undefined): TermFilter | null {
  const items = list(value);
  if (!items.length) return null;
  // An unknown slug matches nothing rather than being dropped, so `category=nope` lists no products.
  const ids = items.map((item) => snapshot.resolveTerm(taxonomy, item)?.id ?? -1);
  return { ids, operator: operator(op) };
}

function buildQuery(runtime: Runtime, args: ListArgs, variationsOf?: number): ProductQuery {
  const snapshot = runtime.catalog.current();
  const settings = runtime.settings.get();
  const decimals = settings.store.num_decimals;
  const attributes: AttributeFilter[] = (args.attributes ?? []).map((a) => ({
    taxonomy: a.attribute,
    termIds: a.term_id ?? [],
    slugs: a.slug ?? [],
    operator: operator(a.operator),
  }));
  const orderBy = args.orderby ?? (ORDER_BY.includes(settings.products.orderby as never) ? settings.products.orderby : 'date');
  const visibility = args.catalog_visibility ?? (settings.products.catalog_visibility === 'auto' ? null : settings.products.catalog_visibility);
  return {
    search: args.search ?? '',
    slugs: list(args.slug),
    after: dateArg(args, 'after'),
    before: dateArg(args, 'before'),
    modifiedAfter: dateArg(args, 'modified_after'),
    modifiedBefore: dateArg(args, 'modified_before'),
    type: variationsOf !== undefined ? 'variation' : (args.type ?? null),
    skus: list(args.sku),
    globalUniqueIds: list(args.global_unique_id),
    hideFree: args.hide_free ?? false,
    featured: args.featured ?? null,
    categories: termFilter(snapshot, 'product_cat', args.category, args.category_operator),
    tags: termFilter(snapshot, 'product_tag', args.tag, args.tag_operator),
    attributes,
    attributeRelation: args.attribute_relation ?? 'and',
    stockStatus: args.stock_status ?? [],
    onSale: args.on_sale ?? null,
    minPrice: priceArg(args.min_price, 'min_price', decimals),
    maxPrice: priceArg(args.max_price, 'max_price', decimals),
    visibility: variationsOf !== undefined ? 'any' : (visibility as ProductQuery['visibility']),
    rating: args.rating ?? [],
    include: args.include ?? [],
    exclude: args.exclude ?? [],
    parent: variationsOf !== undefined ? [variationsOf] : (args.parent ?? []),
    parentExclude: args.parent_exclude ?? [],
    includeVariations: args.include_variations ?? settings.products.include_variations,
    orderBy: orderBy as ProductQuery['orderBy'],
    order: (args.order ?? (orderBy === 'menu_order' || orderBy === 'title' ? 'ASC' : settings.products.order)).toLowerCase() as 'asc' | 'desc',
    offset: args.offset ?? (args.page - 1) * args.per_page,
    limit: args.per_page,
    hideOutOfStock: settings.store.hide_out_of_stock_items,
    now: runtime.now(),
  };
}

type ShapeArgs = Static<typeof SingleArgs>;

async function productContext(runtime: Runtime, req: FastifyRequest, args: ShapeArgs, products: Product[]): Promise<ProductContext> {
  const settings = runtime.settings.get();
  const preset = args.response ?? settings.products.products_response;
  let fields = runtime.hooks.applyFilters('cocart_get_fields_requested', args.fields ? [args.fields] : [], requestContext(req));
  // Own keys only, so that `__proto__` and its kind name no preset.
  if (!fields.length && args.config?.fields && Object.hasOwn(PRESETS, args.config.fields)) fields = PRESETS[args.config.fields];
  if (!fields.length && Object.hasOwn(PRESETS, preset)) fields = PRESETS[preset];
  const selection = FieldSelection.parse(fields, args.exclude_fields);
  const formatted = (args.prices ?? settings.products.products_prices) === 'formatted' || args.config?.prices === 'preformatted';
  const currency = storeCurrency(settings);
  let reviews: Map<number, Review[]> | undefined;
  if (args.show_reviews && selection.includes('reviews') && products.length) {
    const found = await findReviews(runtime.database.db, {
      productIds: products.map((p) => p.id),
      include: [], exclude: [], reviewer: [], reviewerExclude: [],
      statuses: ['approved'], search: '', after: null, before: null,
      orderBy: 'date', order: 'desc', limit: 1000, offset: 0,
    });
    reviews = new Map();
    for (const r of found.reviews) reviews.set(r.productId, [...(reviews.get(r.productId) ?? []), r]);
  }
  return {
    snapshot: runtime.catalog.current(),
    settings,
    now: runtime.now(),
    money: presenter(moneyMode(formatted, settings), currency),
    currency: currencyObject(currency),
    apiRoot: apiRoot(req, runtime),
    storeUrl: storeUrl(req, runtime),
    hooks: runtime.hooks,
    request: requestContext(req),
    selection,
    t: translator(req),
    reviews,
    includeMeta: args.include_meta ?? [],
    excludeMeta: args.exclude_meta ?? [],
  };
}

function termList(snapshot: CatalogSnapshot, taxonomy: 'product_cat' | 'product_tag', root: string): JsonObject[] {
  const kind = taxonomy === 'product_cat' ? 'categories' : 'tags';
  return [...snapshot.taxonomy(taxonomy)]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((t) => ({ id: t.id, name: t.name, slug: t.slug, rest_url: `${root}/cocart/v2/products/${kind}/${t.id}` }));
}

/** `{id}` is a numeric id, else a SKU, else (our extension) a slug. */
function resolveProduct(snapshot: CatalogSnapshot, id: string): Product {
  if (!id) throw new CocartError('cocart_product_id_required', 'not_found', 'Product ID is required.');
  const found = /^\d+$/.test(id) ? snapshot.get(Number(id)) : (snapshot.getBySku(id) ?? snapshot.getBySlug(id));
  if (found) return found;
  // CoCart looks a number up as an id (unknown or unpublished: invalid id) and anything else as a SKU.
  if (/^\d+$/.test(id)) throw new CocartError('cocart_product_invalid_id', 'not_found', 'Invalid ID.');
  throw new CocartError('cocart_unknown_product_id', 'not_found', 'Unknown product ID or SKU.');
}

export function registerProductRoutes(app: FastifyInstance, runtime: Runtime): void {
  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/products',
    summary: 'List and search products',
    tags: TAGS,
    response: { 200: ref('ProductList') },
    args: ListArgs,
    handler: async (req, reply, args) => {
      const query = runtime.hooks.applyFilters('cocart_prepare_objects_query', buildQuery(runtime, args) as unknown as JsonObject, requestContext(req)) as unknown as ProductQuery;
      const snapshot = runtime.catalog.current();
      const result = runProductQuery(snapshot, query);
      const page = paginate(req, reply, origin(req, runtime), result.total, args.page, args.per_page, 'cocart_products_invalid_page_number');
      const ctx = await productContext(runtime, req, args, result.products);
      const root = ctx.apiRoot;
      const links: JsonObject = {};
      if (page.prev) links.prev = [{ href: page.prev }];
      if (page.next) links.next = [{ href: page.next }];
      return {
        products: result.products.map((p) => serializeProduct(p, ctx, p.type === 'variation' && query.type === 'variation')),
        categories: termList(snapshot, 'product_cat', root),
        tags: termList(snapshot, 'product_tag', root),
        page: args.page,
        total_pages: page.totalPages,
        total_products: result.total,
        _links: emptyMap(links),
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/products/:id',
    summary: 'One product by ID, SKU or slug',
    tags: TAGS,
    response: { 200: ref('Product') },
    path: Type.Object({ id: Type.String({ pattern: '^[\\w-]+$' }) }),
    args: SingleArgs,
    handler: async (req, _reply, args) => {
      const product = resolveProduct(runtime.catalog.current(), args.id);
      return serializeProduct(product, await productContext(runtime, req, args, [product]));
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/products/:product_id/variations',
    summary: 'Variations of a variable product',
    tags: TAGS,
    response: { 200: Type.Array(ref('Product')) },
    path: Type.Object({ product_id: Type.String({ pattern: '^[\\w-]+$' }) }),
    args: VariationListArgs,
    handler: async (req, reply, args) => {
      const parent = resolveProduct(runtime.catalog.current(), args.product_id);
      const query = buildQuery(runtime, args as ListArgs, parent.id);
      const result = runProductQuery(runtime.catalog.current(), query);
      paginate(req, reply, origin(req, runtime), result.total, args.page, args.per_page, 'cocart_products_invalid_page_number');
      const ctx = await productContext(runtime, req, args, result.products);
      return result.products.map((p) => serializeProduct(p, ctx));
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/cocart/v2/products/:product_id/variations/:id',
    summary: 'One variation of a variable product',
    tags: TAGS,
    response: { 200: ref('Product') },
    path: Type.Object({ product_id: Type.String({ pattern: '^[\\w-]+$' }), id: Type.Integer({ minimum: 0 }) }),
    args: SingleArgs,
    handler: async (req, _reply, args) => {
      const snapshot = runtime.catalog.current();
      const parent = resolveProduct(snapshot, args.product_id);
      const variation = snapshot.get(args.id);
      if (!variation || variation.type !== 'variation' || variation.parentId !== parent.id) {
        throw new CocartError('cocart_product_variation_invalid_id', 'not_found', 'Invalid variation ID.');
      }
      return serializeProduct(variation, await productContext(runtime, req, args, [variation]));
    },
  });
}
