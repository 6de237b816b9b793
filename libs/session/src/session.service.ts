import { Injectable } from '@nestjs/common';
import { InvalidRequestError, RateLimitedError, RateLimiter, UnauthorizedError } from '@sighej/shared';
import { StatsRecorder } from '@sighej/stats';
import { randomBytes, randomUUID } from 'node:crypto';
import { hashAccessToken, newAccessToken } from './access-token';
import { newBleToken } from './ble-token';
import { InterestCatalog } from './interests/interest-catalog';
import { InterestProfiler } from './interests/interest-profile';
import type { RotationOutcome, Session } from './session';
import { SessionEndedListener } from './session-lifecycle';
import { SessionStore } from './store/session-store';
import { TOKEN_ROTATIONS } from './session-limits';
import { SessionSettings } from './session.settings';

/** A fresh token epoch: 128 random bits, base64url. */
const newEpoch = (): string => randomBytes(16).toString('base64url');

export interface CreatedSession {
  session: Session;
  bleToken: string;
  accessToken: string;
}

/**
 * Claims a freshly drawn BLE token with `claim`, drawing again on the (128-bit, so never
 * observed) collision with a live token: the server never hands out a token that names a session.
 */
async function withFreshToken<T>(claim: (token: string) => Promise<T | 'taken'>): Promise<[string, T]> {
  for (;;) {
    const token = newBleToken();
    const outcome = await claim(token);
    if (outcome !== 'taken') return [token, outcome];
  }
}

@Injectable()
export class SessionService {
  private readonly ttlMs: number;
  private readonly endedListeners: SessionEndedListener[] = [];

  constructor(
    private readonly store: SessionStore,
    private readonly profiler: InterestProfiler,
    private readonly catalog: InterestCatalog,
    private readonly stats: StatsRecorder,
    private readonly limiter: RateLimiter,
    settings: SessionSettings,
  ) {
    this.ttlMs = settings.SESSION_TTL_SECONDS * 1000;
  }

  /** A new session for `rawInterests`, named by a BLE token the server draws. */
  async create(rawInterests: readonly string[]): Promise<CreatedSession> {
    const categories = this.profiler.profile(rawInterests);
    if (categories === 0)
      throw new InvalidRequestError('interests must contain at least one non-blank interest');
    const accessToken = newAccessToken();
    const session: Session = {
      id: randomUUID(),
      accessHash: hashAccessToken(accessToken),
      categories,
      expiresAt: Date.now() + this.ttlMs,
      epoch: newEpoch(),
    };
    const [bleToken] = await withFreshToken(async (token) =>
      (await this.store.create(token, session)) ? 'created' : 'taken',
    );
    // Only category labels leave the session: never an interest.
    this.stats.recordSession(this.catalog.labelsOf(categories));
    return { session, bleToken, accessToken };
  }

  /** The live session a BLE token names, if any (for asking about a detected token). */
  find(bleToken: string): Promise<Session | undefined> {
    return this.store.find(bleToken);
  }

  /** For each session id, whether the session still exists (after Redis came back, say). */
  whichLive(sessionIds: readonly string[]): Promise<boolean[]> {
    return this.store.whichLive(sessionIds);
  }

  /** "Open to talk" switched off: the session named by `bleToken` (authenticated) ends now. */
  async end(session: Session, bleToken: string): Promise<void> {
    if (!(await this.store.remove(bleToken, session.id))) throw new UnauthorizedError();
    await Promise.all(this.endedListeners.map((listener) => listener.sessionEnded(session.id, 'deleted')));
  }

  /**
   * Gives the session a new public name the server draws, and a new token epoch, so the new
   * token is a new partner for everyone. Everything else (id, access token, categories, expiry,
   * pending nudges, open socket) stays; the old token names nothing from now on. A rotation
   * refused by RATE_LIMIT_ROTATIONS_PER_HOUR changes nothing.
   */
  async rotate(session: Session, oldToken: string): Promise<{ session: Session; bleToken: string }> {
    const decision = await this.limiter.consumeLimit(TOKEN_ROTATIONS, session.id);
    if (!decision.allowed)
      throw new RateLimitedError(
        decision.retryAfterSeconds,
        `Too many rotations for this session (${decision.limit} per hour); retry in ${decision.retryAfterSeconds} s`,
      );
    const rotated: Session = { ...session, epoch: newEpoch() };
    const [bleToken, outcome] = await withFreshToken<Exclude<RotationOutcome, 'taken'>>(async (token) =>
      this.store.rotate(oldToken, token, rotated),
    );
    // A concurrent rotation or delete won: this token no longer names the session.
    if (outcome === 'gone') throw new UnauthorizedError();
    return { session: rotated, bleToken };
  }

  onSessionEnded(listener: SessionEndedListener): void {
    this.endedListeners.push(listener);
  }
}
