import type { Env } from '../config/env';

/** Route metadata naming the per-client-IP limit of a route (`@RateLimit`). */
export const RATE_LIMIT = 'sighej:rate-limit';

/** The abuse limits of SPEC's "Abuse limits" section; also the `limit` label of sighej_rate_limited_total. */
export type RateLimitName = 'sessions' | 'matches' | 'ws_connects' | 'rotations' | 'admin_failures';

/** The configured limit per window; 0 switches that limit off. */
export function limitFor(env: Env, name: RateLimitName): number {
  switch (name) {
    case 'sessions':
      return env.RATE_LIMIT_SESSIONS_PER_MINUTE;
    case 'matches':
      return env.RATE_LIMIT_MATCHES_PER_MINUTE;
    case 'ws_connects':
      return env.RATE_LIMIT_WS_CONNECTS_PER_MINUTE;
    case 'rotations':
      return env.RATE_LIMIT_ROTATIONS_PER_HOUR;
    case 'admin_failures':
      return env.RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE;
  }
}

/** The window a limit counts in: an hour for rotations, RATE_LIMIT_WINDOW_SECONDS for the per-minute ones. */
export function windowMsFor(env: Env, name: RateLimitName): number {
  return (name === 'rotations' ? 3600 : env.RATE_LIMIT_WINDOW_SECONDS) * 1000;
}
