import { Module } from '@nestjs/common';
import { AdminAuthLimiter } from './admin-auth-limiter';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimiter } from './rate-limiter';

/**
 * SPEC's abuse limits. The counters live behind the `RateLimitStore` port, bound by the
 * deployment (Redis, shared by every instance, or process memory in embedded mode).
 */
@Module({
  providers: [RateLimiter, RateLimitGuard, AdminAuthLimiter],
  exports: [RateLimiter, RateLimitGuard, AdminAuthLimiter],
})
export class RateLimitModule {}
