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
   * A match of `day` that may yet prove counted twice (a failover lost the pair's day marker
   * and the meeting was decided again; see the match lib's DayCounts). `GET /stats` shows it at
   * once; it is written only once the returned `settle(true)` keeps it, and `settle(false)`
   * drops it. Until then it lives in process memory only: a kill -9 loses it, like an
   * unflushed count, instead of leaving it counted twice.
   */
  abstract holdMatch(day: string): (keep: boolean) => void;
}
