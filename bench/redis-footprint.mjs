// node bench/redis-footprint.mjs (after `npm run build`, Postgres up): the Redis side of
// docs/scaling.md, measured on a private redis-server (BENCH_REDIS_URL, default a
// redis-server this script starts on port 7108, so no other client's commands are counted).
// For the default limits and with every limit off: commands sent (MONITOR lines not run by a
// script) and executed (INFO commandstats deltas, script-run commands included) per
// POST /session, per meeting (the two /match calls that decide it) and per repeated /match;
// Redis CPU per /match from commandstats (usec of the commands sent: a script's usec
// includes what it runs) and from INFO cpu (what the process used, network I/O included).
// Then MEMORY USAGE of every key kind the service left (averaged per kind). Settings:
// COSTS_SESSIONS (1000 = 500 pairs).
import Redis from 'ioredis';
import webpush from 'web-push';
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkPostgres, freePort, freshDatabase, uniquePrefix } from './lib/infra.mjs';
import { startNodeProcess } from './lib/processes.mjs';
import { closeAgent, forEachConcurrently, postJson } from './lib/http.mjs';
import { LEFT, matchRequest, RIGHT } from './lib/fixtures.mjs';

const PRIVATE_PORT = 7108;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? `redis://127.0.0.1:${PRIVATE_PORT}/0`;
const PAIRS = Math.floor(Number(process.env.COSTS_SESSIONS ?? 1000) / 2);
/** Pairs whose left phone registers Web Push (its nudges then also queue a push job). */
const PUSHED_PAIRS = 50;
// The DTO's examples: a well-formed subscription whose push service does not exist, so the
// jobs stay queued (retried) and their keys can be measured.
const SUBSCRIPTION = {
  endpoint: 'https://push.example.net/wpush/v2/gAAAAABk',
  keys: {
    p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
    auth: 'tBHItJI5svbpez7KI4CCXg',
  },
};
const LIMITS_OFF = {
  RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
  RATE_LIMIT_MATCHES_PER_MINUTE: '0',
  RATE_LIMIT_WS_CONNECTS_PER_MINUTE: '0',
  RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '0',
  MATCH_NEW_MEETINGS_PER_WINDOW: '0',
};

/** Key kinds by what follows the prefix; the first pattern that matches names the key. */
const KINDS = [
  ['session record (tok:<token>)', /^tok:/],
  ['live set (one ZSET, per member)', /^live$/],
  ['sighting ({m:eA:eB}:seen:<epoch>)', /^\{m:[^}]+\}:seen:/],
  ['meeting decision / claim ({m:eA:eB}:met)', /^\{m:[^}]+\}:met$/],
  ['per-epoch budget ({e:<epoch>}:budget)', /^\{e:[^}]+\}:budget$/],
  ['day-count marker ({s:a}:counted:<day>:b)', /^\{s:[^}]+\}:counted:/],
  ['pending nudges ZSET ({s:id}:pending)', /^\{s:[^}]+\}:pending$/],
  ['pending frames hash ({s:id}:frames)', /^\{s:[^}]+\}:frames$/],
  ['push channel ({s:id}:push)', /^\{s:[^}]+\}:push$/],
  ['push claim ({s:id}:pushed:<nudge>)', /^\{s:[^}]+\}:pushed:/],
  ['push queue ({push}:due, {push}:jobs)', /^\{push\}:(due|jobs)$/],
  ['push outcomes ({push}:outcomes:<minute>)', /^\{push\}:outcomes:/],
  ['limit key (rl:<name>)', /^rl:/],
  ['stats spool', /^stats:spool$/],
  ['secret fingerprint', /^secret-fingerprint$/],
];

function startPrivateRedis() {
  if (process.env.BENCH_REDIS_URL !== undefined) return () => undefined;
  execFileSync('redis-server', [
    '--port',
    String(PRIVATE_PORT),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'yes',
    '--pidfile',
    `/tmp/sighej-footprint-${PRIVATE_PORT}.pid`,
  ]);
  return () => execFileSync('redis-cli', ['-p', String(PRIVATE_PORT), 'shutdown', 'nosave']);
}

async function commandStats(redis) {
  const text = await redis.info('commandstats');
  const stats = {};
  for (const [, name, calls, usec] of text.matchAll(/cmdstat_([a-z|_]+):calls=(\d+),usec=(\d+)/g))
    stats[name] = { calls: Number(calls), usec: Number(usec) };
  return stats;
}

