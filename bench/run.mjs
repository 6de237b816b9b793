// npm run bench: the service's hot paths against a no-framework floor, in one run, on the
// machine's Redis and Postgres. Prints a table and writes docs/benchmarks.md.
//
// Settings (environment): BENCH_WARMUP (s, 5), BENCH_SECONDS (s, 15), BENCH_CONNECTIONS (64),
// BENCH_PAIRS (200), BENCH_SOCKETS (10000), BENCH_NUDGES (200), BENCH_PROFILE_SECONDS (10),
// BENCH_PARITY_CALLS (2500 live and 2500 absent calls per parity row, 4 rows: 20,000 calls),
// BENCH_REDIS_URL, BENCH_DATABASE_URL; BENCH_ONLY=match runs the /match scenarios alone (for a
// quick before/after of one change), BENCH_ONLY=parity the privacy parity rows alone
// (docs/benchmarks.md is not written for either), BENCH_ONLY=push the push row alone.
// BENCH_NODE=/path/to/node runs the service and the Node peers on that binary (default: the node
// running the bench). BENCH_ONLY=runtimes measures the service, the floor and FastAPI on every
// binary of BENCH_RUNTIMES (comma-separated paths) side by side and writes that table alone.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import {
  checkPostgres,
  checkRedis,
  deleteKeysWithPrefix,
  freePort,
  freshDatabase,
  openFileLimit,
  REDIS_URL,
  uniquePrefix,
} from './lib/infra.mjs';
import { rssKb, startNodeProcess } from './lib/processes.mjs';
import { closeAgent, forEachConcurrently, postJson } from './lib/http.mjs';
import {
  createPairs,
  createSession,
  LEFT,
  matchCombos,
  meetPairs,
  SESSION_INTEREST_LISTS,
  unissuedBleToken,
} from './lib/fixtures.mjs';
import { MEETING_SCRIPT, RATE_LIMIT_SCRIPT } from './lib/match-work.mjs';
import { measure } from './lib/load.mjs';
import { pushOverhead } from './push-overhead.mjs';
import { pacedLoad } from './lib/paced.mjs';
import { recorderCost } from './lib/recorder-cost.mjs';
import { closeAll, connectAll, timeNudges } from './lib/sockets.mjs';
import { fmt, percentile } from './lib/numbers.mjs';
import { analyseProfile, PROFILE_MARKERS } from './lib/profile.mjs';
import {
  loadTable,
  printTable,
  runtimeTable,
  targetsTable,
  writeMarkdown,
  writeRuntimes,
} from './lib/report.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SERVICE_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
const FLOOR = join(ROOT, 'bench/floor-server.mjs');
const CEILING = join(ROOT, 'bench/nest-ceiling.mjs');
const FASTAPI = join(ROOT, 'bench/peers/fastapi_match.py');
const PRELOAD = join(ROOT, 'bench/lib/profiler-preload.mjs');
const REPORT = join(ROOT, 'docs/benchmarks.md');

const setting = (name, fallback) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
};
const WARMUP = setting('BENCH_WARMUP', 5);
const SECONDS = setting('BENCH_SECONDS', 15);
const CONNECTIONS = setting('BENCH_CONNECTIONS', 64);
const PAIRS = setting('BENCH_PAIRS', 200);
const SOCKETS = setting('BENCH_SOCKETS', 10_000);
const NUDGES = setting('BENCH_NUDGES', 200);
const PROFILE_SECONDS = setting('BENCH_PROFILE_SECONDS', 10);
const PARITY_CALLS = setting('BENCH_PARITY_CALLS', 2500);
const ONLY_MATCH = process.env.BENCH_ONLY === 'match';
const ONLY_RUNTIMES = process.env.BENCH_ONLY === 'runtimes';
const BENCH_NODE = process.env.BENCH_NODE ?? process.execPath;
const RUNTIMES = (process.env.BENCH_RUNTIMES ?? `/usr/bin/node,${process.execPath}`)
  .split(',')
  .map((path) => path.trim())
  .filter((path, i, all) => path !== '' && all.indexOf(path) === i);
// BENCH_ONLY=parity runs the privacy parity scenario alone (docs/benchmarks.md is not written).
const ONLY_PARITY = process.env.BENCH_ONLY === 'parity';
// BENCH_ONLY=push runs the push row alone (bench/push-overhead.mjs; docs/benchmarks.md is not written).
const ONLY_PUSH = process.env.BENCH_ONLY === 'push';
const ROUNDS = 3;

const PYTHON = '/usr/bin/python3';
const PYTHON_MODULES = 'fastapi uvicorn redis.asyncio uvloop httptools';

/** Whether the FastAPI peer can run: Debian's packages for /usr/bin/python3. */
function fastapiInstalled() {
  const probe = spawnSync(PYTHON, ['-c', `import ${PYTHON_MODULES.replaceAll(' ', ', ')}`], {
    encoding: 'utf8',
  });
  return probe.status === 0;
}

const log = (message) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

const results = { loads: [], targets: [], notes: [], profile: undefined };
const cleanups = [];
const started = [];

async function cleanup() {
  while (cleanups.length > 0) {
    const step = cleanups.pop();
    try {
      await step();
    } catch (error) {
      console.error(`cleanup: ${error.message}`);
    }
  }
}

process.once('SIGINT', () => {
  log('interrupted; cleaning up');
  void cleanup().then(() => process.exit(130));
});

function serviceEnv({ prefix, databaseUrl, stats, logLevel = 'warn', env: extra = {} }) {
  const env = {
    NODE_ENV: 'production',
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    DATABASE_URL: databaseUrl,
    ADMIN_API_KEY: randomBytes(24).toString('base64url'),
    LIMIT_KEY_SECRET: 'bench-limit-key-secret-not-for-production-0123',
    LOG_LEVEL: logLevel,
    SWAGGER_UI: 'false',
    RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
    RATE_LIMIT_MATCHES_PER_MINUTE: '0',
    RATE_LIMIT_WS_CONNECTS_PER_MINUTE: '0',
    RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '0',
    BENCH_PROFILE_PATH: join(profileDir, `service-${stats}.cpuprofile`),
  };
  if (stats === 'memory') env.STATS_RECORDER = 'memory';
  return { ...env, ...extra };
}

