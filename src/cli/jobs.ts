import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { ACTION_STATUSES, JobQueue, type ActionStatus, type ScheduledAction } from '../jobs/queue.ts';
import { withDatabase } from './database.ts';

/** `cartwright jobs …`: the background queue (the admin API's cartwright/v1/actions, from the command line). */

const time = (t: number | null) => (t === null ? null : new Date(t * 1000).toISOString().replace('.000Z', 'Z'));

const summary = (a: ScheduledAction) => ({
  id: a.id, hook: a.hook, status: a.status, group: a.group, args: a.args, scheduled_at: time(a.scheduledAt),
  attempts: a.attempts, max_attempts: a.maxAttempts, recurrence: a.recurrence, last_error: a.lastError,
});

export function registerJobCommands(program: Command): void {
  const jobs = program.command('jobs').description('the background queue of scheduled actions');

  jobs
    .command('list')
    .description('list scheduled actions, the latest due first, with counts per status')
    .option('--status <status>', `only actions of this status: ${ACTION_STATUSES.join(', ')}`)
    .option('--hook <hook>', 'only actions of this hook')
    .option('--group <group>', 'only actions of this group')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'machine-readable output')
    .action(async (opts: { status?: string; hook?: string; group?: string; limit: string; json?: boolean }) => {
      if (opts.status !== undefined && !ACTION_STATUSES.includes(opts.status as ActionStatus)) {
        throw new Error(`Unknown status "${opts.status}": use ${ACTION_STATUSES.join(', ')}.`);
      }
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new Error('--limit must be a whole number of at least 1.');
      const { total, actions, counts } = await withDatabase(loadConfig(), async (handle) => {
        const queue = new JobQueue(handle, () => Math.floor(Date.now() / 1000));
        const filter = { hook: opts.hook, group: opts.group };
        const page = await queue.list({ ...filter, status: opts.status as ActionStatus | undefined, offset: 0, limit, orderBy: 'scheduled_at', order: 'desc' });
        return { ...page, counts: await queue.counts(filter) };
      });
      if (opts.json) return console.log(JSON.stringify({ total, counts, actions: actions.map(summary) }));
      console.log(ACTION_STATUSES.map((s) => `${s}: ${counts[s]}`).join(', '));
      if (!actions.length) return console.log('No actions.');
      console.table(actions.map((a) => ({ id: a.id, hook: a.hook, status: a.status, group: a.group, scheduled_at: time(a.scheduledAt), attempts: `${a.attempts}/${a.maxAttempts}` })));
      if (total > actions.length) console.log(`(${actions.length} of ${total}; use --limit for more)`);
    });
}
