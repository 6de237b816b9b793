import type { Enqueued, Nudge, PendingLimits } from '../nudge';

/** A session's pending nudges, oldest first, and how many were found stale and dropped. */
export interface PendingNudges {
  nudges: Nudge[];
  expired: number;
}

/**
 * Nudges a session has not acknowledged yet, oldest first. They stay until acked, until the
 * session ends (the queue expires with the session), until they are older than
 * `limits.maxAgeMs`, or until `limits.max` newer ones push them out; so a dropped connection
 * loses nothing fresh, and nobody can grow a session's queue without bound.
 */
export abstract class NudgeQueue {
  /**
   * Appends `nudge` (queued `now`, epoch ms); the whole queue expires at `expiresAt`, with the
   * session. Drops what the limits no longer allow and says how many. A nudge whose id is
   * already pending is not queued again (`queued: false`): it keeps its place and frame.
   */
  abstract enqueue(
    sessionId: string,
    nudge: Nudge,
    expiresAt: number,
    limits: PendingLimits,
    now?: number,
  ): Promise<Enqueued>;
  /** Everything unacknowledged and younger than `maxAgeMs`, oldest first; older ones are dropped. */
  abstract pending(sessionId: string, maxAgeMs: number, now?: number): Promise<PendingNudges>;
  /** Removes one nudge; false when it was not pending (already acked, unknown, or expired). */
  abstract ack(sessionId: string, nudgeId: string): Promise<boolean>;
  /** Drops every pending nudge (the session was deleted). */
  abstract clear(sessionId: string): Promise<void>;
}
