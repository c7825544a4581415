import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Cart } from '../cart/types.ts';
import { emptyCart } from '../cart/types.ts';
import type { DatabaseHandle } from '../db/connection.ts';
import type { CartsTable, Database } from '../db/schema.ts';

/**
 * Carts in session: one row per cart. Reads are plain; every write runs inside a transaction that
 * holds the row (PostgreSQL `SELECT … FOR UPDATE`, SQLite `BEGIN IMMEDIATE`), so two writers to one
 * cart run one after the other and neither overwrites the other's change.
 */

export interface Session {
  id: number;
  key: string;
  userId: number | null;
  customerId: number | null;
  cart: Cart;
  created: number;
  expiry: number;
  source: string;
  hash: string;
  revision: number;
}

export interface SessionHead {
  id: number;
  key: string;
  revision: number;
  expiry: number;
  pendingNotices: boolean;
}

export interface SessionWrite<T> {
  /** The cart to store; null leaves storage untouched (nothing to save). */
  cart: Cart | null;
  hash?: string;
  value: T;
}

export interface WriteOutcome<T> {
  session: Session | null;
  value: T;
}

/** 30 lower-case hex characters, as CoCart 4.x issues them. */
export function newCartKey(): string {
  return randomBytes(15).toString('hex');
}

/** CoCart's `sanitize_key`: lower case, only `[a-z0-9_-]`, at most 42 characters; '' if nothing is left. */
export function sanitizeKey(raw: unknown): string {
  if (typeof raw !== 'string') return '';
  return raw.toLowerCase().replace(/[^a-z0-9_-]/g, '').slice(0, 42);
}

function parseCart(value: string): Cart {
  try {
    return { ...emptyCart(), ...(JSON.parse(value) as Partial<Cart>) };
  } catch {
    return emptyCart();
  }
}

function fromRow(r: Selectable<CartsTable>): Session {
  return {
    id: r.id,
    key: r.cart_key,
    userId: r.user_id,
    customerId: r.customer_id,
    cart: parseCart(r.cart_value),
    created: r.cart_created,
    expiry: r.cart_expiry,
    source: r.cart_source,
    hash: r.cart_hash,
    revision: r.revision,
  };
}

export interface SessionTimes {
  now: () => number;
  /** Seconds a cart lives after its last use. */
  lifetime: () => number;
}

export class SessionStore {
  constructor(
    private readonly handle: DatabaseHandle,
    private readonly times: SessionTimes,
  ) {}

  private get db(): Kysely<Database> {
    return this.handle.db;
  }

  /** A live cart by key; an expired one is as good as unknown. */
  async find(key: string): Promise<Session | null> {
    if (!key) return null;
    const row = await this.db.selectFrom('carts').selectAll().where('cart_key', '=', key).executeTakeFirst();
    if (!row || row.cart_expiry < this.times.now()) return null;
    return fromRow(row);
  }

  /**
   * The row's identity and revision without decoding the cart, for answering from a rendered copy.
   * `pendingNotices` tells whether notices wait to be shown (the stored JSON is always written by
   * `JSON.stringify` in `write`, so an empty list is exactly `"notices":[]`).
   */
  async peek(key: string): Promise<SessionHead | null> {
    if (!key) return null;
    const row = await this.db
      .selectFrom('carts')
      .select(['id', 'cart_key', 'revision', 'cart_expiry', 'cart_value'])
      .where('cart_key', '=', key)
      .executeTakeFirst();
    if (!row || row.cart_expiry < this.times.now()) return null;
    return { id: row.id, key: row.cart_key, revision: row.revision, expiry: row.cart_expiry, pendingNotices: !row.cart_value.includes('"notices":[]') };
  }

  /**
   * Slides the expiry forward on use. To keep reads free of writes it only writes when the stored
   * expiry is more than an hour behind, which the one-hour granularity of the window allows.
   */
  async touch<S extends SessionHead | Session>(session: S): Promise<S> {
    const expiry = this.times.now() + this.times.lifetime();
    if (expiry - session.expiry < 3600) return session;
    await this.db.updateTable('carts').set({ cart_expiry: expiry }).where('id', '=', session.id).where('cart_expiry', '<', expiry).execute();
    return { ...session, expiry };
  }

