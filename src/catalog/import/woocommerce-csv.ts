import { parse } from 'csv-parse/sync';
import { slugify } from '../product.ts';
import type { ProductStatus, ProductType } from '../types.ts';
import type { AttributeSpec, AttributeValue, ImportError, ImportItem, ItemFields, ParsedCatalog, ProductRef } from './index.ts';

/**
 * WooCommerce's product CSV (Products → Export, `WC_Product_CSV_Exporter`) into the importer's model.
 *
 * What the exporter writes, and how it reads here:
 * - Headers are translated labels; they are matched ignoring case, spacing and punctuation. Unknown columns
 *   (Purchase note, Download …, Brands, Cost of goods, plugins' columns) are ignored.
 * - Cells starting with = + - @ are escaped with a leading `'` against spreadsheet formulas; it is removed.
 * - List cells (Categories, Tags, Images, linked products, attribute values) are joined with ", " and a comma
 *   inside a value is written `\,`. Categories show their hierarchy as "Parent > Child".
 * - Descriptions have their newlines written as a literal `\n`.
 * - Published: 1 publish, 0 private, -1 draft, 2 pending (what `get_column_value_published` writes).
 * - In stock?: 1, 0 or "backorder"; Backorders allowed?: 1, 0 or "notify"; Stock: a number, empty when stock
 *   is not managed, "parent" on variations whose parent manages it.
 * - Dates are "Y-m-d G:i:s" in the site's time zone; they are read as UTC. A date without a time starts the
 *   sale at 00:00:00 and ends it at 23:59:59, as WooCommerce's product editor does.
 * - Linked products are "id:123" or a SKU.
 * - A column that is present carries its value for every row (an empty price clears the price); a column that
 *   is absent keeps what the catalogue has. Empty Type, Published, yes/no and choice cells keep the stored value.
 */

type Field =
  | 'id'
  | 'type'
  | 'sku'
  | 'gtin'
  | 'name'
  | 'published'
  | 'featured'
  | 'visibility'
  | 'shortDescription'
  | 'description'
  | 'saleFrom'
  | 'saleTo'
  | 'taxStatus'
  | 'taxClass'
  | 'inStock'
  | 'stock'
  | 'lowStock'
  | 'backorders'
  | 'soldIndividually'
  | 'weight'
  | 'length'
  | 'width'
  | 'height'
  | 'reviews'
  | 'salePrice'
  | 'regularPrice'
  | 'categories'
  | 'tags'
  | 'shippingClass'
  | 'images'
  | 'parent'
  | 'grouped'
  | 'upsells'
  | 'crossSells'
  | 'externalUrl'
  | 'buttonText'
  | 'position';

/** Header labels with everything but letters and digits removed, lower-cased. */
const HEADERS: Record<string, Field> = {
  id: 'id',
  type: 'type',
  sku: 'sku',
  gtinupceanorisbn: 'gtin',
  gtinupceanisbn: 'gtin',
  gtin: 'gtin',
  globaluniqueid: 'gtin',
  name: 'name',
  published: 'published',
  isfeatured: 'featured',
  featured: 'featured',
  visibilityincatalog: 'visibility',
  catalogvisibility: 'visibility',
  shortdescription: 'shortDescription',
  description: 'description',
  datesalepricestarts: 'saleFrom',
  datesalepriceends: 'saleTo',
  taxstatus: 'taxStatus',
  taxclass: 'taxClass',
  instock: 'inStock',
  stockstatus: 'inStock',
  stock: 'stock',
  lowstockamount: 'lowStock',
  backordersallowed: 'backorders',
  backorders: 'backorders',
  soldindividually: 'soldIndividually',
  allowcustomerreviews: 'reviews',
  saleprice: 'salePrice',
  regularprice: 'regularPrice',
  categories: 'categories',
  tags: 'tags',
  shippingclass: 'shippingClass',
  images: 'images',
  parent: 'parent',
  groupedproducts: 'grouped',
  upsells: 'upsells',
  crosssells: 'crossSells',
  externalurl: 'externalUrl',
  buttontext: 'buttonText',
  position: 'position',
};

