// A/B of two builds of the service on the /match hot path, for the before/after of one change:
// both up at once on the same Redis data, measured in alternating slices (A B A B …) so they
// share the neighbours' load, reported as throughput and server CPU per request (the figure a
// shared machine disturbs least).
//
//   cp -r dist node_modules/.cache/sighej-ab/before   # the build before the change
//   npm run build                                      # the build after it
//   node bench/ab.mjs node_modules/.cache/sighej-ab/before dist
//
// AB_ENV_A / AB_ENV_B: JSON objects of extra environment for one side (e.g. '{"LOG_LEVEL":"info"}').
// AB_NODE_ARGS_A / AB_NODE_ARGS_B: node flags for one side (e.g. '--max-semi-space-size=16').
// AB_ROUNDS (6), AB_SLICE (5 s), AB_CONNECTIONS (64), AB_PAIRS (200).
// AB_PROFILE=<seconds>: then profiles each side under the same load and prints where B's time
// per request differs from A's (self time by component and the top functions), µs per request.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve, join } from 'node:path';
import { analyseProfile } from './lib/profile.mjs';
import { REDIS_URL, deleteKeysWithPrefix, freePort, freshDatabase, uniquePrefix } from './lib/infra.mjs';
import { startNodeProcess } from './lib/processes.mjs';
import { closeAgent } from './lib/http.mjs';
import { createPairs, matchCombos, meetPairs } from './lib/fixtures.mjs';
import { measure } from './lib/load.mjs';

const [dirA, dirB] = process.argv.slice(2);
if (!dirA || !dirB) throw new Error('usage: node bench/ab.mjs <dist dir A> <dist dir B>');
const ROUNDS = Number(process.env.AB_ROUNDS ?? 6);
const SLICE = Number(process.env.AB_SLICE ?? 5);
const CONNECTIONS = Number(process.env.AB_CONNECTIONS ?? 64);
const PAIRS = Number(process.env.AB_PAIRS ?? 200);
const PROFILE = Number(process.env.AB_PROFILE ?? 0);
const PRELOAD = resolve('bench/lib/profiler-preload.mjs');
const profileDir = mkdtempSync(join(tmpdir(), 'sighej-ab-'));

const prefix = uniquePrefix();
const database = await freshDatabase();
const start = async (dir, extra, nodeArgs, side) =>
  startNodeProcess({
    name: dir,
    nodeArgs: PROFILE > 0 ? [...nodeArgs, '--import', PRELOAD] : nodeArgs,
    script: join(resolve(dir), 'apps/api/apps/api/src/main.js'),
    env: {
      NODE_ENV: 'production',
      REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      DATABASE_URL: database.url,
      ADMIN_API_KEY: randomBytes(24).toString('base64url'),
      LIMIT_KEY_SECRET: 'bench-limit-key-secret-not-for-production-0123',
      LOG_LEVEL: 'warn',
      SWAGGER_UI: 'false',
      RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
      RATE_LIMIT_MATCHES_PER_MINUTE: '0',
      RATE_LIMIT_WS_CONNECTS_PER_MINUTE: '0',
      RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '0',
      BENCH_PROFILE_PATH: join(profileDir, `${side}.cpuprofile`),
      ...extra,
    },
    quietStdout: true,
    port: await freePort(),
    healthPath: '/health',
  });