async function cpuMicros(redis) {
  const text = await redis.info('cpu');
  const user = Number(/used_cpu_user:([\d.]+)/.exec(text)[1]);
  const sys = Number(/used_cpu_sys:([\d.]+)/.exec(text)[1]);
  return (user + sys) * 1e6;
}

/**
 * Counts MONITOR lines (from redis-cli, which keeps up with any rate) by command, split into
 * sent by a client and run by a script (`[0 lua]`); only lines naming `prefixFilter`, and EVALSHA.
 */
async function monitor(prefixFilter) {
  const { port, hostname } = new URL(REDIS_URL);
  const child = spawn('redis-cli', ['-h', hostname, '-p', port, 'monitor']);
  const counts = { sent: {}, script: {} };
  let rest = '';
  child.stdout.on('data', (chunk) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop();
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

/** One measured step: commands sent, executed, their usec, and Redis CPU, per `unit`. */
async function measure(redis, prefix, unit, step) {
  const before = await commandStats(redis);
  const cpu = await cpuMicros(redis);
  const watch = await monitor(prefix);
  await sleep(100);
  await step();
  await sleep(300);
  watch.stop();
  const cpuUsed = (await cpuMicros(redis)) - cpu;
  const after = await commandStats(redis);
  const executed = {};
  for (const [name, { calls }] of Object.entries(after)) {
    const change = calls - (before[name]?.calls ?? 0);
    if (change > 0 && name !== 'info' && name !== 'monitor') executed[name] = change / unit;
  }
  const perCall = (name) => {
    const calls = (after[name]?.calls ?? 0) - (before[name]?.calls ?? 0);
    return calls === 0 ? 0 : (after[name].usec - (before[name]?.usec ?? 0)) / calls;
  };
  const sent = Object.fromEntries(Object.entries(watch.counts.sent).map(([n, c]) => [n, c / unit]));
  const usecSent = Object.entries(sent).reduce((sum, [name, count]) => sum + count * perCall(name), 0);
  const total = (counts) => Object.values(counts).reduce((sum, n) => sum + n, 0);
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

/**
 * A session from its own client address (behind a trusted proxy), so the default per-IP
 * session limit counts each phone apart as it would in the field.
 */
async function createSession(url, interests, n) {
  const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  const res = await postJson(url, '/session', { interests }, undefined, { 'x-forwarded-for': address });
  if (res.status !== 201) throw new Error(`POST /session answered ${res.status}: ${res.text}`);
  return { bleToken: res.body.ble_token, accessToken: res.body.access_token };
}

async function createPairs(url, count, firstAddress = 1) {
  const pairs = new Array(count);
  await forEachConcurrently(count, 16, async (i) => {
    pairs[i] = {
      left: await createSession(url, LEFT, firstAddress + i * 2),
      right: await createSession(url, RIGHT, firstAddress + i * 2 + 1),
    };
  });
  return pairs;
}

async function registerPush(url, pairs) {
  for (const { left } of pairs.slice(0, PUSHED_PAIRS)) {
    const res = await fetch(`${url}/session/${left.bleToken}/push`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${left.accessToken}` },
      body: JSON.stringify({ provider: 'webpush', subscription: SUBSCRIPTION }),
    });
    if (res.status !== 204) throw new Error(`PUT push answered ${res.status}: ${await res.text()}`);
  }
}

async function matchAll(url, pairs, flip = false) {
  await forEachConcurrently(pairs.length, 16, async (i) => {
    const { left, right } = flip ? { left: pairs[i].right, right: pairs[i].left } : pairs[i];
    const res = await postJson(url, '/match', matchRequest(left, right), left.accessToken);
    if (res.status !== 200) throw new Error(`/match answered ${res.status}: ${res.text}`);
  });
}

/**
 * Repeated /match without MONITOR, three rounds: Redis CPU per call as production would see it
 * (INFO cpu: parsing and I/O included) and the usec INFO commandstats gives the commands a
 * client sent (`sentNames`: a script's usec includes the commands it runs).
 */
async function plainCpu(redis, url, pairs, sentNames) {
  const rounds = [];
  for (let round = 0; round < 3; round += 1) {
    const cpu = await cpuMicros(redis);
    const before = await commandStats(redis);
    await matchAll(url, pairs);
    await matchAll(url, pairs, true);
    const after = await commandStats(redis);
    const usec = sentNames.reduce(
      (sum, name) => sum + (after[name]?.usec ?? 0) - (before[name]?.usec ?? 0),
      0,
    );
    rounds.push({
      redisCpuUsecPerMatch: Math.round((((await cpuMicros(redis)) - cpu) / (pairs.length * 2)) * 10) / 10,
      commandUsecPerMatch: Math.round((usec / (pairs.length * 2)) * 10) / 10,
    });
  }
  return rounds;
}

/** Pairs that meet, the left phones with Web Push, and the bytes of every key kind left. */
async function memoryWithPush(redis, url, prefix) {
  const pairs = await createPairs(url, PAIRS);
  await registerPush(url, pairs);
  await matchAll(url, pairs);
  await matchAll(url, pairs, true);
  await sleep(1000);
  return memoryByKind(redis, prefix);
}

async function memoryByKind(redis, prefix) {
  const byKind = {};
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const rest = key.slice(prefix.length);
      const kind = KINDS.find(([, pattern]) => pattern.test(rest))?.[0] ?? `other (${rest.slice(0, 20)})`;
      const entry = (byKind[kind] ??= { keys: 0, bytes: 0, members: 0, example: rest });
      entry.keys += 1;
      entry.bytes += await redis.memory('USAGE', key, 'SAMPLES', '0');
      const type = await redis.type(key);
      if (type === 'zset') entry.members += await redis.zcard(key);
      else if (type === 'hash') entry.members += await redis.hlen(key);
      else if (type === 'set') entry.members += await redis.scard(key);
      else if (type === 'stream') entry.members += await redis.xlen(key);
      else entry.members += 1;
    }
  } while (cursor !== '0');
  for (const entry of Object.values(byKind)) {
    entry.bytesPerKey = Math.round(entry.bytes / entry.keys);
    entry.bytesPerMember = Math.round(entry.bytes / entry.members);
  }
  return byKind;
}

function pushEnv() {
  const { publicKey, privateKey } = webpush.generateVAPIDKeys();
  return {
    PUSH_WEBPUSH_VAPID_PUBLIC_KEY: publicKey,
    PUSH_WEBPUSH_VAPID_PRIVATE_KEY: privateKey,
    PUSH_WEBPUSH_SUBJECT: 'mailto:ops@example.net',
  };
}

/** `limits` on or off; `push`: Web Push configured, and only the memory per key kind measured. */
async function scenario(limits, database, push = false) {
  const redis = new Redis(REDIS_URL);
  const prefix = uniquePrefix();
  const service = await startNodeProcess({
    name: `service (limits ${limits})`,
    script: 'dist/apps/api/apps/api/src/main.js',
    env: {
      NODE_ENV: 'production',
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      DATABASE_URL: database.url,
      ADMIN_API_KEY: randomBytes(24).toString('base64url'),
      LIMIT_KEY_SECRET: 'footprint-limit-key-secret-not-for-production-0123',
      LOG_LEVEL: 'warn',
      TRUST_PROXY: 'loopback',
      ...(push ? pushEnv() : {}),
      ...(limits === 'off' ? LIMITS_OFF : {}),
    },
    port: await freePort(),
    healthPath: '/health',
  });
  try {
    await createSession(service.url, ['jazz'], 0);
    let pairs;
    const out = { node: process.version };
    if (push) return { memory: await memoryWithPush(redis, service.url, prefix) };
    out.session = await measure(redis, prefix, PAIRS * 2, async () => {
      pairs = await createPairs(service.url, PAIRS);
    });
    out.meeting = await measure(redis, prefix, PAIRS, async () => {
      await matchAll(service.url, pairs);
      await matchAll(service.url, pairs, true);
    });
    out.repeatedMatch = await measure(redis, prefix, PAIRS * 2, async () => {
      await matchAll(service.url, pairs);
      await matchAll(service.url, pairs, true);
    });
    out.repeatedMatchCpu = await plainCpu(redis, service.url, pairs, Object.keys(out.repeatedMatch.sent));
    return out;
  } finally {
    await service.stop();
    redis.disconnect();
  }
}

async function main() {
  await checkPostgres();
  const stopRedis = startPrivateRedis();
  await sleep(300);
  const database = await freshDatabase();
  const out = {};
  try {
    out.limitsOn = await scenario('on', database);
    out.limitsOff = await scenario('off', database);
    out.withPush = await scenario('on', database, true);
  } finally {
    closeAgent();
    await database.drop();
    stopRedis();
  }
  console.log(JSON.stringify(out, null, 2));
}

await main();
