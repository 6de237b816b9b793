/**
 * Where the request path reports what happened. Implementations must not slow the request
 * path: they only add to an in-process buffer and never throw.
 */
export abstract class StatsRecorder {
  /** One session created, with the distinct categories of its interests. */
  abstract recordSession(categories: readonly string[]): void;
  /** One pair matched (called once per pair and cooldown window, by the call that nudged). */
  abstract recordMatch(): void;
}
