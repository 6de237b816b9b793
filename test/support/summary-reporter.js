/**
 * Prints one plain closing line ("tests: N passed, N failed, N skipped") that CI can read, after
 * the distinct names of the skipped tests that say why ("SKIPPED: needs …"), each once with a
 * count, and the slowest files (where a run's time goes).
 */
const SLOWEST = 8;

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numRuntimeErrorTestSuites } = results;
    const reasons = new Map();
    for (const file of results.testResults)
      for (const test of file.testResults)
        if (test.status === 'pending' && test.title.includes('SKIPPED'))
          reasons.set(test.title, (reasons.get(test.title) ?? 0) + 1);
    for (const [title, count] of reasons) process.stdout.write(`\n${count} × ${title}`);
    const seconds = (file) => (file.perfStats.end - file.perfStats.start) / 1000;
    const slowest = [...results.testResults].sort((x, y) => seconds(y) - seconds(x)).slice(0, SLOWEST);
    const root = process.cwd() + '/';
    if (slowest.length > 1)
      process.stdout.write(
        `\nslowest files: ${slowest.map((file) => `${file.testFilePath.replace(root, '')} ${seconds(file).toFixed(1)} s`).join(', ')}`,
      );
    const failed = numFailedTests + numRuntimeErrorTestSuites;
    process.stdout.write(`\ntests: ${numPassedTests} passed, ${failed} failed, ${numPendingTests} skipped\n`);
  }
}
module.exports = SummaryReporter;
