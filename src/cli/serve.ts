import cluster from 'node:cluster';
import type { Command } from 'commander';
import { pino } from 'pino';
import { buildApp } from '../app.ts';
import { PrimaryLink } from '../cluster/link.ts';
import { runProcesses } from '../cluster/processes.ts';
import { ConfigError, loadConfig, processCount, PROCESSES_EXPECTED, type Config } from '../config.ts';
import { connect } from '../db/connection.ts';
import { loadPlugins } from '../plugins.ts';
import { countAdministrators } from '../customers/repository.ts';
import { prepareStore } from '../runtime.ts';

/** How long a stopping server may take to finish what it is doing. */
const SHUTDOWN_TIMEOUT_MS = 30_000;

const apiLine = (config: Config, database: string, processes = '') =>
  `Cartwright ${database}${processes} — API at http://${config.host}:${config.port}/wp-json/cocart/v2/, docs at /docs, dashboard at /admin`;

function noAdministratorLine(config: Config): string {
  const sameDatabase = config.databaseUrl ? ' (run it with the same DATABASE_URL as the server)' : '';
  return `No administrator yet. Create one with: npx cartwright user create --role administrator --username admin --email you@example.com${sameDatabase}`;
}

/**
 * One server process: the whole server when it is alone, or one of the primary's N (`link`), which
 * the primary tells to stop and which leaves the start-up lines to the primary.
 */
async function serveOne(config: Config, link: PrimaryLink | null): Promise<void> {
  const app = await buildApp(config, { plugins: await loadPlugins(config.plugins) });
  // Graceful: stop accepting, let running requests and background actions finish, close the
  // pools. Bounded, so a stuck request cannot keep a node from stopping; a second signal is final.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      app.log.warn({ signal }, 'Stopping at once');
      process.exit(1);
    }
    stopping = true;
    app.log.info({ signal }, 'Shutting down: finishing running requests and background actions');
    setTimeout(() => {
      app.log.error(`Still not stopped after ${SHUTDOWN_TIMEOUT_MS / 1000} s; stopping at once`);
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    try {
      await app.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'Shutting down failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  // Ctrl-C reaches every process of the group as well as the primary, which then says stop too:
  // that word is the same request, not a second one, unless the primary was asked twice.
  link?.onStop((now) => {
    if (now || !stopping) void shutdown(now ? 'primary: stop at once' : 'primary: stop');
  });
  await app.listen({ port: config.port, host: config.host });
  if (link) return;
  if ((await countAdministrators(app.runtime.database.db)) === 0) app.log.warn(noAdministratorLine(config));
  app.log.info(apiLine(config, app.runtime.database.describe));
}

/**
 * The primary of N processes: prepares the store once (creating and migrating the database, loading
 * the demo catalogue), then runs the processes (src/cluster/processes.ts) and exits when they have.
 */
async function servePrimary(config: Config): Promise<never> {
  const log = pino({ level: config.logLevel });
  const database = connect({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1 });
  let administrators: number;
  try {
    await prepareStore(config, database, log, () => Math.floor(Date.now() / 1000));
    administrators = await countAdministrators(database.db);
  } finally {
    await database.close();
  }
  const code = await runProcesses({
    count: config.processes,
    log,
    onListening: () => {
      if (administrators === 0) log.warn(noAdministratorLine(config));
      log.info(apiLine(config, database.describe, `, ${config.processes} processes`));
    },
  });
  process.exit(code);
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the API (PORT, HOST, DATABASE_URL, … from the environment)')
    .option('--processes <n>', 'server processes sharing the port: a number, or auto for one per core (default: PROCESSES, else 1)')
    .action(async (opts: { processes?: string }) => {
      const config = loadConfig();
      if (opts.processes !== undefined) {
        const processes = processCount(opts.processes);
        if (processes === null) throw new ConfigError(`Invalid --processes ${JSON.stringify(opts.processes)}: expected ${PROCESSES_EXPECTED}.`);
        config.processes = processes;
      }
      if (config.processes > 1 && cluster.isPrimary) await servePrimary(config);
      else await serveOne(config, PrimaryLink.current());
    });
}
