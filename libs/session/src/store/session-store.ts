import type { RotationOutcome, Session } from '../session';

/**
 * Where live sessions live, keyed by their current BLE token. Every write is conditional so
 * that a live token is never overwritten and concurrent rotations leave one winner.
 */
export abstract class SessionStore {
  /** Stores `session` under `token` until `session.expiresAt`; false when the token is live. */
  abstract create(token: string, session: Session): Promise<boolean>;
  abstract find(token: string): Promise<Session | undefined>;
  /** Removes the session if `token` still names it; false otherwise. */
  abstract remove(token: string, sessionId: string): Promise<boolean>;
  /**
   * Moves `session` from `oldToken` to `newToken`: 'taken' when `newToken` is live,
   * 'gone' when `oldToken` no longer names the session (nothing changes in either case).
   */
  abstract rotate(oldToken: string, newToken: string, session: Session): Promise<RotationOutcome>;
  /** Live sessions right now, without scanning the key space. */
  abstract countLive(): Promise<number>;
}
