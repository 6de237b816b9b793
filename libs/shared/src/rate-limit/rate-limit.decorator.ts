import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { RateLimitGuard } from './rate-limit.guard';
import { LimitDefinition, RATE_LIMIT } from './limit-definition';

/**
 * Applies a per-client-IP abuse limit to a route. Limit and window come from the
 * configuration (0 = off).
 */
export const RateLimit = (limit: LimitDefinition): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(RATE_LIMIT, limit), UseGuards(RateLimitGuard));