async function startService(name, options) {
  const service = await startNodeProcess({
    name,
    script: SERVICE_MAIN,
    command: options.node ?? BENCH_NODE,
    // --max-semi-space-size as the Dockerfile and `npm run start:prod` start it.
    nodeArgs: ['--max-semi-space-size=32', '--expose-gc', '--import', PRELOAD],
    env: serviceEnv(options),
    // A log line per request goes where production's would (a file descriptor), not into
    // the bench process, which also runs the load generator.
    quietStdout: options.quietStdout === true,
    port: await freePort(),
    healthPath: '/health',
  });
  cleanups.push(() => service.stop());
  started.push(service);
  return service;
}

function sessionLoad(service, seconds, warmupSeconds) {
  let n = 0;
  return measure({
    pid: service.pid,
    url: service.url,
    path: '/session',
    connections: CONNECTIONS,
    warmupSeconds,
    seconds,
    makeRequest: () => ({
      body: JSON.stringify({ interests: SESSION_INTEREST_LISTS[n++ % SESSION_INTEREST_LISTS.length] }),
    }),
  });
}

const SESSION_FIELDS = ['access_token', 'ble_token', 'expires_at', 'session_id'];

/** POST /session on the service and on the FastAPI peer in alternating slices. */
async function sessionVersusFastapi(service, base) {
  const name = 'POST /session ≥ 2 × the FastAPI peer';
  const fastapi = await startFastapi(base.prefix);
  if (fastapi === undefined) {
    results.targets.push({ name, measured: 'not measured (packages missing)', ok: undefined });
    return;
  }
  for (const target of [service, fastapi]) {
    const answer = await postJson(target.url, '/session', { interests: LEFT });
    const fields = Object.keys(answer.body ?? {}).sort();
    if (answer.status !== 201 || JSON.stringify(fields) !== JSON.stringify(SESSION_FIELDS))
      throw new Error(`${target.name}: POST /session answered ${answer.status} ${answer.text}`);
  }
  log(`POST /session: service and FastAPI, warm-up ${WARMUP} s each, then ${ROUNDS} alternating slices`);
  const [own, peer] = await inTurns([service, fastapi], (target, seconds) => sessionLoad(target, seconds, 0));
  await fastapi.stop();
  results.loads.push(
    { name: 'POST /session, service', result: own },
    { name: `POST /session, ${fastapi.name}`, result: peer },
  );
  results.targets.push(ratioTarget(`${name}, ${CONNECTIONS} connections`, own, peer, 2));
  const failed = failures(own);
  results.targets.push({
    name: 'POST /session 0 errors, 0 non-2xx (service)',
    measured: `${failed} of ${fmt.int(own.total)}`,
    ok: failed === 0,
  });
}

function matchLoad(target, combos, { seconds, warmupSeconds, overallRate }) {
  let n = 0;
  return measure({
    pid: target.pid,
    url: target.url,
    path: '/match',
    connections: CONNECTIONS,
    warmupSeconds,
    seconds,
    overallRate,
    makeRequest: () => {
      const combo = combos[n++ % combos.length];
      return { body: combo.body, headers: { authorization: `Bearer ${combo.bearer}` } };
    },
  });
}

/** Runs of the same load merged: requests add up, latency percentiles are weighted means. */
function merge(a, b) {
  const avg = (k) => (a[k] * a.total + b[k] * b.total) / (a.total + b.total);
  return {
    ...a,
    rps: (a.total + b.total) / (a.seconds + b.seconds),
    total: a.total + b.total,
    ok: a.ok + b.ok,
    non2xx: a.non2xx + b.non2xx,
    errors: a.errors + b.errors,
    timeouts: a.timeouts + b.timeouts,
    p50: avg('p50'),
    p97_5: avg('p97_5'),
    p99: avg('p99'),
    max: Math.max(a.max, b.max),
    cpuUsPerRequest: (a.cpuUsPerRequest * a.total + b.cpuUsPerRequest * b.total) / (a.total + b.total),
    generatorCpuShare:
      (a.generatorCpuShare * a.seconds + b.generatorCpuShare * b.seconds) / (a.seconds + b.seconds),
    seconds: a.seconds + b.seconds,
  };
}

const failures = (r) => r.non2xx + r.errors + r.timeouts;

/** (6) Stats overhead: both configurations up at once, measured alternately (A B A B). */
async function statsOverhead(base, withDefault) {
  log('stats overhead: starting a second service with STATS_RECORDER=memory');
  const withMemory = await startService('service (STATS_RECORDER=memory)', { ...base, stats: 'memory' });
  // Short alternating slices (A B A B …) so both see the same neighbours' load.
  const rounds = 3;
  const slice = SECONDS / rounds;
  log(`POST /session: warm-up ${WARMUP} s each, then ${rounds} × (${slice} s default, ${slice} s memory)`);
  await sessionLoad(withDefault, WARMUP, 0);
  await sessionLoad(withMemory, WARMUP, 0);
  const countedRuns = [];
  const memoryRuns = [];
  for (let i = 0; i < rounds; i++) {
    countedRuns.push(await sessionLoad(withDefault, slice, 0));
    memoryRuns.push(await sessionLoad(withMemory, slice, 0));
  }
  await withMemory.stop();
  const counted = countedRuns.reduce(merge);
  const memory = memoryRuns.reduce(merge);
  results.loads.push({ name: 'POST /session (stats: default recorder)', result: counted });
  results.loads.push({ name: 'POST /session (STATS_RECORDER=memory)', result: memory });
  const cost = 1 - counted.rps / memory.rps;
  const cpuCost = counted.cpuUsPerRequest / memory.cpuUsPerRequest - 1;
  const sliceCosts = countedRuns.map((run, i) => run.cpuUsPerRequest / memoryRuns[i].cpuUsPerRequest - 1);
  // The recorders differ by a map update and a date format per request: a few µs, far below
  // the drift a shared machine puts into an end-to-end A/B (the per-slice spread shows it).
  // So the verdict divides the recorder's own cost, measured in process, by the service's
  // CPU per /session request; the end-to-end A/B is reported beside it.
  const perCall = recorderCost(ROOT);
  const share = (perCall.bufferedUs - perCall.memoryUs) / counted.cpuUsPerRequest;
  results.targets.push({
    name: 'stats counting costs ≤ 5 % of /session throughput',
    measured:
      `${fmt.pct(share)}: recordSession ${perCall.bufferedUs.toFixed(2)} µs (buffered) vs ${perCall.memoryUs.toFixed(2)} µs (memory) ` +
      `per request of ${counted.cpuUsPerRequest.toFixed(0)} µs CPU`,
    ok: share <= 0.05,
  });
  results.targets.push({
    name: '(info) stats end-to-end A/B: STATS_RECORDER=buffered vs memory, /session',
    measured:
      `throughput ${fmt.pct(cost)} lower (${fmt.int(counted.rps)} vs ${fmt.int(memory.rps)} req/s); CPU per request ${fmt.pct(cpuCost)} higher ` +
      `(${counted.cpuUsPerRequest.toFixed(0)} vs ${memory.cpuUsPerRequest.toFixed(0)} µs; per slice ${sliceCosts.map((c) => fmt.pct(c)).join(', ')})`,
    ok: undefined,
  });
  log(
    `/session ${fmt.int(counted.rps)} req/s counted vs ${fmt.int(memory.rps)} in memory: cost ${fmt.pct(cost)}`,
  );
}

