// The generated part of docs/benchmarks.md. Prose written by hand outside the markers in that
// file is kept.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as prettier from 'prettier';
import { fmt } from './numbers';
import { loadTable, runtimeTable, Table, targetsTable } from './report';
import type { ProfileResult, Report } from './results';

const START = '<!-- bench:results:start (written by npm run bench; edit outside these markers) -->';
const END = '<!-- bench:results:end -->';
const RUNTIMES_START =
  '<!-- bench:runtimes:start (written by BENCH_ONLY=runtimes npm run bench; edit outside these markers) -->';
const RUNTIMES_END = '<!-- bench:runtimes:end -->';

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
