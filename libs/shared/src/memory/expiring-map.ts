const SWEEP_EVERY_MS = 60_000;

/**
 * The in-memory adapters' stand-in for keys with a TTL: an entry is gone once its time is up
 * (on read, like Redis), and expired entries are swept now and then on write, so keys never
 * read again do not grow the process.
 */
export class ExpiringMap<Value> {
  private readonly entries = new Map<string, { value: Value; until: number }>();
  private nextSweepAt = Date.now() + SWEEP_EVERY_MS;

  get(key: string, now = Date.now()): Value | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.until > now) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Holds `value` under `key` until the epoch millisecond `until`. */
  set(key: string, value: Value, until: number, now = Date.now()): void {
    this.sweep(now);
    this.entries.set(key, { value, until });
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  /** Live entries, after forgetting the expired ones. */
  countLive(now = Date.now()): number {
    this.forgetExpired(now);
    return this.entries.size;
  }

  /** Entries held, expired ones included until the next sweep. */
  get size(): number {
    return this.entries.size;
  }

  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_EVERY_MS;
    this.forgetExpired(now);
  }

  private forgetExpired(now: number): void {
    for (const [key, entry] of this.entries) if (entry.until <= now) this.entries.delete(key);
  }
}
