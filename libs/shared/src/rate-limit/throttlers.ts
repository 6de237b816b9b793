import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { normalizeIp, ThrottlerOptions } from '@nestjs/throttler';
import type { Env } from '../config/env';
import { RATE_LIMIT } from './rate-limit.decorator';
import { limitFor, RateLimitName } from './rate-limit-name';
import { hashKey } from './rate-limiter';

const reflector = new Reflector();
// IPv6 clients are limited per /64, the smallest block a provider hands out.
const IPV6_PREFIX = 64;

const appliesTo = (context: ExecutionContext, name: RateLimitName): boolean =>
  reflector.get<RateLimitName | undefined>(RATE_LIMIT, context.getHandler()) === name;

/** Per client IP (`req.ip`, which honours TRUST_PROXY). */
const byClientIp = (req: Record<string, unknown>): string => normalizeIp(String(req.ip), IPV6_PREFIX);

/**
 * The HTTP limits keyed before any session is known, as @nestjs/throttler named throttlers;
 * each applies only where `@RateLimit(name)` says. Per-session limits (`/match`, upgrades) are
 * checked in code with `RateLimiter` once the session is authenticated, keyed by session id,
 * so neither a rotated BLE token resets them nor a stranger who knows a public token burns them.
 */
export function throttlers(env: Env): ThrottlerOptions[] {
  const ttl = env.RATE_LIMIT_WINDOW_SECONDS * 1000;
  const generateKey = (_context: ExecutionContext, tracker: string): string => hashKey(tracker);
  const sessions = limitFor(env, 'sessions');
  return [
    {
      name: 'sessions',
      limit: sessions,
      ttl,
      skipIf: (context) => sessions === 0 || !appliesTo(context, 'sessions'),
      getTracker: byClientIp,
      generateKey,
    },
  ];
}
