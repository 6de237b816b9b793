/** A nudge to push: whose, which, when it was queued, and how many sends were tried before. */
export interface PushJob {
  sessionId: string;
  nudgeId: string;
  /** Epoch ms the nudge was queued: a socket has PUSH_AFTER_MS from here to ack it. */
  queuedAt: number;
  attempt: number;
}

/** A job a consumer holds until it calls `finish` or `reschedule`; `receipt` names the hold. */
export interface TakenPushJob {
  job: PushJob;
  receipt: string;
}

/**
 * The push work queue every instance consumes. A job is due at the time it was scheduled
 * for; a taken job is held by its consumer until finished, and one held longer than
 * `reclaimAfterMs` (its instance died) is handed to the next consumer that asks. Scheduling
 * the same job twice while it waits keeps one.
 */
export abstract class PushQueue {
  abstract schedule(job: PushJob, dueAt: number): Promise<void>;
  /** Up to `max` jobs for `consumer`: due ones, then ones held too long by another. */
  abstract take(consumer: string, max: number, reclaimAfterMs: number, now?: number): Promise<TakenPushJob[]>;
  abstract finish(taken: TakenPushJob): Promise<void>;
  /**
   * Makes `job` the one push of its nudge for `ttlMs`: true for the first job that claims it
   * and for that job's own retries (same `queuedAt`), false for another job of the same nudge
   * (a nudge queued twice, e.g. by a /match retried after a 503, re-sends the same id).
   */
  abstract claim(job: PushJob, ttlMs: number): Promise<boolean>;
  /** Finishes `taken` and schedules `next` at `dueAt`, in one step. */
  abstract reschedule(taken: TakenPushJob, next: PushJob, dueAt: number): Promise<void>;
}

export function encodePushJob(job: PushJob): string {
  return JSON.stringify([job.sessionId, job.nudgeId, job.queuedAt, job.attempt]);
}

/** Reads back a stored job, checking its shape; undefined when damaged. */
export function decodePushJob(text: string): PushJob | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value) || value.length !== 4) return undefined;
    const [sessionId, nudgeId, queuedAt, attempt] = value as unknown[];
    if (typeof sessionId !== 'string' || typeof nudgeId !== 'string') return undefined;
    if (typeof queuedAt !== 'number' || typeof attempt !== 'number') return undefined;
    return { sessionId, nudgeId, queuedAt, attempt };
  } catch {
    return undefined;
  }
}
