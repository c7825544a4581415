import { sql, type Kysely, type Selectable, type Transaction, type UpdateQueryBuilder, type UpdateResult } from 'kysely';
import { afterCommit, inWriteTransaction, type DatabaseHandle } from '../db/connection.ts';
import type { Database, ScheduledActionsTable } from '../db/schema.ts';
import { CocartError } from '../errors.ts';

/**
 * The background queue, after WooCommerce's Action Scheduler: actions (a hook, JSON arguments, a
 * group) wait in `scheduled_actions` until they are due, and any node's worker claims them.
 *
 * A claim is a lease: the action becomes `in-progress`, names the node, and lapses at `lease_until`
 * unless the node renews it. Claiming takes the oldest due rows with `FOR UPDATE SKIP LOCKED` on
 * PostgreSQL, and under SQLite's write lock (`BEGIN IMMEDIATE`), so no two claims get the same action.
 * Every later change by the runner (complete, fail, renew) names its claim — node and attempt — and
 * does nothing if the claim is no longer current (the lease lapsed and the action went elsewhere).
 * Every state change writes a log line in the same transaction. Times are unix seconds from the
 * runtime's clock.
 */

export const ACTION_STATUSES = ['pending', 'in-progress', 'complete', 'failed', 'canceled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface ScheduledAction {
  id: number;
  hook: string;
  args: JsonValue;
  group: string;
  status: ActionStatus;
  scheduledAt: number;
  /** Runs started so far; the current one's number while in progress. */
  attempts: number;
  maxAttempts: number;
  claimedBy: string | null;
  leaseUntil: number | null;
  /** Seconds between runs of a recurring action; null for a one-off. */
  recurrence: number | null;
  lastError: string | null;
  createdAt: number;
  completedAt: number | null;
}

export interface ActionLog {
  id: number;
  loggedAt: number;
  message: string;
}

export interface ScheduleOptions {
  group?: string;
  /** When it is due (unix seconds); default now. */
  at?: number;
  /** Runs before it is `failed` (default 3). */
  maxAttempts?: number;
  /** Seconds between runs: when one ends the next is scheduled that long after. */
  recurrence?: number | null;
  /** Do nothing if an action with the same hook and args is pending or in progress (that one is returned). */
  unique?: boolean;
  /**
   * Do nothing if an action with the same hook and args is pending, not yet started (that one is
   * returned): for work that reads the current state when it runs, one waiting run covers them all.
   */
  coalesce?: boolean;
}

export interface ActionFilter {
  status?: ActionStatus;
  hook?: string;
  group?: string;
  /** Part of the hook or of the JSON arguments, any case. */
  search?: string;
}

export interface ActionListQuery extends ActionFilter {
  offset: number;
  limit: number;
  orderBy: 'scheduled_at' | 'id';
  order: 'asc' | 'desc';
}

export const DEFAULT_MAX_ATTEMPTS = 3;
/** Retry delays: 30 s after the first failure, doubling, at most an hour. */
const RETRY_BASE = 30;
const RETRY_CAP = 3600;

export function retryDelay(attempt: number): number {
  return Math.min(RETRY_BASE * 2 ** Math.max(0, attempt - 1), RETRY_CAP);
}

