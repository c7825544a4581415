import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { JobQueue } from '../jobs/queue.ts';
import { JobRegistry, newNodeId } from '../jobs/registry.ts';
import { Upgrades } from '../jobs/upgrades/index.ts';
import { ORDER_STATUSES, STATUS_LABELS } from '../orders/order.ts';
import { SessionStore } from '../sessions/store.ts';
import { SettingsService } from '../settings/settings.ts';
import { systemStatus, type StatusSources, type SystemStatus } from '../status.ts';
import { withDatabase } from './database.ts';

/** `cartwright status` and `cartwright update`: the store at a glance, and running its database update. */

async function withStore<T>(work: (store: StatusSources) => Promise<T>): Promise<T> {
  const config = loadConfig();
  return withDatabase(config, async (database, bus) => {
    const now = () => Math.floor(Date.now() / 1000);
    const settings = new SettingsService(database.db, bus, () => {});
    await settings.load();
    const sessions = new SessionStore(database, { now, lifetime: () => settings.get().cart.cart_expiration_days * 86400 });
    const jobs = { queue: new JobQueue(database, now), registry: new JobRegistry(), nodeId: newNodeId() };
    const upgrades = new Upgrades(database.db, jobs, now, () => bus.publish('catalog'));
    return work({ config, database, settings, sessions, jobs, upgrades, plugins: config.plugins });
  });
}

function printStatus(s: SystemStatus): void {
  const rows: [string, string | number][] = [
    ['Cartwright version', s.versions.cartwright],
    ['Database', `${s.versions.database} (${s.database.location})`],
    ['E-mail', s.email.enabled ? `on (${s.email.server})` : 'off (SMTP_URL is not set)'],
    ['Carts in session', s.sessions.total],
    ['Carts active', s.sessions.active],
    ['Carts expiring within 24 hours', s.sessions.expiring],
    ['Carts expired', s.sessions.expired],
    ['Carts created (by CoCart API)', s.sessions.bySource.cocart],
    ['Carts created (by web)', s.sessions.bySource.woocommerce],
    ['Carts created (by other)', s.sessions.bySource.other],
    ...ORDER_STATUSES.map((status): [string, number] => [`Orders: ${STATUS_LABELS[status]}`, s.orders[status]]),
    ['Database update', s.update.state === 'needed' ? `needed: ${s.update.routines.filter((r) => r.remaining).map((r) => `${r.name} (${r.remaining} rows)`).join(', ')}; run: cartwright update` : s.update.state],
    ['Jobs pending', s.jobs.pending],
    ['Jobs in progress', s.jobs['in-progress']],
    ['Jobs failed', s.jobs.failed],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
}

/** A progress bar on a terminal (as `import` shows); nothing otherwise. */
function progressBar(): { update: (name: string, done: number, remaining: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar({ stream: process.stderr, format: '{name} [{bar}] {percentage}% {value}/{total}' }, cliProgress.Presets.shades_classic);
  let started = '';
  return {
    update: (name, done, remaining) => {
      if (started !== name) {
        if (started) bar.stop();
        bar.start(done + remaining, done, { name });
        started = name;
      }
      bar.setTotal(done + remaining);
      bar.update(done, { name });
    },
    stop: () => started && bar.stop(),
  };
}

export function registerStatusCommands(program: Command): void {
  program
    .command('status')
    .description('carts in session, the database, pending database updates and background jobs')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const status = await withStore(systemStatus);
      if (opts.json) console.log(JSON.stringify(status));
      else printStatus(status);
    });

  program
    .command('update')
    .description('run pending database updates now, in the foreground (safe while servers run; resumable)')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const result = await withStore(async ({ upgrades }) => {
        const before = await upgrades.status();
        const pending = before.routines.filter((r) => r.remaining > 0);
        if (!opts.json) {
          console.log(pending.length ? `Found ${pending.length} update(s): ${pending.map((r) => r.name).join(', ')}` : 'No database update required.');
        }
        const bar = opts.json ? null : progressBar();
        const updated = await upgrades.runInForeground((routine, done, remaining) => bar?.update(routine.name, done, remaining));
        bar?.stop();
        return { updated, status: await upgrades.status() };
      });
      if (opts.json) console.log(JSON.stringify({ updated: result.updated, state: result.status.state, routines: result.status.routines }));
      else if (result.updated) console.log(`Database updated: ${result.updated} row(s).`);
    });
}
