import type { Env } from '../config/env';

/** Route metadata naming the per-client-IP limit of a route (`@RateLimit`). */
export const RATE_LIMIT = 'sighej:rate-limit';

/**
 * One of SPEC's abuse limits, defined by the lib it guards: its name (also the `limit` label
 * of sighej_rate_limited_total) and, from the configuration, how many attempts per window
 * (0 switches it off).
 */
export interface LimitDefinition {
  readonly name: string;
  perWindow(env: Env): number;
  windowMs(env: Env): number;
}

/** A limit counted per RATE_LIMIT_WINDOW_SECONDS ("per minute" at the default 60). */
export function perRateLimitWindow(name: string, perWindow: (env: Env) => number): LimitDefinition {
  return { name, perWindow, windowMs: (env) => env.RATE_LIMIT_WINDOW_SECONDS * 1000 };
}
