import type { Command } from 'commander';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { loadPlugins } from '../plugins.ts';
import { countAdministrators } from '../customers/repository.ts';

/** How long a stopping server may take to finish what it is doing. */
const SHUTDOWN_TIMEOUT_MS = 30_000;

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the API (PORT, HOST, DATABASE_URL, … from the environment)')
    .action(async () => {
      const config = loadConfig();
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
      await app.listen({ port: config.port, host: config.host });
      if ((await countAdministrators(app.runtime.database.db)) === 0) {
        const sameDatabase = config.databaseUrl ? ' (run it with the same DATABASE_URL as the server)' : '';
        app.log.warn(`No administrator yet. Create one with: npx cartwright user create --role administrator --username admin --email you@example.com${sameDatabase}`);
      }
      app.log.info(`Cartwright ${app.runtime.database.describe} — API at http://${config.host}:${config.port}/wp-json/cocart/v2/, docs at /docs, dashboard at /admin`);
    });
}
