import { randomBytes } from 'node:crypto';
import { sql, type ExpressionBuilder, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { Cart } from '../cart/types.ts';
import { emptyCart } from '../cart/types.ts';
import type { CartStorage } from '../cart/storage.ts';
import { inWriteTransaction, type DatabaseHandle } from '../db/connection.ts';
import { PreparedQuery } from '../db/prepared.ts';
import type { CartsTable, Database } from '../db/schema.ts';
import { CocartError } from '../errors.ts';

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
  /** The customer the cart belongs to; null for a guest cart. */
  customerId: number | null;
  revision: number;
  expiry: number;
  pendingNotices: boolean;
}

/** The columns the Sessions API may order by, by their CoCart names. */
export const SESSION_ORDER_COLUMNS = {
  cart_id: 'id',
  cart_key: 'cart_key',
  cart_created: 'cart_created',
  cart_expiry: 'cart_expiry',
  cart_source: 'cart_source',
} as const;

export interface SessionListQuery {
  offset: number;
  limit: number;
  orderBy: keyof typeof SESSION_ORDER_COLUMNS;
  order: 'asc' | 'desc';
  /** Part of a cart key, or of anything stored in the cart (the customer's name, e-mail, an item). */
  search?: string;
  /**
   * With `search`, carts holding any of these products also match: a cart stores its items by ID, so
   * the caller turns the term into the products whose names contain it.
   */
  searchProductIds?: readonly number[];
  /** Only the carts of this customer (by user ID). */
  customerId?: number;
}

/** Carts started on one UTC day, by what they are now. */
export interface DailySessions {
  /** `YYYY-MM-DD`, UTC. */
  date: string;
  active: number;
  expired: number;
}

/** Who a new cart belongs to: the customer, and the user acting (the same unless staff act for a customer). */
export interface Owner {
  userId: number;
  customerId: number;
}

export interface SessionWrite<T> {
  /** The cart to store; null leaves storage untouched (nothing to save). */
  cart: Cart | null;
  hash?: string;
  /** The key a new cart is stored under (default: a fresh one). */
  key?: string;
  value: T;
}

export interface WriteOptions {
  /** `decide` takes a while and awaits other work (a batch running its sub-requests). */
  long?: boolean;
  /** More to store in the cart's own transaction, once it is saved (an idempotent write's record). */
  alongside?: Alongside;
}

/** Work done in the transaction that stores a cart, with the cart as saved. */
export type Alongside = (trx: Kysely<Database>, saved: Session) => Promise<void>;

/** How many carts' last saved state a node keeps to start their next write from (see `remember`). */
const REMEMBERED_CARTS = 1000;

/** How often a long write is redone because other nodes kept changing the cart, before it gives up with a 409. */
const LONG_WRITE_ATTEMPTS = 50;

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

/** A stored cart value; an unreadable one reads as an empty cart. */
export function parseCart(value: string): Cart {
  try {
    return { ...emptyCart(), ...(JSON.parse(value) as Partial<Cart>) };
  } catch {
    return emptyCart();
  }
}

/**
 * Whose cart a row is. A handed-over guest cart counts as the customer's (guests are refused it, the
 * customer uses their own). A cart in CoCart's 3.x layout has no owner columns: 3.x keyed a
 * customer's cart by their user ID, so a decimal key is its owner until the v4 upgrade fills them in.
 */
function ownerOf(r: Pick<Selectable<CartsTable>, 'customer_id' | 'handed_to' | 'layout' | 'cart_key'>): number | null {
  return r.customer_id ?? r.handed_to ?? (r.layout === 3 && /^\d+$/.test(r.cart_key) ? Number(r.cart_key) : null);
}

/** The row a key names: its own, or, for a decimal key, the cart that had it as its 3.x key before the v4 upgrade. */
function keyed(key: string) {
  return (eb: ExpressionBuilder<Database, 'carts'>) =>
    /^\d+$/.test(key) ? eb.or([eb('cart_key', '=', key), eb('legacy_key', '=', key)]) : eb('cart_key', '=', key);
}