/**
 * Saturation load on each target in short alternating slices (A B C A B C …), after a
 * warm-up of each: on a shared machine the neighbours' load drifts over seconds, and
 * slicing gives every target the same share of it, so the ratios hold.
 */
async function inTurns(targets, load) {
  const rounds = ROUNDS;
  const slice = SECONDS / rounds;
  for (const target of targets) await load(target, WARMUP);
  const runs = targets.map(() => []);
  for (let round = 0; round < rounds; round++) {
    // A different target goes first each round, so none always follows the same neighbour.
    for (let k = 0; k < targets.length; k++) {
      const i = (round + k) % targets.length;
      runs[i].push(await load(targets[i], slice));
    }
  }
  return runs.map((list) => list.reduce(merge));
}

const saturateInTurns = (targets, combos) =>
  inTurns(targets, (target, seconds) => matchLoad(target, combos, { seconds, warmupSeconds: 0 }));

const peerEnv = (prefix) => ({ REDIS_URL, REDIS_KEY_PREFIX: prefix, RATE_LIMIT_MATCHES_PER_MINUTE: '0' });

async function startPeer(options) {
  const peer = await startNodeProcess({
    command: BENCH_NODE,
    ...options,
    port: await freePort(),
    healthPath: '/health',
  });
  cleanups.push(() => peer.stop());
  started.push(peer);
  return peer;
}

const startFloor = (prefix, node = BENCH_NODE, name = 'floor (node:http + ioredis)') =>
  startPeer({ name, script: FLOOR, command: node, env: peerEnv(prefix) });

/** The FastAPI peer (/match and /session), or undefined with a note when its packages are missing. */
async function startFastapi(prefix) {
  if (fastapiInstalled()) {
    return startPeer({
      name: 'FastAPI + uvicorn (uvloop, httptools) + redis.asyncio',
      script: FASTAPI,
      command: PYTHON,
      env: {
        ...peerEnv(prefix),
        BENCH_MEETING_SCRIPT: MEETING_SCRIPT,
        BENCH_RATE_LIMIT_SCRIPT: RATE_LIMIT_SCRIPT,
        SESSION_TTL_SECONDS: '7200',
      },
    });
  }
  const message =
    `FastAPI peer skipped: ${PYTHON} cannot import ${PYTHON_MODULES}. ` +
    "Install Debian's packages (`apt-get install -y python3-fastapi python3-uvicorn python3-redis python3-uvloop python3-httptools`) and re-run; the FastAPI targets are not judged.";
  log(message);
  if (!results.notes.includes(message)) results.notes.push(message);
  return undefined;
}

/** The peers doing the service's /match work: the floor, the Nest ceiling, FastAPI when installed. */
async function startPeers(prefix) {
  const floor = await startFloor(prefix);
  const ceiling = await startPeer({
    name: 'bare Nest + Express + ValidationPipe',
    script: CEILING,
    env: peerEnv(prefix),
  });
  return { floor, ceiling, fastapi: await startFastapi(prefix) };
}

/** "N × (a vs b req/s; CPU x vs y µs per request)": the service against another target. */
function versus(serviceMax, other) {
  return (
    `${(serviceMax.rps / other.rps).toFixed(2)} × (${fmt.int(serviceMax.rps)} vs ${fmt.int(other.rps)} req/s; ` +
    `CPU ${serviceMax.cpuUsPerRequest.toFixed(0)} vs ${other.cpuUsPerRequest.toFixed(0)} µs per request)`
  );
}

/**
 * Why a throughput ratio target failed, in the figure that decides it: the service's CPU per
 * request against the CPU per request that would reach the ratio (at the other's throughput).
 */
function ratioShortfall(serviceMax, other, ratio, asPercent) {
  const budget = other.cpuUsPerRequest / ratio;
  return (
    `; reaching ${asPercent ? fmt.pct(ratio) : `${ratio} ×`} needs about ${budget.toFixed(0)} µs CPU per request ` +
    `(${(serviceMax.cpuUsPerRequest - budget).toFixed(0)} µs less than now)`
  );
}

/** A ratio target: PASS when service/other ≥ ratio; a FAIL says what it would take. */
function ratioTarget(name, serviceMax, other, ratio, asPercent = false) {
  const measured = serviceMax.rps / other.rps;
  const ok = measured >= ratio;
  const head = asPercent
    ? `${fmt.pct(measured)} (${fmt.int(serviceMax.rps)} vs ${fmt.int(other.rps)} req/s; CPU ${serviceMax.cpuUsPerRequest.toFixed(0)} vs ${other.cpuUsPerRequest.toFixed(0)} µs per request)`
    : versus(serviceMax, other);
  return { name, measured: ok ? head : head + ratioShortfall(serviceMax, other, ratio, asPercent), ok };
}

