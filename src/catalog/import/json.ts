import { Kind, Type, type Static, type TSchema } from '@sinclair/typebox';
import { Value, ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import { BACKORDERS, CATALOG_VISIBILITIES, PRODUCT_STATUSES, PRODUCT_TYPES, STOCK_STATUSES, TAX_STATUSES } from '../types.ts';
import type { AttributeSpec, AttributeValue, ImportError, ImportItem, ItemFields, ParsedCatalog, ProductRef } from './index.ts';

/**
 * Cartwright's own catalogue format:
 *
 *   { "format": "cartwright-catalog", "version": 1,
 *     "attributes": [ { "slug": "color", "name": "Color", "terms": [ { "slug": "blue", "name": "Blue" } ] } ],
 *     "categories": [ { "slug": "hoodies", "name": "Hoodies", "parent": "clothing" } ],
 *     "tags": [ { "slug": "winter", "name": "Winter" } ],
 *     "products": [ { "sku": "hoodie", "type": "variable", "name": "Hoodie", "categories": ["hoodies"],
 *                     "attributes": [ { "attribute": "color", "options": ["blue"], "variation": true } ],
 *                     "variations": [ { "sku": "hoodie-blue", "regularPrice": 4500,
 *                                       "variationAttributes": { "attribute_pa_color": "blue" } } ] } ] }
 *
 * Products use the Product type's camelCase field names and its units: prices in integer minor units, times in
 * unix seconds. References differ from the domain's ids: categories and tags by slug (declared in the document
 * or already stored), images by URL, and parent, grouped, upsells and crossSells by SKU. Variations nest under
 * their variable product (or, to add to a stored product, stand at the top level with "parent"). Global
 * attributes are named by slug with term slugs as options; custom attributes by name with labels as options,
 * their value slugs being the slugified labels. Attribute maps are keyed `attribute_<taxonomy>` as in the domain
 * ("attribute_pa_color", "attribute_material"); an empty value is "any". A property left out keeps the stored
 * value when the product is updated (matched by "id", else by "sku").
 */

const oneOf = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Optional = Type.Optional;
const strict = { additionalProperties: false } as const;

const Slug = Type.String({ pattern: '^[a-z0-9%_-]+$', maxLength: 200 });
const Name = Type.String({ minLength: 1 });
const Sku = Type.String({ minLength: 1, maxLength: 100 });
const Minor = Nullable(Type.Integer({ minimum: 0 }));
const Seconds = Nullable(Type.Integer({ minimum: 0 }));
const Measure = Nullable(Type.Number({ minimum: 0 }));
const AttributeMap = Type.Record(Type.String(), Type.String());

const TermSchema = Type.Object(
  { slug: Slug, name: Name, parent: Optional(Slug), description: Optional(Type.String()), menuOrder: Optional(Type.Integer()) },
  strict,
);
const FlatTermSchema = Type.Object({ slug: Slug, name: Name, description: Optional(Type.String()), menuOrder: Optional(Type.Integer()) }, strict);

const AttributeSchema = Type.Object(
  {
    slug: Type.String({ pattern: '^[a-z0-9_-]{1,28}$' }),
    name: Name,
    type: Optional(Type.String({ minLength: 1 })),
    orderBy: Optional(oneOf(['menu_order', 'name', 'name_num', 'id'] as const)),
    hasArchives: Optional(Type.Boolean()),
    terms: Optional(Type.Array(FlatTermSchema)),
  },
  strict,
);

const ProductAttributeSchema = Type.Object(
  {
    /** A global attribute's slug (without `pa_`); options are then term slugs. */
    attribute: Optional(Slug),
    /** A custom attribute's name; options are then labels. */
    name: Optional(Name),
    options: Type.Array(Name),
    visible: Optional(Type.Boolean()),
    variation: Optional(Type.Boolean()),
  },
  strict,
);

const common = {
  id: Optional(Type.Integer({ minimum: 1 })),
  sku: Optional(Type.String({ maxLength: 100 })),
  globalUniqueId: Optional(Type.String({ maxLength: 100 })),
  name: Optional(Type.String()),
  slug: Optional(Slug),
  status: Optional(oneOf(PRODUCT_STATUSES)),
  description: Optional(Type.String()),
  shortDescription: Optional(Type.String()),
  menuOrder: Optional(Type.Integer()),
  regularPrice: Optional(Minor),
  salePrice: Optional(Minor),
  saleFrom: Optional(Seconds),
  saleTo: Optional(Seconds),
  taxStatus: Optional(oneOf(TAX_STATUSES)),
  taxClass: Optional(Type.String()),
  manageStock: Optional(Type.Boolean()),
  stockQuantity: Optional(Nullable(Type.Integer())),
  stockStatus: Optional(oneOf(STOCK_STATUSES)),
  backorders: Optional(oneOf(BACKORDERS)),
  lowStockAmount: Optional(Nullable(Type.Integer({ minimum: 0 }))),
  soldIndividually: Optional(Type.Boolean()),
  minPurchase: Optional(Type.Integer({ minimum: 1 })),
  maxPurchase: Optional(Nullable(Type.Integer({ minimum: 1 }))),
  weight: Optional(Measure),
  length: Optional(Measure),
  width: Optional(Measure),
  height: Optional(Measure),
  shippingClass: Optional(Type.String()),
  virtual: Optional(Type.Boolean()),
  downloadable: Optional(Type.Boolean()),
  images: Optional(Type.Array(Name)),
  metaData: Optional(Type.Array(Type.Object({ key: Name, value: Type.Unknown() }, strict))),
};

const VariationSchema = Type.Object(
  { ...common, type: Optional(Type.Literal('variation')), variationAttributes: Optional(AttributeMap) },
  strict,
);

const ProductSchema = Type.Object(
  {
    ...common,
    type: Optional(oneOf(PRODUCT_TYPES)),
    featured: Optional(Type.Boolean()),
    catalogVisibility: Optional(oneOf(CATALOG_VISIBILITIES)),
    reviewsAllowed: Optional(Type.Boolean()),
    externalUrl: Optional(Type.String()),
    buttonText: Optional(Type.String()),
    /** Top-level variations only: the SKU of their variable product. */
    parent: Optional(Sku),
    categories: Optional(Type.Array(Slug)),
    tags: Optional(Type.Array(Slug)),
    attributes: Optional(Type.Array(ProductAttributeSchema)),
    defaultAttributes: Optional(AttributeMap),
    variationAttributes: Optional(AttributeMap),
    grouped: Optional(Type.Array(Sku)),
    upsells: Optional(Type.Array(Sku)),
    crossSells: Optional(Type.Array(Sku)),
    variations: Optional(Type.Array(VariationSchema)),
  },
  strict,
);

export const CatalogDocumentSchema = Type.Object(
  {
    format: Type.Literal('cartwright-catalog'),
    version: Type.Literal(1),
    attributes: Optional(Type.Array(AttributeSchema)),
    categories: Optional(Type.Array(TermSchema)),
    tags: Optional(Type.Array(FlatTermSchema)),
    products: Type.Array(ProductSchema),
  },
  strict,
);

export type CatalogDocument = Static<typeof CatalogDocumentSchema>;
type ProductDoc = Static<typeof ProductSchema>;
type VariationDoc = Static<typeof VariationSchema>;

/** Reads a cartwright-catalog document. Never throws on bad data: problems come back in `errors`. */
export function parseCatalogJson(text: string): ParsedCatalog {
  const result: ParsedCatalog = { attributes: [], categories: [], tags: [], products: [], errors: [] };
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position ? text.slice(0, Number(position[1])).split('\n').length : 1;
    result.errors.push({ line, reason: `The file is not valid JSON: ${message}` });
    return result;
  }
  result.errors.push(...schemaErrors(doc));
  if (result.errors.length) return result;
  const catalog = doc as CatalogDocument;

  catalog.attributes?.forEach((a, i) => {
    result.attributes.push({
      where: `/attributes/${i}`,
      slug: a.slug,
      name: a.name,
      type: a.type,
      orderBy: a.orderBy,
      hasArchives: a.hasArchives,
      terms: (a.terms ?? []).map((t, j) => ({ ...t, where: `/attributes/${i}/terms/${j}` })),
    });
  });
  catalog.categories?.forEach((c, i) => result.categories.push({ ...c, where: `/categories/${i}` }));
  catalog.tags?.forEach((t, i) => result.tags.push({ ...t, where: `/tags/${i}` }));

  catalog.products.forEach((p, i) => {
    const where = `/products/${i}`;
    const parent = productItem(p, where, result.errors);
    result.products.push(parent);
    p.variations?.forEach((v, j) => {
      const item = variationItem(v, `${where}/variations/${j}`, result.errors);
      item.parent = { text: p.sku || p.name || where, item: parent };
      result.products.push(item);
    });
  });
  return result;
}

