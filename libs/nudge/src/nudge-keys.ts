import { sessionSlot } from '@sighej/session';
import { Keyspace } from '@sighej/shared';

const SESSION_TAG = sessionSlot('');

/** The nudge lib's keys and channels, each in its session's slot. */
export class NudgeKeys {
  constructor(private readonly space: Keyspace) {}

  /** The session's channel on the nudge bus. */
  channel(sessionId: string): string {
    return this.space.tagged(sessionSlot(sessionId), 'ch');
  }

  /** The session whose `channel()` this is, or undefined for any other channel. */
  sessionOfChannel(channel: string): string | undefined {
    const tag = this.space.tagOf(channel, 'ch');
    return tag?.startsWith(SESSION_TAG) === true ? tag.slice(SESSION_TAG.length) : undefined;
  }

  /** Ids of the unacknowledged nudges, scored by when they were queued. */
  pending(sessionId: string): string {
    return this.space.tagged(sessionSlot(sessionId), 'pending');
  }

  /** The frames of the pending nudges, by nudge id. */
  frames(sessionId: string): string {
    return this.space.tagged(sessionSlot(sessionId), 'frames');
  }
}
