// What one recordSession() costs on the request path, measured in process with the built
// stats library: the difference between the two recorders is a few microseconds, far below
// what an end-to-end A/B can resolve on a shared machine.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { percentile } from './numbers.mjs';

function microsPerCall(fn, calls = 50_000, batches = 7) {
  for (let i = 0; i < calls; i++) fn(); // warm-up (JIT)
  const samples = [];
  for (let b = 0; b < batches; b++) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) fn();
    samples.push(((performance.now() - started) * 1000) / calls);
  }
  return percentile(samples, 50);
}

/** µs per recordSession(3 categories) for the buffered (default) and the in-memory recorder. */
export function recorderCost(root) {
  const require = createRequire(join(root, 'package.json'));
  require('reflect-metadata');
  const built = (path) => require(join(root, 'dist/apps/api/libs/stats/src', path));
  const { BufferedStatsRecorder } = built('buffer/buffered-stats-recorder.js');
  const { InMemoryStatsRecorder } = built('in-memory-stats-recorder.js');
  const { SystemClock } = built('system-clock.js');
  const buffered = new BufferedStatsRecorder(new SystemClock(), { STATS_TIMEZONE: 'Europe/Stockholm' });
  const memory = new InMemoryStatsRecorder();
  const categories = ['tech', 'music', 'other'];
  return {
    bufferedUs: microsPerCall(() => buffered.recordSession(categories)),
    memoryUs: microsPerCall(() => memory.recordSession(categories)),
  };
}