/** The fields that map one to one onto the Product type. */
const SCALAR_FIELDS = [
  'type', 'sku', 'globalUniqueId', 'name', 'slug', 'status', 'description', 'shortDescription', 'featured',
  'catalogVisibility', 'menuOrder', 'regularPrice', 'salePrice', 'saleFrom', 'saleTo', 'taxStatus', 'taxClass',
  'manageStock', 'stockQuantity', 'stockStatus', 'backorders', 'lowStockAmount', 'soldIndividually', 'minPurchase',
  'maxPurchase', 'weight', 'length', 'width', 'height', 'shippingClass', 'virtual', 'downloadable', 'reviewsAllowed',
  'externalUrl', 'buttonText',
] as const satisfies readonly (keyof ItemFields)[];

function fieldsOf(p: ProductDoc | VariationDoc): ItemFields {
  const source = p as Record<string, unknown>;
  const fields: Record<string, unknown> = {};
  for (const key of SCALAR_FIELDS) if (source[key] !== undefined) fields[key] = source[key];
  const out = fields as ItemFields;
  // A quantity without "manageStock" means the stock is managed.
  if (typeof out.stockQuantity === 'number' && out.manageStock === undefined) out.manageStock = true;
  return out;
}

function baseItem(p: ProductDoc | VariationDoc, where: string): ImportItem {
  const item: ImportItem = { where, fields: fieldsOf(p) };
  if (p.id !== undefined) item.id = p.id;
  if (p.images) item.images = p.images;
  if (p.metaData) item.meta = p.metaData.map((m) => ({ key: m.key, value: m.value }));
  return item;
}