/** Weight and dimensions carry the store's unit: "Weight (kg)", "Length (in)". */
const MEASURE = /^(weight|length|width|height)\s*(\(.*\))?$/;
const ATTRIBUTE = /^attribute\s*(\d+)\s*(name|value\(s\)|values?|visible|global|default)$/;
const META = /^meta:\s*(.+)$/i;

type AttributePart = 'name' | 'value' | 'visible' | 'global' | 'default';

interface Columns {
  fields: Map<Field, { index: number; label: string }>;
  attributes: Map<number, Partial<Record<AttributePart, number>>>;
  meta: { index: number; key: string }[];
  count: number;
}

const loose = (label: string) => label.toLowerCase().replace(/[^a-z0-9]/g, '');

function mapHeader(header: string[]): Columns {
  const columns: Columns = { fields: new Map(), attributes: new Map(), meta: [], count: header.length };
  header.forEach((raw, index) => {
    const label = raw.trim();
    const spaced = label.toLowerCase().replace(/\s+/g, ' ');
    const meta = META.exec(label);
    if (meta) {
      columns.meta.push({ index, key: meta[1].trim() });
      return;
    }
    const attr = ATTRIBUTE.exec(spaced);
    if (attr) {
      const n = Number(attr[1]);
      const part: AttributePart = attr[2].startsWith('value') ? 'value' : (attr[2] as AttributePart);
      const entry = columns.attributes.get(n) ?? {};
      if (entry[part] === undefined) entry[part] = index;
      columns.attributes.set(n, entry);
      return;
    }
    const measure = MEASURE.exec(spaced);
    const field = measure ? (measure[1] as Field) : HEADERS[loose(label)];
    if (field && !columns.fields.has(field)) columns.fields.set(field, { index, label });
  });
  return columns;
}

/** Reads a WooCommerce product export. Never throws on bad data: problems come back in `errors`. */
export function parseWooCommerceCsv(text: string): ParsedCatalog {
  const result: ParsedCatalog = { attributes: [], categories: [], tags: [], products: [], errors: [] };
  // One line-ending convention, so csv-parse counts lines the way an editor shows them.
  const normalized = text.replace(/\r\n?/g, '\n');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(normalized, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as typeof records;
  } catch (error) {
    const e = error as Error & { lines?: number };
    result.errors.push({ line: e.lines ?? 1, reason: `The file is not valid CSV: ${e.message}` });
    return result;
  }
  if (!records.length) {
    result.errors.push({ line: 1, reason: 'The file is empty' });
    return result;
  }
  const columns = mapHeader(records[0].record);
  if (!['id', 'sku', 'name', 'type'].some((f) => columns.fields.has(f as Field))) {
    result.errors.push({ line: 1, reason: 'The header has none of the ID, Type, SKU or Name columns; this is not a WooCommerce product export' });
    return result;
  }
  for (const { record, info } of records.slice(1)) {
    // info.lines is the line the record ends on; quoted newlines push its start back.
    const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    if (record.every((cell) => cell.trim() === '')) continue;
    const errors: ImportError[] = [];
    const item = readRow(record, columns, line, errors);
    if (record.length > columns.count && record.slice(columns.count).some((c) => c.trim() !== '')) {
      errors.push({ line, reason: `The row has ${record.length} cells but the header has ${columns.count}; is a comma missing its quotes?` });
    }
    result.errors.push(...errors);
    if (item) result.products.push(item);
  }
  return result;
}

const BASE_TYPES: readonly ProductType[] = ['simple', 'variable', 'grouped', 'external', 'variation'];
const STATUS_BY_PUBLISHED: Record<string, ProductStatus> = { '1': 'publish', '0': 'private', '-1': 'draft', '2': 'pending', true: 'publish', false: 'draft' };

