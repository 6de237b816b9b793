import { Injectable } from '@nestjs/common';
import { NudgeService } from '@sighej/nudge';
import { Session, SessionService } from '@sighej/session';
import { Env, InvalidRequestError, RateLimitedError, RateLimiter } from '@sighej/shared';
import { StatsRecorder } from '@sighej/stats';
import { PairClaims } from './claims/pair-claims';
import { sharedCategories } from './shared-categories';

export interface MatchOutcome {
  match: boolean;
  sharedInterests: string[];
  nudgeSent: boolean;
}

const NO_MATCH: Readonly<MatchOutcome> = Object.freeze({
  match: false,
  sharedInterests: [],
  nudgeSent: false,
});

/**
 * One phone asks about a token it detected. Two session reads (pipelined together), then,
 * only on overlap, one `SET NX` for the pair: the caller that wins it nudges both phones and
 * counts the match; every other caller for the pair in the window only learns the overlap.
 */
@Injectable()
export class MatchService {
  private readonly minShared: number;
  private readonly cooldownSeconds: number;

  constructor(
    private readonly sessions: SessionService,
    private readonly claims: PairClaims,
    private readonly nudges: NudgeService,
    private readonly stats: StatsRecorder,
    private readonly limiter: RateLimiter,
    env: Env,
  ) {
    this.minShared = env.MATCH_MIN_SHARED;
    this.cooldownSeconds = env.nudgeCooldownSeconds;
  }

  /** `own` (authenticated, named by `ownToken`) reports that it detected `detectedToken`. */
  async match(own: Session, ownToken: string, detectedToken: string): Promise<MatchOutcome> {
    if (ownToken === detectedToken)
      throw new InvalidRequestError('detected_token must differ from own_token');
    const detected = await this.sessions.find(detectedToken);
    const other = detected !== undefined && detected.id !== own.id ? detected : undefined;
    const shared =
      other === undefined ? [] : sharedCategories(own.interests, other.interests, this.minShared);
    // The per-session limit and the pair claim travel to Redis together (one round trip on the
    // hot path); a call over the limit gives back a claim it happened to win.
    const [decision, claimed] = await Promise.all([
      this.limiter.consumeLimit('matches', own.id),
      other !== undefined && shared.length > 0
        ? this.claims.claim(own.id, other.id, this.cooldownSeconds)
        : Promise.resolve(false),
    ]);
    if (!decision.allowed) {
      if (claimed && other !== undefined) await this.claims.release(own.id, other.id).catch(() => undefined);
      throw new RateLimitedError(
        decision.retryAfterSeconds,
        `Too many match requests for this session; retry in ${decision.retryAfterSeconds} s`,
      );
    }
    if (other === undefined || shared.length === 0) return { ...NO_MATCH, sharedInterests: [] };
    if (!claimed) return { match: true, sharedInterests: shared, nudgeSent: false };
    try {
      await this.nudges.send([own, other], shared);
    } catch (error) {
      // Without the nudges queued the claim would silence this pair for the whole window.
      await this.claims.release(own.id, other.id).catch(() => undefined);
      throw error;
    }
    this.stats.recordMatch();
    return { match: true, sharedInterests: shared, nudgeSent: true };
  }
}
