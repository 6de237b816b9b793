import { Injectable } from '@nestjs/common';
import { NudgeService } from '@sighej/nudge';
import { SessionService } from '@sighej/session';
import { Env, InvalidRequestError } from '@sighej/shared';
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
    env: Env,
  ) {
    this.minShared = env.MATCH_MIN_SHARED;
    this.cooldownSeconds = env.nudgeCooldownSeconds;
  }

  async match(
    ownToken: string,
    accessToken: string | undefined,
    detectedToken: string,
  ): Promise<MatchOutcome> {
    if (ownToken === detectedToken)
      throw new InvalidRequestError('detected_token must differ from own_token');
    const [own, detected] = await Promise.all([
      this.sessions.authenticate(ownToken, accessToken),
      this.sessions.find(detectedToken),
    ]);
    if (detected === undefined || detected.id === own.id) return { ...NO_MATCH, sharedInterests: [] };
    const shared = sharedCategories(own.interests, detected.interests, this.minShared);
    if (shared.length === 0) return { ...NO_MATCH, sharedInterests: [] };

    if (!(await this.claims.claim(own.id, detected.id, this.cooldownSeconds)))
      return { match: true, sharedInterests: shared, nudgeSent: false };
    try {
      await this.nudges.send([own, detected], shared);
    } catch (error) {
      // Without the nudges queued the claim would silence this pair for the whole window.
      await this.claims.release(own.id, detected.id).catch(() => undefined);
      throw error;
    }
    this.stats.recordMatch();
    return { match: true, sharedInterests: shared, nudgeSent: true };
  }
}