function readRow(record: string[], columns: Columns, line: number, errors: ImportError[]): ImportItem | null {
  const fail = (reason: string) => errors.push({ line, reason });
  /** The cell without the exporter's formula escape; undefined when the column is absent. */
  const raw = (index: number | undefined): string | undefined => {
    if (index === undefined) return undefined;
    const value = record[index] ?? '';
    return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
  };
  const cell = (field: Field): string | undefined => raw(columns.fields.get(field)?.index)?.trim();
  const label = (field: Field) => columns.fields.get(field)!.label;

  const fields: ItemFields = {};
  const item: ImportItem = { where: line, fields };

  const id = cell('id');
  if (id) {
    if (/^\d+$/.test(id) && Number(id) > 0 && Number.isSafeInteger(Number(id))) item.id = Number(id);
    else fail(`ID "${id}" is not a positive whole number`);
  }

  const type = cell('type');
  if (type) {
    const parts = splitList(type).map((p) => p.toLowerCase());
    const bases = parts.filter((p) => (BASE_TYPES as readonly string[]).includes(p));
    const unknown = parts.filter((p) => !(BASE_TYPES as readonly string[]).includes(p) && p !== 'virtual' && p !== 'downloadable');
    if (unknown.length) fail(`Type "${unknown[0]}" is not a product type`);
    else if (bases.length !== 1) fail(`Type "${type}" must name exactly one of ${BASE_TYPES.join(', ')}`);
    else {
      fields.type = bases[0] as ProductType;
      fields.virtual = parts.includes('virtual');
      fields.downloadable = parts.includes('downloadable');
    }
  }

  const text = (field: Field): string | undefined => cell(field);
  const setText = <K extends keyof ItemFields>(key: K, field: Field) => {
    const v = text(field);
    if (v !== undefined) (fields as Record<string, unknown>)[key] = v;
  };
  setText('sku', 'sku');
  setText('globalUniqueId', 'gtin');
  setText('name', 'name');
  setText('taxClass', 'taxClass');
  setText('externalUrl', 'externalUrl');
  setText('buttonText', 'buttonText');
  const shipping = text('shippingClass');
  if (shipping !== undefined) fields.shippingClass = shipping ? slugify(shipping) : '';
  const shortDescription = raw(columns.fields.get('shortDescription')?.index);
  if (shortDescription !== undefined) fields.shortDescription = unescapeNewlines(shortDescription);
  const description = raw(columns.fields.get('description')?.index);
  if (description !== undefined) fields.description = unescapeNewlines(description);

  const published = cell('published');
  if (published) {
    const status = STATUS_BY_PUBLISHED[published.toLowerCase()];
    if (status) fields.status = status;
    else fail(`Published "${published}" must be 1 (published), 0 (private), -1 (draft) or 2 (pending)`);
  }

  const bool = (field: Field): boolean | undefined => {
    const v = cell(field);
    if (!v) return undefined;
    const lower = v.toLowerCase();
    if (['1', 'yes', 'true'].includes(lower)) return true;
    if (['0', 'no', 'false'].includes(lower)) return false;
    fail(`${label(field)} "${v}" must be 1 or 0`);
    return undefined;
  };
  fields.featured = bool('featured');
  fields.soldIndividually = bool('soldIndividually');
  fields.reviewsAllowed = bool('reviews');

  const choice = <T extends string>(field: Field, map: Record<string, T>, allowed: string): T | undefined => {
    const v = cell(field);
    if (!v) return undefined;
    const value = map[v.toLowerCase()];
    if (value === undefined) fail(`${label(field)} "${v}" must be ${allowed}`);
    return value;
  };
  fields.catalogVisibility = choice('visibility', { visible: 'visible', catalog: 'catalog', search: 'search', hidden: 'hidden' }, 'visible, catalog, search or hidden');
  fields.taxStatus = choice('taxStatus', { taxable: 'taxable', shipping: 'shipping', none: 'none' }, 'taxable, shipping or none');
  fields.stockStatus = choice(
    'inStock',
    { '1': 'instock', '0': 'outofstock', backorder: 'onbackorder', instock: 'instock', outofstock: 'outofstock', onbackorder: 'onbackorder' },
    '1 (in stock), 0 (out of stock) or backorder',
  );
  fields.backorders = choice('backorders', { '1': 'yes', '0': 'no', notify: 'notify', yes: 'yes', no: 'no' }, '1, 0 or notify');

  const price = (field: Field): number | null | undefined => {
    const v = cell(field);
    if (v === undefined) return undefined;
    if (v === '') return null;
    return parsePrice(v, label(field), fail);
  };
  fields.regularPrice = price('regularPrice');
  fields.salePrice = price('salePrice');

  const date = (field: Field, endOfDay: boolean): number | null | undefined => {
    const v = cell(field);
    if (v === undefined) return undefined;
    if (v === '') return null;
    const t = parseDate(v, endOfDay);
    if (t === null) fail(`${label(field)} "${v}" is not a date (YYYY-MM-DD, optionally with a time)`);
    return t ?? undefined;
  };
  fields.saleFrom = date('saleFrom', false);
  fields.saleTo = date('saleTo', true);

  const integer = (field: Field, min: number | null): number | null | undefined => {
    const v = cell(field);
    if (v === undefined) return undefined;
    if (v === '') return null;
    if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(Number(v))) {
      fail(`${label(field)} "${v}" is not a whole number`);
      return undefined;
    }
    const n = Number(v);
    if (min !== null && n < min) {
      fail(`${label(field)} "${v}" must be ${min} or more`);
      return undefined;
    }
    return n;
  };
  const stock = cell('stock');
  if (stock !== undefined) {
    if (stock === '' || stock.toLowerCase() === 'parent') {
      fields.manageStock = false;
      fields.stockQuantity = null;
    } else {
      // Negative stock is how WooCommerce records backorders already taken, so it is accepted.
      const n = integer('stock', null);
      if (n !== undefined) {
        fields.manageStock = true;
        fields.stockQuantity = n;
      }
    }
  }
  fields.lowStockAmount = integer('lowStock', 0);
  const position = integer('position', null);
  if (position !== undefined) fields.menuOrder = position ?? 0;

  const decimal = (field: Field): number | null | undefined => {
    const v = cell(field);
    if (v === undefined) return undefined;
    if (v === '') return null;
    if (!/^(\d+\.?\d*|\.\d+)$/.test(v)) {
      fail(`${label(field)} "${v}" is not a number`);
      return undefined;
    }
    return Number(v);
  };
  fields.weight = decimal('weight');
  fields.length = decimal('length');
  fields.width = decimal('width');
  fields.height = decimal('height');

  // Lists.
  const list = (field: Field): string[] | undefined => {
    const v = cell(field);
    return v === undefined ? undefined : splitList(v);
  };
  const categories = list('categories');
  if (categories) {
    item.categories = [];
    for (const entry of categories) {
      const path = entry.split('>').map((s) => s.trim());
      if (path.some((s) => s === '')) fail(`Category "${entry}" has an empty name in its hierarchy`);
      else item.categories.push({ path });
    }
  }
  const tags = list('tags');
  if (tags) item.tags = tags.map((name) => ({ name }));
  item.images = list('images');

  const refs = (field: Field): ProductRef[] | undefined => list(field)?.map(productRef);
  const parent = cell('parent');
  if (parent) item.parent = productRef(parent);
  item.grouped = refs('grouped');
  item.upsells = refs('upsells');
  item.crossSells = refs('crossSells');

  readAttributes(item, columns, raw, fail);

  if (columns.meta.length) {
    item.meta = [];
    for (const { index, key } of columns.meta) {
      const value = raw(index);
      // Every product gets every Meta column; an empty cell is a product without that meta, not an empty value.
      if (value) item.meta.push({ key, value });
    }
  }

  for (const key of Object.keys(fields) as (keyof ItemFields)[]) if (fields[key] === undefined) delete fields[key];
  return item;
}

