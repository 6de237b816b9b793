import { Injectable } from '@nestjs/common';
import { meetingNudgeId, NudgeService } from '@sighej/nudge';
import { InterestCatalog, Session, SessionService, SessionSettings } from '@sighej/session';
import { Configuration, InvalidRequestError, RateLimitedError, RateLimiter } from '@sighej/shared';
import { dayIn, StatsRecorder, StatsSettings } from '@sighej/stats';
import { randomBytes } from 'node:crypto';
import { DayCounts } from './day-counts';
import { MeetingStore } from './meetings/meeting-store';
import { sharedCategories } from './shared-categories';
import { MATCH_REQUESTS } from './match-limits';
import { MatchSettings } from './match.settings';

export interface MatchOutcome {
  match: boolean;
  sharedInterests: string[];
  nudgeSent: boolean;
}

/** The answer for a token with no live session, and for every sighting that is not a meeting yet. */
const NO_MATCH: Readonly<MatchOutcome> = Object.freeze({
  match: false,
  sharedInterests: [],
  nudgeSent: false,
});
const noMatch = (): MatchOutcome => ({ ...NO_MATCH, sharedInterests: [] });

/**
 * The epoch a sighting of a token with no live session is recorded under, so it costs the same
 * work as a real one: drawn per process like a real epoch, it is no session's, so that meeting
 * never completes.
 */
const ABSENT_EPOCH = randomBytes(16).toString('base64url');

/** Seconds beyond the request timeout a winner has to decide its meeting before another may. */
const CLAIM_MARGIN_SECONDS = 5;

/**
 * One phone reports a token it detected (a sighting). Only when the other phone has reported
 * this phone's current token within MATCH_MUTUAL_WINDOW_SECONDS is it a meeting; until then
 * the answer, and the work done, are those of a token with no live session. The call that
 * completes a meeting decides it once: with shared categories and budget on both sides, both
 * budgets are charged and both phones nudged. Later calls for the meeting only learn its outcome.
 */
@Injectable()
export class MatchService {
  private readonly minShared: number;
  private readonly windowSeconds: number;
  private readonly cooldownSeconds: number;
  private readonly claimSeconds: number;
  private readonly budget: number;
  private readonly budgetWindowSeconds: number;
  private readonly timeZone: string;
  private readonly dayCounts: DayCounts;

  constructor(
    private readonly sessions: SessionService,
    private readonly meetings: MeetingStore,
    private readonly nudges: NudgeService,
    stats: StatsRecorder,
    private readonly limiter: RateLimiter,
    private readonly catalog: InterestCatalog,
    configuration: Configuration,
  ) {
    const settings = configuration.get(MatchSettings);
    this.minShared = settings.MATCH_MIN_SHARED;
    this.windowSeconds = settings.MATCH_MUTUAL_WINDOW_SECONDS;
    this.cooldownSeconds =
      settings.NUDGE_COOLDOWN_SECONDS ?? configuration.get(SessionSettings).SESSION_TTL_SECONDS;
    this.claimSeconds = Math.min(
      this.cooldownSeconds,
      Math.ceil(configuration.core.REQUEST_TIMEOUT_MS / 1000) + CLAIM_MARGIN_SECONDS,
    );
    this.budget = settings.MATCH_NEW_MEETINGS_PER_WINDOW;
    this.budgetWindowSeconds = settings.MATCH_MEETING_WINDOW_SECONDS;
    this.timeZone = configuration.get(StatsSettings).STATS_TIMEZONE;
    this.dayCounts = new DayCounts(meetings, stats);
  }

  /**
   * Checks now every pair count still held (see DayCounts): called by the shutdown sequence
   * once no request is taken any more, before the stats' last flush.
   */
  settleHeldCounts(): Promise<void> {
    return this.dayCounts.checkNow();
  }