/** Issue 21's /match targets from one run's measurements. */
function matchTargets({
  serviceMax,
  infoMax,
  floorMax,
  ceilingMax,
  fastapiMax,
  serviceFixed,
  floorFixed,
  rate,
}) {
  const targets = [];
  if (fastapiMax) {
    targets.push(
      ratioTarget(`/match ≥ 2.5 × the FastAPI peer, ${CONNECTIONS} connections`, serviceMax, fastapiMax, 2.5),
    );
  } else {
    targets.push({
      name: '/match ≥ 2.5 × the FastAPI peer',
      measured: 'not measured (packages missing)',
      ok: undefined,
    });
  }
  targets.push(
    ratioTarget(
      '/match ≥ 50 % of the raw floor (node:http + ioredis, same work)',
      serviceMax,
      floorMax,
      0.5,
      true,
    ),
    ratioTarget(
      '/match ≥ 85 % of bare Nest + Express + ValidationPipe doing the same work',
      serviceMax,
      ceilingMax,
      0.85,
      true,
    ),
  );
  const p99Ratio = serviceFixed.p99 / floorFixed.p99;
  const p99Ok = serviceFixed.p99 <= 1.5 * floorFixed.p99;
  targets.push({
    name: `/match p99 at a steady ${fmt.int(rate)} req/s (half the maximum) ≤ 1.5 × the floor's p99 at that rate`,
    measured:
      `${fmt.ms(serviceFixed.p99)} vs floor ${fmt.ms(floorFixed.p99)} (${p99Ratio.toFixed(2)} ×)` +
      (p99Ok
        ? ''
        : `; at that rate the service spends ${serviceFixed.cpuUsPerRequest.toFixed(0)} µs CPU per request ` +
          `(${fmt.pct((serviceFixed.cpuUsPerRequest * rate) / 1e6)} of a core) vs the floor's ${floorFixed.cpuUsPerRequest.toFixed(0)} µs ` +
          `(${fmt.pct((floorFixed.cpuUsPerRequest * rate) / 1e6)}): the tail is queueing behind that work`),
    ok: p99Ok,
  });
  const failed = failures(serviceMax) + failures(infoMax) + failures(serviceFixed);
  const infoCost = 1 - infoMax.rps / serviceMax.rps;
  targets.push(
    {
      name: '/match 0 errors, 0 non-2xx (all service loads)',
      measured: `${failed} of ${fmt.int(serviceMax.total + infoMax.total + serviceFixed.total)}`,
      ok: failed === 0,
    },
    {
      name: 'LOG_LEVEL=info (one line per request) costs ≤ 10 % of /match throughput vs warn',
      measured:
        `${fmt.pct(infoCost)} (${fmt.int(infoMax.rps)} vs ${fmt.int(serviceMax.rps)} req/s; CPU ` +
        `${infoMax.cpuUsPerRequest.toFixed(0)} vs ${serviceMax.cpuUsPerRequest.toFixed(0)} µs per request)`,
      ok: infoCost <= 0.1,
    },
    {
      // What the peers themselves reach says which targets a Nest + Express service can reach at all.
      name: '(info) the bare Nest ceiling vs the floor and vs FastAPI',
      measured:
        `${fmt.pct(ceilingMax.rps / floorMax.rps)} of the floor (${fmt.int(ceilingMax.rps)} vs ${fmt.int(floorMax.rps)} req/s)` +
        (fastapiMax
          ? `; ceiling ${(ceilingMax.rps / fastapiMax.rps).toFixed(2)} ×, floor ${(floorMax.rps / fastapiMax.rps).toFixed(2)} × FastAPI`
          : ''),
      ok: undefined,
    },
  );
  return targets;
}

const sameAnswer = (a, b) => a.status === b.status && JSON.stringify(a.body) === JSON.stringify(b.body);

/**
 * (1)+(2)+(4) /match after the meeting: the service against its peers at saturation, the
 * LOG_LEVEL A/B, then at a fixed rate against the floor, then profiled.
 */
