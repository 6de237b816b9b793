// The settings of `npm run bench` (environment) and where its pieces are.
//
// BENCH_WARMUP (s, 5), BENCH_SECONDS (s, 15), BENCH_CONNECTIONS (64), BENCH_PAIRS (200),
// BENCH_SOCKETS (10000), BENCH_NUDGES (200), BENCH_PROFILE_SECONDS (10), BENCH_PARITY_CALLS
// (2500 live and 2500 absent calls per parity row, 4 rows: 20,000 calls), BENCH_REDIS_URL,
// BENCH_DATABASE_URL. BENCH_ONLY=match runs the /match scenarios alone (for a quick
// before/after of one change), BENCH_ONLY=parity the privacy parity rows alone, BENCH_ONLY=push
// the push row alone (docs/benchmarks.md is not written for these). BENCH_ONLY=runtimes
// measures the service, the floor and FastAPI on every binary of BENCH_RUNTIMES
// (comma-separated paths) side by side and writes that table alone. BENCH_NODE=/path/to/node
// runs the service and the Node peers on that binary (default: the node running the bench).
// A smoke run of every scenario: BENCH_WARMUP=0 BENCH_SECONDS=1.5 BENCH_PAIRS=20
// BENCH_SOCKETS=200 BENCH_NUDGES=100 BENCH_PROFILE_SECONDS=1 BENCH_PARITY_CALLS=20.
import { join, resolve } from 'node:path';

function setting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a non-negative number`);
  return value;
}

export const WARMUP = setting('BENCH_WARMUP', 5);
export const SECONDS = setting('BENCH_SECONDS', 15);
export const CONNECTIONS = setting('BENCH_CONNECTIONS', 64);
export const PAIRS = setting('BENCH_PAIRS', 200);
export const SOCKETS = setting('BENCH_SOCKETS', 10_000);
export const NUDGES = setting('BENCH_NUDGES', 200);
export const PROFILE_SECONDS = setting('BENCH_PROFILE_SECONDS', 10);
export const PARITY_CALLS = setting('BENCH_PARITY_CALLS', 2500);
/** Alternating slices per saturation comparison. */
export const ROUNDS = 3;

export type Only = 'match' | 'parity' | 'push' | 'runtimes' | undefined;
const ONLY_VALUES = ['match', 'parity', 'push', 'runtimes'];
export const ONLY = ((): Only => {
  const only = process.env.BENCH_ONLY;
  if (only === undefined || only === '') return undefined;
  if (!ONLY_VALUES.includes(only)) throw new Error(`BENCH_ONLY must be one of ${ONLY_VALUES.join(', ')}`);
  return only as Only;
})();

export const BENCH_NODE = process.env.BENCH_NODE ?? process.execPath;
export const RUNTIMES = (process.env.BENCH_RUNTIMES ?? `/usr/bin/node,${process.execPath}`)
  .split(',')
  .map((path) => path.trim())
  .filter((path, i, all) => path !== '' && all.indexOf(path) === i);

/** The repository (this file runs from dist/bench/tools/bench/). */
export const ROOT = resolve(__dirname, '../../../..');
/** The built service, as `npm run build` makes it and production runs it. */
export const SERVICE_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');
/** The built bench's own files (peers, preloads). */
export const BUILT = (path: string): string => join(__dirname, path);
export const FASTAPI = join(ROOT, 'tools/bench/peers/fastapi_match.py');
export const REPORT = join(ROOT, 'docs/benchmarks.md');

export const settingsLine = (): string =>
  `warm-up ${WARMUP} s, measure ${SECONDS} s, ${CONNECTIONS} connections, ${PAIRS} pairs, ${SOCKETS} sockets, ${NUDGES} nudges`;
