import { LedgerTotals } from './nudge-ledger';
import { percentile } from './percentile';
import { PushStats } from './push-stats';

export interface PushReport {
  backgroundPhones: number;
  /** The service's own count (`/health`'s push entry), when it answered. */
  sentByService: number | undefined;
  stats: PushStats;
  violations: number;
}

const ms = (value: number | undefined): string => (value === undefined ? '-' : `${value.toFixed(1)} ms`);
const n = (value: number | undefined): string => (value === undefined ? '-' : value.toLocaleString('en-US'));

/** The report's push rows (with `--background`). */
export function pushRows(report: PushReport, totals: LedgerTotals): [string, string][] {
  const { stats } = report;
  return [
    ['phones in a pocket (no socket, woken by push)', n(report.backgroundPhones)],
    ['pushes sent (the service counts)', n(report.sentByService)],
    ['pushes delivered (decrypted by the phone)', n(stats.delivered)],
    ['pushes duplicated (same nudge, must be 0)', n(stats.duplicated)],
    ['pushes lost (a pocket nudge never pushed, must be 0)', n(totals.lostAmong)],
    ['pushes refused by the push service (must be 0)', n(report.violations)],
    ['pushed nudges acked over the woken socket', n(stats.ackedOverSocket)],
    ['pushes after the woken socket brought the nudge', n(stats.afterSocket)],
    ['push latency p50 (nudge queued to push decrypted)', ms(percentile(stats.latenciesMs, 50))],
    ['push latency p99 (nudge queued to push decrypted)', ms(percentile(stats.latenciesMs, 99))],
  ];
}