/** A customer's cart: by its owner column, or in the 3.x layout by their user ID as its key. */
function ownedBy(customerId: number) {
  return (eb: ExpressionBuilder<Database, 'carts'>) =>
    eb.or([eb('customer_id', '=', customerId), eb.and([eb('cart_key', '=', String(customerId)), eb('layout', '=', 3)])]);
}

function fromRow(r: Selectable<CartsTable>): Session {
  return {
    id: r.id,
    key: r.cart_key,
    userId: r.user_id,
    customerId: ownerOf(r),
    cart: parseCart(r.cart_value),
    created: r.cart_created,
    expiry: r.cart_expiry,
    source: r.cart_source,
    hash: r.cart_hash,
    revision: r.revision,
  };
}

export interface SessionCounts {
  total: number;
  active: number;
  expiring: number;
  expired: number;
  bySource: { cocart: number; woocommerce: number; other: number };
}

export interface SessionTimes {
  now: () => number;
  /** Seconds a cart lives after its last use. */
  lifetime: () => number;
}

/** The columns a cart is read with (every one of them: the row as `fromRow` needs it). */
const CART_COLUMNS = ['id', 'cart_key', 'user_id', 'customer_id', 'cart_value', 'cart_created', 'cart_expiry', 'cart_source', 'cart_hash', 'revision', 'handed_to', 'layout', 'legacy_key'] as const;

/**
 * The queries every cart request runs, prepared once per store (each store has one dialect). Keys
 * made only of digits may also name a 3.x cart (`keyed`) and take the general path.
 */
function hotQueries() {
  return {
    find: new PreparedQuery(['key'], (db: Kysely<Database>, a: { key: string }) => db.selectFrom('carts').select(CART_COLUMNS).where('cart_key', '=', a.key)),
    peek: new PreparedQuery(['key'], (db: Kysely<Database>, a: { key: string }) => headOf(db.selectFrom('carts').where('cart_key', '=', a.key))),
    save: new PreparedQuery(['id', 'value', 'expiry', 'hash', 'revision', 'read'], (db: Kysely<Database>, a: { id: number; value: string; expiry: number; hash: string; revision: number; read: number }) =>
      db.updateTable('carts').set({ cart_value: a.value, cart_expiry: a.expiry, cart_hash: a.hash, revision: a.revision }).where('id', '=', a.id).where('revision', '=', a.read),
    ),
    touch: new PreparedQuery(['id', 'expiry'], (db: Kysely<Database>, a: { id: number; expiry: number }) =>
      db.updateTable('carts').set({ cart_expiry: a.expiry }).where('id', '=', a.id).where('cart_expiry', '<', a.expiry),
    ),
  };
}

/**
 * What `peek` reads of a cart: its identity, and whether notices wait to be shown, answered in SQL so
 * that the cart itself is not read (the stored JSON is always written by `JSON.stringify`, so an
 * empty list is exactly `"notices":[]`).
 */
function headOf(carts: SelectQueryBuilder<Database, 'carts', object>) {
  return carts
    .select(['id', 'cart_key', 'customer_id', 'handed_to', 'layout', 'revision', 'cart_expiry'])
    .select(sql<number | boolean>`cart_value like '%"notices":[]%'`.as('quiet'));
}

/** Whether the hot queries serve `key`: not for a decimal key, which may name a 3.x cart too. */
const plainKey = (key: string) => !/^\d+$/.test(key);

export class SessionStore implements CartStorage {
  /** Per cart key, the last write queued on this node (see `write`). */
  private readonly queues = new Map<string, Promise<unknown>>();
  /** The carts this node saved last, by key, as saved: where their next write starts (see `startingPoint`). */
  private readonly justSaved = new Map<string, Session>();

  private readonly queries = hotQueries();

  constructor(
    private readonly handle: DatabaseHandle,
    private readonly times: SessionTimes,
  ) {}

  private get db(): Kysely<Database> {
    return this.handle.db;
  }

  /** When a cart used now expires. */
  freshExpiry(): number {
    return this.times.now() + this.times.lifetime();
  }

  /** A live cart by key; an expired one is as good as unknown. */
  async find(key: string): Promise<Session | null> {
    if (!key) return null;
    const row = plainKey(key)
      ? (await this.queries.find.execute(this.db, { key })).rows[0]
      : await this.db.selectFrom('carts').select(CART_COLUMNS).where(keyed(key)).executeTakeFirst();
    if (!row || row.cart_expiry < this.times.now()) return null;
    return fromRow(row);
  }