/** JSON with object keys sorted at every level, so equal arguments are equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

function isoTime(t: number): string {
  return new Date(t * 1000).toISOString().replace('.000Z', 'Z');
}

function parseArgs(text: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return null;
  }
}

function fromRow(r: Selectable<ScheduledActionsTable>): ScheduledAction {
  return {
    id: Number(r.id),
    hook: r.hook,
    args: parseArgs(r.args),
    group: r.group_name,
    status: r.status as ActionStatus,
    scheduledAt: Number(r.scheduled_at),
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    claimedBy: r.claimed_by,
    leaseUntil: r.lease_until === null ? null : Number(r.lease_until),
    recurrence: r.recurrence_seconds,
    lastError: r.last_error,
    createdAt: Number(r.created_at),
    completedAt: r.completed_at === null ? null : Number(r.completed_at),
  };
}

const byDueTime = (a: ScheduledAction, b: ScheduledAction) => a.scheduledAt - b.scheduledAt || a.id - b.id;

/** `%`, `_` and `\` taken literally in a LIKE pattern (with `escape '\'`). */
function likeContaining(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class JobQueue {
  private readonly wakeListeners = new Set<() => void>();

  constructor(
    private readonly handle: DatabaseHandle,
    private readonly now: () => number,
  ) {}

  private get db(): Kysely<Database> {
    return this.handle.db;
  }

  /** Calls `listener` whenever this node schedules an action or makes one due (the worker wakes on it). */
  onWake(listener: () => void): () => void {
    this.wakeListeners.add(listener);
    return () => this.wakeListeners.delete(listener);
  }

  private wake(): void {
    for (const listener of this.wakeListeners) listener();
  }

  /** Schedules `hook` with `args`; with `unique`, returns the action already waiting instead of adding one. */
  schedule(hook: string, args: JsonValue = {}, options: ScheduleOptions = {}): Promise<ScheduledAction> {
    return inWriteTransaction(this.handle, (trx) => this.scheduleIn(trx, hook, args, options));
  }

  /**
   * `schedule` inside the caller's write transaction: the action exists if and only if the change that
   * caused it commits (an outbox), and the worker wakes once it has.
   */
  async scheduleIn(trx: Kysely<Database>, hook: string, args: JsonValue = {}, options: ScheduleOptions = {}): Promise<ScheduledAction> {
    if (!hook || hook.length > 191) throw new Error(`Invalid hook name "${hook}"`);
    const text = canonicalJson(args);
    const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    const recurrence = options.recurrence ?? null;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error('maxAttempts must be a whole number of at least 1');
    if (recurrence !== null && (!Number.isInteger(recurrence) || recurrence < 1)) throw new Error('recurrence must be a whole number of seconds');
    const now = this.now();
    const at = Math.floor(options.at ?? now);
    if (options.unique || options.coalesce) {
      // Nodes starting together schedule their recurring tasks together: serialize per hook and args.
      if (this.handle.dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${`${hook}\n${text}`}::text))`.execute(trx);
      const existing = await trx
        .selectFrom('scheduled_actions')
        .selectAll()
        .where('hook', '=', hook)
        .where('status', 'in', options.coalesce ? ['pending'] : ['pending', 'in-progress'])
        .where('args', '=', text)
        .orderBy('id')
        .executeTakeFirst();
      if (existing) return fromRow(existing);
    }
    const row = await trx
      .insertInto('scheduled_actions')
      .values({
        hook,
        args: text,
        group_name: options.group ?? '',
        status: 'pending',
        scheduled_at: at,
        attempts: 0,
        max_attempts: maxAttempts,
        recurrence_seconds: recurrence,
        created_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    const every = recurrence === null ? '' : `, every ${recurrence} s`;
    await this.log(trx, now, [[id, `action created, due at ${isoTime(at)}${every}`]]);
    afterCommit(trx, () => this.wake());
    return fromRow(row);
  }

  /** Whether an action of `hook` with `args` was ever scheduled, in any status, as `db` (a transaction, say) sees it. */
  async scheduledBefore(db: Kysely<Database>, hook: string, args: JsonValue): Promise<boolean> {
    const row = await db.selectFrom('scheduled_actions').select('id').where('hook', '=', hook).where('args', '=', canonicalJson(args)).limit(1).executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Claims up to `limit` due pending actions (oldest first) for `nodeId`, leased for `leaseSeconds`;
   * `hooks` limits it to the hooks this node can run. Each claim counts as an attempt.
   */
  async claim(nodeId: string, limit: number, leaseSeconds: number, hooks?: readonly string[]): Promise<ScheduledAction[]> {
    if (limit < 1 || (hooks && hooks.length === 0)) return [];
    const now = this.now();
    // An idle poll is one indexed read: no write lock taken (on SQLite it would be the database's).
    let due = this.db.selectFrom('scheduled_actions').select('id').where('status', '=', 'pending').where('scheduled_at', '<=', now);
    if (hooks) due = due.where('hook', 'in', hooks);
    if (!(await due.limit(1).executeTakeFirst())) return [];
    const claimed = await inWriteTransaction(this.handle, async (trx) => {
      // The due rows are chosen once (a materialized CTE): as a plain `IN (SELECT … LIMIT n FOR UPDATE
      // SKIP LOCKED)`, PostgreSQL may run the subquery again for each row it updates, and each run
      // then skips the rows just updated and locks n more, so one claim could take every due action.
      const rows = await trx
        .with(
          (cte) => cte('due').materialized(),
          (db) => {
            let q = db
              .selectFrom('scheduled_actions')
              .select('id')
              .where('status', '=', 'pending')
              .where('scheduled_at', '<=', now)
              .orderBy('scheduled_at')
              .orderBy('id')
              .limit(limit);
            if (hooks) q = q.where('hook', 'in', hooks);
            return this.handle.dialect === 'postgres' ? q.forUpdate().skipLocked() : q;
          },
        )
        .updateTable('scheduled_actions')
        .set((eb) => ({ status: 'in-progress', claimed_by: nodeId, lease_until: now + leaseSeconds, attempts: eb('attempts', '+', 1) }))
        .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
        .where('status', '=', 'pending')
        .returningAll()
        .execute();
      if (rows.length) await this.log(trx, now, rows.map((r) => [Number(r.id), `action claimed by node ${nodeId} (attempt ${r.attempts} of ${r.max_attempts})`]));
      return rows.map(fromRow);
    });
    return claimed.sort(byDueTime);
  }

  /** Extends a running action's lease; false if the claim is no longer this runner's. */
  async renew(claim: ScheduledAction, leaseSeconds: number): Promise<boolean> {
    const r = await this.ownClaim(this.db.updateTable('scheduled_actions').set({ lease_until: this.now() + leaseSeconds }), claim).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * The run ended well. With `again` the same action is due again at once (a routine working in
   * batches), its attempts starting afresh; otherwise it is complete and, if recurring, its next run
   * is scheduled. False if the claim was no longer this runner's (nothing changed).
   */
  async complete(claim: ScheduledAction, outcome: { again?: boolean } = {}): Promise<boolean> {
    const now = this.now();
    return inWriteTransaction(this.handle, async (trx) => {
      if (outcome.again) {
        const r = await this.ownClaim(
          trx.updateTable('scheduled_actions').set({ status: 'pending', scheduled_at: now, attempts: 0, claimed_by: null, lease_until: null, last_error: null }),
          claim,
        ).executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) return false;
        await this.log(trx, now, [[claim.id, 'batch done; runs again at once']]);
        return true;
      }
      const r = await this.ownClaim(
        trx.updateTable('scheduled_actions').set({ status: 'complete', completed_at: now, claimed_by: null, lease_until: null }),
        claim,
      ).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return false;
      await this.log(trx, now, [[claim.id, 'action complete']]);
      await this.scheduleNext(trx, claim, now);
      return true;
    });
  }

  /**
   * The run threw `error`. With attempts left the action is pending again after a backoff (30 s, 60 s,
   * 120 s …, at most an hour); otherwise it is `failed` (and a recurring one's next run is scheduled).
   * Returns what became of it, or null if the claim was no longer this runner's.
   */
  async fail(claim: ScheduledAction, error: string): Promise<'retry' | 'failed' | null> {
    const now = this.now();
    const message = error.slice(0, 2000) || 'unknown error';
    return inWriteTransaction(this.handle, async (trx) => {
      const retry = claim.attempts < claim.maxAttempts;
      const at = now + retryDelay(claim.attempts);
      const set = retry
        ? { status: 'pending', scheduled_at: at, claimed_by: null, lease_until: null, last_error: message }
        : { status: 'failed', completed_at: now, claimed_by: null, lease_until: null, last_error: message };
      const r = await this.ownClaim(trx.updateTable('scheduled_actions').set(set), claim).executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return null;
      await this.log(trx, now, [
        [claim.id, `action failed: ${message}`],
        [claim.id, retry ? `retry scheduled at ${isoTime(at)} (attempt ${claim.attempts + 1} of ${claim.maxAttempts})` : `no attempts left (${claim.maxAttempts})`],
      ]);
      if (!retry) await this.scheduleNext(trx, claim, now);
      return retry ? 'retry' : 'failed';
    });
  }

  /**
   * In-progress actions whose lease lapsed (their node crashed or lost the database) go back to
   * pending, or to `failed` when that was their last attempt. Returns how many were released.
   */
  async releaseExpiredLeases(): Promise<number> {
    const now = this.now();
    const lapsed = (db: Kysely<Database>) => db.selectFrom('scheduled_actions').where('status', '=', 'in-progress').where('lease_until', '<', now);
    if (!(await lapsed(this.db).select('id').limit(1).executeTakeFirst())) return 0;
    return inWriteTransaction(this.handle, async (trx) => {
      let expired = lapsed(trx).selectAll();
      if (this.handle.dialect === 'postgres') expired = expired.forUpdate().skipLocked();
      const rows = await expired.execute();
      for (const r of rows) {
        const last = r.attempts >= r.max_attempts;
        const error = `lease of node ${r.claimed_by} expired`;
        await trx
          .updateTable('scheduled_actions')
          .set(last ? { status: 'failed', completed_at: now, claimed_by: null, lease_until: null, last_error: error } : { status: 'pending', claimed_by: null, lease_until: null })
          .where('id', '=', r.id)
          .where('status', '=', 'in-progress')
          .where('attempts', '=', r.attempts)
          .execute();
        const message = `lease of node ${r.claimed_by} expired (attempt ${r.attempts} of ${r.max_attempts})`;
        await this.log(trx, now, [[Number(r.id), last ? `${message}; no attempts left: failed` : `${message}; released to pending`]]);
        if (last) await this.scheduleNext(trx, fromRow(r), now);
      }
      return rows.length;
    });
  }

  /** Cancels a pending action (a recurring one's series ends with it). */
  async cancel(id: number): Promise<ScheduledAction> {
    const now = this.now();
    return inWriteTransaction(this.handle, async (trx) => {
      const row = await this.held(trx, id);
      if (row.status !== 'pending') {
        throw new CocartError('cartwright_action_not_cancelable', 'conflict', 'Only a pending action can be canceled; this one is %s.', [row.status], { action_status: row.status });
      }
      const updated = await trx.updateTable('scheduled_actions').set({ status: 'canceled', completed_at: now }).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
      await this.log(trx, now, [[id, 'action canceled']]);
      return fromRow(updated);
    });
  }

  /**
   * Makes an action due now and wakes this node's worker. A failed one gets a fresh set of attempts;
   * a complete, canceled or running one cannot be run.
   */
  async runNow(id: number): Promise<ScheduledAction> {
    const now = this.now();
    const action = await inWriteTransaction(this.handle, async (trx) => {
      const row = await this.held(trx, id);
      if (row.status !== 'pending' && row.status !== 'failed') {
        throw new CocartError('cartwright_action_not_runnable', 'conflict', 'This action cannot be run now: it is %s.', [row.status], { action_status: row.status });
      }
      const retry = row.status === 'failed';
      const updated = await trx
        .updateTable('scheduled_actions')
        .set(retry ? { status: 'pending', scheduled_at: now, attempts: 0, completed_at: null } : { scheduled_at: now })
        .where('id', '=', id)
        .where('status', '=', row.status)
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.log(trx, now, [[id, retry ? 'run now: the failed action is due again, with fresh attempts' : 'run now: due at once']]);
      return fromRow(updated);
    });
    this.wake();
    return action;
  }

  async get(id: number): Promise<ScheduledAction | null> {
    const row = await this.db.selectFrom('scheduled_actions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  /** An action's history, oldest first. */
  async logs(id: number): Promise<ActionLog[]> {
    const rows = await this.db.selectFrom('scheduled_action_logs').select(['id', 'logged_at', 'message']).where('action_id', '=', id).orderBy('id').execute();
    return rows.map((r) => ({ id: Number(r.id), loggedAt: Number(r.logged_at), message: r.message }));
  }

  /** A page of actions matching the filter, and how many match in all. */
  async list(query: ActionListQuery): Promise<{ total: number; actions: ScheduledAction[] }> {
    const matching = this.filtered(query);
    const total = Number((await matching.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await matching.selectAll().orderBy(query.orderBy, query.order).orderBy('id', query.order).limit(query.limit).offset(query.offset).execute();
    return { total, actions: rows.map(fromRow) };
  }

  /** How many actions of each status match the filter (its `status` aside); every status is present. */
  async counts(filter: Omit<ActionFilter, 'status'> = {}): Promise<Record<ActionStatus, number>> {
    const rows = await this.filtered({ ...filter, status: undefined })
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const counts = Object.fromEntries(ACTION_STATUSES.map((s) => [s, 0])) as Record<ActionStatus, number>;
    for (const r of rows) if (r.status in counts) counts[r.status as ActionStatus] = Number(r.n);
    return counts;
  }

  private filtered(filter: ActionFilter) {
    let q = this.db.selectFrom('scheduled_actions');
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.hook) q = q.where('hook', '=', filter.hook);
    if (filter.group !== undefined) q = q.where('group_name', '=', filter.group);
    if (filter.search) {
      const pattern = likeContaining(filter.search);
      q = q.where(sql<boolean>`(lower(hook) like ${pattern} escape '\\' or lower(args) like ${pattern} escape '\\')`);
    }
    return q;
  }

  /** The row `id`, held for the transaction on PostgreSQL (SQLite's write lock already holds it); 404 if none. */
  private async held(trx: Kysely<Database>, id: number): Promise<Selectable<ScheduledActionsTable>> {
    let q = trx.selectFrom('scheduled_actions').selectAll().where('id', '=', id);
    if (this.handle.dialect === 'postgres') q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw new CocartError('cartwright_action_not_found', 'not_found', 'No action with this ID.');
    return row;
  }

  /** Restricts an update to the action while `claim` is its current run. */
  private ownClaim<Q extends UpdateQueryBuilder<Database, 'scheduled_actions', 'scheduled_actions', UpdateResult>>(q: Q, claim: ScheduledAction): Q {
    return q
      .where('id', '=', claim.id)
      .where('status', '=', 'in-progress')
      .where('claimed_by', '=', claim.claimedBy ?? '')
      .where('attempts', '=', claim.attempts) as Q;
  }

  /**
   * A recurring action that ended (complete or failed) has its next run scheduled `recurrence` seconds
   * on, unless one of its series already waits (a failed run that was run again after its successor
   * was scheduled): a series never forks.
   */
  private async scheduleNext(trx: Kysely<Database>, ended: ScheduledAction, now: number): Promise<void> {
    if (ended.recurrence === null) return;
    const args = canonicalJson(ended.args);
    const waiting = await trx
      .selectFrom('scheduled_actions')
      .select('id')
      .where('hook', '=', ended.hook)
      .where('status', 'in', ['pending', 'in-progress'])
      .where('args', '=', args)
      .where('recurrence_seconds', '=', ended.recurrence)
      .where('id', '!=', ended.id)
      .executeTakeFirst();
    if (waiting) {
      await this.log(trx, now, [[ended.id, `next run already scheduled (action ${waiting.id})`]]);
      return;
    }
    const at = now + ended.recurrence;
    const next = await trx
      .insertInto('scheduled_actions')
      .values({
        hook: ended.hook,
        args,
        group_name: ended.group,
        status: 'pending',
        scheduled_at: at,
        attempts: 0,
        max_attempts: ended.maxAttempts,
        recurrence_seconds: ended.recurrence,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.log(trx, now, [
      [ended.id, `next run scheduled at ${isoTime(at)} (action ${next.id})`],
      [Number(next.id), `action created, due at ${isoTime(at)}, every ${ended.recurrence} s (after action ${ended.id})`],
    ]);
  }

  private async log(trx: Kysely<Database>, now: number, lines: [actionId: number, message: string][]): Promise<void> {
    if (!lines.length) return;
    await trx
      .insertInto('scheduled_action_logs')
      .values(lines.map(([action_id, message]) => ({ action_id, logged_at: now, message })))
      .execute();
  }

}
