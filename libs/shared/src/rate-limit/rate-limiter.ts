import { Injectable } from '@nestjs/common';
import { createHmac, createSecretKey, KeyObject } from 'node:crypto';
import { Configuration } from '../config/configuration';
import { Metrics } from '../metrics/metrics';
import { LimitDefinition } from './limit-definition';
import { RateLimitStore } from './rate-limit-store';

export interface RateLimitDecision {
  allowed: boolean;
  /** Seconds until the next attempt can succeed; 0 when allowed. */
  retryAfterSeconds: number;
  /** The limit and window that decided, for the 429's message. */
  limit: number;
  windowSeconds: number;
}

/**
 * The one rate-limit mechanism, for all five of SPEC's limits: `POST /session` (per IP, through
 * `RateLimitGuard`), `/match`, WebSocket connects and rotations (per session), failed admin auth
 * (per IP).
 * Not @nestjs/throttler: its guard runs before the session is authenticated and costs a round
 * trip of its own, while `/match`'s limit is keyed by session id, known only once the session is
 * authenticated. Keys are keyed HMACs before they reach the store: client IPs
 * and tokens never sit in Redis. A store that cannot be reached throws
 * DependencyUnavailableError (503), as every limited operation needs Redis anyway.
 */
@Injectable()
export class RateLimiter {
  private readonly keySecret: KeyObject;

  constructor(
    private readonly store: RateLimitStore,
    private readonly metrics: Metrics,
    private readonly configuration: Configuration,
  ) {
    // A key of its own, derived from the server secret: a stored limit key is not a reversible
    // hash of an IP (anyone could hash all 2^32 IPv4 addresses).
    this.keySecret = createSecretKey(
      createHmac('sha256', configuration.core.limitKeySecret).update('sighej rate-limit keys').digest(),
    );
  }

  /** Counts one attempt for `key` under `name`; `limit` 0 allows everything and counts nothing. */
  async consume(name: string, key: string, limit: number, windowMs: number): Promise<RateLimitDecision> {
    const decided = { limit, windowSeconds: windowMs / 1000 };
    if (limit <= 0) return { allowed: true, retryAfterSeconds: 0, ...decided };
    const record = await this.store.increment(this.storeKey(key), windowMs, limit, windowMs, name);
    if (!record.isBlocked) return { allowed: true, retryAfterSeconds: 0, ...decided };
    this.metrics.rateLimited(name);
    return { allowed: false, retryAfterSeconds: Math.max(1, record.timeToBlockExpire), ...decided };
  }

  /** `consume` with the configured limit and window of one of SPEC's limits. */
  consumeLimit(limit: LimitDefinition, key: string): Promise<RateLimitDecision> {
    return this.consume(
      limit.name,
      key,
      limit.perWindow(this.configuration),
      limit.windowMs(this.configuration),
    );
  }

  /** Seconds `key` stays blocked under `limit` (0: not blocked), without counting an attempt. */
  async blockedFor(limit: LimitDefinition, key: string): Promise<number> {
    if (limit.perWindow(this.configuration) <= 0) return 0;
    return this.store.blockedFor(this.storeKey(key), limit.name);
  }

  /** The store key for a tracker (an IP, a session): keyed HMAC, shortened; bounded, nothing personal. */
  private storeKey(tracker: string): string {
    return createHmac('sha256', this.keySecret).update(tracker).digest('base64url').slice(0, 27);
  }
}
