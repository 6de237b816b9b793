import { Injectable } from '@nestjs/common';
import { ConflictError, Env, InvalidRequestError, UnauthorizedError } from '@sighej/shared';
import { StatsRecorder } from '@sighej/stats';
import { randomBytes, randomUUID } from 'node:crypto';
import { hashAccessToken, newAccessToken } from './access-token';
import { InterestProfiler } from './interests/interest-profile';
import type { Session } from './session';
import { SessionEndedListener } from './session-lifecycle';
import { SessionStore } from './store/session-store';

const TOKEN_TAKEN =
  'ble_token is taken (it names a live session, or a rotation gave it up recently); generate a new random token';

/** A fresh token epoch: 128 random bits, base64url. */
const newEpoch = (): string => randomBytes(16).toString('base64url');

export interface CreatedSession {
  session: Session;
  accessToken: string;
}

@Injectable()
export class SessionService {
  private readonly ttlMs: number;
  private readonly endedListeners: SessionEndedListener[] = [];

  constructor(
    private readonly store: SessionStore,
    private readonly profiler: InterestProfiler,
    private readonly stats: StatsRecorder,
    env: Env,
  ) {
    this.ttlMs = env.SESSION_TTL_SECONDS * 1000;
  }

  async create(bleToken: string, rawInterests: readonly string[]): Promise<CreatedSession> {
    const interests = this.profiler.profile(rawInterests);
    if (interests.length === 0)
      throw new InvalidRequestError('interests must contain at least one non-blank interest');
    const accessToken = newAccessToken();
    const session: Session = {
      id: randomUUID(),
      accessHash: hashAccessToken(accessToken),
      interests,
      expiresAt: Date.now() + this.ttlMs,
      epoch: newEpoch(),
    };
    if (!(await this.store.create(bleToken, session))) {
      throw new ConflictError(TOKEN_TAKEN);
    }
    // Only category labels leave the session: never an interest or its hash.
    this.stats.recordSession([...new Set(interests.map((interest) => interest.category))]);
    return { session, accessToken };
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
   * Gives the session a new public name and a new token epoch, so the new token is a new
   * partner for everyone. Everything else (id, access token, interests, expiry, pending
   * nudges, open socket) stays; the old token stops naming it at once and stays quarantined
   * (409 for anyone) for SESSION_TTL_SECONDS.
   */
  async rotate(session: Session, oldToken: string, newToken: string): Promise<Session> {
    if (newToken === oldToken) throw new InvalidRequestError('ble_token must differ from the current token');
    const rotated: Session = { ...session, epoch: newEpoch() };
    const outcome = await this.store.rotate(oldToken, newToken, rotated, Date.now() + this.ttlMs);
    if (outcome === 'taken') throw new ConflictError(TOKEN_TAKEN);
    // A concurrent rotation or delete won: this token no longer names the session.
    if (outcome === 'gone') throw new UnauthorizedError();
    return rotated;
  }

  onSessionEnded(listener: SessionEndedListener): void {
    this.endedListeners.push(listener);
  }
}
