import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { clientAddressKey } from './client-address';
import { LimitDefinition, RATE_LIMIT } from './limit-definition';
import { RateLimitedError } from './rate-limited.error';
import { RateLimiter } from './rate-limiter';

/**
 * The per-client-IP limit a route names with `@RateLimit(limit)` (`POST /session`), counted by
 * `RateLimiter` like every other limit; over it the request is answered 429 with Retry-After.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const limit = this.reflector.get<LimitDefinition | undefined>(RATE_LIMIT, context.getHandler());
    if (limit === undefined) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const decision = await this.limiter.consumeLimit(limit, clientAddressKey(request.ip));
    if (decision.allowed) return true;
    throw new RateLimitedError(
      decision.retryAfterSeconds,
      `Too many requests: at most ${decision.limit} per ${decision.windowSeconds} s; ` +
        `retry in ${decision.retryAfterSeconds} s`,
    );
  }
}
