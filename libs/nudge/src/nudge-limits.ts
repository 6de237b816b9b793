import { perRateLimitWindow } from '@sighej/shared';

/** WebSocket connects, per session. */
export const WS_CONNECTS = perRateLimitWindow('ws_connects', (env) => env.RATE_LIMIT_WS_CONNECTS_PER_MINUTE);
