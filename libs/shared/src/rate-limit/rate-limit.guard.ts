import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { clientAddressKey } from './client-address';
import { RATE_LIMIT, RateLimitName } from './rate-limit-name';
import { RateLimitedError } from './rate-limited.error';
import { RateLimiter } from './rate-limiter';

/**
 * The per-client-IP limit a route names with `@RateLimit(name)` (`POST /session`), counted by
 * `RateLimiter` like every other limit; over it the request is answered 429 with Retry-After.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const name = this.reflector.get<RateLimitName | undefined>(RATE_LIMIT, context.getHandler());
    if (name === undefined) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const decision = await this.limiter.consumeLimit(name, clientAddressKey(request.ip));
    if (decision.allowed) return true;
    throw new RateLimitedError(
      decision.retryAfterSeconds,
      `Too many requests: at most ${decision.limit} per ${decision.windowSeconds} s; ` +
        `retry in ${decision.retryAfterSeconds} s`,
    );
  }
}
