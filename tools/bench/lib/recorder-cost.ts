// What one recordSession() costs on the request path, measured in process with the stats
// library: the difference between the two recorders is a few microseconds, far below what an
// end-to-end A/B can resolve on a shared machine.
import 'reflect-metadata';
import { loadConfiguration } from '@sighej/shared';
import { BufferedStatsRecorder, InMemoryStatsRecorder, StatsSettings } from '@sighej/stats';
import { performance } from 'node:perf_hooks';
import { percentile } from './numbers';

function microsPerCall(fn: () => void, calls = 50_000, batches = 7): number {
  for (let i = 0; i < calls; i++) fn(); // warm-up (JIT)
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) fn();
    samples.push(((performance.now() - started) * 1000) / calls);
  }
  return percentile(samples, 50);
}

/** µs per recordSession(3 categories) for the buffered (default) and the in-memory recorder. */
export function recorderCost(): { bufferedUs: number; memoryUs: number } {
  const clock = { now: () => Date.now() };
  const buffered = new BufferedStatsRecorder(
    clock,
    loadConfiguration([StatsSettings], { STATS_TIMEZONE: 'Europe/Stockholm' }).get(StatsSettings),
  );
  const memory = new InMemoryStatsRecorder();
  const categories = ['tech', 'music', 'other'];
  return {
    bufferedUs: microsPerCall(() => buffered.recordSession(categories)),
    memoryUs: microsPerCall(() => memory.recordSession(categories)),
  };
}
