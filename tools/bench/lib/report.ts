// The results table (console) and the generated part of docs/benchmarks.md. Prose written by
// hand outside the markers in that file is kept.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as prettier from 'prettier';
import type { LoadResult } from './load-result';
import { fmt } from './numbers';
import type { ProfileResult, Report, Results, RuntimeRow } from './results';

type Table = string[][];

const START = '<!-- bench:results:start (written by npm run bench; edit outside these markers) -->';
const END = '<!-- bench:results:end -->';
const RUNTIMES_START =
  '<!-- bench:runtimes:start (written by BENCH_ONLY=runtimes npm run bench; edit outside these markers) -->';
const RUNTIMES_END = '<!-- bench:runtimes:end -->';

export function verdict(ok: boolean | undefined): string {
  return ok === undefined ? 'n/a' : ok ? 'PASS' : 'FAIL';
}

function loadRow(name: string, r: LoadResult | undefined): string[] {
  if (!r) return [name, 'not run', '', '', '', '', '', ''];
  const bad = r.non2xx + r.errors + r.timeouts;
  return [
    name,
    fmt.int(r.rps),
    fmt.ms(r.p50),
    fmt.ms(r.p97_5),
    fmt.ms(r.p99),
    `${fmt.int(r.total)} / ${fmt.int(bad)}`,
    Number.isFinite(r.cpuUsPerRequest) ? `${r.cpuUsPerRequest.toFixed(0)} µs` : 'n/a',
    Number.isFinite(r.generatorCpuShare) ? `${(r.generatorCpuShare * 100).toFixed(0)} % of a core` : 'n/a',
  ];
}

export function loadTable(results: Results): Table {
  const head = [
    'scenario',
    'req/s',
    'p50',
    'p97.5',
    'p99',
    'requests / non-2xx+errors',
    'server CPU per request',
    'load generator CPU',
  ];
  const rows = results.loads.map(({ name, result }) => loadRow(name, result));
  return [head, ...rows];
}

export function targetsTable(results: Results): Table {
  return [
    ['target', 'measured', 'verdict'],
    ...results.targets.map((t) => [t.name, t.measured, verdict(t.ok)]),
  ];
}

/** The side-by-side table of Node runtimes (BENCH_ONLY=runtimes). */
export function runtimeTable(rows: RuntimeRow[]): Table {
  const sockets = rows.find((r) => r.sockets)?.sockets?.count;
  return [
    [
      'runtime',
      'service req/s',
      'FastAPI peer',
      'service / peer',
      'service / floor',
      `nudge p99 (${sockets === undefined ? 'no' : fmt.int(sockets)} sockets)`,
      'service CPU per request',
    ],
    ...rows.map(({ runtime, serviceMax, floorMax, fastapiMax, sockets: measured }) => [
      `Node ${runtime.version.replace(/^v/, '')}`,
      fmt.int(serviceMax.rps),
      fastapiMax ? fmt.int(fastapiMax.rps) : 'not run',
      fastapiMax ? `${(serviceMax.rps / fastapiMax.rps).toFixed(2)} ×` : 'n/a',
      fmt.pct(serviceMax.rps / floorMax.rps),
      measured ? fmt.ms(measured.p99) : 'not run',
      `${serviceMax.cpuUsPerRequest.toFixed(0)} µs`,
    ]),
  ];
}

export function printTable(rows: Table): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => String(row[c]).length)));
  const line = (row: string[]): string => row.map((cell, c) => String(cell).padEnd(widths[c])).join('  ');
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows.slice(1)) console.log(line(row));
}

function markdownTable(rows: Table): string {
  const esc = (cell: string): string => String(cell).replaceAll('|', '\\|');
  return [
    `| ${rows[0].map(esc).join(' | ')} |`,
    `| ${rows[0].map(() => '---').join(' | ')} |`,
    ...rows.slice(1).map((row) => `| ${row.map(esc).join(' | ')} |`),
  ].join('\n');
}

