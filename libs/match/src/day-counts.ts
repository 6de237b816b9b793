import { Logger } from '@nestjs/common';
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
/**
 * A check that Redis refused (a fault under way) is tried again every RETRY_MS, so the count
 * is settled soon after Redis answers again (a held count is lost by a kill -9), and kept
 * after ATTEMPTS tries.
 */
const RETRY_MS = 1000;
const ATTEMPTS = 20;

/**
 * A meeting with shared categories is counted once per pair of sessions per day. The first
 * decision of the day claims the pair's day marker (a claim of its own, which sorts by when
 * it was made) and holds its count (`StatsRecorder.holdMatch`: shown at once, not written
 * yet); CHECK_AFTER_MS later it checks the marker again. A failover can lose a decision
 * together with its marker: the meeting is then decided again (same nudge ids), and that
 * decision claims the marker anew and holds a count too. The earliest claim is the pair's
 * count: a check that finds an earlier claim drops its count; one that finds the marker gone,
 * or held by a later claim, puts its own claim back and keeps its count, so the later one's
 * check drops. Even when two failovers in a row show the checks two different primaries (one
 * with each claim), the pair counts once; a kill -9 before the check loses a held count (like
 * an unflushed one) rather than leaving it counted twice.
 */
export class DayCounts {
  private readonly waiting = new Map<NodeJS.Timeout, () => Promise<void>>();
  private readonly logger = new Logger('Match');
  private closing = false;

  constructor(
    private readonly meetings: MeetingStore,
    private readonly stats: StatsRecorder,
  ) {}

  /**
   * The match of sessions `a` and `b` on `day`, counted if it is the pair's first; the marker
   * lives until `until`. When the claim's answer is lost (the request's 503), Redis may still
   * have set it: the check then counts it if it holds the marker, since the retried decision
   * finds the marker taken and counts nothing.
   */
  async count(day: string, a: string, b: string, until: number): Promise<void> {
    const claim = newClaim();
    let first: boolean;
    try {
      first = await this.meetings.firstOfDay(day, a, b, claim, Math.max(1, until - Date.now()));
    } catch (error) {
      this.later(() => this.countIfSet(day, a, b, claim, ATTEMPTS));
      throw error;
    }
    if (!first) return;
    // Once the shutdown checked the held counts, nothing would check this one: counted now.
    if (this.closing) return this.stats.recordMatch(day);
    const settle = this.stats.holdMatch(day);
    this.later(() => this.check(day, a, b, claim, until, settle, ATTEMPTS));
  }

  /**
   * Runs every check still waiting now (at shutdown, so the counts they keep are flushed with
   * the rest); one that Redis refuses then keeps its count.
   */
  async checkNow(): Promise<void> {
    this.closing = true;
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
    settle: (keep: boolean) => void,
    attempts: number,
  ): Promise<void> {
    let first: boolean;
    try {
      first = await this.meetings.stillFirst(day, a, b, claim, Math.max(1, until - Date.now()));
    } catch {
      // Redis cannot tell now: ask again, and keep the count when it never can.
      if (attempts > 1 && !this.closing)
        this.later(() => this.check(day, a, b, claim, until, settle, attempts - 1), RETRY_MS);
      else settle(true);
      return;
    }
    settle(first);
    if (!first)
      this.logger.log(
        'a pair decided again after its day marker was lost (a Redis failover): counted once, not twice',
      );
  }

  private async countIfSet(
    day: string,
    a: string,
    b: string,
    claim: string,
    attempts: number,
  ): Promise<void> {
    let held: string | undefined;
    try {
      held = await this.meetings.dayMarker(day, a, b);
    } catch {
      if (attempts > 1) this.later(() => this.countIfSet(day, a, b, claim, attempts - 1), RETRY_MS);
      return;
    }
    if (held !== claim) return;
    this.stats.recordMatch(day);
    this.logger.log("a pair's day marker set by a call that got no answer: counted now");
  }

  private later(check: () => Promise<void>, afterMs = CHECK_AFTER_MS): void {
    const timer = setTimeout(() => {
      this.waiting.delete(timer);
      void check();
    }, afterMs);
    timer.unref();
    this.waiting.set(timer, check);
  }
}

/** A claim that sorts by when it was made (fixed-width base-36 milliseconds), then at random. */
function newClaim(): string {
  return `${Date.now().toString(36).padStart(9, '0')}.${randomBytes(6).toString('base64url')}`;
}
