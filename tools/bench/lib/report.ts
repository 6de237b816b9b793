// The results tables of a run, for the console and for docs/benchmarks.md (report-markdown.ts).
import type { LoadResult } from './load-result';
import { fmt } from './numbers';
import type { Results, RuntimeRow } from './results';

export type Table = string[][];

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
