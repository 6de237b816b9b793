import { sessionSlot } from '@sighej/session';
import { Keyspace } from '@sighej/shared';

/** The push lib's keys: a session's in its slot, the queue's two in one slot of their own. */
export class PushKeys {
  constructor(private readonly space: Keyspace) {}

  /** The session's push channel (SPEC, Push): expires with the session. */
  channel(sessionId: string): string {
    return this.space.tagged(sessionSlot(sessionId), 'push');
  }

  /** Which push job is a nudge's one push (its queuedAt), until the nudge ages out. */
  claim(sessionId: string, nudgeId: string): string {
    return this.space.tagged(sessionSlot(sessionId), `pushed:${nudgeId}`);
  }

  /** Push jobs not due yet, scored by when they are; one slot with the stream below. */
  due(): string {
    return this.space.tagged('push', 'due');
  }

  /** Push jobs due, read by every instance through one consumer group. */
  jobs(): string {
    return this.space.tagged('push', 'jobs');
  }

  /** Push outcomes (sent, failed) counted in one minute (epoch minutes), for the last-hour figures. */
  outcomes(minute: number): string {
    return this.space.tagged('push', `outcomes:${minute}`);
  }
}
