import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Jobs } from '../registry.ts';
import { localDemoImages } from './local-demo-images.ts';
import { v4SessionLayout, type UpgradeRoutine } from './v4-session-layout.ts';

/**
 * Data upgrades, as CoCart's update guide describes them (docs/wire-contract.md#database-updates):
 * structural migrations run at start, but routines that rewrite stored data wait until an
 * administrator starts them, from the admin API or `cartwright update`. They then run as background
 * actions in batches (group `cartwright-db-updates`), while the store keeps serving carts in the old
 * layout. When the last one finishes, a dismissible "update complete" notice is shown once.
 */

export const ROUTINES: readonly UpgradeRoutine[] = [v4SessionLayout, localDemoImages];
export const UPDATE_GROUP = 'cartwright-db-updates';
export const RUN_UPDATE_CALLBACK = 'cartwright_run_update_callback';

const COMPLETED_AT = 'cartwright_db_update_completed_at';
const NOTICE_DISMISSED = 'cartwright_db_update_notice_dismissed';

export type UpgradeState = 'current' | 'needed' | 'running' | 'complete';

export interface UpgradeStatus {
  /** `needed`: data waits for an upgrade; `running`: its actions are queued; `complete`: done, notice not yet dismissed. */
  state: UpgradeState;
  routines: { name: string; description: string; remaining: number }[];
  /** The upgrade's background actions by status. */
  actions: { pending: number; in_progress: number; complete: number; failed: number };
  completed_at: number | null;
}

export class Upgrades {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly jobs: Jobs,
    private readonly now: () => number,
    /** Tells every node the catalogue changed (a routine rewrote some of it). */
    private readonly catalogueChanged: () => Promise<void>,
  ) {
    jobs.registry.register<{ callback: string }>(RUN_UPDATE_CALLBACK, async (args) => {
      const routine = ROUTINES.find((r) => r.name === args.callback);
      if (!routine) throw new Error(`Unknown update callback "${String(args.callback)}"`);
      await this.batch(routine);
      if ((await routine.remaining(this.db)) > 0) return { again: true };
      await this.finishIfDone();
    });
  }

  async status(): Promise<UpgradeStatus> {
    const routines = await Promise.all(ROUTINES.map(async (r) => ({ name: r.name, description: r.description, remaining: await r.remaining(this.db) })));
    const counts = await this.jobs.queue.counts({ group: UPDATE_GROUP });
    const actions = { pending: counts.pending, in_progress: counts['in-progress'], complete: counts.complete, failed: counts.failed };
    const completedAt = await this.option(COMPLETED_AT);
    const dismissed = (await this.option(NOTICE_DISMISSED)) !== null;
    const remaining = routines.some((r) => r.remaining > 0);
    const state: UpgradeState =
      actions.pending + actions.in_progress > 0 ? 'running'
      : remaining ? 'needed'
      : completedAt !== null && !dismissed ? 'complete'
      : 'current';
    return { state, routines, actions, completed_at: completedAt === null ? null : Number(completedAt) };
  }

  /** Queues one action per routine with work to do (once: starting twice queues nothing more); how many had work. */
  async start(): Promise<number> {
    const due = [];
    for (const routine of ROUTINES) if ((await routine.remaining(this.db)) > 0) due.push(routine);
    // A new update gets a new "complete" notice; with nothing to do, the last one stands.
    if (due.length) await this.db.deleteFrom('options').where('name', 'in', [COMPLETED_AT, NOTICE_DISMISSED]).execute();
    for (const routine of due) {
      await this.jobs.queue.schedule(RUN_UPDATE_CALLBACK, { callback: routine.name }, { group: UPDATE_GROUP, unique: true, maxAttempts: 10 });
    }
    return due.length;
  }

  /**
   * Runs every routine in this process, batch by batch (`cartwright update`); `progress` hears after
   * each batch. Safe beside the background actions and resumable: each batch takes what is left.
   */
  async runInForeground(progress: (routine: UpgradeRoutine, done: number, remaining: number) => void): Promise<number> {
    let total = 0;
    for (const routine of ROUTINES) {
      let done = 0;
      let remaining = await routine.remaining(this.db);
      while (remaining > 0) {
        const did = await this.batch(routine);
        done += did;
        remaining = await routine.remaining(this.db);
        progress(routine, done, remaining);
        // Nothing upgraded yet rows remain: shoppers are writing those very carts; give them a moment.
        if (did === 0 && remaining > 0) await new Promise((r) => setTimeout(r, 50));
      }
      total += done;
    }
    await this.finishIfDone(total > 0);
    return total;
  }

  private async batch(routine: UpgradeRoutine): Promise<number> {
    const did = await routine.runBatch(this.db);
    if (did > 0 && routine.changesCatalogue) await this.catalogueChanged();
    return did;
  }

  async dismissNotice(): Promise<void> {
    await this.setOption(NOTICE_DISMISSED, String(this.now()));
  }

  private async finishIfDone(changedSomething = true): Promise<void> {
    for (const routine of ROUTINES) if ((await routine.remaining(this.db)) > 0) return;
    if (changedSomething) await this.setOption(COMPLETED_AT, String(this.now()));
  }

  private async option(name: string): Promise<string | null> {
    const row = await this.db.selectFrom('options').select('value').where('name', '=', name).executeTakeFirst();
    return row?.value ?? null;
  }

  private async setOption(name: string, value: string): Promise<void> {
    await this.db
      .insertInto('options')
      .values({ name, value })
      .onConflict((oc) => oc.column('name').doUpdateSet({ value }))
      .execute();
  }
}