  /**
   * The row's identity and revision without reading the cart, for answering from a rendered copy;
   * `pendingNotices` tells whether notices wait to be shown.
   */
  async peek(key: string): Promise<SessionHead | null> {
    if (!key) return null;
    const row = plainKey(key) ? (await this.queries.peek.execute(this.db, { key })).rows[0] : await headOf(this.db.selectFrom('carts').where(keyed(key))).executeTakeFirst();
    if (!row || row.cart_expiry < this.times.now()) return null;
    return {
      id: row.id,
      key: row.cart_key,
      customerId: ownerOf(row),
      revision: row.revision,
      expiry: row.cart_expiry,
      pendingNotices: !row.quiet,
    };
  }

  /** A customer's live cart (one per customer). */
  async findOwned(customerId: number): Promise<Session | null> {
    // A v4 cart first, should a customer have both.
    const row = await this.db.selectFrom('carts').selectAll().where(ownedBy(customerId)).orderBy('layout', 'desc').executeTakeFirst();
    if (!row || row.cart_expiry < this.times.now()) return null;
    return fromRow(row);
  }

  /**
   * A guest cart reaches its shopper at login. If the customer has no live cart, the guest cart
   * becomes theirs (same key); otherwise `combine` decides the customer's cart from both and the guest
   * cart stays behind only as a marker that names the customer. Both rows are held (in id order, so
   * two hand-overs cannot deadlock) while it runs.
   */
  handOver(guestKey: string, owner: Owner, combine: (guest: Cart, own: Cart) => Cart): Promise<Session | null> {
    return this.inTurn(guestKey, () => {
      this.justSaved.delete(guestKey);
      return this.handOverNow(guestKey, owner, combine);
    });
  }

  private handOverNow(guestKey: string, owner: Owner, combine: (guest: Cart, own: Cart) => Cart): Promise<Session | null> {
    return inWriteTransaction(this.handle, async (trx) => {
      const lock = <Q extends { forUpdate(): Q }>(q: Q) => (this.handle.dialect === 'postgres' ? q.forUpdate() : q);
      const rows = await lock(
        trx
          .selectFrom('carts')
          .selectAll()
          .where((eb) => eb.or([eb('cart_key', '=', guestKey), ownedBy(owner.customerId)(eb)]))
          .orderBy('id'),
      ).execute();
      const now = this.times.now();
      const guestRow = rows.find((r) => r.cart_key === guestKey && ownerOf(r) === null && r.cart_expiry >= now);
      const ownRow = rows.find((r) => r !== guestRow && ownerOf(r) === owner.customerId && r.handed_to === null);
      if (!guestRow) return ownRow && ownRow.cart_expiry >= now ? fromRow(ownRow) : null;
      const guest = fromRow(guestRow);
      if (ownRow && ownRow.cart_expiry < now) await trx.deleteFrom('carts').where('id', '=', ownRow.id).execute();
      if (!ownRow || ownRow.cart_expiry < now) {
        const expiry = now + this.times.lifetime();
        await trx
          .updateTable('carts')
          .set({ user_id: owner.userId, customer_id: owner.customerId, cart_expiry: expiry, revision: guest.revision + 1 })
          .where('id', '=', guest.id)
          .execute();
        return { ...guest, userId: owner.userId, customerId: owner.customerId, expiry, revision: guest.revision + 1 };
      }
      const own = fromRow(ownRow);
      const saved = await this.save(trx, own, combine(guest.cart, own.cart), own.hash);
      // The guest row stays as a marker (its revision moves on, so a write that read it before fails its check).
      await trx
        .updateTable('carts')
        .set({ handed_to: owner.customerId, cart_value: JSON.stringify(emptyCart()), cart_hash: '', revision: guest.revision + 1 })
        .where('id', '=', guest.id)
        .execute();
      return saved;
    });
  }

