import { DynamicModule, Global, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Env } from '../config/env';
import { AdminAuthLimiter } from './admin-auth-limiter';
import { InMemoryRateLimitStore } from './in-memory-rate-limit-store';
import { RateLimitGuard } from './rate-limit.guard';
import { RateLimitStore } from './rate-limit-store';
import { RateLimiter } from './rate-limiter';
import { RedisRateLimitStore } from './redis-rate-limit-store';
import { throttlers } from './throttlers';

@Module({})
class RateLimitStoreModule {}

/**
 * SPEC's abuse limits: @nestjs/throttler (for `@RateLimit(...)` routes) and `RateLimiter` (for
 * the WebSocket upgrade and failed admin auth) on one store: Redis when REDIS_URL is set,
 * else process memory.
 */
@Global()
@Module({})
export class RateLimitModule {
  static forRoot(env: Env): DynamicModule {
    const store: DynamicModule = {
      module: RateLimitStoreModule,
      providers: [
        {
          provide: RateLimitStore,
          useClass: env.REDIS_URL !== undefined ? RedisRateLimitStore : InMemoryRateLimitStore,
        },
      ],
      exports: [RateLimitStore],
    };
    return {
      module: RateLimitModule,
      imports: [
        store,
        ThrottlerModule.forRootAsync({
          imports: [store],
          inject: [RateLimitStore],
          useFactory: (storage: RateLimitStore) => ({
            throttlers: throttlers(env),
            storage,
            setHeaders: false,
          }),
        }),
      ],
      providers: [RateLimiter, RateLimitGuard, AdminAuthLimiter],
      exports: [RateLimiter, RateLimitGuard, AdminAuthLimiter, store],
    };
  }
}
