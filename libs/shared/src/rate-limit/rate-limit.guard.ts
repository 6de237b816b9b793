import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerLimitDetail,
  ThrottlerModuleOptions,
  ThrottlerRequest,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { Metrics } from '../metrics/metrics';
import { RateLimitedError } from './rate-limited.error';

/**
 * @nestjs/throttler's guard, answering over-limit requests with the domain's 429 (plain
 * `Retry-After`, not throttler's per-name `Retry-After-<name>`) and counting them. Which
 * limit applies to a route is set by the `@RateLimit(name)` decorator.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly metrics: Metrics,
  ) {
    super(options, storage, reflector);
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    try {
      return await super.handleRequest(request);
    } catch (error) {
      if (error instanceof RateLimitedError) this.metrics.rateLimited(request.throttler.name ?? 'default');
      throw error;
    }
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    return Promise.reject(
      new RateLimitedError(
        retryAfter,
        `Too many requests: at most ${detail.limit} per ${detail.ttl / 1000} s; retry in ${retryAfter} s`,
      ),
    );
  }
}
