import { LedgerTotals } from './nudge-ledger';
import { percentile } from './percentile';
import { PushReport, pushRows } from './push-report';
import { RunStats } from './run-stats';

const ms = (value: number | undefined): string => (value === undefined ? '-' : `${value.toFixed(1)} ms`);
const n = (value: number): string => value.toLocaleString('en-US');

/** The end-of-run table a venue operator reads. */
export function reportTable(
  phones: number,
  seconds: number,
  stats: RunStats,
  totals: LedgerTotals,
  push?: PushReport,
): string {
  const errors = [...stats.errors.entries()].sort(([a], [b]) => a.localeCompare(b));
  const rows: [string, string][] = [
    ['phones', n(phones)],
    ['seconds walked', n(seconds)],
    ['sessions created', n(stats.sessionsCreated)],
    ['"open to talk" switched off', n(stats.switchedOff)],
    ['token rotations', n(stats.rotations)],
    ['connections dropped', n(stats.drops)],
    ['sightings (POST /match answered)', n(stats.sightings)],
    ['scans skipped (service saturated)', n(stats.scansSkipped)],
    ['meetings (nudge_sent: true)', n(stats.meetingCount)],
    ['nudges expected', n(totals.expected)],
    ['nudges delivered', n(totals.delivered)],
    ['nudges duplicated (after de-dup, must be 0)', n(totals.duplicated)],
    ['nudges lost (must be 0)', n(totals.lost)],
    ['nudges gone with their session (not lost)', n(totals.forgone)],
    ['nudges without an announcing answer', n(totals.unexpected)],
    ['replays dropped by the client (same nudge_id)', n(stats.replaysDropped)],
    ['latency p50 (call sent to frame)', ms(percentile(totals.latenciesMs, 50))],
    ['latency p99 (call sent to frame)', ms(percentile(totals.latenciesMs, 99))],
    ...(push === undefined ? [] : pushRows(push, totals)),
    ['errors', errors.length === 0 ? '0' : errors.map(([kind, count]) => `${kind}: ${n(count)}`).join(', ')],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const valueWidth = Math.max(...rows.map(([, value]) => value.length));
  const line = `+${'-'.repeat(width + 2)}+${'-'.repeat(valueWidth + 2)}+`;
  return [
    line,
    ...rows.map(([label, value]) => `| ${label.padEnd(width)} | ${value.padStart(valueWidth)} |`),
    line,
  ].join('\n');
}
