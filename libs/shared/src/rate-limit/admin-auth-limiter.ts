import { Injectable, Logger } from '@nestjs/common';
import { UnauthorizedError } from '../errors/domain-error';
import { errorText } from '../errors/is-error-like';
import { Metrics } from '../metrics/metrics';
import { perRateLimitWindow } from './limit-definition';
import { RateLimitedError } from './rate-limited.error';
import { RateLimiter } from './rate-limiter';
import { RateLimitSettings } from './rate-limit.settings';

const ADMIN_FAILURES = perRateLimitWindow(
  'admin_failures',
  RateLimitSettings,
  (settings) => settings.RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE,
);

/**
 * SPEC's "failed admin auth 10 per minute per IP" for every admin-key guard (/stats,
 * /metrics). Only failures are limited: the guards check the key first (in constant time)
 * and call `refusal` for a wrong one, so a valid admin key or metrics token is never refused,
 * even when every client shares the balancer's address and a guesser has used up the limit.
 * A blocked guesser learns nothing new: its wrong keys get 429 instead of 401. Fails open:
 * the admin endpoints (metrics above all) must stay reachable while Redis is down; the Redis
 * error is counted.
 */
@Injectable()
export class AdminAuthLimiter {
  private readonly logger = new Logger('AdminAuthLimiter');

  constructor(
    private readonly limiter: RateLimiter,
    private readonly metrics: Metrics,
  ) {}

  /**
   * For a failed attempt only: the error to throw, 429 while `clientIp` is blocked or once
   * this failure puts it over the limit, else `unauthorized`.
   */
  async refusal(clientIp: string, unauthorized: UnauthorizedError): Promise<Error> {
    const blocked = await this.failOpen(async () => {
      const seconds = await this.limiter.blockedFor(ADMIN_FAILURES, clientIp);
      if (seconds > 0) return seconds;
      const decision = await this.limiter.consumeLimit(ADMIN_FAILURES, clientIp);
      return decision.allowed ? 0 : decision.retryAfterSeconds;
    }, 0);
    return blocked === 0 ? unauthorized : tooMany(blocked);
  }

  private async failOpen<T>(attempt: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await attempt();
    } catch (error) {
      this.metrics.redisError();
      this.logger.warn(`admin auth limit not applied: ${errorText(error)}`);
      return fallback;
    }
  }
}

function tooMany(seconds: number): RateLimitedError {
  return new RateLimitedError(seconds, `Too many failed authentication attempts; retry in ${seconds} s`);
}
