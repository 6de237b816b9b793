/**
 * What a sighting found, for the meeting of two current tokens (their epochs):
 * - `pending`: the other phone has not reported this caller's token within the window;
 * - `won`: both sightings are there and this call claimed the new meeting (exactly one call);
 * - `claimed`: another call won it and has not decided yet;
 * - `matched` / `unmatched`: the meeting was decided (nudged / no overlap or no budget).
 */
export type Sighting = 'pending' | 'won' | 'claimed' | 'matched' | 'unmatched';

/**
 * Sightings, meetings and partner budgets. A meeting belongs to two token epochs (unordered),
 * never to sessions, so a rotated token is a new partner for everyone.
 */
export abstract class MeetingStore {
  /**
   * Records `ownEpoch`'s sighting of `otherEpoch` for `windowSeconds`; when the other's
   * sighting is there and the meeting is undecided, claims it for this call (`won`), for at
   * most `cooldownSeconds`.
   */
  abstract sight(
    ownEpoch: string,
    otherEpoch: string,
    windowSeconds: number,
    cooldownSeconds: number,
  ): Promise<Sighting>;
  /** The winner's decision, kept for `cooldownSeconds`: later sightings answer with it. */
  abstract settle(
    epochA: string,
    epochB: string,
    outcome: 'matched' | 'unmatched',
    cooldownSeconds: number,
  ): Promise<void>;
  /** Gives a won claim back (a side had no budget, or the nudges could not be queued). */
  abstract release(epochA: string, epochB: string): Promise<void>;
  /** Charges one new meeting to a session's partner budget; false, charging nothing, when none is left. */
  abstract charge(sessionId: string, limit: number, windowSeconds: number): Promise<boolean>;
  /** Gives one charge back. */
  abstract refund(sessionId: string): Promise<void>;
  /** True for the first call per pair of sessions (unordered) and `day`; the marker lives `ttlMs`. */
  abstract firstOfDay(day: string, sessionA: string, sessionB: string, ttlMs: number): Promise<boolean>;
}