async function matchVersusPeers(service, base) {
  const { prefix } = base;
  log(`/match: creating ${PAIRS} pairs of sessions; both phones of each pair report each other`);
  const pairs = await createPairs(service.url, PAIRS);
  const probe = await postJson(service.url, '/match', {});
  if (probe.status === 404) {
    results.notes.push('POST /match is not built on this branch: /match, floor and nudge scenarios skipped.');
    log('POST /match answers 404: skipping /match scenarios');
    return false;
  }
  const met = await meetPairs(service.url, pairs);
  const unmet = met.filter((answers) => !answers.some((r) => r.status === 200 && r.body?.match === true));
  if (unmet.length > 0) {
    const [a, b] = unmet[0];
    throw new Error(`a pair did not meet: ${a.status} ${a.text}, then ${b.status} ${b.text}`);
  }
  const combos = matchCombos(pairs);
  const peers = await startPeers(prefix);
  const others = [peers.floor, peers.ceiling, peers.fastapi].filter(Boolean);
  // The peers keep their own meeting keys: the same two calls per pair make them met there.
  await meetPairs(peers.floor.url, pairs);
  // Every peer must give the service's answers on the hot path, or the comparison means nothing.
  for (const { left, right } of pairs.slice(0, 5)) {
    const body = { own_token: right.bleToken, detected_token: left.bleToken };
    const fromService = await postJson(service.url, '/match', body, right.accessToken);
    if (
      fromService.status !== 200 ||
      fromService.body?.match !== true ||
      fromService.body.nudge_sent !== false
    ) {
      throw new Error(`hot-path answer of the service: ${fromService.status} ${fromService.text}`);
    }
    for (const peer of others) {
      const fromPeer = await postJson(peer.url, '/match', body, right.accessToken);
      if (!sameAnswer(fromService, fromPeer)) {
        throw new Error(
          `${peer.name} and the service disagree: ${fromPeer.status} ${fromPeer.text} vs ${fromService.text}`,
        );
      }
    }
  }
  log(
    `hot-path answer (all): ${JSON.stringify((await meetPairs(service.url, pairs.slice(0, 1)))[0][1].body)}`,
  );

  const withInfo = await startService('service (LOG_LEVEL=info)', {
    ...base,
    stats: 'default',
    logLevel: 'info',
    quietStdout: true,
  });
  const targets = [service, withInfo, ...others];
  log(
    `/match saturation, ${CONNECTIONS} connections: ${targets.map((t) => t.name).join(', ')} ` +
      `(warm-up ${WARMUP} s each, then ${ROUNDS} alternating slices of ${fmt.int(SECONDS / ROUNDS)} s each)`,
  );
  const [serviceMax, infoMax, floorMax, ceilingMax, fastapiMax] = await saturateInTurns(targets, combos);
  await withInfo.stop();
  await peers.ceiling.stop();
  await peers.fastapi?.stop();
  log(
    `  service ${fmt.int(serviceMax.rps)} req/s, LOG_LEVEL=info ${fmt.int(infoMax.rps)}, floor ${fmt.int(floorMax.rps)}, ` +
      `ceiling ${fmt.int(ceilingMax.rps)}${fastapiMax ? `, FastAPI ${fmt.int(fastapiMax.rps)}` : ''}`,
  );
  if (floorMax.generatorCpuShare > 0.8) {
    results.notes.push(
      `The load generator (autocannon, in the bench process) used ${fmt.pct(floorMax.generatorCpuShare)} of a core while loading the floor: ` +
        'the floor may be generator-bound on this machine, which would flatter the service-to-floor ratio.',
    );
  }

  const rate = Math.max(1, Math.floor(serviceMax.rps / 2));
  log(`/match at a steady ${fmt.int(rate)} req/s (half the service's maximum): service, then floor`);
  const pacedMatch = (target) => {
    let n = 0;
    return pacedLoad({
      pid: target.pid,
      url: target.url,
      path: '/match',
      rate,
      seconds: SECONDS,
      warmupSeconds: 3,
      connections: CONNECTIONS,
      makeRequest: () => {
        const combo = combos[n++ % combos.length];
        return { body: combo.body, headers: { authorization: `Bearer ${combo.bearer}` } };
      },
    });
  };
  const serviceFixed = await pacedMatch(service);
  const floorFixed = await pacedMatch(peers.floor);
  await peers.floor.stop();

  results.loads.push(
    { name: 'POST /match, service (LOG_LEVEL=warn), saturation', result: serviceMax },
    { name: 'POST /match, service (LOG_LEVEL=info), saturation', result: infoMax },
    { name: `POST /match, ${peers.floor.name}, saturation`, result: floorMax },
    { name: `POST /match, ${peers.ceiling.name}, saturation`, result: ceilingMax },
    ...(fastapiMax ? [{ name: `POST /match, ${peers.fastapi.name}, saturation`, result: fastapiMax }] : []),
    { name: `POST /match, service, steady ${fmt.int(rate)} req/s (open loop)`, result: serviceFixed },
    { name: `POST /match, floor, steady ${fmt.int(rate)} req/s (open loop)`, result: floorFixed },
  );
  results.targets.push(
    ...matchTargets({
      serviceMax,
      infoMax,
      floorMax,
      ceilingMax,
      fastapiMax,
      serviceFixed,
      floorFixed,
      rate,
    }),
  );

  await privacyParity(service, pairs);

  if (PROFILE_SECONDS > 0) {
    log(`profiling the service under /match saturation for ${PROFILE_SECONDS} s`);
    const path = serviceEnv({ prefix, databaseUrl: '', stats: 'default' }).BENCH_PROFILE_PATH;
    service.send('profile-start');
    await sleep(200);
    const profiled = await matchLoad(service, combos, { seconds: PROFILE_SECONDS, warmupSeconds: 0 });
    await service.ask('profile-stop', 'profile-written');
    try {
      results.profile = {
        ...analyseProfile(path, { inclusiveMarkers: PROFILE_MARKERS }),
        requests: profiled.total,
        rps: profiled.rps,
        seconds: PROFILE_SECONDS,
      };
    } catch (error) {
      results.profile = { error: error.message };
    }
  }
  return true;
}

// A victim with one interest and one with twenty (every catalog category and three free-form
// interests): the stored record is the same size, so a lookup must cost the same.
const PARITY_VICTIMS = [
  ['1 interest', ['devops']],
  [
    '20 interests',
    [
      ...['art', 'reading', 'startups', 'sneakers', 'film', 'baking', 'chess', 'linguistics', 'techno'],
      ...['hiking', 'stoicism', 'physics', 'activism', 'football', 'kubernetes', 'travel', 'meditation'],
      ...['zorblax', 'quuxing', 'frobbing'],
    ],
  ],
];
/** Regular targets of the repeated-sighting rows: each caller reports the same token again and again. */
const PARITY_REGULARS = 16;

/** Median of live minus median of absent, and the run's noise (half the 95 % bootstrap interval). */
function medianDifference(live, absent) {
  const median = (values) => percentile(values, 50);
  const resampled = [];
  const pick = (values) => Array.from(values, () => values[Math.floor(Math.random() * values.length)]);
  for (let i = 0; i < 400; i++) resampled.push(median(pick(live)) - median(pick(absent)));
  resampled.sort((a, b) => a - b);
  return {
    live: median(live),
    absent: median(absent),
    difference: median(live) - median(absent),
    noise: (resampled[389] - resampled[10]) / 2,
  };
}

/**
 * `count` calls about a live token and `count` about an absent one, one call at a time,
 * interleaved in alternating order; `liveToken(i)` / `absentToken(i)` name the detected token
 * of call i and `callerOf(i)` who reports it. One target row per kind of sighting and victim.
 */
