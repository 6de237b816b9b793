import { perRateLimitWindow } from '@sighej/shared';
import { NudgeSettings } from './nudge.settings';

/** WebSocket connects, per session. */
export const WS_CONNECTS = perRateLimitWindow(
  'ws_connects',
  NudgeSettings,
  (settings) => settings.RATE_LIMIT_WS_CONNECTS_PER_MINUTE,
);
