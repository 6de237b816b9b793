// node dist/bench/tools/bench/redis-costs.js (after `npm run bench:build`, Redis and Postgres
// up): what one phone costs Redis and the service, the numbers behind docs/scaling.md. Runs the
// built service in production mode on its own key prefix and measures, on the machine's Redis:
// memory per session, per open socket (its SSUBSCRIBE), per meeting (pair claim + pending
// nudges); Redis commands and service CPU per /match on the hot path; service RSS per socket.
// Settings: COSTS_SESSIONS (2000 = 1000 pairs).
import Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPairs, matchOnce, Pair } from './lib/fixtures';
import { closeAgent, postJson } from './lib/http';
import {
  checkPostgres,
  checkRedis,
  deleteKeysWithPrefix,
  freePort,
  freshDatabase,
  REDIS_URL,
  uniquePrefix,
} from './lib/infra';
import { cpuSeconds, rssKb, StartedProcess, startNodeProcess } from './lib/processes';
import { commandStats, keyBytes, usedMemory } from './lib/redis-info';
import { serviceEnv } from './lib/service-env';
import { closeAll, connectAll } from './lib/sockets';
import { SERVICE_MAIN } from './settings';

const PAIRS = Math.floor(Number(process.env.COSTS_SESSIONS ?? 2000) / 2);
const redis = new Redis(REDIS_URL);

async function commandCalls(): Promise<Record<string, number>> {
  return Object.fromEntries(
    Object.entries(await commandStats(redis)).map(([name, { calls }]) => [name, calls]),
  );
}

/** The commands that ran since `before`, per `unit`. */
async function commandsSince(before: Record<string, number>, unit: number): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const [name, count] of Object.entries(await commandCalls())) {
    const change = count - (before[name] ?? 0);
    if (change > 0) result[name] = change / unit;
  }
  return result;
}

async function keyUsage(pattern: string): Promise<number> {
  const [, keys] = await redis.scan('0', 'MATCH', pattern, 'COUNT', 100_000);
  const sizes = await Promise.all(keys.slice(0, 200).map((key) => keyBytes(redis, key, true)));
  return sizes.length === 0 ? 0 : sizes.reduce((sum, size) => sum + size, 0) / sizes.length;
}

async function measureAll(service: StartedProcess, prefix: string): Promise<Record<string, unknown>> {
  const sessions = PAIRS * 2;
  const out: Record<string, unknown> = {};
  await postJson(service.url, '/session', { interests: ['jazz'] });
  let memory = await usedMemory(redis);
  const pairs = await createPairs(service.url, PAIRS);
  out.redisBytesPerSession = ((await usedMemory(redis)) - memory) / sessions;
  out.memoryUsageTokenKey = await keyUsage(`${prefix}tok:*`);
  out.memoryUsageLiveKeyPerMember = (await keyBytes(redis, `${prefix}live`, true)) / (sessions + 1);

  memory = await usedMemory(redis);
  const rss = rssKb(service.pid);
  const phones = await connectAll(
    service.url,
    pairs.flatMap(({ left, right }) => [left, right]),
  );
  await sleep(1000);
  out.redisBytesPerSocket = ((await usedMemory(redis)) - memory) / sessions;
  out.serviceRssKbPerSocket = (rssKb(service.pid) - rss) / sessions;

  memory = await usedMemory(redis);
  let calls = await commandCalls();
  // Each left phone reports its partner, then the right phone reports back: the meeting.
  await matchOnce(service.url, pairs);
  await matchOnce(
    service.url,
    pairs.map(({ left, right }): Pair => ({ left: right, right: left })),
  );
  await sleep(500);
  out.commandsForOneMeeting = await commandsSince(calls, PAIRS);
  out.redisBytesPerMeeting = ((await usedMemory(redis)) - memory) / PAIRS;
  out.memoryUsageMeetingKey = await keyUsage(`${prefix}{m:*}:met`);

  // The hot path: repeated sightings of a pair that already met.
  calls = await commandCalls();
  const cpu = cpuSeconds(service.pid);
  const rounds = 3;
  for (let round = 0; round < rounds; round += 1) await matchOnce(service.url, pairs);
  out.serviceCpuMsPerMatch = ((cpuSeconds(service.pid) - cpu) * 1000) / (PAIRS * rounds);
  out.commandsPerRepeatedMatch = await commandsSince(calls, PAIRS * rounds);
  await closeAll(phones);
  return out;
}

async function main(): Promise<void> {
  await checkRedis();
  await checkPostgres();
  const prefix = uniquePrefix();
  const database = await freshDatabase();
  const service = await startNodeProcess({
    name: 'service',
    script: SERVICE_MAIN,
    env: serviceEnv({ prefix, databaseUrl: database.url }),
    port: await freePort(),
    healthPath: '/health',
  });
  try {
    console.log(JSON.stringify(await measureAll(service, prefix), null, 2));
  } finally {
    closeAgent();
    await service.stop();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
    redis.disconnect();
  }
}

void main();
