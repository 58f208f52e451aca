// Prints a plain "N passed, N failed[, N skipped]" line as the very last line of the run, for CI log parsers.
// Counts from earlier stages of `npm test` (the Node simulator tests) are added when WELL_PRIOR_COUNTS names a
// JSON file {passed, failed, skipped}.
import { readFileSync } from 'node:fs';

export function summaryLine() {
  let line;
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0;
      let failed = 0;
      let skipped = 0;
      for (const s of sessions) {
        let sessionFailed = 0;
        const walk = (suite) => {
          for (const t of suite.tests) {
            if (t.skipped) skipped++;
            else if (t.passed) passed++;
            else sessionFailed++;
          }
          for (const c of suite.suites) walk(c);
        };
        if (s.testResults) walk(s.testResults);
        // a file that failed without a failing test (load error, hook error) counts as one failure
        if (!s.passed && sessionFailed === 0) sessionFailed = 1;
        failed += sessionFailed;
      }
      if (process.env.WELL_PRIOR_COUNTS) {
        try {
          const prior = JSON.parse(readFileSync(process.env.WELL_PRIOR_COUNTS, 'utf8'));
          passed += prior.passed ?? 0;
          failed += prior.failed ?? 0;
          skipped += prior.skipped ?? 0;
        } catch {
          failed += 1;
        }
      }
      line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
    },
    stop() {
      if (line) process.once('exit', () => process.stdout.write(`${line}\n`));
    },
  };
}
