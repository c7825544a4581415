import type { Cart } from './types.ts';
import type { CartStorage } from './storage.ts';
import type { Owner, Session, SessionHead, SessionWrite, WriteOutcome } from '../sessions/store.ts';

/**
 * A batch's cart: the sub-requests of one batch all work on the cart the batch loaded once, and the
 * batch stores it once at the end (one revision). As a `CartStorage` it answers every read with that
 * cart and applies every write to it in memory, so the cart service runs sub-requests exactly as it
 * runs any request.
 */
export class BatchScope implements CartStorage {
  /** True while sub-requests are only being validated (`require-all-validate`): none may run. */
  validating = false;
  /** What the sub-requests announce (hooks' actions), told once the batch's cart is stored. */
  private readonly announcements: (() => Promise<void>)[] = [];
  private changed = false;
  /** The one save at the end makes the next revision, however many sub-requests wrote. */
  private readonly revision: number;

  constructor(
    /** The cart as the batch found it, then as each sub-request left it. */
    private session: Session | null,
    /** The key and owner a cart the batch creates will be stored under, so sub-responses can show them. */
    readonly pinned: { key: string; owner: Owner | null },
    private readonly times: { now: number; expiry: number },
  ) {
    this.revision = (session?.revision ?? 0) + 1;
  }

  /**
   * Keeps `work` until the batch has stored its cart. A batch redone after another node changed the
   * cart runs its sub-requests again in a new scope; only the attempt that was stored announces.
   */
  later(work: () => Promise<void>): void {
    this.announcements.push(work);
  }

  /** Tells what was kept, in the order the sub-requests said it. */
  async announce(): Promise<void> {
    for (const work of this.announcements.splice(0)) await work();
  }

  get current(): Session | null {
    return this.session;
  }

  /** The cart to store at the end, or null when no sub-request changed anything. */
  get result(): Session | null {
    return this.changed ? this.session : null;
  }

  async find(): Promise<Session | null> {
    return this.session;
  }

  async peek(): Promise<SessionHead | null> {
    const s = this.session;
    return s && { id: s.id, key: s.key, customerId: s.customerId, revision: s.revision, expiry: s.expiry, pendingNotices: s.cart.notices.length > 0 };
  }

  async findOwned(): Promise<Session | null> {
    return this.session;
  }

  /** The batch resolved its cart (and any hand-over) before it began. */
  async handOver(): Promise<Session | null> {
    return this.session;
  }

  /** The batch's own save sets the expiry. */
  async touch<S extends SessionHead | Session>(session: S): Promise<S> {
    return session;
  }

  freshExpiry(): number {
    return this.times.expiry;
  }

  /** A sub-request's cart write: applied to the batch's copy, stored when the batch ends. */
  async write<T>(_key: string | null, decide: (current: Session | null) => SessionWrite<T> | Promise<SessionWrite<T>>): Promise<WriteOutcome<T>> {
    const decision = await decide(this.session);
    if (!decision.cart) return { session: this.session, value: decision.value };
    this.session = this.next(decision.cart, decision.hash ?? '');
    this.changed = true;
    return { session: this.session, value: decision.value };
  }

  private next(cart: Cart, hash: string): Session {
    const { now: created, expiry } = this.times;
    const base: Session = this.session ?? {
      id: 0,
      key: this.pinned.key,
      userId: this.pinned.owner?.userId ?? null,
      customerId: this.pinned.owner?.customerId ?? null,
      cart,
      created,
      expiry,
      source: 'cocart',
      hash,
      revision: 0,
    };
    return { ...base, cart, hash, expiry, revision: this.revision };
  }
}
