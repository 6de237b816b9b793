// Nudge latency among idle sockets: fresh matches one at a time, /match call → nudge frame.
import { log, results } from '../context';
import { fmt, percentile } from '../lib/numbers';
import type { StartedProcess } from '../lib/processes';
import { Phone, timeNudges } from '../lib/sockets';
import { NUDGES } from '../settings';

/** Times up to BENCH_NUDGES meetings among `pairs`; returns the p99 to the other phone. */
export async function timeNudgesAmong(
  service: StartedProcess,
  pairs: [Phone, Phone][],
  { count, connectSeconds, judge }: { count: number; connectSeconds: number; judge: boolean },
): Promise<number> {
  const nudgePairs = pairs.slice(0, Math.min(NUDGES, pairs.length));
  log(`timing ${nudgePairs.length} fresh matches → nudge, with ${count} sockets open`);
  const timed = await timeNudges(service.url, nudgePairs);
  const p = (values: number[], q: number): number => percentile(values, q);
  const p99 = p(timed.toOther, 99);
  if (!judge) return p99;
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
  return p99;
}