function productItem(p: ProductDoc, where: string, errors: ImportError[]): ImportItem {
  const item = baseItem(p, where);
  const refs = (skus: string[] | undefined): ProductRef[] | undefined => skus?.map((sku) => ({ text: sku, sku }));
  if (p.parent !== undefined) {
    if (p.type === undefined) item.fields.type = 'variation';
    else if (p.type !== 'variation') errors.push({ line: `${where}/parent`, reason: `Only variations have a parent; this product is "${p.type}"` });
    item.parent = { text: p.parent, sku: p.parent };
  }
  if (p.categories) item.categories = p.categories.map((slug) => ({ slug }));
  if (p.tags) item.tags = p.tags.map((slug) => ({ slug }));
  item.grouped = refs(p.grouped);
  item.upsells = refs(p.upsells);
  item.crossSells = refs(p.crossSells);
  if (p.attributes) {
    item.attributes = [];
    p.attributes.forEach((a, k) => {
      const path = `attributes/${k}`;
      if ((a.attribute === undefined) === (a.name === undefined)) {
        errors.push({ line: `${where}/${path}`, reason: 'Give either "attribute" (a global attribute slug) or "name" (a custom attribute)' });
        return;
      }
      const spec: AttributeSpec =
        a.attribute !== undefined
          ? { global: true, slug: a.attribute, options: a.options.map((slug) => ({ slug })), path }
          : { global: false, name: a.name, options: a.options.map((label) => ({ label })), path };
      if (a.visible !== undefined) spec.visible = a.visible;
      if (a.variation !== undefined) spec.variation = a.variation;
      item.attributes!.push(spec);
    });
  }
  if (p.defaultAttributes) item.defaults = attributeValues(p.defaultAttributes, `${where}/defaultAttributes`, 'defaultAttributes', errors).filter((v) => v.value);
  if (p.variationAttributes) item.variationValues = attributeValues(p.variationAttributes, `${where}/variationAttributes`, 'variationAttributes', errors);
  return item;
}

