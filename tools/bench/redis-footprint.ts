// node dist/bench/tools/bench/redis-footprint.js (after `npm run bench:build`, Postgres up): the
// Redis side of docs/scaling.md, measured on a private redis-server (BENCH_REDIS_URL, default a
// redis-server this script starts on port 7108, so no other client's commands are counted).
// For the default limits and with every limit off: commands sent (MONITOR lines not run by a
// script) and executed (INFO commandstats deltas, script-run commands included) per
// POST /session, per meeting (the two /match calls that decide it) and per repeated /match;
// Redis CPU per /match from commandstats (usec of the commands sent: a script's usec
// includes what it runs) and from INFO cpu (what the process used, network I/O included).
// Then MEMORY USAGE of every key kind the service left (averaged per kind). Settings:
// COSTS_SESSIONS (1000 = 500 pairs).
import { execFileSync } from 'node:child_process';
import Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import webpush from 'web-push';
import { LEFT, matchRequest, Pair, RIGHT, sessionOf } from './lib/fixtures';
import { closeAgent, forEachConcurrently, postJson } from './lib/http';
import { BenchDatabase, checkPostgres, freePort, freshDatabase, uniquePrefix } from './lib/infra';
import { memoryByKind } from './lib/key-kinds';
import { startNodeProcess } from './lib/processes';
import { commandStats, cpuMicros } from './lib/redis-info';
import { stepCost } from './lib/redis-monitor';
import { serviceEnv } from './lib/service-env';
import { SERVICE_MAIN } from './settings';

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

function startPrivateRedis(): () => void {
  if (process.env.BENCH_REDIS_URL !== undefined) return () => undefined;
  const pidfile = `/tmp/sighej-footprint-${PRIVATE_PORT}.pid`;
  execFileSync('redis-server', [
    ...['--port', String(PRIVATE_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    ...['--daemonize', 'yes', '--pidfile', pidfile],
  ]);
  return () => void execFileSync('redis-cli', ['-p', String(PRIVATE_PORT), 'shutdown', 'nosave']);
}

/**
 * A session from its own client address (behind a trusted proxy), so the default per-IP
 * session limit counts each phone apart as it would in the field.
 */
async function createSession(url: string, interests: string[], n: number) {
  const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
  return sessionOf(await postJson(url, '/session', { interests }, undefined, { 'x-forwarded-for': address }));
}

async function createPairs(url: string, count: number): Promise<Pair[]> {
  const pairs = new Array<Pair>(count);
  await forEachConcurrently(count, 16, async (i) => {
    pairs[i] = {
      left: await createSession(url, LEFT, 1 + i * 2),
      right: await createSession(url, RIGHT, 2 + i * 2),
    };
  });
  return pairs;
}

async function registerPush(url: string, pairs: Pair[]): Promise<void> {
  for (const { left } of pairs.slice(0, PUSHED_PAIRS)) {
    const res = await fetch(`${url}/session/${left.bleToken}/push`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${left.accessToken}` },
      body: JSON.stringify({ provider: 'webpush', subscription: SUBSCRIPTION }),
    });
    if (res.status !== 204) throw new Error(`PUT push answered ${res.status}: ${await res.text()}`);
  }
}

/** Every pair reports each other once (the two calls of a meeting). */
async function matchBoth(url: string, pairs: Pair[]): Promise<void> {
  for (const flip of [false, true]) {
    await forEachConcurrently(pairs.length, 16, async (i) => {
      const { left, right } = flip ? { left: pairs[i].right, right: pairs[i].left } : pairs[i];
      const res = await postJson(url, '/match', matchRequest(left, right), left.accessToken);
      if (res.status !== 200) throw new Error(`/match answered ${res.status}: ${res.text}`);
    });
  }
}

/**
 * Repeated /match without MONITOR, three rounds: Redis CPU per call as production would see it
 * (INFO cpu: parsing and I/O included) and the usec INFO commandstats gives the commands a
 * client sent (`sentNames`: a script's usec includes the commands it runs).
 */
async function plainCpu(redis: Redis, url: string, pairs: Pair[], sentNames: string[]) {
  const rounds = [];
  for (let round = 0; round < 3; round += 1) {
    const cpu = await cpuMicros(redis);
    const before = await commandStats(redis);
    await matchBoth(url, pairs);
    const after = await commandStats(redis);
    const usec = sentNames.reduce(
      (sum, name) => sum + (after[name]?.usec ?? 0) - (before[name]?.usec ?? 0),
      0,
    );
    const perMatch = (value: number): number => Math.round((value / (pairs.length * 2)) * 10) / 10;
    rounds.push({
      redisCpuUsecPerMatch: perMatch((await cpuMicros(redis)) - cpu),
      commandUsecPerMatch: perMatch(usec),
    });
  }
  return rounds;
}

function pushEnv(): Record<string, string> {
  const { publicKey, privateKey } = webpush.generateVAPIDKeys();
  return {
    PUSH_WEBPUSH_VAPID_PUBLIC_KEY: publicKey,
    PUSH_WEBPUSH_VAPID_PRIVATE_KEY: privateKey,
    PUSH_WEBPUSH_SUBJECT: 'mailto:ops@example.net',
  };
}

async function measureSteps(redis: Redis, url: string, prefix: string): Promise<Record<string, unknown>> {
  let pairs: Pair[] = [];
  const out: Record<string, unknown> = { node: process.version };
  out.session = await stepCost(redis, REDIS_URL, prefix, PAIRS * 2, async () => {
    pairs = await createPairs(url, PAIRS);
  });
  out.meeting = await stepCost(redis, REDIS_URL, prefix, PAIRS, () => matchBoth(url, pairs));
  const repeated = await stepCost(redis, REDIS_URL, prefix, PAIRS * 2, () => matchBoth(url, pairs));
  out.repeatedMatch = repeated;
  out.repeatedMatchCpu = await plainCpu(redis, url, pairs, Object.keys(repeated.sent));
  return out;
}

/** `limits` on or off; `push`: Web Push configured, and only the memory per key kind measured. */
async function scenario(
  limits: 'on' | 'off',
  database: BenchDatabase,
  push = false,
): Promise<Record<string, unknown>> {
  const redis = new Redis(REDIS_URL);
  const prefix = uniquePrefix();
  const service = await startNodeProcess({
    name: `service (limits ${limits})`,
    script: SERVICE_MAIN,
    env: serviceEnv({
      prefix,
      databaseUrl: database.url,
      redisUrl: REDIS_URL,
      limitsOn: limits === 'on',
      env: {
        TRUST_PROXY: 'loopback',
        ...(push ? pushEnv() : {}),
        ...(limits === 'off' ? { MATCH_NEW_MEETINGS_PER_WINDOW: '0' } : {}),
      },
    }),
    port: await freePort(),
    healthPath: '/health',
  });
  try {
    await createSession(service.url, ['jazz'], 0);
    if (!push) return await measureSteps(redis, service.url, prefix);
    const pairs = await createPairs(service.url, PAIRS);
    await registerPush(service.url, pairs);
    await matchBoth(service.url, pairs);
    await sleep(1000);
    return { memory: await memoryByKind(redis, prefix) };
  } finally {
    await service.stop();
    redis.disconnect();
  }
}

async function main(): Promise<void> {
  await checkPostgres();
  const stopRedis = startPrivateRedis();
  await sleep(300);
  const database = await freshDatabase();
  const out: Record<string, unknown> = {};
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

void main();
