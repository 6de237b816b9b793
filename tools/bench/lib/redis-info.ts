// Readings of a Redis server's INFO for the cost tools (redis-costs.ts, redis-footprint.ts).
import type Redis from 'ioredis';

export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1]);
}

export interface CommandStat {
  calls: number;
  usec: number;
}

/** INFO commandstats by command name. */
export async function commandStats(redis: Redis): Promise<Record<string, CommandStat>> {
  const text = await redis.info('commandstats');
  const stats: Record<string, CommandStat> = {};
  for (const [, name, calls, usec] of text.matchAll(/cmdstat_([a-z|_]+):calls=(\d+),usec=(\d+)/g))
    stats[name] = { calls: Number(calls), usec: Number(usec) };
  return stats;
}

/** User + system CPU the server used so far, µs. */
export async function cpuMicros(redis: Redis): Promise<number> {
  const text = await redis.info('cpu');
  const user = Number(/used_cpu_user:([\d.]+)/.exec(text)?.[1]);
  const sys = Number(/used_cpu_sys:([\d.]+)/.exec(text)?.[1]);
  return (user + sys) * 1e6;
}

/** MEMORY USAGE of one key, bytes: every nested value counted, or (`sampled`) Redis's default sample. */
export async function keyBytes(redis: Redis, key: string, sampled = false): Promise<number> {
  const args = sampled ? [key] : [key, 'SAMPLES', '0'];
  return Number(await redis.call('MEMORY', 'USAGE', ...args));
}
