// (6) Stats overhead. The verdict divides the recorder's own cost, measured in process, by the
// service's CPU per /session request: the recorders differ by a map update and a date format
// per request, a few µs, far below the drift a shared machine puts into an end-to-end A/B. The
// A/B is reported beside it: the service as built against the same app with the in-memory
// recorder bound instead (service/memory-stats-main.ts, a bench-only entry point), both up at
// once and measured alternately (A B A B).
import { Base, log, results, startService } from '../context';
import { LoadResult, merge } from '../lib/load-result';
import { fmt } from '../lib/numbers';
import type { StartedProcess } from '../lib/processes';
import { recorderCost } from '../lib/recorder-cost';
import { SECONDS, WARMUP } from '../settings';
import { sessionLoad } from './session-load';

async function alternately(withDefault: StartedProcess, withMemory: StartedProcess) {
  const rounds = 3;
  const slice = SECONDS / rounds;
  log(`POST /session: warm-up ${WARMUP} s each, then ${rounds} × (${slice} s default, ${slice} s memory)`);
  await sessionLoad(withDefault, WARMUP);
  await sessionLoad(withMemory, WARMUP);
  const countedRuns: LoadResult[] = [];
  const memoryRuns: LoadResult[] = [];
  for (let i = 0; i < rounds; i++) {
    countedRuns.push(await sessionLoad(withDefault, slice));
    memoryRuns.push(await sessionLoad(withMemory, slice));
  }
  return { countedRuns, memoryRuns };
}

export async function statsOverhead(base: Base, withDefault: StartedProcess): Promise<void> {
  log('stats overhead: starting a second service with the in-memory stats recorder');
  const withMemory = await startService('service (in-memory stats recorder)', { ...base, stats: 'memory' });
  const { countedRuns, memoryRuns } = await alternately(withDefault, withMemory);
  await withMemory.stop();
  const counted = countedRuns.reduce(merge);
  const memory = memoryRuns.reduce(merge);
  results.loads.push({ name: 'POST /session (stats: default recorder)', result: counted });
  results.loads.push({ name: 'POST /session (in-memory stats recorder)', result: memory });
  const cost = 1 - counted.rps / memory.rps;
  const cpuCost = counted.cpuUsPerRequest / memory.cpuUsPerRequest - 1;
  const sliceCosts = countedRuns.map((run, i) => run.cpuUsPerRequest / memoryRuns[i].cpuUsPerRequest - 1);
  const perCall = recorderCost();
  const share = (perCall.bufferedUs - perCall.memoryUs) / counted.cpuUsPerRequest;
  results.targets.push({
    name: 'stats counting costs ≤ 5 % of /session throughput',
    measured:
      `${fmt.pct(share)}: recordSession ${perCall.bufferedUs.toFixed(2)} µs (buffered) vs ${perCall.memoryUs.toFixed(2)} µs (memory) ` +
      `per request of ${counted.cpuUsPerRequest.toFixed(0)} µs CPU`,
    ok: share <= 0.05,
  });
  results.targets.push({
    name: '(info) stats end-to-end A/B: buffered vs in-memory recorder, /session',
    measured:
      `throughput ${fmt.pct(cost)} lower (${fmt.int(counted.rps)} vs ${fmt.int(memory.rps)} req/s); CPU per request ${fmt.pct(cpuCost)} higher ` +
      `(${counted.cpuUsPerRequest.toFixed(0)} vs ${memory.cpuUsPerRequest.toFixed(0)} µs; per slice ${sliceCosts.map((c) => fmt.pct(c)).join(', ')})`,
    ok: undefined,
  });
  log(
    `/session ${fmt.int(counted.rps)} req/s counted vs ${fmt.int(memory.rps)} in memory: cost ${fmt.pct(cost)}`,
  );
}
