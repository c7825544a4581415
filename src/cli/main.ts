import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig } from '../config.ts';
import { VERSION } from '../api/transport.ts';
import { registerBackupCommands } from './backup.ts';
import { registerImportCommand } from './import.ts';
import { registerImportSessionsCommand } from './import-sessions.ts';
import { registerJobCommands } from './jobs.ts';
import { registerOrderCommands } from './orders.ts';
import { registerServeCommand } from './serve.ts';
import { registerSessionCommands } from './sessions.ts';
import { registerUserCommands } from './user.ts';
import { registerStatusCommands } from './status.ts';

/** The `cartwright` command. Every command reads its configuration from the environment (see README). */

const program = new Command('cartwright')
  .description('Cartwright: a headless cart server that speaks the CoCart v4 REST API')
  .version(VERSION, '-v, --version')
  .showHelpAfterError()
  .exitOverride();

registerServeCommand(program);
registerImportCommand(program);
registerImportSessionsCommand(program);
registerUserCommands(program);
registerSessionCommands(program);
registerJobCommands(program);
registerOrderCommands(program);
registerStatusCommands(program);
registerBackupCommands(program);

program
  .command('version')
  .description('print the Cartwright version')
  .option('--json', 'machine-readable output')
  .action((opts: { json?: boolean }) => {
    console.log(opts.json ? JSON.stringify({ version: VERSION }) : `Cartwright version is ${VERSION}`);
  });

try {
  // Fail fast on a bad environment, before any command runs.
  loadConfig();
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode);
  if (err instanceof ConfigError) {
    console.error(`cartwright: ${err.message}`);
    process.exit(2);
  }
  console.error(`cartwright: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