  /**
   * Runs `decide` on the current state of the cart `key` (null: a new cart) and stores what it
   * returns. A new cart gets a fresh key; an unknown or expired key is a new cart.
   *
   * No lost updates, cheaply: the first attempt reads without a lock and saves with
   * `UPDATE … WHERE revision = <the revision read>`, one statement. If another writer got there
   * first, nothing was written, and the write runs again holding the row (`SELECT … FOR UPDATE` on
   * PostgreSQL, `BEGIN IMMEDIATE` on SQLite), which always succeeds. So an uncontended write costs two
   * statements and holds no lock while the cart is worked on, and contended writes queue.
   */
  async write<T>(key: string | null, decide: (current: Session | null) => SessionWrite<T> | Promise<SessionWrite<T>>): Promise<WriteOutcome<T>> {
    const current = key ? await this.find(key) : null;
    const decision = await decide(current);
    if (!decision.cart) return { session: current, value: decision.value };
    if (!current) return { session: await this.insert(this.db, decision.cart, decision.hash ?? ''), value: decision.value };
    const saved = await this.save(this.db, current, decision.cart, decision.hash ?? '', true);
    if (saved) return { session: saved, value: decision.value };
    return this.writeLocked(key!, decide);
  }

  /** The same write while holding the row, for when a concurrent writer changed it first. */
  private writeLocked<T>(key: string, decide: (current: Session | null) => SessionWrite<T> | Promise<SessionWrite<T>>): Promise<WriteOutcome<T>> {
    return this.inWriteTransaction(async (trx) => {
      let q = trx.selectFrom('carts').selectAll().where('cart_key', '=', key);
      if (this.handle.dialect === 'postgres') q = q.forUpdate();
      const row = await q.executeTakeFirst();
      const current = row && row.cart_expiry >= this.times.now() ? fromRow(row) : null;
      const decision = await decide(current);
      if (!decision.cart) return { session: current, value: decision.value };
      const session = current
        ? await this.save(trx, current, decision.cart, decision.hash ?? '', false)
        : await this.insert(trx, decision.cart, decision.hash ?? '');
      return { session: session!, value: decision.value };
    });
  }

  /** Stores a new revision of `current`; with `ifUnchanged`, only if nobody wrote since it was read (else null). */
  private async save(db: Kysely<Database>, current: Session, cart: Cart, hash: string, ifUnchanged: boolean): Promise<Session | null> {
    const expiry = this.times.now() + this.times.lifetime();
    let q = db
      .updateTable('carts')
      .set({ cart_value: JSON.stringify(cart), cart_expiry: expiry, cart_hash: hash, revision: current.revision + 1 })
      .where('id', '=', current.id);
    if (ifUnchanged) q = q.where('revision', '=', current.revision);
    const r = await q.executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return null;
    return { ...current, cart, expiry, hash, revision: current.revision + 1 };
  }

  private async insert(db: Kysely<Database>, cart: Cart, hash: string): Promise<Session> {
    const now = this.times.now();
    const expiry = now + this.times.lifetime();
    const key = newCartKey();
    const inserted = await db
      .insertInto('carts')
      .values({ cart_key: key, cart_value: JSON.stringify(cart), cart_created: now, cart_expiry: expiry, cart_source: 'cocart', cart_hash: hash, revision: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: inserted.id, key, userId: null, customerId: null, cart, created: now, expiry, source: 'cocart', hash, revision: 1 };
  }

  async delete(key: string): Promise<boolean> {
    const r = await this.db.deleteFrom('carts').where('cart_key', '=', key).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  private async inWriteTransaction<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
    if (this.handle.dialect === 'postgres') {
      return this.db.transaction().execute((trx: Transaction<Database>) => work(trx));
    }
    // SQLite: take the write lock at BEGIN, so a second process waits instead of failing mid-transaction.
    return this.db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const result = await work(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (err) {
        await sql`rollback`.execute(conn).catch(() => {});
        throw err;
      }
    });
  }
}