const nodeArgsOf = (value) => (value ? value.split(' ') : []);
const a = await start(
  dirA,
  JSON.parse(process.env.AB_ENV_A ?? '{}'),
  nodeArgsOf(process.env.AB_NODE_ARGS_A),
  'a',
);
const b = await start(
  dirB,
  JSON.parse(process.env.AB_ENV_B ?? '{}'),
  nodeArgsOf(process.env.AB_NODE_ARGS_B),
  'b',
);
try {
  const pairs = await createPairs(a.url, PAIRS);
  await meetPairs(a.url, pairs);
  const combos = matchCombos(pairs);
  const load = (target, seconds) => {
    let n = 0;
    return measure({
      pid: target.pid,
      url: target.url,
      path: '/match',
      connections: CONNECTIONS,
      warmupSeconds: 0,
      seconds,
      makeRequest: () => {
        const combo = combos[n++ % combos.length];
        return { body: combo.body, headers: { authorization: `Bearer ${combo.bearer}` } };
      },
    });
  };
  await load(a, SLICE);
  await load(b, SLICE);
  const runs = { a: [], b: [] };
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate who goes first, so neither side always follows the other's load.
    const order = i % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
    for (const side of order) runs[side].push(await load(side === 'a' ? a : b, SLICE));
  }
  const sum = (list, key) => list.reduce((total, r) => total + r[key], 0);
  const summary = (list) => {
    const total = sum(list, 'total');
    const cpu = list.reduce((t, r) => t + r.cpuUsPerRequest * r.total, 0) / total;
    const bad = list.reduce((t, r) => t + r.non2xx + r.errors + r.timeouts, 0);
    return { rps: total / (SLICE * list.length), cpu, bad };
  };
  const [sa, sb] = [summary(runs.a), summary(runs.b)];
  const perSlice = runs.a.map((r, i) => (runs.b[i].cpuUsPerRequest / r.cpuUsPerRequest - 1) * 100);
  console.log(
    `A ${dirA} ${process.env.AB_ENV_A ?? ''}: ${sa.rps.toFixed(0)} req/s, ${sa.cpu.toFixed(0)} µs CPU/request, ${sa.bad} failures`,
  );
  console.log(
    `B ${dirB} ${process.env.AB_ENV_B ?? ''}: ${sb.rps.toFixed(0)} req/s, ${sb.cpu.toFixed(0)} µs CPU/request, ${sb.bad} failures`,
  );
  console.log(
    `B vs A: throughput ${((sb.rps / sa.rps - 1) * 100).toFixed(1)} %, CPU per request ${((sb.cpu / sa.cpu - 1) * 100).toFixed(1)} % ` +
      `(per slice ${perSlice.map((p) => p.toFixed(1)).join(', ')} %)`,
  );
  if (PROFILE > 0) {
    const profiles = {};
    for (const [side, target] of [
      ['a', a],
      ['b', b],
    ]) {
      target.send('profile-start');
      await new Promise((done) => setTimeout(done, 200));
      const run = await load(target, PROFILE);
      await target.ask('profile-stop', 'profile-written');
      const profile = analyseProfile(join(profileDir, `${side}.cpuprofile`));
      const perRequest = (entries) => new Map(entries.map(([name, ms]) => [name, (ms * 1000) / run.total]));
      profiles[side] = { components: perRequest(profile.components), functions: perRequest(profile.topSelf) };
    }
    const difference = (key) =>
      [...new Set([...profiles.a[key].keys(), ...profiles.b[key].keys()])]
        .map((name) => [name, profiles.a[key].get(name) ?? 0, profiles.b[key].get(name) ?? 0])
        .sort((x, y) => Math.abs(y[2] - y[1]) - Math.abs(x[2] - x[1]));
    for (const [title, key] of [
      ['self time by component', 'components'],
      ['top functions (self time)', 'functions'],
    ]) {
      console.log(`\n${title}, µs per request under the profiler: A, B, B - A`);
      for (const [name, ua, ub] of difference(key).slice(0, 15))
        console.log(
          `  ${ua.toFixed(1).padStart(7)} ${ub.toFixed(1).padStart(7)} ${(ub - ua).toFixed(1).padStart(7)}  ${name}`,
        );
    }
  }
} finally {
  rmSync(profileDir, { recursive: true, force: true });
  await a.stop();
  await b.stop();
  await deleteKeysWithPrefix(prefix);
  await database.drop();
  closeAgent();
}
