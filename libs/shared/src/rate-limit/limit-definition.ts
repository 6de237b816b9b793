import type { Configuration, SettingsClass } from '../config/configuration';
import { RateLimitSettings } from './rate-limit.settings';

/** Route metadata naming the per-client-IP limit of a route (`@RateLimit`). */
export const RATE_LIMIT = 'sighej:rate-limit';

/**
 * One of SPEC's abuse limits, defined by the lib it guards: its name (also the `limit` label
 * of sighej_rate_limited_total) and, from that lib's settings, how many attempts per window
 * (0 switches it off).
 */
export interface LimitDefinition {
  readonly name: string;
  perWindow(configuration: Configuration): number;
  windowMs(configuration: Configuration): number;
}

/** A limit counted per RATE_LIMIT_WINDOW_SECONDS ("per minute" at the default 60), read from `slice`. */
export function perRateLimitWindow<T extends object>(
  name: string,
  slice: SettingsClass<T>,
  perWindow: (settings: T) => number,
): LimitDefinition {
  return {
    name,
    perWindow: (configuration) => perWindow(configuration.get(slice)),
    windowMs: (configuration) => configuration.get(RateLimitSettings).RATE_LIMIT_WINDOW_SECONDS * 1000,
  };
}
