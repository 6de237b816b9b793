export { AdminAuthLimiter } from './admin-auth-limiter';
export { InMemoryRateLimitStore } from './in-memory-rate-limit-store';
export { RateLimit } from './rate-limit.decorator';
export { RateLimitModule } from './rate-limit.module';
export { RateLimitStore } from './rate-limit-store';
export { RateLimitedError } from './rate-limited.error';
export { RateLimiter } from './rate-limiter';
export { RedisRateLimitStore } from './redis-rate-limit-store';
