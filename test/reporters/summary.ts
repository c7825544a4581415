import type { File, Task } from '@vitest/runner';
import type { Reporter } from 'vitest/node';

/**
 * Ends the run with one plain line, `N passed, N failed, N skipped`, that any CI log reader
 * understands. Todo tests count as skipped; a file that failed to load counts as a failure.
 */
function count(tasks: Task[], totals: { passed: number; failed: number; skipped: number }): void {
  for (const task of tasks) {
    if (task.type === 'suite') {
      count(task.tasks, totals);
      continue;
    }
    const state = task.result?.state;
    if (state === 'pass') totals.passed += 1;
    else if (state === 'fail') totals.failed += 1;
    else totals.skipped += 1;
  }
}

export default class SummaryReporter implements Reporter {
  // onFinished runs in the same phase as the default reporter's summary, so this line comes last.
  onFinished(files: File[] = [], errors: unknown[] = []): void {
    const totals = { passed: 0, failed: errors.length, skipped: 0 };
    for (const file of files) {
      if (file.result?.state === 'fail' && file.tasks.length === 0) totals.failed += 1;
      count(file.tasks, totals);
    }
    console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  }
}
