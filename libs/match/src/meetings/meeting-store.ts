/**
 * What a sighting found, for the meeting of two current tokens (their epochs):
 * - `pending`: the other phone has not reported this caller's token within the window;
 * - `won`: both sightings are there and this call claimed the new meeting (exactly one call);
 * - `claimed`: another call won it and has not decided yet;
 * - `matched` / `unmatched`: the meeting was decided (nudged / no overlap or no budget).
 */
export type Sighting = 'pending' | 'won' | 'claimed' | 'matched' | 'unmatched';

/** The id of the meeting of two epochs, whichever side asks: its partner-budget entry. */
export function meetingId(epochA: string, epochB: string): string {
  return epochA < epochB ? `${epochA}:${epochB}` : `${epochB}:${epochA}`;
}

/**
 * Sightings, meetings and partner budgets. A meeting belongs to two token epochs (unordered),
 * never to sessions, and so does a partner budget: a rotated token is a new partner for
 * everyone, with a budget of its own.
 */
export abstract class MeetingStore {
  /**
   * Records `ownEpoch`'s sighting of `otherEpoch` for `windowSeconds`; when the other's
   * sighting is there and the meeting is undecided, claims it for this call (`won`) for
   * `claimSeconds`, time enough to decide it (a winner that died is replaced after that).
   */
  abstract sight(
    ownEpoch: string,
    otherEpoch: string,
    windowSeconds: number,
    claimSeconds: number,
  ): Promise<Sighting>;
  /** The winner's decision, kept for `cooldownSeconds`: later sightings answer with it. */
  abstract settle(
    epochA: string,
    epochB: string,
    outcome: 'matched' | 'unmatched',
    cooldownSeconds: number,
  ): Promise<void>;
  /** Gives a won claim back (the nudges could not be queued). */
  abstract release(epochA: string, epochB: string): Promise<void>;
  /**
   * Charges the meeting of `epoch` and `partnerEpoch` to `epoch`'s partner budget: at most
   * `limit` meetings in any sliding `windowSeconds`. Charging a meeting already charged is a
   * no-op that answers true (a decision retried after a failure charges once); false, charging
   * nothing, when no budget is left.
   */
  abstract charge(
    epoch: string,
    partnerEpoch: string,
    limit: number,
    windowSeconds: number,
  ): Promise<boolean>;
  /** Takes that meeting's charge back, if there is one: never below nothing. */
  abstract refund(epoch: string, partnerEpoch: string): Promise<void>;
  /**
   * True for the first call per pair of sessions (unordered) and `day`: its `claim` is then the
   * pair's day marker, which lives `ttlMs`.
   */
  abstract firstOfDay(
    day: string,
    sessionA: string,
    sessionB: string,
    claim: string,
    ttlMs: number,
  ): Promise<boolean>;
  /** The claim that holds the pair's day marker for `day`, if any. */
  abstract dayMarker(day: string, sessionA: string, sessionB: string): Promise<string | undefined>;
  /**
   * Whether `claim` is the pair's count for `day`. Claims sort by when they were made, and the
   * earliest one counts: false when an earlier claim holds the marker (this one was made by a
   * decision repeated after a failover lost the marker). Otherwise true, and the marker holds
   * `claim` from now on: it was gone (lost in a failover), or a later claim had taken it.
   */
  abstract stillFirst(
    day: string,
    sessionA: string,
    sessionB: string,
    claim: string,
    ttlMs: number,
  ): Promise<boolean>;
}
