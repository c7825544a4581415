import { AsyncLocalStorage } from 'node:async_hooks';
import type { Cart } from '../cart/types.ts';
import type { User } from '../customers/types.ts';
import type { Owner, Session, SessionWrite, WriteOutcome } from '../sessions/store.ts';

/**
 * A batch request's sub-requests run as internal requests (`app.inject`) inside this scope, so that
 * they all work on one cart that the batch loaded once and saves once. The scope travels with the
 * async context, so no header a client could forge can put a request into it.
 */

export interface BatchCaller {
  user: User | null;
  actingFor: User | null;
}

export class BatchScope {
  /** True while sub-requests are only being validated (`require-all-validate`): none may run. */
  validating = false;
  private changed = false;
  /** The one save at the end makes the next revision, however many sub-requests wrote. */
  private readonly revision: number;

  constructor(
    readonly caller: BatchCaller,
    /** The cart as the batch found it, then as each sub-request left it. */
    private session: Session | null,
    /** The key and owner a cart the batch creates will be stored under, so sub-responses can show them. */
    readonly newCart: { key: string; owner: Owner | null },
    private readonly lifetime: { now: number; seconds: number },
  ) {
    this.revision = (session?.revision ?? 0) + 1;
  }

  get current(): Session | null {
    return this.session;
  }

  /** The cart to store at the end, or null when no sub-request changed anything. */
  get result(): Session | null {
    return this.changed ? this.session : null;
  }

  /** A sub-request's cart write: applied to the batch's copy, stored when the batch ends. */
  async write<T>(decide: (current: Session | null) => SessionWrite<T> | Promise<SessionWrite<T>>): Promise<WriteOutcome<T>> {
    const decision = await decide(this.session);
    if (!decision.cart) return { session: this.session, value: decision.value };
    this.session = this.next(decision.cart, decision.hash ?? '');
    this.changed = true;
    return { session: this.session, value: decision.value };
  }

  private next(cart: Cart, hash: string): Session {
    const expiry = this.lifetime.now + this.lifetime.seconds;
    const base: Session = this.session ?? {
      id: 0,
      key: this.newCart.key,
      userId: this.newCart.owner?.userId ?? null,
      customerId: this.newCart.owner?.customerId ?? null,
      cart,
      created: this.lifetime.now,
      expiry,
      source: 'cocart',
      hash,
      revision: 0,
    };
    return { ...base, cart, hash, expiry, revision: this.revision };
  }
}

const storage = new AsyncLocalStorage<BatchScope>();

/** The batch the current request runs in, if it is a batch's sub-request. */
export function currentBatch(): BatchScope | undefined {
  return storage.getStore();
}

export function runInBatch<T>(scope: BatchScope, work: () => Promise<T>): Promise<T> {
  return storage.run(scope, work);
}
