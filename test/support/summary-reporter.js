/**
 * Prints one plain closing line ("tests: N passed, N failed, N skipped") that CI can read, after
 * the distinct names of the skipped tests that say why ("SKIPPED: needs …"), each once with a count.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numRuntimeErrorTestSuites } = results;
    const reasons = new Map();
    for (const file of results.testResults)
      for (const test of file.testResults)
        if (test.status === 'pending' && test.title.includes('SKIPPED'))
          reasons.set(test.title, (reasons.get(test.title) ?? 0) + 1);
    for (const [title, count] of reasons) process.stdout.write(`\n${count} × ${title}`);
    const failed = numFailedTests + numRuntimeErrorTestSuites;
    process.stdout.write(`\ntests: ${numPassedTests} passed, ${failed} failed, ${numPendingTests} skipped\n`);
  }
}
module.exports = SummaryReporter;
