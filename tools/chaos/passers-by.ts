import { setTimeout as sleep } from 'node:timers/promises';
import { ChaosPhone } from './chaos-phone';
import { HttpLedger } from './http-ledger';
import { StatsLedger } from './stats-ledger';

/** How often a meeting is tried again while a fault refuses it. */
const ATTEMPTS = 10;

/**
 * Two new sessions at a time (no socket) that meet once and are never seen again: the stats
 * get new sessions and new matched pairs all along the schedule, so a count made during a
 * fault (a Postgres cut, a kill -9) is in the ledger.
 */
export async function passersBy(
  urls: () => string[],
  http: HttpLedger,
  stats: StatsLedger,
  running: () => boolean,
): Promise<void> {
  for (let n = 0; running(); n += 2) {
    const [a, b] = [new ChaosPhone(urls, n, http, stats), new ChaosPhone(urls, n + 1, http, stats)];
    await Promise.all([a.register(['chess'], false), b.register(['chess'], false)]);
    await meetOnce(a, b, stats);
    await sleep(250);
  }
}

async function meetOnce(a: ChaosPhone, b: ChaosPhone, stats: StatsLedger): Promise<void> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const answers = [await b.report(a.session!.bleToken), await a.report(b.session!.bleToken)];
    const nudged = answers.find((answer) => answer?.nudge_sent);
    if (nudged !== undefined) return stats.match(a.session!.sessionId, b.session!.sessionId, nudged.origin);
    // Decided without a nudge now: the meeting was already settled by an answer that got lost.
    if (answers[1]?.match) return;
    await sleep(200);
  }
}