function profileSection(profile: ProfileResult | undefined): string {
  if (!profile) return '_No profile this run._';
  if (profile.error !== undefined) return `_Profiling failed: ${profile.error}_`;
  const perRequest = (ms: number): string =>
    profile.requests > 0 ? `${((ms * 1000) / profile.requests).toFixed(1)} µs` : 'n/a';
  const share = (ms: number): string => fmt.pct(ms / profile.busyMs);
  return [
    `CPU profile of the service under the \`/match\` saturation load (${profile.seconds} s, ` +
      `${fmt.int(profile.requests)} requests, ${fmt.int(profile.rps)} req/s under the profiler; ` +
      `main thread busy ${profile.busyMs.toFixed(0)} ms, idle ${profile.idleMs.toFixed(0)} ms: ` +
      `${perRequest(profile.busyMs)} per request). The profiler samples wall time, so on a busy machine the ` +
      'µs figures include time the process waited for a core; the shares are the robust part. Inclusive ' +
      'times stop at the first asynchronous boundary (a middleware that calls `next()` includes the ' +
      'synchronous part of what follows it).',
    '',
    'Self time by component:',
    '',
    markdownTable([
      ['component', 'share of busy time', 'per request'],
      ...profile.components.map(([name, ms]) => [name, share(ms), perRequest(ms)]),
    ]),
    '',
    'Inclusive time of marker functions (with what they call):',
    '',
    markdownTable([
      ['function', 'share of busy time', 'per request'],
      ...profile.inclusive.map(([name, ms]) => [name, share(ms), perRequest(ms)]),
    ]),
    '',
    'Top functions by self time:',
    '',
    markdownTable([
      ['function', 'share', 'per request'],
      ...profile.topSelf.map(([name, ms]) => [`\`${name}\``, share(ms), perRequest(ms)]),
    ]),
  ].join('\n');
}

export async function writeMarkdown(path: string, results: Report): Promise<void> {
  const m = results.machine;
  const generated = [
    START,
    '',
    `## Latest run (${results.date})`,
    '',
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, ${m.os}; \`ulimit -n\` ${m.openFiles}; 1-minute load average ${m.load}`,
    `- Node ${m.node}; ${m.redis}; ${m.postgres}; autocannon ${m.autocannon}`,
    `- Command: \`npm run bench\` (builds the service and tools/bench, then runs \`tools/bench/main.ts\`); settings: ${results.settings}`,
    `- Service: \`NODE_ENV=production LOG_LEVEL=warn RATE_LIMIT_*=0 node dist/apps/api/apps/api/src/main.js\` ` +
      '(and a second one with `LOG_LEVEL=info`, stdout to /dev/null), own Redis key prefix, fresh Postgres database; ' +
      'peers on the same Redis data: `tools/bench/peers/floor-server.ts`, `tools/bench/peers/nest-ceiling.ts`, ' +
      '`/usr/bin/python3 tools/bench/peers/fastapi_match.py`.',
    `- Wall time of the run: ${(results.wallSeconds ?? 0).toFixed(0)} s`,
    '',
    '### Targets',
    '',
    markdownTable(targetsTable(results)),
    '',
    '### Load',
    '',
    markdownTable(loadTable(results)),
    '',
    ...(results.notes.length > 0
      ? ['### Notes from this run', '', ...results.notes.map((n) => `- ${n}`), '']
      : []),
    '### Where the time goes (`/match`)',
    '',
    profileSection(results.profile),
    '',
    END,
  ].join('\n');

  await replaceSection(path, START, END, generated);
}

/** The runtime table (BENCH_ONLY=runtimes) between its own markers; the rest of the file stays. */
export async function writeRuntimes(path: string, results: Report): Promise<void> {
  const m = results.machine;
  const generated = [
    RUNTIMES_START,
    '',
    `Measured ${results.date} by \`BENCH_ONLY=runtimes npm run bench\` (${results.settings}; ` +
      `${m.cpu}, ${m.cores} cores; ${m.redis}; 1-minute load average ${m.load}): every runtime's service ` +
      'and floor and the FastAPI peer up at once on the same Redis data, `/match` after the meeting in ' +
      'alternating slices, then nudge p99 among idle authenticated sockets on a fresh service per runtime.',
    '',
    markdownTable(runtimeTable(results.runtimes ?? [])),
    '',
    RUNTIMES_END,
  ].join('\n');
  await replaceSection(path, RUNTIMES_START, RUNTIMES_END, generated);
}

async function replaceSection(
  path: string,
  startMarker: string,
  endMarker: string,
  generated: string,
): Promise<void> {
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const start = previous.indexOf(startMarker);
  const end = previous.indexOf(endMarker);
  let text: string;
  if (start >= 0 && end > start) {
    text = previous.slice(0, start) + generated + previous.slice(end + endMarker.length);
  } else {
    const intro =
      previous ||
      '# Benchmarks\n\nRun with `npm run bench` (Redis and Postgres up). Generated results below.\n';
    text = `${intro.trimEnd()}\n\n${generated}\n`;
  }
  mkdirSync(dirname(path), { recursive: true });
  // Formatted like the rest of the repository, so `prettier --check .` stays green.
  const options = (await prettier.resolveConfig(path)) ?? {};
  writeFileSync(path, await prettier.format(text, { ...options, filepath: path }));
}