  /**
   * Slides the expiry forward on use. To keep reads free of writes it only writes when the stored
   * expiry is more than an hour behind, which the one-hour granularity of the window allows.
   */
  async touch<S extends SessionHead | Session>(session: S): Promise<S> {
    const expiry = this.freshExpiry();
    if (expiry - session.expiry < 3600) return session;
    await this.queries.touch.execute(this.db, { id: session.id, expiry });
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
   *
   * Writes to one cart on one node queue in memory first, so a hot cart's writers take turns instead
   * of all reading one revision and all but one failing; the revision check still guards against
   * other nodes.
   */
  write<T>(
    key: string | null,
    decide: (current: Session | null) => SessionWrite<T> | Promise<SessionWrite<T>>,
    owner: Owner | null = null,
    options: WriteOptions = {},
  ): Promise<WriteOutcome<T>> {
    const work = () => this.writeNow(key, decide, owner, options);
    return key ? this.inTurn(key, work) : work();
  }

  /** Runs `work` after every earlier queued work on `key` on this node has finished. */
  private inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.queues.get(key) ?? Promise.resolve();
    const result = before.then(work);
    const done = result.then(
      () => {},
      () => {},
    );
    this.queues.set(key, done);
    void done.then(() => {
      if (this.queues.get(key) !== done) return;
      this.queues.delete(key);
    });
    return result;
  }

  /**
   * A write starts from the cart as this node last saved it, which saves reading and decoding it: a
   * shopper's writes usually come one after another to the same node. If anyone wrote the cart since
   * (another node, or staff), the save's revision check fails and the write is redone on a fresh read,
   * so a stale copy costs a retry, never an update. Every change to a cart's row moves its revision on.
   */
  private remember(session: Session): Session {
    this.justSaved.delete(session.key);
    if (this.justSaved.size >= REMEMBERED_CARTS) this.justSaved.delete(this.justSaved.keys().next().value!);
    this.justSaved.set(session.key, session);
    return session;
  }

  private async startingPoint(key: string): Promise<Session | null> {
    const saved = this.justSaved.get(key);
    if (saved && saved.expiry >= this.times.now()) return saved;
    return this.find(key);
  }

  private async writeNow<T>(
    key: string | null,
    decide: (current: Session | null) => SessionWrite<T> | Promise<SessionWrite<T>>,
    owner: Owner | null,
    options: WriteOptions,
  ): Promise<WriteOutcome<T>> {
    // SQLite's lock is the whole database's, and a waiting writer's busy wait blocks its process:
    // a long decision is retried on the new revision rather than run holding that lock.
    const optimisticOnly = options.long === true && this.handle.dialect === 'sqlite';
    const { alongside } = options;
    // With more to store beside the cart, the save and that are one short transaction (the decision
    // is made before it, as for any write).
    const stored = <S extends Session | null>(write: (db: Kysely<Database>) => Promise<S>): Promise<S> =>
      alongside
        ? inWriteTransaction(this.handle, async (trx) => {
            const saved = await write(trx);
            if (saved) await alongside(trx, saved);
            return saved;
          })
        : write(this.db);
    for (let attempt = 1; ; attempt++) {
      const current = key ? await (attempt === 1 ? this.startingPoint(key) : this.find(key)) : null;
      const decision = await decide(current);
      if (!decision.cart) return { session: current, value: decision.value };
      if (!current) return { session: this.remember(await stored((db) => this.insert(db, decision.cart!, decision.hash ?? '', owner, decision.key))), value: decision.value };
      const saved = await stored((db) => this.save(db, current, decision.cart!, decision.hash ?? ''));
      if (saved) return { session: this.remember(saved), value: decision.value };
      if (!optimisticOnly) {
        const locked = await this.lockedWrite(key!, (c) => Promise.resolve(decide(c)), owner, alongside);
        if (locked.session) this.remember(locked.session);
        return locked;
      }
      if (attempt === LONG_WRITE_ATTEMPTS) {
        throw new CocartError('cocart_cart_conflict', 'conflict', 'The cart is being changed by many requests at once. Please try again.');
      }
    }
  }

