import { Injectable } from '@nestjs/common';
import { NudgeService } from '@sighej/nudge';
import { Session, SessionService } from '@sighej/session';
import { Env, InvalidRequestError, RateLimitedError, RateLimiter } from '@sighej/shared';
import { dayIn, StatsRecorder } from '@sighej/stats';
import { createHash } from 'node:crypto';
import { MeetingStore } from './meetings/meeting-store';
import { sharedCategories } from './shared-categories';

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

/** A stand-in epoch for a token with no live session, so its sighting costs the same work. */
const absentEpoch = (token: string): string =>
  createHash('sha256').update(token).digest('base64url').slice(0, 22);

/**
 * One phone reports a token it detected (a sighting). Only when the other phone has reported
 * this phone's current token within MATCH_MUTUAL_WINDOW_SECONDS is it a meeting; until then
 * the answer, and the work done, are those of a token with no live session. The call that
 * completes a meeting decides it once: both partner budgets charged, then, with shared
 * interests, both phones nudged. Later calls for the meeting only learn its outcome.
 */
@Injectable()
export class MatchService {
  private readonly minShared: number;
  private readonly windowSeconds: number;
  private readonly cooldownSeconds: number;
  private readonly budget: number;
  private readonly budgetWindowSeconds: number;
  private readonly timeZone: string;

  constructor(
    private readonly sessions: SessionService,
    private readonly meetings: MeetingStore,
    private readonly nudges: NudgeService,
    private readonly stats: StatsRecorder,
    private readonly limiter: RateLimiter,
    env: Env,
  ) {
    this.minShared = env.MATCH_MIN_SHARED;
    this.windowSeconds = env.MATCH_MUTUAL_WINDOW_SECONDS;
    this.cooldownSeconds = env.nudgeCooldownSeconds;
    this.budget = env.MATCH_NEW_MEETINGS_PER_WINDOW;
    this.budgetWindowSeconds = env.MATCH_MEETING_WINDOW_SECONDS;
    this.timeZone = env.STATS_TIMEZONE;
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
    // The per-session limit and the sighting travel to Redis together (one round trip); a
    // call over the limit gives back a meeting it happened to win.
    const [decision, sighting] = await Promise.all([
      this.limiter.consumeLimit('matches', own.id),
      this.meetings.sight(
        own.epoch,
        other?.epoch ?? absentEpoch(detectedToken),
        this.windowSeconds,
        this.cooldownSeconds,
      ),
    ]);
    if (!decision.allowed) {
      if (sighting === 'won' && other !== undefined)
        await this.meetings.release(own.epoch, other.epoch).catch(() => undefined);
      throw new RateLimitedError(
        decision.retryAfterSeconds,
        `Too many match requests for this session; retry in ${decision.retryAfterSeconds} s`,
      );
    }
    if (other === undefined) return noMatch();
    if (sighting === 'won') return this.meet(own, ownToken, other, detectedToken);
    if (sighting === 'matched')
      return { match: true, sharedInterests: this.shared(own, other), nudgeSent: false };
    return noMatch();
  }

  /** Decides a new meeting, once: budgets, overlap, nudges, the day's count. */
  private async meet(
    own: Session,
    ownToken: string,
    other: Session,
    otherToken: string,
  ): Promise<MatchOutcome> {
    if (!(await this.chargeBoth(own.id, other.id))) {
      await this.meetings.release(own.epoch, other.epoch);
      return noMatch();
    }
    const shared = this.shared(own, other);
    if (shared.length === 0) {
      await this.meetings.settle(own.epoch, other.epoch, 'unmatched', this.cooldownSeconds);
      return noMatch();
    }
    try {
      // Each phone's nudge names the partner's token as that phone detected it.
      await this.nudges.send(
        [
          { id: own.id, expiresAt: own.expiresAt, partnerToken: otherToken },
          { id: other.id, expiresAt: other.expiresAt, partnerToken: ownToken },
        ],
        shared,
      );
    } catch (error) {
      // Without the nudges queued the claim would silence this meeting for the whole cooldown.
      await Promise.all([
        this.meetings.release(own.epoch, other.epoch),
        this.refund(own.id),
        this.refund(other.id),
      ]).catch(() => undefined);
      throw error;
    }
    await this.meetings.settle(own.epoch, other.epoch, 'matched', this.cooldownSeconds);
    const until = Math.min(own.expiresAt, other.expiresAt) - Date.now();
    if (await this.meetings.firstOfDay(dayIn(this.timeZone, Date.now()), own.id, other.id, until))
      this.stats.recordMatch();
    return { match: true, sharedInterests: shared, nudgeSent: true };
  }

  private shared(own: Session, other: Session): string[] {
    return sharedCategories(own.interests, other.interests, this.minShared);
  }

  /** Charges a new meeting to both partner budgets, or to neither. */
  private async chargeBoth(sessionA: string, sessionB: string): Promise<boolean> {
    if (this.budget === 0) return true;
    const [a, b] = await Promise.all([
      this.meetings.charge(sessionA, this.budget, this.budgetWindowSeconds),
      this.meetings.charge(sessionB, this.budget, this.budgetWindowSeconds),
    ]);
    if (a && b) return true;
    await Promise.all([a ? this.refund(sessionA) : undefined, b ? this.refund(sessionB) : undefined]);
    return false;
  }

  private refund(sessionId: string): Promise<void> {
    return this.budget === 0 ? Promise.resolve() : this.meetings.refund(sessionId);
  }
}
