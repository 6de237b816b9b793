/**
 * Where the request path reports what happened. Implementations must not slow the request
 * path: they only add to an in-process buffer and never throw.
 */
export abstract class StatsRecorder {
  /** One session created, with the distinct categories of its interests. */
  abstract recordSession(categories: readonly string[]): void;
  /** One pair of sessions matched on `day` (once per pair and day, by the call that nudged). */
  abstract recordMatch(day: string): void;
  /**
   * Takes back a match of `day` counted twice: a failover lost the first count's day marker,
   * and the meeting, decided again, counted too (see the match lib's DayCounts).
   */
  abstract withdrawMatch(day: string): void;
}
