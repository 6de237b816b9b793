// A/B of two builds of the service on the /match hot path, for the before/after of one change:
// both up at once on the same Redis data, measured in alternating slices (A B A B …) so they
// share the neighbours' load, reported as throughput and server CPU per request (the figure a
// shared machine disturbs least).
//
//   cp -r dist node_modules/.cache/sighej-ab/before   # the build before the change
//   npm run bench:build                                # the build after it (and this tool)
//   node dist/bench/tools/bench/ab.js node_modules/.cache/sighej-ab/before dist
//
// AB_ENV_A / AB_ENV_B: JSON objects of extra environment for one side (e.g. '{"LOG_LEVEL":"info"}').
// AB_NODE_ARGS_A / AB_NODE_ARGS_B: node flags for one side (e.g. '--max-semi-space-size=16').
// AB_ROUNDS (6), AB_SLICE (5 s), AB_CONNECTIONS (64), AB_PAIRS (200).
// AB_PROFILE=<seconds>: then profiles each side under the same load and prints where B's time
// per request differs from A's (self time by component and the top functions), µs per request.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { comboRequests, createPairs, matchCombos, meetPairs } from './lib/fixtures';
import { closeAgent } from './lib/http';
import { deleteKeysWithPrefix, freePort, freshDatabase, uniquePrefix } from './lib/infra';
import { measure } from './lib/load';
import type { LoadResult } from './lib/load-result';
import { StartedProcess, startNodeProcess } from './lib/processes';
import { serviceEnv } from './lib/service-env';
import { profileDifference } from './lib/profile-difference';

const [dirA, dirB] = process.argv.slice(2);
const ROUNDS = Number(process.env.AB_ROUNDS ?? 6);
const SLICE = Number(process.env.AB_SLICE ?? 5);
const CONNECTIONS = Number(process.env.AB_CONNECTIONS ?? 64);
const PAIRS = Number(process.env.AB_PAIRS ?? 200);
const PROFILE = Number(process.env.AB_PROFILE ?? 0);
const PRELOAD = join(__dirname, 'lib/profiler-preload.js');
const profileDir = mkdtempSync(join(tmpdir(), 'sighej-ab-'));
const profilePath = (side: string): string => join(profileDir, `${side}.cpuprofile`);

interface Side {
  name: 'a' | 'b';
  dir: string;
  env: Record<string, string>;
  nodeArgs: string[];
}

const sideOf = (name: 'a' | 'b', dir: string): Side => {
  const upper = name.toUpperCase();
  const nodeArgs = process.env[`AB_NODE_ARGS_${upper}`];
  return {
    name,
    dir,
    env: JSON.parse(process.env[`AB_ENV_${upper}`] ?? '{}') as Record<string, string>,
    nodeArgs: nodeArgs ? nodeArgs.split(' ') : [],
  };
};

async function start(side: Side, prefix: string, databaseUrl: string): Promise<StartedProcess> {
  return startNodeProcess({
    name: side.dir,
    nodeArgs: PROFILE > 0 ? [...side.nodeArgs, '--require', PRELOAD] : side.nodeArgs,
    script: join(resolve(side.dir), 'apps/api/apps/api/src/main.js'),
    env: serviceEnv({ prefix, databaseUrl, profilePath: profilePath(side.name), env: side.env }),
    quietStdout: true,
    port: await freePort(),
    healthPath: '/health',
  });
}

function summary(list: LoadResult[]): { rps: number; cpu: number; bad: number } {
  const total = list.reduce((sum, r) => sum + r.total, 0);
  const cpu = list.reduce((t, r) => t + r.cpuUsPerRequest * r.total, 0) / total;
  const bad = list.reduce((t, r) => t + r.non2xx + r.errors + r.timeouts, 0);
  return { rps: total / (SLICE * list.length), cpu, bad };
}

async function compare(
  a: StartedProcess,
  b: StartedProcess,
  load: (target: StartedProcess, s: number) => Promise<LoadResult>,
) {
  await load(a, SLICE);
  await load(b, SLICE);
  const runs: { a: LoadResult[]; b: LoadResult[] } = { a: [], b: [] };
  for (let i = 0; i < ROUNDS; i++) {
    // Alternate who goes first, so neither side always follows the other's load.
    for (const side of i % 2 === 0 ? (['a', 'b'] as const) : (['b', 'a'] as const))
      runs[side].push(await load(side === 'a' ? a : b, SLICE));
  }
  const [sa, sb] = [summary(runs.a), summary(runs.b)];
  const perSlice = runs.a.map((r, i) => (runs.b[i].cpuUsPerRequest / r.cpuUsPerRequest - 1) * 100);
  const line = (side: string, dir: string, s: typeof sa): string =>
    `${side} ${dir} ${process.env[`AB_ENV_${side}`] ?? ''}: ${s.rps.toFixed(0)} req/s, ${s.cpu.toFixed(0)} µs CPU/request, ${s.bad} failures`;
  console.log(line('A', dirA, sa));
  console.log(line('B', dirB, sb));
  console.log(
    `B vs A: throughput ${((sb.rps / sa.rps - 1) * 100).toFixed(1)} %, CPU per request ${((sb.cpu / sa.cpu - 1) * 100).toFixed(1)} % ` +
      `(per slice ${perSlice.map((p) => p.toFixed(1)).join(', ')} %)`,
  );
}

async function main(): Promise<void> {
  if (!dirA || !dirB) throw new Error('usage: node dist/bench/tools/bench/ab.js <dist dir A> <dist dir B>');
  const prefix = uniquePrefix();
  const database = await freshDatabase();
  const a = await start(sideOf('a', dirA), prefix, database.url);
  const b = await start(sideOf('b', dirB), prefix, database.url);
  try {
    const pairs = await createPairs(a.url, PAIRS);
    await meetPairs(a.url, pairs);
    const combos = matchCombos(pairs);
    const load = (target: StartedProcess, seconds: number): Promise<LoadResult> =>
      measure({
        pid: target.pid,
        url: target.url,
        path: '/match',
        connections: CONNECTIONS,
        warmupSeconds: 0,
        seconds,
        makeRequest: comboRequests(combos),
      });
    await compare(a, b, load);
    if (PROFILE > 0) await profileDifference({ a, b }, PROFILE, profilePath, load);
  } finally {
    rmSync(profileDir, { recursive: true, force: true });
    await a.stop();
    await b.stop();
    await deleteKeysWithPrefix(prefix);
    await database.drop();
    closeAgent();
  }
}

void main();