async function parityRow(service, label, count, { callerOf, liveToken, absentToken }, answers) {
  const live = [];
  const absent = [];
  const time = async (caller, detectedToken, into) => {
    const started = performance.now();
    const res = await postJson(
      service.url,
      '/match',
      { own_token: caller.bleToken, detected_token: detectedToken },
      caller.accessToken,
    );
    into.push(performance.now() - started);
    answers.add(`${res.status} ${res.text}`);
  };
  for (let i = 0; i < count; i++) {
    const order = i % 2 === 0 ? [true, false] : [false, true];
    for (const isLive of order)
      await (isLive ? time(callerOf(i), liveToken(i), live) : time(callerOf(i), absentToken(i), absent));
  }
  const { difference, noise, ...medians } = medianDifference(live, absent);
  results.targets.push({
    name: `privacy parity, ${label}: median live vs absent differ by less than the noise`,
    measured:
      `live ${fmt.ms(medians.live)}, absent ${fmt.ms(medians.absent)}: difference ${difference.toFixed(3)} ms, ` +
      `noise ±${noise.toFixed(3)} ms (95 % bootstrap, ${count} calls each)`,
    ok: Math.abs(difference) < noise,
  });
}

/**
 * (6) Live against absent tokens as a stranger sees them, for a 1-interest and a 20-interest
 * victim: first sightings (a fresh victim every call, a never-issued token for absent) and
 * repeated ones (each caller reports the same live victim, or the same never-issued token,
 * again and again). No sighting is confirmed, so every answer is the no-session one.
 */
async function privacyParity(service, pairs) {
  const count = PARITY_CALLS;
  const callers = pairs.slice(0, PARITY_REGULARS).map(({ left }) => left);
  log(`privacy parity: ${count} live and ${count} absent calls for each of 4 rows`);
  const answers = new Set();
  for (const [profile, interests] of PARITY_VICTIMS) {
    const fresh = new Array(count);
    await forEachConcurrently(count, 16, async (i) => {
      fresh[i] = await createSession(service.url, interests);
    });
    const regulars = [];
    for (let k = 0; k < callers.length; k++) regulars.push(await createSession(service.url, interests));
    const absentRegulars = callers.map(() => unissuedBleToken());
    const callerOf = (i) => callers[i % callers.length];
    await parityRow(
      service,
      `first sighting, ${profile}`,
      count,
      { callerOf, liveToken: (i) => fresh[i].bleToken, absentToken: () => unissuedBleToken() },
      answers,
    );
    const repeated = {
      callerOf,
      liveToken: (i) => regulars[i % callers.length].bleToken,
      absentToken: (i) => absentRegulars[i % callers.length],
    };
    // One untimed round first: every timed call repeats a sighting.
    for (let k = 0; k < callers.length; k++)
      for (const token of [repeated.liveToken(k), repeated.absentToken(k)])
        await postJson(
          service.url,
          '/match',
          { own_token: callers[k].bleToken, detected_token: token },
          callers[k].accessToken,
        );
    await parityRow(service, `repeated sighting, ${profile}`, count, repeated, answers);
  }
  results.notes.push(`Privacy parity answers seen: ${[...answers].join('; ')}.`);
}