  /**
   * `own` (authenticated, named by `ownToken`) reports that it detected `detectedToken`.
   * `found` is that token's session when the caller already looked it up (the route does, in
   * the authentication's round trip).
   */
  async match(
    own: Session,
    ownToken: string,
    detectedToken: string,
    found?: { session?: Session },
  ): Promise<MatchOutcome> {
    if (ownToken === detectedToken)
      throw new InvalidRequestError('detected_token must differ from own_token');
    const detected = found !== undefined ? found.session : await this.sessions.find(detectedToken);
    const other = detected !== undefined && detected.id !== own.id ? detected : undefined;
    // The limit first: a call it refuses records no sighting (SPEC: a refused call changes nothing).
    const decision = await this.limiter.consumeLimit(MATCH_REQUESTS, own.id);
    if (!decision.allowed)
      throw new RateLimitedError(
        decision.retryAfterSeconds,
        `Too many match requests for this session; retry in ${decision.retryAfterSeconds} s`,
      );
    const sighting = await this.meetings.sight(
      own.epoch,
      other?.epoch ?? ABSENT_EPOCH,
      this.windowSeconds,
      this.claimSeconds,
    );
    if (other === undefined) return noMatch();
    if (sighting === 'won') return this.meet(own, ownToken, other, detectedToken);
    if (sighting === 'matched')
      return { match: true, sharedInterests: this.shared(own, other), nudgeSent: false };
    return noMatch();
  }

  /**
   * Decides a new meeting, once: overlap, both budgets, nudges, the day's count. The decision
   * and the two budgets live in three Cluster slots, so it is made in an order that is safe at
   * every step: a meeting without shared categories is settled without touching a budget; each
   * charge is keyed by the meeting (a repeated decision charges once) and taken back, entry by
   * entry, when the other side has none or the nudges cannot be queued; the claim lives only
   * `claimSeconds`, so a winner that dies half-way is replaced and re-uses its charges.
   */
  private async meet(
    own: Session,
    ownToken: string,
    other: Session,
    otherToken: string,
  ): Promise<MatchOutcome> {
    const shared = this.shared(own, other);
    if (shared.length === 0 || !(await this.chargeBoth(own.epoch, other.epoch))) {
      // No overlap, or a side over budget: answered alike, and not evaluated again until a token rotates.
      await this.meetings.settle(own.epoch, other.epoch, 'unmatched', this.cooldownSeconds);
      return noMatch();
    }
    try {
      // Each phone's nudge names the partner's token as that phone detected it. Its id comes
      // from the meeting, so a retry of this decision (after a 503 here, or a failover that lost
      // the claim) queues the same ids again: one nudge_id per phone per meeting.
      const [a, b] = [own.epoch, other.epoch];
      await this.nudges.send(
        [
          {
            id: own.id,
            expiresAt: own.expiresAt,
            partnerToken: otherToken,
            nudgeId: meetingNudgeId(a, b, a),
          },
          {
            id: other.id,
            expiresAt: other.expiresAt,
            partnerToken: ownToken,
            nudgeId: meetingNudgeId(a, b, b),
          },
        ],
        shared,
      );
    } catch (error) {
      // Without the nudges queued the claim would silence this meeting, and the charges spend
      // budget no phone saw.
      await Promise.all([
        this.meetings.release(own.epoch, other.epoch),
        this.refund(own.epoch, other.epoch),
        this.refund(other.epoch, own.epoch),
      ]).catch(() => undefined);
      throw error;
    }
    await this.meetings.settle(own.epoch, other.epoch, 'matched', this.cooldownSeconds);
    const until = Math.min(own.expiresAt, other.expiresAt);
    await this.dayCounts.count(dayIn(this.timeZone, Date.now()), own.id, other.id, until);
    return { match: true, sharedInterests: shared, nudgeSent: true };
  }

  private shared(own: Session, other: Session): string[] {
    return sharedCategories(own.categories, other.categories, this.minShared, this.catalog);
  }

  /** Charges the meeting to both epochs' partner budgets, or to neither. */
  private async chargeBoth(epochA: string, epochB: string): Promise<boolean> {
    if (this.budget === 0) return true;
    const [a, b] = await Promise.all([
      this.meetings.charge(epochA, epochB, this.budget, this.budgetWindowSeconds),
      this.meetings.charge(epochB, epochA, this.budget, this.budgetWindowSeconds),
    ]);
    if (a && b) return true;
    await Promise.all([
      a ? this.refund(epochA, epochB) : undefined,
      b ? this.refund(epochB, epochA) : undefined,
    ]);
    return false;
  }

  private refund(epoch: string, partnerEpoch: string): Promise<void> {
    return this.budget === 0 ? Promise.resolve() : this.meetings.refund(epoch, partnerEpoch);
  }
}
