import { statSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config.ts';
import { DumpError, readSessionDump, readTextFile, type DumpFormat } from '../sessions/legacy/dump.ts';
import { importSessions, type SessionImportReport } from '../sessions/legacy/import.ts';
import { withDatabase } from './database.ts';

/**
 * `cartwright import-sessions FILE`: the live carts of a WordPress + CoCart 3.x store, from an export
 * of its `wp_cocart_carts` table (CSV/TSV or an SQL dump), stored in the 3.x layout until the
 * database update converts them. Exit codes: 0 done (even if some rows failed), 1 the file cannot be
 * read or parsed, 2 bad arguments.
 */

const LISTED_FAILURES = 20;

function text(file: string, r: SessionImportReport): string {
  const lines = [
    `Imported carts from ${file}: ${r.imported} imported, ${r.skippedExisting} skipped (already stored), ${r.skippedExpired} skipped (expired), ${r.failed} failed.`,
  ];
  if (r.failures.length) {
    lines.push('Rows that could not be imported:');
    for (const f of r.failures) lines.push(`  ${f.where}${f.cartKey ? ` (cart_key ${f.cartKey})` : ''}: ${f.reason}`);
    if (r.failed > r.failures.length) lines.push(`  … and ${r.failed - r.failures.length} more`);
  }
  if (r.imported) lines.push("These carts keep CoCart 3.x's layout until the database update converts them: run `cartwright update`.");
  return lines.join('\n');
}

function json(r: SessionImportReport) {
  return {
    imported: r.imported,
    skipped_existing: r.skippedExisting,
    skipped_expired: r.skippedExpired,
    failed: r.failed,
    failures: r.failures.map((f) => ({ where: f.where, cart_key: f.cartKey, reason: f.reason })),
    ...(r.error ? { error: r.error } : {}),
  };
}

export function registerImportSessionsCommand(program: Command): void {
  program
    .command('import-sessions')
    .description("import the carts of a CoCart 3.x store from an export of its wp_cocart_carts table (CSV or SQL dump); stored carts are never overwritten")
    .argument('<file>', 'a CSV/TSV export with a header row, or a mysqldump of the table')
    .addOption(new Option('--format <format>', 'csv or sql (default: guessed from the content)').choices(['csv', 'sql']))
    .option('--include-expired', 'import carts whose expiry has passed too')
    .option('--json', 'machine-readable output')
    // Argument mistakes (unknown option, missing file name, bad --format) exit with 2; help and version with 0.
    .exitOverride((err) => {
      throw err.exitCode === 0 ? err : new CommanderError(2, err.code, err.message);
    })
    .action(async (file: string, opts: { format?: DumpFormat; includeExpired?: boolean; json?: boolean }) => {
      let size: number;
      try {
        const stat = statSync(file);
        if (!stat.isFile()) throw new Error(`${file} is not a file`);
        size = stat.size;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new Error(code === 'ENOENT' ? `File not found: ${file}` : `Cannot read ${file}: ${(err as Error).message}`);
      }
      const config = loadConfig();
      const bar = opts.json || !process.stderr.isTTY ? null : new cliProgress.SingleBar({ stream: process.stderr, format: ' {bar} {percentage}% | {rows} rows' }, cliProgress.Presets.shades_classic);
      let read = 0;
      bar?.start(size, 0, { rows: 0 });
      let report: SessionImportReport;
      try {
        report = await withDatabase(config, ({ db }) =>
          importSessions(db, readSessionDump(readTextFile(file, (n) => (read += n)), opts.format), {
            now: Math.floor(Date.now() / 1000),
            includeExpired: opts.includeExpired === true,
            maxFailures: LISTED_FAILURES,
            onBatch: (r) => bar?.update(read, { rows: r.rows }),
          }),
        );
      } catch (err) {
        bar?.stop();
        if (err instanceof DumpError) throw new Error(`Cannot import ${file}: ${err.message}`);
        throw err;
      }
      bar?.update(size, { rows: report.rows });
      bar?.stop();
      if (opts.json) console.log(JSON.stringify(json(report)));
      else console.log(text(file, report));
      if (report.error) {
        console.error(`cartwright: ${file} could not be read to the end: ${report.error}. The rows before it were imported; importing the mended file again adds the rest.`);
        process.exitCode = 1;
      }
    });
}
