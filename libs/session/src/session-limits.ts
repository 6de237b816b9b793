import { LimitDefinition, perRateLimitWindow } from '@sighej/shared';

/** `POST /session`, per client IP. */
export const SESSION_CREATES = perRateLimitWindow('sessions', (env) => env.RATE_LIMIT_SESSIONS_PER_MINUTE);

/** Token rotations per session, in a sliding hour whatever RATE_LIMIT_WINDOW_SECONDS. */
export const TOKEN_ROTATIONS: LimitDefinition = {
  name: 'rotations',
  perWindow: (env) => env.RATE_LIMIT_ROTATIONS_PER_HOUR,
  windowMs: () => 3600 * 1000,
};