function readAttributes(
  item: ImportItem,
  columns: Columns,
  raw: (index: number | undefined) => string | undefined,
  fail: (reason: string) => void,
): void {
  if (!columns.attributes.size) return;
  const specs: AttributeSpec[] = [];
  const defaults: AttributeValue[] = [];
  const values: AttributeValue[] = [];
  let hasDefaultColumn = false;
  for (const [n, parts] of [...columns.attributes.entries()].sort((a, b) => a[0] - b[0])) {
    if (parts.default !== undefined) hasDefaultColumn = true;
    const name = raw(parts.name)?.trim() ?? '';
    const value = raw(parts.value)?.trim() ?? '';
    const visible = raw(parts.visible)?.trim() ?? '';
    const global = raw(parts.global)?.trim() ?? '';
    const def = raw(parts.default)?.trim() ?? '';
    if (!name) {
      if (value || def) fail(`Attribute ${n} has values but no name`);
      continue;
    }
    const flag = (text: string, what: string): boolean | undefined => {
      if (text === '') return undefined;
      if (text === '1') return true;
      if (text === '0') return false;
      fail(`Attribute ${n} ${what} "${text}" must be 1 or 0`);
      return undefined;
    };
    const isGlobal = flag(global, 'global');
    const isVisible = flag(visible, 'visible');
    const path = `attributes/${specs.length}`;
    // On a parent the cell lists the values; on a variation it holds the one value (empty meaning "any").
    const options = splitList(value);
    if (options.length) specs.push({ global: isGlobal ?? false, name, options: options.map((label) => ({ label })), visible: isVisible, path });
    values.push({ attribute: { name, global: isGlobal }, value: value ? { label: unescapeCommas(value) } : null, path });
    if (def) defaults.push({ attribute: { name, global: isGlobal }, value: { label: unescapeCommas(def) }, path });
  }
  item.attributes = specs;
  item.variationValues = values;
  if (hasDefaultColumn) item.defaults = defaults;
}

