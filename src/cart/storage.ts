import type { Cart } from './types.ts';
import type { Owner, Session, SessionHead, SessionWrite, WriteOptions, WriteOutcome } from '../sessions/store.ts';

/**
 * Where the cart service finds and keeps carts: the session store (one row per cart), or a batch's
 * one cart held in memory while its sub-requests run (`BatchScope`). The service runs every use case
 * the same way over either.
 */
export interface CartStorage {
  /**
   * The cart every request through this storage works on, whatever key it names: a batch's. Absent
   * for the session store, where the request's key and caller decide.
   */
  readonly pinned?: { key: string; owner: Owner | null };
  find(key: string): Promise<Session | null>;
  peek(key: string): Promise<SessionHead | null>;
  findOwned(customerId: number): Promise<Session | null>;
  /** A guest cart reaches its shopper at login: theirs now, or combined into the cart they had. */
  handOver(guestKey: string, owner: Owner, combine: (guest: Cart, own: Cart) => Cart): Promise<Session | null>;
  /** Slides a cart's expiry forward on use. */
  touch<S extends SessionHead | Session>(session: S): Promise<S>;
  /** Runs `decide` on the cart as it stands and stores what it returns, with no lost update. */
  write<T>(
    key: string | null,
    decide: (current: Session | null) => SessionWrite<T> | Promise<SessionWrite<T>>,
    owner?: Owner | null,
    options?: WriteOptions,
  ): Promise<WriteOutcome<T>>;
  /** When a cart used now expires. */
  freshExpiry(): number;
}
