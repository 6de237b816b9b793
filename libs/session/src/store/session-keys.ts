import { Keyspace } from '@sighej/shared';

/**
 * The hash tag of a session's keys: every lib's per-session keys carry it, so all of a
 * session's keys share a Redis Cluster slot.
 */
export const sessionSlot = (sessionId: string): string => `s:${sessionId}`;

/** The session lib's keys. The public BLE token appears only in `token()`. */
export class SessionKeys {
  constructor(private readonly space: Keyspace) {}

  token(bleToken: string): string {
    return this.space.key(`tok:${bleToken}`);
  }

  /** The live sessions' ids, scored by when each expires. */
  live(): string {
    return this.space.key('live');
  }
}
