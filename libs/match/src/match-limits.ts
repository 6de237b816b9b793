import { perRateLimitWindow } from '@sighej/shared';

/** `POST /match`, per session. */
export const MATCH_REQUESTS = perRateLimitWindow('matches', (env) => env.RATE_LIMIT_MATCHES_PER_MINUTE);
