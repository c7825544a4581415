import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { sanitizeKey } from '../store.ts';
import { DumpError, type DumpRow } from './dump.ts';
import { PhpUnserializeError } from './php-unserialize.ts';
import { LegacySessionError, cartFromCartValue } from './woocommerce-session.ts';

/**
 * Carts from a CoCart 3.x store's `wp_cocart_carts` export, stored as they were there: in the 3.x
 * layout (`layout` 3, a customer's cart keyed by their user ID, owner columns empty) until the v4
 * session-layout upgrade gives them owners. A cart already stored under the same key is never
 * overwritten; expired carts are left out unless asked for; a row that cannot be read is reported
 * with its key and the reason, and the import goes on.
 */

/** One cart ready to be stored in the 3.x layout. */
export interface LegacyCartRow {
  cartKey: string;
  /** JSON of the converted cart (cart/types.ts). */
  cartValue: string;
  created: number;
  expiry: number;
  source: string;
  hash: string;
}

/**
 * Stores carts in the 3.x layout, one statement and one transaction for the lot; a key already
 * stored (or twice in `rows`) is left as it is. Returns the keys that were stored.
 */
export async function insertLegacyCarts(db: Kysely<Database>, rows: readonly LegacyCartRow[]): Promise<Set<string>> {
  if (!rows.length) return new Set();
  const inserted = await db.transaction().execute((trx) =>
    trx
      .insertInto('carts')
      .values(
        rows.map((r) => ({
          cart_key: r.cartKey,
          user_id: null,
          customer_id: null,
          cart_value: r.cartValue,
          cart_created: r.created,
          cart_expiry: r.expiry,
          cart_source: r.source,
          cart_hash: r.hash,
          revision: 1,
          layout: 3,
          legacy_key: null,
        })),
      )
      .onConflict((oc) => oc.column('cart_key').doNothing())
      .returning('cart_key')
      .execute(),
  );
  return new Set(inserted.map((r) => r.cart_key));
}

export interface RowFailure {
  where: string;
  /** The row's cart key as the file has it ('' when it has none). */
  cartKey: string;
  reason: string;
}

export interface SessionImportReport {
  /** Rows read from the file. */
  rows: number;
  imported: number;
  /** Rows whose key was already stored (or came earlier in the file). */
  skippedExisting: number;
  skippedExpired: number;
  failed: number;
  /** The first failures, in file order (at most `maxFailures`). */
  failures: RowFailure[];
  /** Set when the file stopped being readable part-way: rows before that point were imported. */
  error?: string;
}

export interface SessionImportOptions {
  /** Unix seconds; rows with `cart_expiry` before it are expired. */
  now: number;
  includeExpired?: boolean;
  /** Rows per INSERT (and per transaction). */
  batchSize?: number;
  /** How many failures the report lists (all are counted). */
  maxFailures?: number;
  /** Called after each stored batch with the report so far. */
  onBatch?: (report: SessionImportReport) => void;
}

type Converted = { ok: LegacyCartRow } | { expired: true } | { failure: RowFailure };

const COLUMN_LIMIT = 200;

function whole(text: string | null | undefined): number | null {
  if (text === null || text === undefined || !/^\s*\d+\s*$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

/** One dump row as a cart row, or why it is left out. */
export function convertRow(row: DumpRow, options: Pick<SessionImportOptions, 'now' | 'includeExpired'>): Converted {
  const v = row.values;
  const rawKey = v.cart_key ?? '';
  const fail = (reason: string): Converted => ({ failure: { where: row.where, cartKey: rawKey, reason } });
  if (row.problem) return fail(row.problem);
  const cartKey = sanitizeKey(rawKey);
  if (!cartKey) return fail(rawKey ? `cart_key "${rawKey}" has none of the characters a cart key may have` : 'cart_key is empty');
  const expiry = whole(v.cart_expiry);
  if (expiry === null) return fail(`cart_expiry ${JSON.stringify(v.cart_expiry ?? null)} is not a time in seconds`);
  if (expiry < options.now && !options.includeExpired) return { expired: true };
  let created = options.now;
  if (v.cart_created !== undefined && v.cart_created !== null && v.cart_created !== '') {
    const c = whole(v.cart_created);
    if (c === null) return fail(`cart_created ${JSON.stringify(v.cart_created)} is not a time in seconds`);
    created = c;
  }
  const source = v.cart_source ?? 'cocart';
  const hash = v.cart_hash ?? '';
  if (source.length > COLUMN_LIMIT) return fail(`cart_source is longer than ${COLUMN_LIMIT} characters`);
  if (hash.length > COLUMN_LIMIT) return fail(`cart_hash is longer than ${COLUMN_LIMIT} characters`);
  if (v.cart_value === null || v.cart_value === undefined) return fail('cart_value is empty');
  try {
    const cart = cartFromCartValue(v.cart_value);
    return { ok: { cartKey, cartValue: JSON.stringify(cart), created, expiry, source, hash } };
  } catch (err) {
    if (err instanceof PhpUnserializeError || err instanceof LegacySessionError) return fail(`cart_value: ${err.message}`);
    throw err;
  }
}

/**
 * Reads every row of a dump and stores the carts in batches. A `DumpError` part-way through ends the
 * import with `error` set (what was read before it is stored, so running it again once the file is
 * mended finishes the job); at the very first row it is thrown.
 */
export async function importSessions(db: Kysely<Database>, rows: AsyncIterable<DumpRow>, options: SessionImportOptions): Promise<SessionImportReport> {
  const batchSize = options.batchSize ?? 500;
  const maxFailures = options.maxFailures ?? 20;
  const report: SessionImportReport = { rows: 0, imported: 0, skippedExisting: 0, skippedExpired: 0, failed: 0, failures: [] };
  let batch: LegacyCartRow[] = [];
  // One batch is stored while the next is read; its failure is thrown at the next flush.
  let storing: Promise<unknown> = Promise.resolve();
  let storeError: { error: unknown } | null = null;
  const settle = async () => {
    await storing;
    if (storeError) throw storeError.error;
  };
  const flush = async () => {
    await settle();
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    storing = insertLegacyCarts(db, rows).then(
      (stored) => {
        report.imported += stored.size;
        report.skippedExisting += rows.length - stored.size;
        options.onBatch?.(report);
      },
      (error: unknown) => {
        storeError = { error };
      },
    );
  };
  try {
    for await (const row of rows) {
      report.rows++;
      const c = convertRow(row, options);
      if ('ok' in c) {
        batch.push(c.ok);
        if (batch.length >= batchSize) await flush();
      } else if ('expired' in c) {
        report.skippedExpired++;
      } else {
        report.failed++;
        if (report.failures.length < maxFailures) report.failures.push(c.failure);
      }
    }
  } catch (err) {
    await storing;
    if (!(err instanceof DumpError) || report.rows === 0) throw err;
    report.error = err.message;
  }
  await flush();
  await settle();
  return report;
}
