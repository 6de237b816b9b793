import type { StatsRecorder } from '@sighej/stats';
import { randomBytes } from 'node:crypto';
import type { MeetingStore } from './meetings/meeting-store';

/**
 * How long after a pair's count its day marker is read again. A Redis failover loses the
 * writes its new primary had not received yet (replication is asynchronous): those of the
 * last moments before the promotion and those sent to the old primary until the client
 * switched (about a second with the failover detector, a Cluster's node timeout and election
 * after a crash). By this time the marker either reached the new primary or is known lost.
 */
export const CHECK_AFTER_MS = 5000;
/** A check that Redis refused is tried again this many times, CHECK_AFTER_MS apart. */
const ATTEMPTS = 3;

/**
 * A meeting with shared categories is counted once per pair of sessions per day. The first
 * decision of the day claims the pair's day marker (a value of its own) and counts at once;
 * CHECK_AFTER_MS later it reads the marker again. A failover can lose a decision together
 * with its marker: the meeting is then decided again (same nudge ids) and that decision
 * claims the marker anew and counts too. Whichever claim holds the marker at the check is
 * the pair's count: the other is withdrawn, and a marker found gone is claimed again by the
 * count that checks it. So each pair counts exactly once, whatever the failover lost.
 */
export class DayCounts {
  private readonly waiting = new Map<NodeJS.Timeout, () => Promise<void>>();

  constructor(
    private readonly meetings: MeetingStore,
    private readonly stats: StatsRecorder,
  ) {}

  /** The match of sessions `a` and `b` on `day`, counted if it is the pair's first; the marker lives until `until`. */
  async count(day: string, a: string, b: string, until: number): Promise<void> {
    const claim = randomBytes(9).toString('base64url');
    if (!(await this.meetings.firstOfDay(day, a, b, claim, Math.max(1, until - Date.now())))) return;
    this.stats.recordMatch(day);
    this.later(() => this.check(day, a, b, claim, until, ATTEMPTS));
  }

  /** Runs every check still waiting now (at shutdown, so what they withdraw is flushed with the rest). */
  async checkNow(): Promise<void> {
    const checks = [...this.waiting];
    this.waiting.clear();
    for (const [timer] of checks) clearTimeout(timer);
    await Promise.all(checks.map(([, check]) => check()));
  }

  private async check(
    day: string,
    a: string,
    b: string,
    claim: string,
    until: number,
    attempts: number,
  ): Promise<void> {
    let held: boolean;
    try {
      held = await this.meetings.stillFirst(day, a, b, claim, Math.max(1, until - Date.now()));
    } catch {
      if (attempts > 1) this.later(() => this.check(day, a, b, claim, until, attempts - 1));
      return;
    }
    if (!held) this.stats.withdrawMatch(day);
  }

  private later(check: () => Promise<void>): void {
    const timer = setTimeout(() => {
      this.waiting.delete(timer);
      void check();
    }, CHECK_AFTER_MS);
    timer.unref();
    this.waiting.set(timer, check);
  }
}
