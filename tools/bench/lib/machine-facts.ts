// What the report says about the machine and the software under the run.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { openFileLimit } from './infra';
import type { MachineFacts } from './results';

/** `node -v` of a binary ('v24.22.3'). */
export function nodeVersion(node: string): string {
  const probe = spawnSync(node, ['-v'], { encoding: 'utf8' });
  if (probe.status !== 0)
    throw new Error(`BENCH_RUNTIMES: ${node} does not run (${probe.stderr || String(probe.error)})`);
  return probe.stdout.trim();
}

export function machineFacts(
  root: string,
  node: string,
  { redis, postgres, loadBefore }: { redis: string; postgres: string; loadBefore: number },
): MachineFacts {
  const autocannon = JSON.parse(readFileSync(join(root, 'node_modules/autocannon/package.json'), 'utf8')) as {
    version: string;
  };
  return {
    cpu: cpus()[0].model,
    cores: cpus().length,
    memoryGb: (totalmem() / 2 ** 30).toFixed(1),
    os: `Linux ${release()}`,
    node: `${nodeVersion(node)} (${node}; the bench itself on ${process.version})`,
    redis,
    postgres,
    autocannon: autocannon.version,
    openFiles: openFileLimit(),
    // Other work on a shared machine skews absolute numbers; the report says how busy it was.
    load: `${loadBefore.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`,
  };
}