/** A Parent / Grouped / Upsells / Cross-sells entry: "id:123" or a SKU. */
function productRef(text: string): ProductRef {
  const m = /^id:\s*(\d+)$/i.exec(text);
  return m ? { text, id: Number(m[1]) } : { text, sku: text };
}

/** WooCommerce's `explode_values`: split on commas not escaped as `\,`, trim, drop empties. */
export function splitList(value: string): string[] {
  return value
    .replace(/\\,/g, '\u0000')
    .split(',')
    .map((v) => v.replace(/\u0000/g, ',').trim())
    .filter((v) => v !== '');
}

function unescapeCommas(value: string): string {
  return value.replace(/\\,/g, ',');
}

/** The exporter writes newlines as a literal `\n` (and a literal `\n` as `\\n`). */
function unescapeNewlines(value: string): string {
  return value
    .split('\\\\n')
    .map((part) => part.replace(/\\n/g, '\n'))
    .join('\\n');
}

/** "19.99" → 1999. Two decimals at most, no sign, no thousands separators. */
export function parsePrice(text: string, label: string, fail: (reason: string) => void): number | undefined {
  const m = /^(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[1] === '' && !m[2])) {
    fail(/^-\d*\.?\d+$/.test(text) ? `${label} "${text}" is negative` : `${label} "${text}" is not a number`);
    return undefined;
  }
  const fraction = m[2] ?? '';
  if (fraction.length > 2) {
    fail(`${label} "${text}" has more than 2 decimal places`);
    return undefined;
  }
  const minor = Number(m[1] || '0') * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(minor)) {
    fail(`${label} "${text}" is too large`);
    return undefined;
  }
  return minor;
}

/** "2025-01-31", "2025-01-31 23:59:59", "2025-01-31 0:00:00" or "2025-01-31T23:59:59Z" as UTC unix seconds. */
export function parseDate(text: string, endOfDay: boolean): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]00:?00)?)?$/.exec(text);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const hasTime = m[4] !== undefined;
  const [h, mi, s] = hasTime ? [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)] : endOfDay ? [23, 59, 59] : [0, 0, 0];
  if (h > 23 || mi > 59 || s > 59) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return ms / 1000;
}
