import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { RateLimitGuard } from './rate-limit.guard';
import type { RateLimitName } from './rate-limit-name';

export const RATE_LIMIT = 'sighej:rate-limit';

/**
 * Applies one of SPEC's abuse limits to a route: `sessions` per client IP, `matches` per
 * session (the body's `own_token`). Limits and window come from the environment (0 = off).
 */
export const RateLimit = (
  name: Extract<RateLimitName, 'sessions' | 'matches'>,
): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(RATE_LIMIT, name), UseGuards(RateLimitGuard));
