import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Cart } from '../cart/types.ts';
import type { User } from '../customers/types.ts';
import type { Owner, Session, SessionWrite, WriteOutcome } from '../sessions/store.ts';

/**
 * A batch request's sub-requests run as internal requests (`app.inject`) inside this scope, so that
 * they all work on one cart that the batch loaded once and saves once. A sub-request names its scope
 * by a random token in a header; a scope is known only while its batch runs, and the token is never
 * sent out, so no client can put a request into one. (Fastify's inject does not carry the async
 * context, so AsyncLocalStorage cannot do this.)
 */

export interface BatchCaller {
  user: User | null;
  actingFor: User | null;
}

export class BatchScope {
  /** True while sub-requests are only being validated (`require-all-validate`): none may run. */
  validating = false;
  readonly token = randomUUID();
  private changed = false;
  /** The one save at the end makes the next revision, however many sub-requests wrote. */
  private readonly revision: number;

  constructor(
    readonly caller: BatchCaller,
    /** The cart as the batch found it, then as each sub-request left it. */
    private session: Session | null,
    /** The key and owner a cart the batch creates will be stored under, so sub-responses can show them. */
    readonly newCart: { key: string; owner: Owner | null },
    private readonly times: { now: number; expiry: number },
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
    const { now: created, expiry } = this.times;
    const base: Session = this.session ?? {
      id: 0,
      key: this.newCart.key,
      userId: this.newCart.owner?.userId ?? null,
      customerId: this.newCart.owner?.customerId ?? null,
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

/** Header on a sub-response that passed validation without running. */
export const VALID_MARKER = 'x-cartwright-batch-valid';

export const BATCH_HEADER = 'x-cartwright-batch';

const live = new Map<string, BatchScope>();

/** The batch `req` runs in, if it is a batch's sub-request. */
export function currentBatch(req: FastifyRequest): BatchScope | undefined {
  if (!live.size) return undefined;
  const token = req.headers[BATCH_HEADER];
  return typeof token === 'string' ? live.get(token) : undefined;
}

/** Runs `work` with `scope` known; `work` sends its sub-requests with `{ [BATCH_HEADER]: scope.token }`. */
export async function runInBatch<T>(scope: BatchScope, work: () => Promise<T>): Promise<T> {
  live.set(scope.token, scope);
  try {
    return await work();
  } finally {
    live.delete(scope.token);
  }
}
