// What a step costs a private Redis server: commands sent (MONITOR lines not run by a script),
// commands executed (INFO commandstats deltas, script-run commands included), their usec and
// the server's CPU, per unit of the step. For redis-footprint.ts.
import { spawn } from 'node:child_process';
import type Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { commandStats, cpuMicros } from './redis-info';

type Counts = Record<string, number>;

/**
 * Counts MONITOR lines (from redis-cli, which keeps up with any rate) by command, split into
 * sent by a client and run by a script (`[0 lua]`); only lines naming `prefixFilter`, and EVALSHA.
 */
async function monitor(
  url: string,
  prefixFilter: string,
): Promise<{ counts: { sent: Counts; script: Counts }; stop: () => void }> {
  const { port, hostname } = new URL(url);
  const child = spawn('redis-cli', ['-h', hostname, '-p', port, 'monitor']);
  const counts = { sent: {} as Counts, script: {} as Counts };
  let rest = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      const match = /^[\d.]+ \[\d+ ([^\]]+)\] "([^"]+)"/.exec(line);
      if (match === null) continue;
      const name = match[2].toLowerCase();
      if (name === 'info' || (!line.includes(prefixFilter) && name !== 'evalsha')) continue;
      const side = match[1] === 'lua' ? counts.script : counts.sent;
      side[name] = (side[name] ?? 0) + 1;
    }
  });
  await sleep(200);
  return { counts, stop: () => child.kill() };
}

export interface StepCost {
  sentTotal: number;
  executedTotal: number;
  sent: Counts;
  executed: Counts;
  commandUsecPerUnit: number;
  redisCpuUsecPerUnitWithMonitor: number;
}

const total = (counts: Counts): number => Object.values(counts).reduce((sum, n) => sum + n, 0);

/** One measured step: commands sent, executed, their usec, and Redis CPU, per `unit`. */
export async function stepCost(
  redis: Redis,
  url: string,
  prefix: string,
  unit: number,
  step: () => Promise<void>,
): Promise<StepCost> {
  const before = await commandStats(redis);
  const cpu = await cpuMicros(redis);
  const watch = await monitor(url, prefix);
  await sleep(100);
  await step();
  await sleep(300);
  watch.stop();
  const cpuUsed = (await cpuMicros(redis)) - cpu;
  const after = await commandStats(redis);
  const executed: Counts = {};
  for (const [name, { calls }] of Object.entries(after)) {
    const change = calls - (before[name]?.calls ?? 0);
    if (change > 0 && name !== 'info' && name !== 'monitor') executed[name] = change / unit;
  }
  const perCall = (name: string): number => {
    const calls = (after[name]?.calls ?? 0) - (before[name]?.calls ?? 0);
    return calls === 0 ? 0 : (after[name].usec - (before[name]?.usec ?? 0)) / calls;
  };
  const sent = Object.fromEntries(Object.entries(watch.counts.sent).map(([n, c]) => [n, c / unit]));
  const usecSent = Object.entries(sent).reduce((sum, [name, count]) => sum + count * perCall(name), 0);
  return {
    sentTotal: total(sent),
    executedTotal: total(executed),
    sent,
    executed,
    commandUsecPerUnit: usecSent,
    // INFO cpu includes MONITOR's own feed: an upper bound.
    redisCpuUsecPerUnitWithMonitor: cpuUsed / unit,
  };
}
