import { Injectable } from '@nestjs/common';
import { RateLimitStore, RateLimitRecord, toSeconds } from './rate-limit-store';

interface Entry {
  hits: number;
  windowEndsAt: number;
  blockedUntil: number;
}

const SWEEP_EVERY_MS = 60_000;

/** The embedded mode's counters (one instance only), with the Redis store's semantics. */
@Injectable()
export class InMemoryRateLimitStore implements RateLimitStore {
  private readonly entries = new Map<string, Entry>();
  private nextSweepAt = Date.now() + SWEEP_EVERY_MS;

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    limitName: string,
  ): Promise<RateLimitRecord> {
    return Promise.resolve(this.hit(`${limitName}:${key}`, ttl, limit, blockDuration));
  }

  blockedFor(key: string, limitName: string): Promise<number> {
    const entry = this.entries.get(`${limitName}:${key}`);
    return Promise.resolve(entry === undefined ? 0 : toSeconds(entry.blockedUntil - Date.now()));
  }

  private hit(id: string, ttl: number, limit: number, blockDuration: number): RateLimitRecord {
    const now = Date.now();
    this.sweep(now);
    let entry = this.entries.get(id);
    if (entry !== undefined && entry.blockedUntil > now) {
      return this.record(entry, now, true);
    }
    if (entry === undefined || entry.windowEndsAt <= now) {
      entry = { hits: 0, windowEndsAt: now + ttl, blockedUntil: 0 };
      this.entries.set(id, entry);
    }
    entry.hits += 1;
    if (entry.hits > limit) {
      entry.blockedUntil = now + blockDuration;
      return this.record(entry, now, true);
    }
    return this.record(entry, now, false);
  }

  private record(entry: Entry, now: number, isBlocked: boolean): RateLimitRecord {
    return {
      totalHits: entry.hits,
      timeToExpire: toSeconds(entry.windowEndsAt - now),
      isBlocked,
      timeToBlockExpire: isBlocked ? toSeconds(entry.blockedUntil - now) : 0,
    };
  }

  /** Forgets finished windows now and then, so idle clients do not grow the map. */
  private sweep(now: number): void {
    if (now < this.nextSweepAt) return;
    this.nextSweepAt = now + SWEEP_EVERY_MS;
    for (const [id, entry] of this.entries) {
      if (entry.windowEndsAt <= now && entry.blockedUntil <= now) this.entries.delete(id);
    }
  }
}
