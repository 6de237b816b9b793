// What every scenario of one `npm run bench` shares: the results, the cleanup steps, the log,
// and how the service and the peers are started (each one registered for cleanup).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { comboRequests, MatchCombo } from './lib/fixtures';
import { freePort, REDIS_URL } from './lib/infra';
import { measure } from './lib/load';
import type { LoadResult } from './lib/load-result';
import { messageOf } from './lib/numbers';
import { ProcessOptions, StartedProcess, startNodeProcess } from './lib/processes';
import type { Results } from './lib/results';
import { serviceEnv } from './lib/service-env';
import { BENCH_NODE, BUILT, CONNECTIONS, SERVICE_MAIN } from './settings';

/** The run's Redis prefix and database, and what the machine runs. */
export interface Base {
  prefix: string;
  databaseUrl: string;
  redis: string;
  postgres: string;
}

export const results: Results = { loads: [], targets: [], notes: [] };
const cleanups: (() => Promise<unknown>)[] = [];
const started: StartedProcess[] = [];
/** The run's scratch directory: CPU profiles, the peers' Lua files. */
export const scratch = mkdtempSync(join(tmpdir(), 'sighej-bench-'));
export const PROFILE_PATH = join(scratch, 'service.cpuprofile');

export const log = (message: string): void =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

export const onCleanup = (step: () => Promise<unknown>): void => void cleanups.push(step);

export const note = (message: string): void => {
  if (!results.notes.includes(message)) results.notes.push(message);
};

export async function cleanup(): Promise<void> {
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()?.();
    } catch (error) {
      console.error(`cleanup: ${messageOf(error)}`);
    }
  }
}

/** Prints what every started process that exited last said. */
export function reportExited(): void {
  for (const child of started.filter((c) => c.exited() !== null)) {
    console.error(
      `${child.name} (pid ${child.pid}) exited ${JSON.stringify(child.exited())}; its last output:`,
    );
    console.error(`  ${child.output.join('\n  ')}`);
  }
}

/** Starts a process on a free port, stopped at cleanup; its output is shown when the run fails. */
export async function startTracked(
  options: Omit<ProcessOptions, 'port' | 'healthPath'>,
): Promise<StartedProcess> {
  const child = await startNodeProcess({ ...options, port: await freePort(), healthPath: '/health' });
  onCleanup(() => child.stop());
  started.push(child);
  return child;
}

export interface ServiceOptions extends Base {
  /** `memory`: the stats recorder swapped for the in-memory one (service/memory-stats-main.ts). */
  stats: 'default' | 'memory';
  logLevel?: string;
  quietStdout?: boolean;
  node?: string;
  env?: Record<string, string>;
}

export function startService(name: string, options: ServiceOptions): Promise<StartedProcess> {
  return startTracked({
    name,
    script: options.stats === 'memory' ? BUILT('service/memory-stats-main.js') : SERVICE_MAIN,
    command: options.node ?? BENCH_NODE,
    // --max-semi-space-size as the Dockerfile and `npm run start:prod` start it.
    nodeArgs: ['--max-semi-space-size=32', '--expose-gc', '--require', BUILT('lib/profiler-preload.js')],
    env: serviceEnv({ ...options, profilePath: PROFILE_PATH }),
    // A log line per request goes where production's would (a file descriptor), not into
    // the bench process, which also runs the load generator.
    quietStdout: options.quietStdout === true,
  });
}

export const peerEnv = (prefix: string): Record<string, string> => ({
  REDIS_URL,
  REDIS_KEY_PREFIX: prefix,
  RATE_LIMIT_MATCHES_PER_MINUTE: '0',
});

export const startFloor = (prefix: string, node = BENCH_NODE, name = 'floor (node:http + ioredis)') =>
  startTracked({ name, script: BUILT('peers/floor-server.js'), command: node, env: peerEnv(prefix) });

export const startCeiling = (prefix: string) =>
  startTracked({
    name: 'bare Nest + Express + ValidationPipe',
    script: BUILT('peers/nest-ceiling.js'),
    env: peerEnv(prefix),
  });

export const startPushSink = () =>
  startTracked({ name: 'push sink', script: BUILT('lib/push-sink.js'), env: {} });

/** `/match` round robin over `combos` on one target, closed loop (autocannon). */
export function matchLoad(
  target: StartedProcess,
  combos: MatchCombo[],
  { seconds, warmupSeconds, overallRate }: { seconds: number; warmupSeconds: number; overallRate?: number },
): Promise<LoadResult> {
  return measure({
    pid: target.pid,
    url: target.url,
    path: '/match',
    connections: CONNECTIONS,
    warmupSeconds,
    seconds,
    overallRate,
    makeRequest: comboRequests(combos),
  });
}
