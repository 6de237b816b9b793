/** One hit's outcome, in whole seconds (they become `Retry-After`). */
export interface RateLimitRecord {
  totalHits: number;
  /** Seconds until the window ends. */
  timeToExpire: number;
  isBlocked: boolean;
  /** Seconds until the block ends; 0 when not blocked. */
  timeToBlockExpire: number;
}

/**
 * Where rate-limit counters live: Redis (shared by every instance) or process memory
 * (embedded mode). Fixed windows: the first hit starts a window of `ttl` ms; a hit past
 * `limit` blocks the key for `blockDuration` ms. Times in the record are whole seconds,
 * rounded up.
 */
export abstract class RateLimitStore {
  abstract increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    limitName: string,
  ): Promise<RateLimitRecord>;

  /** Seconds until `key` (under `limitName`) is unblocked; 0 when it is not blocked. Counts nothing. */
  abstract blockedFor(key: string, limitName: string): Promise<number>;
}

export const toSeconds = (ms: number): number => Math.max(0, Math.ceil(ms / 1000));