  /**
   * A write whose decision does more than change the cart (checkout places an order): it runs holding
   * the row, inside one transaction that `decide` is given, so the cart and whatever else it writes
   * are stored together or not at all. Queued with this node's other writes to the cart.
   */
  transact<T>(
    key: string | null,
    decide: (current: Session | null, trx: Kysely<Database>) => Promise<SessionWrite<T>>,
    owner: Owner | null = null,
    alongside?: Alongside,
  ): Promise<WriteOutcome<T>> {
    const work = async () => {
      const outcome = await this.lockedWrite(key, decide, owner, alongside);
      if (outcome.session) this.remember(outcome.session);
      return outcome;
    };
    return key ? this.inTurn(key, work) : work();
  }

  /** The write holding the row: for `transact`, and for when a concurrent writer changed the cart first. */
  private lockedWrite<T>(
    key: string | null,
    decide: (current: Session | null, trx: Kysely<Database>) => Promise<SessionWrite<T>>,
    owner: Owner | null,
    alongside?: Alongside,
  ): Promise<WriteOutcome<T>> {
    return inWriteTransaction(this.handle, async (trx) => {
      let current: Session | null = null;
      if (key) {
        let q = trx.selectFrom('carts').selectAll().where(keyed(key));
        if (this.handle.dialect === 'postgres') q = q.forUpdate();
        const row = await q.executeTakeFirst();
        current = row && row.cart_expiry >= this.times.now() ? fromRow(row) : null;
      }
      const decision = await decide(current, trx);
      if (!decision.cart) return { session: current, value: decision.value };
      const session = current
        ? await this.save(trx, current, decision.cart, decision.hash ?? '')
        : await this.insert(trx, decision.cart, decision.hash ?? '', owner, decision.key);
      if (alongside) await alongside(trx, session!);
      return { session: session!, value: decision.value };
    });
  }

  /**
   * Stores a new revision of `current`, only if nobody wrote since it was read (else null). A write
   * holding the row (`lockedWrite`, `handOver`) read the revision it holds, so its save always goes through.
   */
  private async save(db: Kysely<Database>, current: Session, cart: Cart, hash: string): Promise<Session | null> {
    const expiry = this.freshExpiry();
    const r = await this.queries.save.execute(db, { id: current.id, value: JSON.stringify(cart), expiry, hash, revision: current.revision + 1, read: current.revision });
    if (Number(r.numAffectedRows) === 0) return null;
    return { ...current, cart, expiry, hash, revision: current.revision + 1 };
  }

