import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { normalizeIp, ThrottlerOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import type { Env } from '../config/env';
import { RATE_LIMIT } from './rate-limit.decorator';
import { limitFor, RateLimitName } from './rate-limit-name';
import { hashKey } from './rate-limiter';

const reflector = new Reflector();
// IPv6 clients are limited per /64, the smallest block a provider hands out.
const IPV6_PREFIX = 64;

const request = (context: ExecutionContext): Request => context.switchToHttp().getRequest<Request>();
const appliesTo = (context: ExecutionContext, name: RateLimitName): boolean =>
  reflector.get<RateLimitName | undefined>(RATE_LIMIT, context.getHandler()) === name;

/** Per client IP (`req.ip`, which honours TRUST_PROXY). */
const byClientIp = (req: Record<string, unknown>): string => normalizeIp(String(req.ip), IPV6_PREFIX);

/**
 * Per session, keyed by the body's `own_token` until /match resolves the session (then key by
 * session id so a rotated BLE token does not reset the limit). A body without a string
 * `own_token` is not counted: validation answers it with 400.
 */
const ownToken = (req: { body?: unknown }): string | undefined => {
  const token = (req.body as { own_token?: unknown } | undefined)?.own_token;
  return typeof token === 'string' ? token : undefined;
};

/** The HTTP limits, as @nestjs/throttler named throttlers; each applies only where `@RateLimit(name)` says. */
export function throttlers(env: Env): ThrottlerOptions[] {
  const ttl = env.RATE_LIMIT_WINDOW_SECONDS * 1000;
  const generateKey = (_context: ExecutionContext, tracker: string): string => hashKey(tracker);
  const sessions = limitFor(env, 'sessions');
  const matches = limitFor(env, 'matches');
  return [
    {
      name: 'sessions',
      limit: sessions,
      ttl,
      skipIf: (context) => sessions === 0 || !appliesTo(context, 'sessions'),
      getTracker: byClientIp,
      generateKey,
    },
    {
      name: 'matches',
      limit: matches,
      ttl,
      skipIf: (context) =>
        matches === 0 || !appliesTo(context, 'matches') || ownToken(request(context)) === undefined,
      getTracker: (req) => ownToken(req) ?? '',
      generateKey,
    },
  ];
}
