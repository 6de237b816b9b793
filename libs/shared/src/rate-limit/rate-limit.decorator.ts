import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { RateLimitGuard } from './rate-limit.guard';
import { RATE_LIMIT, RateLimitName } from './rate-limit-name';

/**
 * Applies a per-client-IP abuse limit to a route (`sessions`). Limits and window come from
 * the environment (0 = off).
 */
export const RateLimit = (name: Extract<RateLimitName, 'sessions'>): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(RATE_LIMIT, name), UseGuards(RateLimitGuard));
