import { perRateLimitWindow } from '@sighej/shared';
import { MatchSettings } from './match.settings';

/** `POST /match`, per session. */
export const MATCH_REQUESTS = perRateLimitWindow(
  'matches',
  MatchSettings,
  (settings) => settings.RATE_LIMIT_MATCHES_PER_MINUTE,
);