  private async insert(db: Kysely<Database>, cart: Cart, hash: string, owner: Owner | null, key = newCartKey()): Promise<Session> {
    const now = this.times.now();
    const expiry = now + this.times.lifetime();
    // One cart per customer: an expired one the cleanup has not reached yet gives way.
    if (owner) await db.deleteFrom('carts').where('customer_id', '=', owner.customerId).where('cart_expiry', '<', now).execute();
    const inserted = await db
      .insertInto('carts')
      .values({
        cart_key: key,
        user_id: owner?.userId ?? null,
        customer_id: owner?.customerId ?? null,
        cart_value: JSON.stringify(cart),
        cart_created: now,
        cart_expiry: expiry,
        cart_source: 'cocart',
        cart_hash: hash,
        revision: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: inserted.id, key, userId: owner?.userId ?? null, customerId: owner?.customerId ?? null, cart, created: now, expiry, source: 'cocart', hash, revision: 1 };
  }

  /**
   * How many carts are in session (CoCart's status rows): live, expiring within `soonSeconds`,
   * expired but not yet cleaned up, and by source. Markers of merged guest carts do not count.
   */
  async counts(soonSeconds = 86400): Promise<SessionCounts> {
    const now = this.times.now();
    const row = await this.db
      .selectFrom('carts')
      .where('handed_to', 'is', null)
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        eb.fn.sum<number>(eb.case().when('cart_expiry', '>=', now).then(1).else(0).end()).as('active'),
        eb.fn.sum<number>(eb.case().when(eb.and([eb('cart_expiry', '>=', now), eb('cart_expiry', '<=', now + soonSeconds)])).then(1).else(0).end()).as('expiring'),
        eb.fn.sum<number>(eb.case().when('cart_expiry', '<', now).then(1).else(0).end()).as('expired'),
        eb.fn.sum<number>(eb.case().when('cart_source', '=', 'cocart').then(1).else(0).end()).as('cocart'),
        eb.fn.sum<number>(eb.case().when('cart_source', '=', 'woocommerce').then(1).else(0).end()).as('woocommerce'),
      ])
      .executeTakeFirstOrThrow();
    const n = (v: unknown) => Number(v ?? 0);
    return {
      total: n(row.total),
      active: n(row.active),
      expiring: n(row.expiring),
      expired: n(row.expired),
      bySource: { cocart: n(row.cocart), woocommerce: n(row.woocommerce), other: n(row.total) - n(row.cocart) - n(row.woocommerce) },
    };
  }

  /** A page of carts in session, for administration; `orderBy` is one of the whitelisted columns. */
  async list(query: SessionListQuery): Promise<{ total: number; sessions: Session[] }> {
    let carts = this.db.selectFrom('carts').where('handed_to', 'is', null);
    if (query.customerId !== undefined) carts = carts.where(ownedBy(query.customerId));
    const search = query.search?.trim().toLowerCase();
    if (search) {
      // LIKE's own wildcards in the term are matched literally.
      const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      // A line is stored as `{…,"productId":45,"variationId":…}`: the comma ends the number.
      const products = (query.searchProductIds ?? []).filter((id) => Number.isSafeInteger(id)).map((id) => `%"productId":${id},%`);
      carts = carts.where((eb) =>
        eb.or([
          eb(sql`lower(cart_key)`, 'like', sql`${pattern} escape '\\'`),
          eb(sql`lower(cart_value)`, 'like', sql`${pattern} escape '\\'`),
          ...products.map((p) => eb('cart_value', 'like', p)),
        ]),
      );
    }
    const total = Number((await carts.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const column = SESSION_ORDER_COLUMNS[query.orderBy];
    const rows = await carts.selectAll().orderBy(column, query.order).orderBy('id', query.order).limit(query.limit).offset(query.offset).execute();
    return { total, sessions: rows.map(fromRow) };
  }

  /**
   * Carts started on each of the last `days` UTC days (today included), split by whether they are
   * still active; days with none are listed with zeros. Carts already cleaned up are not counted.
   */
  async startedPerDay(days: number): Promise<DailySessions[]> {
    const now = this.times.now();
    const today = Math.floor(now / 86400);
    const first = today - days + 1;
    const rows = await this.db
      .selectFrom('carts')
      .where('handed_to', 'is', null)
      .where('cart_created', '>=', first * 86400)
      .select((eb) => [
        sql<number>`cart_created / 86400`.as('day'),
        eb.fn.sum<number>(eb.case().when('cart_expiry', '>=', now).then(1).else(0).end()).as('active'),
        eb.fn.sum<number>(eb.case().when('cart_expiry', '<', now).then(1).else(0).end()).as('expired'),
      ])
      .groupBy(sql`cart_created / 86400`)
      .execute();
    const byDay = new Map(rows.map((r) => [Number(r.day), r]));
    return Array.from({ length: days }, (_, i) => {
      const day = first + i;
      const row = byDay.get(day);
      return { date: new Date(day * 86400_000).toISOString().slice(0, 10), active: Number(row?.active ?? 0), expired: Number(row?.expired ?? 0) };
    });
  }

  /** A cart by key for administration: expired or not, and without extending it. */
  async inspect(key: string): Promise<Session | null> {
    const row = await this.db.selectFrom('carts').selectAll().where(keyed(key)).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  async delete(key: string): Promise<boolean> {
    this.justSaved.delete(key);
    const r = await this.db.deleteFrom('carts').where('cart_key', '=', key).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /**
   * Deletes up to `limit` expired carts (the oldest ids first) in one short statement, and returns
   * how many; the recurring cleanup calls it until fewer than `limit` go.
   */
  async deleteExpired(limit: number): Promise<number> {
    const now = this.times.now();
    const r = await this.db
      .deleteFrom('carts')
      // Repeated outside the subquery so that PostgreSQL re-checks it on a cart used meanwhile.
      .where('cart_expiry', '<', now)
      .where('id', 'in', (eb) => eb.selectFrom('carts').select('id').where('cart_expiry', '<', now).orderBy('id').limit(limit))
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

}
