import type { Kysely, Selectable } from 'kysely';
import type { DatabaseHandle } from '../db/connection.ts';
import type { Database, IdempotencyKeysTable } from '../db/schema.ts';

/**
 * Idempotency keys: one row per (scope, key). The first request claims the key with an
 * `INSERT … ON CONFLICT DO NOTHING` on the primary key, so of any number of racing requests, on any
 * number of nodes, exactly one wins; the others read the row and wait for, or replay, its answer.
 * Every take-over (an expired row, a claim abandoned by a crashed node) is a compare-and-set on
 * `claimed_at`, so it too has a single winner. Times are unix seconds from the runtime's clock.
 */

/** Seconds a stored answer is replayed for. */
export const IDEMPOTENCY_TTL = 24 * 60 * 60;
/** Seconds after which a claim that never completed is taken to be abandoned. */
export const STALE_CLAIM = 60;

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type ClaimOutcome =
  /** The caller owns the key; `token` identifies its claim when completing or releasing it. */
  | { kind: 'claimed'; token: number }
  /** The key was used for a different request. */
  | { kind: 'mismatch' }
  /** The first request with this key is still running. */
  | { kind: 'running' }
  /** The first request finished: its answer. */
  | { kind: 'completed'; response: StoredResponse }
  /**
   * The first request's write was stored, but its answer never was (its node stopped in between):
   * it must not run again; the cart it wrote to answers for it.
   */
  | { kind: 'applied'; cartKey: string };

function storedResponse(row: Selectable<IdempotencyKeysTable>): StoredResponse {
  let headers: Record<string, string> = {};
  try {
    headers = JSON.parse(row.headers ?? '{}') as Record<string, string>;
  } catch {
    // A damaged header map replays without headers rather than failing the request.
  }
  return { status: Number(row.status), headers, body: row.body ?? '' };
}

export class IdempotencyStore {
  constructor(
    private readonly handle: DatabaseHandle,
    private readonly now: () => number,
  ) {}

  private get db(): Kysely<Database> {
    return this.handle.db;
  }

  /**
   * Claims the key for this request, or says what became of the request that claimed it first.
   * `probe` reads before inserting (for polls, where the row is expected to exist).
   */
  async claim(scope: string, key: string, fingerprint: string, probe = false): Promise<ClaimOutcome> {
    // Each pass either decides or saw the row change under it (released, swept, taken over); a few suffice.
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = this.now();
      let row = probe || attempt > 0 ? await this.row(scope, key) : undefined;
      if (!row) {
        if (await this.insert(scope, key, fingerprint, now)) return { kind: 'claimed', token: now };
        row = await this.row(scope, key);
        if (!row) continue;
      }
      if (row.expires_at <= now) {
        // Expired: as good as absent, so this request runs and its answer replaces the old one.
        if (await this.takeOver(row, fingerprint, now)) return { kind: 'claimed', token: now };
        continue;
      }
      if (row.fingerprint !== fingerprint) return { kind: 'mismatch' };
      if (row.status !== null) return { kind: 'completed', response: storedResponse(row) };
      if (row.claimed_at <= now - STALE_CLAIM) {
        if (row.applied_cart !== null) return { kind: 'applied', cartKey: row.applied_cart };
        if (await this.takeOver(row, fingerprint, now)) return { kind: 'claimed', token: now };
        continue;
      }
      return { kind: 'running' };
    }
    return { kind: 'running' };
  }

  /** Stores the answer of the request holding the claim `token`. */
  async complete(scope: string, key: string, token: number, response: StoredResponse): Promise<boolean> {
    const r = await this.db
      .updateTable('idempotency_keys')
      .set({ status: response.status, headers: JSON.stringify(response.headers), body: response.body })
      .where('scope', '=', scope)
      .where('idempotency_key', '=', key)
      .where('claimed_at', '=', token)
      .where('status', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Records, in the transaction that stores the cart, that the request holding the claim `token` was
   * applied to `cartKey`: from then on the key is never run again, whatever becomes of the answer.
   */
  async markApplied(trx: Kysely<Database>, scope: string, key: string, token: number, cartKey: string): Promise<void> {
    await trx
      .updateTable('idempotency_keys')
      .set({ applied_cart: cartKey })
      .where('scope', '=', scope)
      .where('idempotency_key', '=', key)
      .where('claimed_at', '=', token)
      .where('status', 'is', null)
      .execute();
  }

  /**
   * Gives the key up (the request failed with a server error), so that a retry runs again. Once its
   * write was applied, a retry must not repeat it: the claim is only marked over (`claimed_at` 0, as
   * stale as can be), so that a retry is answered with the cart at once.
   */
  async release(scope: string, key: string, token: number): Promise<void> {
    await this.db
      .deleteFrom('idempotency_keys')
      .where('scope', '=', scope)
      .where('idempotency_key', '=', key)
      .where('claimed_at', '=', token)
      .where('status', 'is', null)
      .where('applied_cart', 'is', null)
      .execute();
    await this.db
      .updateTable('idempotency_keys')
      .set({ claimed_at: 0 })
      .where('scope', '=', scope)
      .where('idempotency_key', '=', key)
      .where('claimed_at', '=', token)
      .where('status', 'is', null)
      .where('applied_cart', 'is not', null)
      .execute();
  }

  /**
   * Deletes up to `limit` rows expired at `now` in one statement, and returns how many. The recurring
   * job `cartwright_expire_idempotency_keys` calls it until fewer than `limit` go.
   */
  async deleteExpired(limit: number, now = this.now()): Promise<number> {
    const r = await this.db
      .deleteFrom('idempotency_keys')
      // Repeated outside the subquery so that PostgreSQL re-checks it on a row taken over meanwhile.
      .where('expires_at', '<=', now)
      .where(({ eb, refTuple, selectFrom }) =>
        eb(
          refTuple('scope', 'idempotency_key'),
          'in',
          selectFrom('idempotency_keys')
            .select(['scope', 'idempotency_key'])
            .where('expires_at', '<=', now)
            .limit(limit)
            .$asTuple('scope', 'idempotency_key'),
        ),
      )
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  private async row(scope: string, key: string): Promise<Selectable<IdempotencyKeysTable> | undefined> {
    return this.db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('idempotency_key', '=', key).executeTakeFirst();
  }

  private async insert(scope: string, key: string, fingerprint: string, now: number): Promise<boolean> {
    const r = await this.db
      .insertInto('idempotency_keys')
      .values({ scope, idempotency_key: key, fingerprint, claimed_at: now, expires_at: now + IDEMPOTENCY_TTL, status: null, headers: null, body: null, applied_cart: null })
      .onConflict((oc) => oc.columns(['scope', 'idempotency_key']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Replaces an expired or abandoned row with a fresh claim, if no one else did first. */
  private async takeOver(row: Selectable<IdempotencyKeysTable>, fingerprint: string, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('idempotency_keys')
      .set({ fingerprint, claimed_at: now, expires_at: now + IDEMPOTENCY_TTL, status: null, headers: null, body: null, applied_cart: null })
      .where('scope', '=', row.scope)
      .where('idempotency_key', '=', row.idempotency_key)
      .where('claimed_at', '=', row.claimed_at)
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb.and([eb('status', 'is', null), eb('applied_cart', 'is', null), eb('claimed_at', '<=', now - STALE_CLAIM)])]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
