import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { importCatalog } from '../catalog/import/index.ts';
import { loadConfig } from '../config.ts';
import { storeChanges, withDatabase } from './database.ts';

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description("import products from WooCommerce's CSV export or Cartwright's JSON format (re-import updates by ID or SKU)")
    .argument('<file>', 'a .csv or .json file')
    .option('--format <format>', 'csv or json (default: from the file extension)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: { format?: string; json?: boolean }) => {
      if (!existsSync(file)) throw new Error(`File not found: ${file}`);
      if (opts.format && opts.format !== 'csv' && opts.format !== 'json') throw new Error(`Unknown format "${opts.format}": use csv or json.`);
      const config = loadConfig();
      const bar = opts.json || !process.stderr.isTTY ? null : new cliProgress.SingleBar({ stream: process.stderr }, cliProgress.Presets.shades_classic);
      const result = await withDatabase(config, async (handle, bus) => {
        const r = await importCatalog(handle.db, file, {
          format: opts.format as 'csv' | 'json' | undefined,
          changes: storeChanges(handle),
          onProgress: (done, total) => {
            if (!bar) return;
            if (done === 0 || !bar.getTotal()) bar.start(total, done);
            bar.update(done);
          },
        });
        bar?.stop();
        // Running servers reload their in-memory catalogue.
        if (!r.errors.length) await bus.publish('catalog');
        return r;
      });
      if (opts.json) {
        console.log(JSON.stringify(result));
      } else if (result.errors.length) {
        console.error(`Nothing was imported: ${result.errors.length} error(s) in ${file}`);
        for (const e of result.errors) console.error(`  line ${e.line}: ${e.reason}`);
      } else {
        console.log(`Imported ${file}: ${result.created} created, ${result.updated} updated.`);
      }
      if (result.errors.length) process.exitCode = 1;
    });
}