function upgradeStatus(url, path) {
  return new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const req = request({
      host: hostname,
      port,
      path,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
      },
      timeout: 2000,
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      resolve(101);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

/**
 * (4)+(5) Idle authenticated sockets: RSS per socket, then nudge latency among them. On a
 * fresh service: one that just served minutes of load keeps handing memory back to the OS,
 * which would read as negative memory per socket.
 */
async function socketsAndNudges(base, { node, name = 'service (sockets)', judge = true } = {}) {
  if (SOCKETS < 200) {
    results.notes.push(`Socket scenarios skipped: BENCH_SOCKETS=${SOCKETS} (at least 200 needed).`);
    return undefined;
  }
  const service = await startService(name, { ...base, stats: 'default', node });
  const refused = await upgradeStatus(service.url, `/ws/${unissuedBleToken()}`);
  if (refused !== 401) {
    await service.stop();
    results.notes.push(
      `WebSocket /ws/{ble_token} is not built on this branch (unauthenticated upgrade answered ${refused || 'a hang-up'}, expected 401): socket scenarios skipped.`,
    );
    log('no WebSocket endpoint: skipping socket scenarios');
    return undefined;
  }
  const limit = openFileLimit();
  let count = SOCKETS;
  if (!(limit >= SOCKETS + 1000)) {
    count = Math.max(0, Math.floor((limit - 1000) / 100) * 100);
    const message = `ulimit -n is ${limit}: ${SOCKETS} sockets need at least ${SOCKETS + 1000} open files in this process and in the service. Raise it in the shell first (\`ulimit -n 20000\`) and re-run; this run uses ${count} sockets.`;
    console.error(`\n*** ${message}\n`);
    if (!results.notes.includes(message)) results.notes.push(message);
    if (count < 200) return undefined;
  }
  log(`creating ${count} sessions for the sockets`);
  const creationStarted = performance.now();
  const pairs = await createPairs(service.url, count / 2, 64);
  log(`  ${count} sessions in ${((performance.now() - creationStarted) / 1000).toFixed(1)} s`);
  await sleep(2000);
  const before = await settledMemory(service);
  log(`connecting ${count} authenticated sockets (RSS before ${fmt.int(before.rssKb / 1024)} MB)`);
  const connectStarted = performance.now();
  const phones = await connectAll(
    service.url,
    pairs.flatMap(({ left, right }) => [left, right]),
  );
  cleanups.push(() => closeAll(phones));
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  await sleep(3000);
  const after = await settledMemory(service);
  const rssPerSocket = (after.rssKb - before.rssKb) / count;
  const heapPerSocket = (after.heapKb - before.heapKb) / count;
  // Judged on the larger of the two, so a pre-grown heap cannot flatter the figure.
  const perSocket = Math.max(rssPerSocket, heapPerSocket);
  log(
    `  connected in ${connectSeconds.toFixed(1)} s; RSS ${fmt.int(before.rssKb / 1024)} → ${fmt.int(after.rssKb / 1024)} MB: ` +
      `${fmt.kb(rssPerSocket)} RSS, ${fmt.kb(heapPerSocket)} heap+external per socket`,
  );
  const memory =
    `${fmt.int(count)} sockets: RSS ${fmt.int(before.rssKb / 1024)} → ${fmt.int(after.rssKb / 1024)} MB = ${fmt.kb(rssPerSocket)}/socket; ` +
    `heap+external ${fmt.int(before.heapKb / 1024)} → ${fmt.int(after.heapKb / 1024)} MB = ${fmt.kb(heapPerSocket)}/socket`;
  if (judge) {
    results.targets.push({
      name: '≤ 4 KB RSS per idle authenticated socket',
      measured: `${fmt.kb(perSocket)} (${memory})${perSocket <= 4 ? '' : `: ${fmt.kb(perSocket - 4)} per socket over`}`,
      ok: perSocket <= 4,
    });
  }

  const nudgePairs = pairs
    .slice(0, Math.min(NUDGES, pairs.length))
    .map((_, i) => [phones[2 * i], phones[2 * i + 1]]);
  log(`timing ${nudgePairs.length} fresh matches → nudge, with ${count} sockets open`);
  const timed = await timeNudges(service.url, nudgePairs);
  const p = (values, q) => percentile(values, q);
  await closeAll(phones);
  await service.stop();
  const p99 = p(timed.toOther, 99);
  if (!judge) return { count, p99, perSocket };
  const enough = timed.toOther.length >= 100;
  const ok = enough && timed.lost === 0 && p99 <= 5;
  results.targets.push({
    name: `nudge p99 ≤ 5 ms with ${fmt.int(count)} idle sockets connected`,
    measured:
      `p50 ${fmt.ms(p(timed.toOther, 50))}, p99 ${fmt.ms(p99)} over ${timed.toOther.length} matches; lost ${timed.lost}` +
      (ok
        ? ''
        : !enough
          ? '; fewer than 100 matches timed (BENCH_NUDGES)'
          : `; the completing call's own HTTP answer took p50 ${fmt.ms(p(timed.http, 50))}, p99 ${fmt.ms(p(timed.http, 99))} ` +
            '(the nudge is sent before the answer, so its tail is the tail of that call)'),
    ok,
  });
  results.notes.push(
    `Nudge timing (${timed.toOther.length} matches, one at a time): /match call → nudge on the other phone p50 ${fmt.ms(p(timed.toOther, 50))}, p99 ${fmt.ms(p(timed.toOther, 99))}; ` +
      `→ caller's own nudge p50 ${fmt.ms(p(timed.toCaller, 50))}, p99 ${fmt.ms(p(timed.toCaller, 99))}; HTTP answer p50 ${fmt.ms(p(timed.http, 50))}, p99 ${fmt.ms(p(timed.http, 99))}; ` +
      `nudges not received within 2 s: ${timed.lost}; calls not answering nudge_sent: true: ${timed.notSent}. ` +
      `${fmt.int(count)} sockets connected in ${connectSeconds.toFixed(1)} s.`,
  );
  return { count, p99, perSocket };
}

/**
 * After a full GC: RSS (median of 5 readings) and the JS heap + external memory the process
 * reports. RSS alone can under-read: a heap that grew earlier keeps its pages, and new
 * objects fill them without raising RSS.
 */
async function settledMemory(service) {
  const { memory } = await service.ask('memory', (answer) => answer?.memory !== undefined);
  await sleep(500);
  const samples = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssKb(service.pid));
    await sleep(200);
  }
  return { rssKb: percentile(samples, 50), heapKb: (memory.heapUsed + memory.external) / 1024 };
}

/** What the report says about the machine and the software under the run. */
function machineFacts({ redis, postgres, loadBefore }) {
  return {
    cpu: cpus()[0].model,
    cores: cpus().length,
    memoryGb: (totalmem() / 2 ** 30).toFixed(1),
    os: `Linux ${release()}`,
    node: `${nodeVersion(BENCH_NODE)} (${BENCH_NODE}; the bench itself on ${process.version})`,
    redis,
    postgres,
    autocannon: JSON.parse(readFileSync(join(ROOT, 'node_modules/autocannon/package.json'), 'utf8')).version,
    openFiles: openFileLimit(),
    // Other work on a shared machine skews absolute numbers; the report says how busy it was.
    load: `${loadBefore.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`,
  };
}

/** `node -v` of a binary ('v24.22.3'). */
function nodeVersion(node) {
  const probe = spawnSync(node, ['-v'], { encoding: 'utf8' });
  if (probe.status !== 0)
    throw new Error(`BENCH_RUNTIMES: ${node} does not run (${probe.stderr || probe.error})`);
  return probe.stdout.trim();
}

/**
 * BENCH_ONLY=runtimes: for every Node binary of BENCH_RUNTIMES a service and a floor on it, all
 * up at once with the FastAPI peer on the same Redis data, /match at saturation in alternating
 * slices (so every runtime sees the same neighbours' load), then nudge p99 among idle sockets
 * on a fresh service per runtime. Writes the runtime table of docs/benchmarks.md.
 */
