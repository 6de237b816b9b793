// node bench/redis-costs.mjs (after `npm run build`, Redis and Postgres up): what one phone
// costs Redis and the service, the numbers behind docs/scaling.md. Runs the built service in
// production mode on its own key prefix and measures, on the machine's Redis:
// memory per session, per open socket (its SSUBSCRIBE), per meeting (pair claim + pending
// nudges); Redis commands and service CPU per /match on the hot path; service RSS per socket.
// Settings: COSTS_SESSIONS (2000 = 1000 pairs).
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  checkPostgres,
  checkRedis,
  deleteKeysWithPrefix,
  freePort,
  freshDatabase,
  REDIS_URL,
  uniquePrefix,
} from './lib/infra.mjs';
import { cpuSeconds, rssKb, startNodeProcess } from './lib/processes.mjs';
import { closeAgent, postJson } from './lib/http.mjs';
import { createPairs, matchOnce } from './lib/fixtures.mjs';
import { closeAll, connectAll } from './lib/sockets.mjs';

const PAIRS = Math.floor(Number(process.env.COSTS_SESSIONS ?? 2000) / 2);
const redis = new Redis(REDIS_URL);

async function usedMemory() {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)[1]);
}

async function commandCalls() {
  const stats = await redis.info('commandstats');
  const calls = {};
  for (const [, name, count] of stats.matchAll(/cmdstat_([a-z|_]+):calls=(\d+)/g))
    calls[name] = Number(count);
  return calls;
}

function delta(after, before) {
  const result = {};
  for (const [name, count] of Object.entries(after)) {
    const change = count - (before[name] ?? 0);
    if (change > 0) result[name] = change;
  }
  return result;
}

async function keyUsage(pattern) {
  const [, keys] = await redis.scan('0', 'MATCH', pattern, 'COUNT', 100_000);
  const sizes = await Promise.all(keys.slice(0, 200).map((key) => redis.memory('USAGE', key)));
  return sizes.length === 0 ? 0 : sizes.reduce((sum, size) => sum + size, 0) / sizes.length;
}

async function main() {
  await checkRedis();
  await checkPostgres();
  const prefix = uniquePrefix();
  const database = await freshDatabase();
  const service = await startNodeProcess({
    name: 'service',
    script: 'dist/apps/api/apps/api/src/main.js',
    env: {
      NODE_ENV: 'production',
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      DATABASE_URL: database.url,
      ADMIN_API_KEY: randomBytes(24).toString('base64url'),
      LIMIT_KEY_SECRET: 'costs-limit-key-secret-not-for-production-0123',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
      RATE_LIMIT_MATCHES_PER_MINUTE: '0',
      RATE_LIMIT_WS_CONNECTS_PER_MINUTE: '0',
      RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '0',
    },
    port: await freePort(),
    healthPath: '/health',
  });
  const sessions = PAIRS * 2;
  const out = {};
  try {
    await postJson(service.url, '/session', { interests: ['jazz'] });
    let memory = await usedMemory();
    const pairs = await createPairs(service.url, PAIRS);
    out.redisBytesPerSession = ((await usedMemory()) - memory) / sessions;
    out.memoryUsageTokenKey = await keyUsage(`${prefix}tok:*`);
    out.memoryUsageLiveKeyPerMember = (await redis.memory('USAGE', `${prefix}live`)) / (sessions + 1);

    memory = await usedMemory();
    let rss = rssKb(service.pid);
    const phones = await connectAll(
      service.url,
      pairs.flatMap(({ left, right }) => [left, right]),
    );
    await sleep(1000);
    out.redisBytesPerSocket = ((await usedMemory()) - memory) / sessions;
    out.serviceRssKbPerSocket = (rssKb(service.pid) - rss) / sessions;

    memory = await usedMemory();
    let calls = await commandCalls();
    // Each left phone reports its partner, then the right phone reports back: the meeting.
    await matchOnce(service.url, pairs);
    await matchOnce(
      service.url,
      pairs.map(({ left, right }) => ({ left: right, right: left })),
    );
    await sleep(500);
    out.commandsForOneMeeting = Object.fromEntries(
      Object.entries(delta(await commandCalls(), calls)).map(([name, count]) => [name, count / PAIRS]),
    );
    out.redisBytesPerMeeting = ((await usedMemory()) - memory) / PAIRS;
    out.memoryUsageMeetingKey = await keyUsage(`${prefix}{m:*}:met`);

    // The hot path: repeated sightings of a pair that already met.
    calls = await commandCalls();
    const cpu = cpuSeconds(service.pid);
    const rounds = 3;
    for (let round = 0; round < rounds; round += 1) await matchOnce(service.url, pairs);
    out.serviceCpuMsPerMatch = ((cpuSeconds(service.pid) - cpu) * 1000) / (PAIRS * rounds);
    out.commandsPerRepeatedMatch = Object.fromEntries(
      Object.entries(delta(await commandCalls(), calls)).map(([name, count]) => [
        name,
        count / (PAIRS * rounds),
      ]),
    );
    await closeAll(phones);
  } finally {
    closeAgent();
    await service.stop();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
    redis.disconnect();
  }
  console.log(JSON.stringify(out, null, 2));
}

await main();
