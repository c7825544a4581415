import type { Command } from 'commander';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { loadPlugins } from '../plugins.ts';
import { countAdministrators } from '../customers/repository.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the API (PORT, HOST, DATABASE_URL, … from the environment)')
    .action(async () => {
      const config = loadConfig();
      const app = await buildApp(config, { plugins: await loadPlugins(config.plugins) });
      const shutdown = async (signal: string) => {
        app.log.info({ signal }, 'Shutting down');
        await app.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
      await app.listen({ port: config.port, host: config.host });
      if ((await countAdministrators(app.runtime.database.db)) === 0) {
        const sameDatabase = config.databaseUrl ? ' (run it with the same DATABASE_URL as the server)' : '';
        app.log.warn(`No administrator yet. Create one with: npx cartwright user create --role administrator --username admin --email you@example.com${sameDatabase}`);
      }
      app.log.info(`Cartwright ${app.runtime.database.describe} — API at http://${config.host}:${config.port}/wp-json/cocart/v2/, docs at /docs, dashboard at /admin`);
    });
}
