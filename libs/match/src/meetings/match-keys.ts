import { sessionSlot } from '@sighej/session';
import { Keyspace, ordered } from '@sighej/shared';

/**
 * The match lib's keys. A meeting's keys carry the two token epochs (`{m:<eA>:<eB>}`), a
 * partner budget its epoch (`{e:<epoch>}`), a counted pair its first session's slot.
 */
export class MatchKeys {
  constructor(private readonly space: Keyspace) {}

  /**
   * A token epoch's partner budget: the nudged meetings it took part in, scored by when (a
   * sorted set, trimmed to the sliding window). Its own hash tag: an epoch meets partners
   * whose meetings live in every slot.
   */
  budget(epoch: string): string {
    return this.space.tagged(`e:${epoch}`, 'budget');
  }

  /** Marks a pair of sessions whose match `day` is already counted in the stats. */
  countedPair(day: string, sessionA: string, sessionB: string): string {
    const [first, second] = ordered(sessionA, sessionB);
    return this.space.tagged(sessionSlot(first), `counted:${day}:${second}`);
  }

  /** The meeting of two token epochs (unordered); its sightings share its hash tag. */
  meeting(epochA: string, epochB: string): string {
    return this.space.tagged(meetingTag(epochA, epochB), 'met');
  }

  /** `byEpoch`'s sighting within the meeting of `epochA` and `epochB`. */
  sighting(epochA: string, epochB: string, byEpoch: string): string {
    return this.space.tagged(meetingTag(epochA, epochB), `seen:${byEpoch}`);
  }
}

function meetingTag(epochA: string, epochB: string): string {
  const [first, second] = ordered(epochA, epochB);
  return `m:${first}:${second}`;
}