async function runtimesSideBySide(base) {
  const loadBefore = loadavg()[0];
  const runtimes = RUNTIMES.map((node) => ({ node, version: nodeVersion(node) }));
  log(`runtimes: ${runtimes.map((r) => `${r.version} (${r.node})`).join(', ')}`);
  const services = [];
  const floors = [];
  for (const { node, version } of runtimes) {
    services.push(await startService(`service on ${version}`, { ...base, stats: 'default', node }));
    floors.push(await startFloor(base.prefix, node, `floor on ${version}`));
  }
  const pairs = await createPairs(services[0].url, PAIRS);
  await meetPairs(services[0].url, pairs);
  // The floors and FastAPI share one meeting key layout: meeting on one floor makes them all met.
  await meetPairs(floors[0].url, pairs);
  const combos = matchCombos(pairs);
  const fastapi = await startFastapi(base.prefix);
  const targets = [...services, ...floors, ...(fastapi ? [fastapi] : [])];
  log(`/match at saturation: ${targets.length} targets in ${ROUNDS} alternating slices`);
  const measured = await saturateInTurns(targets, combos);
  for (const target of targets) await target.stop();
  const fastapiMax = fastapi ? measured[targets.length - 1] : undefined;
  const rows = [];
  for (const [i, runtime] of runtimes.entries()) {
    const serviceMax = measured[i];
    const floorMax = measured[runtimes.length + i];
    log(`nudge latency among idle sockets on ${runtime.version}`);
    const sockets = await socketsAndNudges(base, {
      node: runtime.node,
      name: `service on ${runtime.version} (sockets)`,
      judge: false,
    });
    rows.push({ runtime, serviceMax, floorMax, fastapiMax, sockets });
    results.loads.push(
      { name: `POST /match, service on Node ${runtime.version}, saturation`, result: serviceMax },
      { name: `POST /match, floor on Node ${runtime.version}, saturation`, result: floorMax },
    );
  }
  if (fastapiMax)
    results.loads.push({ name: `POST /match, ${fastapi.name}, saturation`, result: fastapiMax });
  results.runtimes = rows;
  printTable(runtimeTable(rows));
  printTable(loadTable(results));
  for (const note of results.notes) console.log(`- ${note}`);
  await writeRuntimes(REPORT, {
    ...results,
    date: new Date().toISOString(),
    machine: machineFacts({ ...base, loadBefore }),
    settings: `warm-up ${WARMUP} s, measure ${SECONDS} s, ${CONNECTIONS} connections, ${PAIRS} pairs, ${SOCKETS} sockets, ${NUDGES} nudges`,
  });
  log(`wrote the runtime table of ${REPORT}`);
}

async function main() {
  const wallStart = performance.now();
  const loadBefore = loadavg()[0];
  if (!existsSync(SERVICE_MAIN))
    throw new Error(`${SERVICE_MAIN} is missing: run \`npm run bench\` (it builds first)`);
  const [redis, postgres] = await Promise.all([checkRedis(), checkPostgres()]);
  log(`${redis}, ${postgres}, Node ${process.version}, ${cpus().length} × ${cpus()[0].model}`);
  const prefix = uniquePrefix();
  const database = await freshDatabase();
  cleanups.push(() => database.drop());
  cleanups.push(async () => log(`removed ${await deleteKeysWithPrefix(prefix)} Redis keys under ${prefix}`));
  const base = { prefix, databaseUrl: database.url, redis, postgres };

  const service = await startService('service', { ...base, stats: 'default' });
  log(`service up on ${service.url} (pid ${service.pid}); Redis prefix ${prefix}`);

  if (ONLY_RUNTIMES) {
    await service.stop();
    await runtimesSideBySide(base);
    await cleanup();
    closeAgent();
    return;
  }
  if (ONLY_PARITY) {
    await privacyParity(service, await createPairs(service.url, PARITY_REGULARS));
    await service.stop();
    await cleanup();
    closeAgent();
    printTable(targetsTable(results));
    for (const note of results.notes) console.log(`- ${note}`);
    log(`BENCH_ONLY=parity: ${REPORT} left as it was`);
    return;
  }
  const pushRow = () =>
    pushOverhead({
      root: ROOT,
      base,
      pairs: PAIRS,
      startService,
      inTurns,
      matchLoad,
      ratioTarget,
      results,
      cleanups,
      log,
    });
  if (ONLY_PUSH) {
    await service.stop();
    await pushRow();
    await cleanup();
    closeAgent();
    printTable(loadTable(results));
    printTable(targetsTable(results));
    log(`BENCH_ONLY=push: ${REPORT} left as it was`);
    return;
  }
  const matched = await matchVersusPeers(service, base);
  if (!ONLY_MATCH) {
    if (matched) await socketsAndNudges(base);
    await sessionVersusFastapi(service, base);
    await statsOverhead(base, service);
    await pushRow();
  }
  await service.stop();

  await cleanup();
  closeAgent();

  results.date = new Date().toISOString();
  results.wallSeconds = (performance.now() - wallStart) / 1000;
  results.settings = `warm-up ${WARMUP} s, measure ${SECONDS} s, ${CONNECTIONS} connections, ${PAIRS} pairs, ${SOCKETS} sockets, ${NUDGES} nudges, profile ${PROFILE_SECONDS} s`;
  results.machine = machineFacts({ ...base, loadBefore });
  const busiest = Math.max(loadBefore, loadavg()[0]);
  if (busiest > cpus().length) {
    results.notes.push(
      `The machine was busy (1-minute load average ${busiest.toFixed(1)} on ${cpus().length} cores): every target and the load generator ` +
        'waited for a core, which inflates latencies and compresses the ratios towards 100 %. Re-run on a quiet machine for figures to plan with.',
    );
  }
  console.log('');
  printTable(loadTable(results));
  console.log('');
  printTable(targetsTable(results));
  for (const note of results.notes) console.log(`- ${note}`);
  if (ONLY_MATCH) {
    if (results.profile?.components) {
      const per = (ms) => `${((ms * 1000) / results.profile.requests).toFixed(1)} µs`;
      for (const [name, ms] of [
        ...results.profile.components,
        ...results.profile.inclusive,
        ...results.profile.topSelf.slice(0, 40),
      ])
        console.log(`  ${per(ms).padStart(9)}  ${name}`);
    }
    log(`BENCH_ONLY=match: ${REPORT} left as it was (${results.wallSeconds.toFixed(0)} s)`);
    return;
  }
  await writeMarkdown(REPORT, results);
  log(`wrote ${REPORT} (${results.wallSeconds.toFixed(0)} s)`);
}

const profileDir = mkdtempSync(join(tmpdir(), 'sighej-bench-'));
try {
  await main();
} catch (error) {
  console.error(`bench failed: ${error.stack ?? error.message}`);
  for (const child of started.filter((c) => c.exited() !== null)) {
    console.error(
      `${child.name} (pid ${child.pid}) exited ${JSON.stringify(child.exited())}; its last output:`,
    );
    console.error(`  ${child.output.join('\n  ')}`);
  }
  await cleanup();
  closeAgent();
  process.exitCode = 1;
} finally {
  rmSync(profileDir, { recursive: true, force: true });
}