function variationItem(v: VariationDoc, where: string, errors: ImportError[]): ImportItem {
  const item = baseItem(v, where);
  item.fields.type = 'variation';
  if (v.variationAttributes) item.variationValues = attributeValues(v.variationAttributes, `${where}/variationAttributes`, 'variationAttributes', errors);
  return item;
}

function attributeValues(map: Record<string, string>, pointer: string, path: string, errors: ImportError[]): AttributeValue[] {
  const values: AttributeValue[] = [];
  for (const [key, value] of Object.entries(map)) {
    const keyPath = `${path}/${escapePointer(key)}`;
    if (!key.startsWith('attribute_') || key.length === 'attribute_'.length) {
      errors.push({ line: `${pointer}/${escapePointer(key)}`, reason: `Key "${key}" must be attribute_<taxonomy>, such as attribute_pa_color or attribute_material` });
      continue;
    }
    values.push({ attribute: { taxonomy: key.slice('attribute_'.length) }, value: value === '' ? null : { slug: value }, path: keyPath });
  }
  return values;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

// ---------------------------------------------------------------------------------------------------------
// Schema errors as sentences.

function schemaErrors(doc: unknown): ImportError[] {
  const errors: ImportError[] = [];
  const seen = new Set<string>();
  for (const error of Value.Errors(CatalogDocumentSchema, doc)) {
    if (seen.has(error.path)) continue;
    seen.add(error.path);
    errors.push({ line: error.path || '/', reason: sentence(error) });
  }
  return errors;
}

function sentence(error: ValueError): string {
  const property = decodeURIComponent(error.path.split('/').pop() ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return `"${property}" is required`;
    case ValueErrorType.ObjectAdditionalProperties:
      return `"${property}" is not a field of this object`;
    default:
      return `Expected ${describe(error.schema)}, got ${preview(error.value)}`;
  }
}

function describe(schema: TSchema): string {
  switch (schema[Kind]) {
    case 'Union': {
      const members = (schema.anyOf as TSchema[]) ?? [];
      if (members.every((m) => m[Kind] === 'Literal')) return `one of ${members.map((m) => JSON.stringify(m.const)).join(', ')}`;
      return members.map(describe).join(' or ');
    }
    case 'Literal':
      return JSON.stringify(schema.const);
    case 'Integer':
      return typeof schema.minimum === 'number' ? `a whole number of at least ${schema.minimum}` : 'a whole number';
    case 'Number':
      return typeof schema.minimum === 'number' ? `a number of at least ${schema.minimum}` : 'a number';
    case 'String':
      if (schema.pattern) return `a string matching ${schema.pattern}`;
      if (schema.minLength) return 'a non-empty string';
      if (schema.maxLength) return `a string of at most ${schema.maxLength} characters`;
      return 'a string';
    case 'Boolean':
      return 'true or false';
    case 'Null':
      return 'null';
    case 'Array':
      return 'a list';
    case 'Object':
    case 'Record':
      return 'an object';
    default:
      return 'a valid value';
  }
}

function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
