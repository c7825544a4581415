import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { float, serialize, type Serializable } from './php-serialize.ts';

/**
 * CoCart 3.x session rows as a WordPress store has them in `wp_cocart_carts`: `cart_value` is the
 * PHP-serialized WooCommerce session whose entries are themselves serialized strings. Customers are
 * keyed by their user ID, guests by 32 hex characters. Deterministic for a given seed.
 */

export interface LegacyRow {
  cart_id: number;
  cart_key: string;
  cart_value: string;
  cart_created: number;
  cart_expiry: number;
  cart_source: string;
  cart_hash: string;
}

export interface ItemSpec {
  productId: number;
  variationId?: number;
  variation?: Record<string, string>;
  quantity: number;
  /** Item data the product was added with (merged into the item, as WooCommerce does). */
  data?: Record<string, Serializable>;
  /** Unit price stored in the line totals (ignored by the import). */
  price?: number;
}

export interface Address {
  first_name?: string;
  last_name?: string;
  company?: string;
  address_1?: string;
  address_2?: string;
  city?: string;
  state?: string;
  postcode?: string;
  country?: string;
  phone?: string;
  email?: string;
}

export interface SessionSpec {
  userId?: number;
  items?: ItemSpec[];
  removed?: ItemSpec[];
  coupons?: string[];
  billing?: Address;
  shipping?: Address;
  shippingMethods?: string[];
  paymentMethod?: string;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** WooCommerce's generate_cart_id, for the keys the stored session has. */
function wcKey(item: ItemSpec): string {
  const parts: string[] = [String(item.productId)];
  if (item.variationId) parts.push(String(item.variationId));
  if (item.variation && Object.keys(item.variation).length) parts.push(Object.entries(item.variation).map(([k, v]) => k + v).join(''));
  if (item.data && Object.keys(item.data).length) parts.push(Object.entries(item.data).map(([k, v]) => k + (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(''));
  return md5(parts.join('_'));
}

function cartItems(items: ItemSpec[]): Record<string, Serializable> {
  const out: Record<string, Serializable> = {};
  for (const item of items) {
    const key = wcKey(item);
    const total = (item.price ?? 18) * item.quantity;
    out[key] = {
      ...(item.data ?? {}),
      key,
      product_id: item.productId,
      variation_id: item.variationId ?? 0,
      variation: item.variation ?? [],
      quantity: item.quantity,
      data_hash: md5(`${item.productId}`),
      line_tax_data: { subtotal: [], total: [] },
      line_subtotal: float(total),
      line_subtotal_tax: 0,
      line_total: float(total),
      line_tax: 0,
    };
  }
  return out;
}

/** The `customer` entry as WC_Customer_Data_Store_Session writes it: billing without prefix, shipping as shipping_…. */
function customerEntry(spec: SessionSpec): Record<string, Serializable> {
  const b = spec.billing ?? {};
  const s = spec.shipping ?? b;
  const f = (v: string | undefined) => v ?? '';
  return {
    id: String(spec.userId ?? 0),
    date_modified: '',
    postcode: f(b.postcode),
    city: f(b.city),
    address_1: f(b.address_1),
    address: f(b.address_1),
    address_2: f(b.address_2),
    state: f(b.state),
    country: f(b.country),
    shipping_postcode: f(s.postcode),
    shipping_city: f(s.city),
    shipping_address_1: f(s.address_1),
    shipping_address: f(s.address_1),
    shipping_address_2: f(s.address_2),
    shipping_state: f(s.state),
    shipping_country: f(s.country),
    is_vat_exempt: '',
    calculated_shipping: '1',
    first_name: f(b.first_name),
    last_name: f(b.last_name),
    company: f(b.company),
    phone: f(b.phone),
    email: f(b.email),
    shipping_first_name: f(s.first_name),
    shipping_last_name: f(s.last_name),
    shipping_company: f(s.company),
    shipping_phone: f(s.phone),
  };
}

/** A whole session as `cart_value`. */
export function sessionValue(spec: SessionSpec): string {
  const items = spec.items ?? [];
  const subtotal = items.reduce((n, i) => n + (i.price ?? 18) * i.quantity, 0);
  const entries: Record<string, string> = {
    cart: serialize(cartItems(items)),
    cart_totals: serialize({ subtotal: String(subtotal), subtotal_tax: 0, shipping_total: '5', shipping_tax: 0, shipping_taxes: [], discount_total: 0, discount_tax: 0, cart_contents_total: String(subtotal), cart_contents_tax: 0, cart_contents_taxes: [], fee_total: '0', fee_tax: 0, fee_taxes: [], total: String(subtotal + 5), total_tax: 0 }),
    applied_coupons: serialize(spec.coupons ?? []),
    coupon_discount_totals: serialize([]),
    coupon_discount_tax_totals: serialize([]),
    removed_cart_contents: serialize(cartItems(spec.removed ?? [])),
    customer: serialize(customerEntry(spec)),
  };
  if (spec.shippingMethods) {
    entries.chosen_shipping_methods = serialize(spec.shippingMethods);
    entries.shipping_method_counts = serialize(spec.shippingMethods.map(() => 1));
  }
  // maybe_serialize leaves a plain string as it is.
  if (spec.paymentMethod) entries.chosen_payment_method = spec.paymentMethod;
  entries.wc_notices = 'N;';
  return serialize(entries);
}

/** A tiny seeded generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ada', 'Grace', 'Jürgen', 'Zoë', 'Mateo', 'Aiko', 'Olu', 'Siobhán'];
const LAST = ['Lovelace', 'Hopper', 'Müller', 'Ó Briain', 'García', 'Tanaka'];
const CITIES: [string, string, string][] = [
  ['London', '', 'GB'],
  ['München', 'BY', 'DE'],
  ['San Francisco', 'CA', 'US'],
  ['Dublin', 'D', 'IE'],
];

/** The session of row `i`: every fourth a variation with item data, every third a coupon, customers with addresses. */
export function specFor(i: number, rnd: () => number, customer: boolean): SessionSpec {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const items: ItemSpec[] = [{ productId: 10 + (i % 7), quantity: 1 + (i % 3), price: 18 }];
  if (i % 4 === 1) {
    items.push({
      productId: 40,
      variationId: 41 + (i % 2),
      variation: { attribute_pa_color: i % 2 ? 'blue' : 'red', attribute_logo: 'Yes' },
      quantity: 1,
      data: { gift_wrap: 'yes', engraving: { text: `Für ${pick(FIRST)} ♥`, font: 'serif' } },
      price: 45,
    });
  }
  const spec: SessionSpec = { items, shippingMethods: ['flat_rate:1'] };
  if (i % 3 === 0) spec.coupons = ['SAVE10'];
  if (i % 5 === 2) spec.removed = [{ productId: 20, quantity: 1 }];
  if (customer) {
    const [city, state, country] = pick(CITIES);
    const first = pick(FIRST);
    spec.userId = i + 1;
    spec.billing = {
      first_name: first,
      last_name: pick(LAST),
      address_1: `${1 + (i % 200)} High Street`,
      city,
      state,
      postcode: 'SW1A 1AA',
      country,
      phone: '020 7946 0000',
      email: `customer${i}@example.org`,
    };
    spec.paymentMethod = 'cod';
  }
  return spec;
}

export interface RowsOptions {
  now: number;
  seed?: number;
  /** Every n-th row expired (0: none). */
  expiredEvery?: number;
  /** Row indexes whose cart_value is cut short. */
  malformed?: number[];
  /** Index of the first row (user IDs and guest keys follow it), so that several sets of rows do not share keys. */
  start?: number;
  /** Only this many different sessions, reused (keys stay unique): makes large files quickly. */
  distinct?: number;
}

/** `count` rows: even rows customers (key = user ID, row index + 1), odd rows guests (32 hex); `malformed` counts from the first row. */
export function* legacyRows(count: number, options: RowsOptions): Generator<LegacyRow> {
  const rnd = random(options.seed ?? 1);
  const malformed = new Set(options.malformed ?? []);
  const start = options.start ?? 0;
  const cache = new Map<number, string>();
  for (let i = start; i < start + count; i++) {
    const customer = i % 2 === 0;
    const spec = specFor(i, rnd, customer);
    const slot = options.distinct ? i % options.distinct : -1;
    let value = cache.get(slot) ?? sessionValue(spec);
    if (options.distinct) cache.set(slot, value);
    if (malformed.has(i - start)) value = value.slice(0, Math.floor(value.length / 2));
    const expired = options.expiredEvery ? i % options.expiredEvery === options.expiredEvery - 1 : false;
    yield {
      cart_id: i + 1,
      cart_key: customer ? String(spec.userId) : md5(`guest-${options.seed ?? 1}-${i}`),
      cart_value: value,
      cart_created: options.now - 3600 * (1 + (i % 48)),
      cart_expiry: expired ? options.now - 60 : options.now + 86400 * (1 + (i % 6)),
      cart_source: i % 10 === 9 ? 'woocommerce' : 'cocart',
      cart_hash: md5(`hash-${i}`),
    };
  }
}

const COLUMNS = ['cart_id', 'cart_key', 'cart_value', 'cart_created', 'cart_expiry', 'cart_source', 'cart_hash'] as const;

/** phpMyAdmin's CSV: every field quoted, quotes doubled, a header row. */
export function csvOf(rows: Iterable<LegacyRow>, delimiter = ','): string {
  const q = (v: string | number) => `"${String(v).replace(/"/g, '""')}"`;
  const lines = [COLUMNS.map(q).join(delimiter)];
  for (const r of rows) lines.push(COLUMNS.map((c) => q(r[c])).join(delimiter));
  return lines.join('\r\n') + '\r\n';
}

/** `mysql --batch -e 'SELECT * FROM wp_cocart_carts'`: tab separated, backslash escapes, no quoting. */
export function mysqlBatchOf(rows: Iterable<LegacyRow>): string {
  const e = (v: string | number) => String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\0/g, '\\0');
  const lines = [COLUMNS.join('\t')];
  for (const r of rows) lines.push(COLUMNS.map((c) => e(r[c])).join('\t'));
  return lines.join('\n') + '\n';
}

/** mysql_real_escape_string. */
export function sqlString(s: string): string {
  return `'${s.replace(/[\0\n\r\\'"\x1a]/g, (c) => ({ '\0': '\\0', '\n': '\\n', '\r': '\\r', '\\': '\\\\', "'": "\\'", '"': '\\"', '\x1a': '\\Z' })[c]!)}'`;
}

function tuple(r: LegacyRow): string {
  return `(${r.cart_id},${sqlString(r.cart_key)},${sqlString(r.cart_value)},${r.cart_created},${r.cart_expiry},${sqlString(r.cart_source)},${sqlString(r.cart_hash)})`;
}

export const DUMP_HEADER = `-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: localhost    Database: wordpress
-- ------------------------------------------------------
-- Server version\t8.0.36

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!50503 SET NAMES utf8mb4 */;
/*!40103 SET @OLD_TIME_ZONE=@@TIME_ZONE */;
/*!40103 SET TIME_ZONE='+00:00' */;

--
-- Table structure for table \`wp_options\`
--

DROP TABLE IF EXISTS \`wp_options\`;
CREATE TABLE \`wp_options\` (
  \`option_id\` bigint unsigned NOT NULL AUTO_INCREMENT,
  \`option_name\` varchar(191) NOT NULL DEFAULT '',
  \`option_value\` longtext NOT NULL,
  PRIMARY KEY (\`option_id\`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='options; one per row';

LOCK TABLES \`wp_options\` WRITE;
INSERT INTO \`wp_options\` VALUES (1,'blogname','Shop; with a semicolon'),(2,'note','INSERT INTO \\\`wp_cocart_carts\\\` VALUES (9,\\'x\\')');
UNLOCK TABLES;

--
-- Table structure for table \`wp_cocart_carts\`
--

DROP TABLE IF EXISTS \`wp_cocart_carts\`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE \`wp_cocart_carts\` (
  \`cart_id\` bigint unsigned NOT NULL AUTO_INCREMENT,
  \`cart_key\` char(42) COLLATE utf8mb4_unicode_520_ci NOT NULL,
  \`cart_value\` longtext COLLATE utf8mb4_unicode_520_ci NOT NULL,
  \`cart_created\` bigint unsigned NOT NULL,
  \`cart_expiry\` bigint unsigned NOT NULL,
  \`cart_source\` varchar(200) COLLATE utf8mb4_unicode_520_ci NOT NULL,
  \`cart_hash\` varchar(200) COLLATE utf8mb4_unicode_520_ci NOT NULL,
  PRIMARY KEY (\`cart_id\`),
  UNIQUE KEY \`cart_key\` (\`cart_key\`)
) ENGINE=InnoDB AUTO_INCREMENT=100001 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Dumping data for table \`wp_cocart_carts\`
--

LOCK TABLES \`wp_cocart_carts\` WRITE;
/*!40000 ALTER TABLE \`wp_cocart_carts\` DISABLE KEYS */;
`;

export const DUMP_FOOTER = `/*!40000 ALTER TABLE \`wp_cocart_carts\` ENABLE KEYS */;
UNLOCK TABLES;
/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;

-- Dump completed on 2024-06-01 12:00:00
`;

export interface DumpOptions {
  /** `--complete-insert`: name the columns in every INSERT. */
  columnList?: boolean;
  /** Rows per INSERT statement (mysqldump's extended insert). */
  rowsPerInsert?: number;
}

function insertHead(options: DumpOptions): string {
  return `INSERT INTO \`wp_cocart_carts\` ${options.columnList ? `(${COLUMNS.map((c) => `\`${c}\``).join(', ')}) ` : ''}VALUES `;
}

/** A mysqldump of a WordPress database with the session table in it. */
export function sqlDumpOf(rows: Iterable<LegacyRow>, options: DumpOptions = {}): string {
  const per = options.rowsPerInsert ?? 100;
  const statements: string[] = [];
  let batch: string[] = [];
  for (const r of rows) {
    batch.push(tuple(r));
    if (batch.length === per) {
      statements.push(insertHead(options) + batch.join(',') + ';');
      batch = [];
    }
  }
  if (batch.length) statements.push(insertHead(options) + batch.join(',') + ';');
  return DUMP_HEADER + statements.join('\n') + '\n' + DUMP_FOOTER;
}

/** The same, written to a file as it is generated (for large dumps). Resolves to the file's size in bytes. */
export async function writeSqlDump(path: string, rows: Iterable<LegacyRow>, options: DumpOptions = {}): Promise<number> {
  const out = createWriteStream(path);
  let size = 0;
  let failed: Error | null = null;
  out.on('error', (err) => (failed = err));
  const write = (s: string) =>
    new Promise<void>((resolve, reject) => {
      if (failed) return reject(failed);
      size += Buffer.byteLength(s);
      if (out.write(s)) resolve();
      else out.once('drain', resolve);
    });
  const per = options.rowsPerInsert ?? 1000;
  await write(DUMP_HEADER);
  let batch: string[] = [];
  for (const r of rows) {
    batch.push(tuple(r));
    if (batch.length === per) {
      await write(insertHead(options) + batch.join(',') + ';\n');
      batch = [];
    }
  }
  if (batch.length) await write(insertHead(options) + batch.join(',') + ';\n');
  await write(DUMP_FOOTER);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return size;
}
