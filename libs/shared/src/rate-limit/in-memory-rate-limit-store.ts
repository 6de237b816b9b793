import { Injectable } from '@nestjs/common';
import { ExpiringMap } from '../memory/expiring-map';
import { RateLimitStore, RateLimitRecord, toSeconds } from './rate-limit-store';

interface Entry {
  hits: number;
  windowEndsAt: number;
  blockedUntil: number;
}

/** The embedded mode's counters (one instance only), with the Redis store's semantics. */
@Injectable()
export class InMemoryRateLimitStore implements RateLimitStore {
  private readonly entries = new ExpiringMap<Entry>();

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
    let entry = this.entries.get(id, now);
    if (entry !== undefined && entry.blockedUntil > now) {
      return this.record(entry, now, true);
    }
    if (entry === undefined || entry.windowEndsAt <= now)
      entry = { hits: 0, windowEndsAt: now + ttl, blockedUntil: 0 };
    entry.hits += 1;
    const isBlocked = entry.hits > limit;
    if (isBlocked) entry.blockedUntil = now + blockDuration;
    // Forgotten once its window and its block are both over.
    this.entries.set(id, entry, Math.max(entry.windowEndsAt, entry.blockedUntil), now);
    return this.record(entry, now, isBlocked);
  }

  private record(entry: Entry, now: number, isBlocked: boolean): RateLimitRecord {
    return {
      totalHits: entry.hits,
      timeToExpire: toSeconds(entry.windowEndsAt - now),
      isBlocked,
      timeToBlockExpire: isBlocked ? toSeconds(entry.blockedUntil - now) : 0,
    };
  }
}
