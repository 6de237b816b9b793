import { Injectable, Logger } from '@nestjs/common';
import { UnauthorizedError } from '../errors/domain-error';
import { Metrics } from '../metrics/metrics';
import { RateLimitedError } from './rate-limited.error';
import { RateLimiter } from './rate-limiter';

/**
 * SPEC's "failed admin auth 10 per minute per IP" for every admin-key guard (/stats,
 * /metrics). Once an address is over the limit, all its attempts are refused with 429 until
 * the block ends — also a correct key, or a guesser could tell hits from misses. Fails open:
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

  /** Throws RateLimitedError while `clientIp` is blocked. Call before checking the key. */
  async assertAllowed(clientIp: string): Promise<void> {
    const seconds = await this.failOpen(() => this.limiter.blockedFor('admin_failures', clientIp), 0);
    if (seconds > 0) throw tooMany(seconds);
  }

  /** Counts a failed attempt; returns the error to throw (429 once over the limit, else `unauthorized`). */
  async failed(clientIp: string, unauthorized: UnauthorizedError): Promise<Error> {
    const blocked = await this.failOpen(async () => {
      const decision = await this.limiter.consumeLimit('admin_failures', clientIp);
      return decision.allowed ? 0 : decision.retryAfterSeconds;
    }, 0);
    return blocked === 0 ? unauthorized : tooMany(blocked);
  }

  private async failOpen<T>(attempt: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await attempt();
    } catch (error) {
      this.metrics.redisError();
      this.logger.warn(
        `admin auth limit not applied: ${error instanceof Error ? error.message : String(error)}`,
      );
      return fallback;
    }
  }
}

function tooMany(seconds: number): RateLimitedError {
  return new RateLimitedError(seconds, `Too many failed authentication attempts; retry in ${seconds} s`);
}
