import type { Nudge } from '../nudge';

/**
 * Nudges a session has not acknowledged yet, oldest first. They stay until acked or until
 * the session ends (the queue expires with the session), so a dropped connection loses nothing.
 */
export abstract class NudgeQueue {
  /** Appends `nudge`; the whole queue expires at `expiresAt` (epoch ms), with the session. */
  abstract enqueue(sessionId: string, nudge: Nudge, expiresAt: number): Promise<void>;
  /** Everything unacknowledged, oldest first. */
  abstract pending(sessionId: string): Promise<Nudge[]>;
  /** Removes one nudge; false when it was not pending (already acked, unknown, or expired). */
  abstract ack(sessionId: string, nudgeId: string): Promise<boolean>;
  /** Drops every pending nudge (the session was deleted). */
  abstract clear(sessionId: string): Promise<void>;
}
