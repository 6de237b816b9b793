import type { RotationOutcome, Session } from '../session';

/**
 * Where live sessions live, keyed by their current BLE token. Every write is conditional so
 * that a live token is never overwritten and concurrent rotations leave one winner.
 */
export abstract class SessionStore {
  /** Stores `session` under `token` until `session.expiresAt`; false when the token is live (a collision). */
  abstract create(token: string, session: Session): Promise<boolean>;
  abstract find(token: string): Promise<Session | undefined>;
  /** Removes the session if `token` still names it; false otherwise. */
  abstract remove(token: string, sessionId: string): Promise<boolean>;
  /**
   * Moves the session from `oldToken` to `newToken` (storing `rotated`, its new epoch); the old
   * token names nothing afterwards and leaves nothing behind. 'taken' when `newToken` is live
   * (a collision), 'gone' when `oldToken` no longer names the session (nothing changes in either case).
   */
  abstract rotate(oldToken: string, newToken: string, rotated: Session): Promise<RotationOutcome>;
  /** For each session id, whether that session is still live (one round trip for all). */
  abstract whichLive(sessionIds: readonly string[]): Promise<boolean[]>;
  /** Live sessions right now, without scanning the key space. */
  abstract countLive(): Promise<number>;
}
