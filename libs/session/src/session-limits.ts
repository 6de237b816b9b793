import { LimitDefinition, perRateLimitWindow } from '@sighej/shared';
import { SessionSettings } from './session.settings';

/** `POST /session`, per client IP. */
export const SESSION_CREATES = perRateLimitWindow(
  'sessions',
  SessionSettings,
  (settings) => settings.RATE_LIMIT_SESSIONS_PER_MINUTE,
);

/** Token rotations per session, in a sliding hour whatever RATE_LIMIT_WINDOW_SECONDS. */
export const TOKEN_ROTATIONS: LimitDefinition = {
  name: 'rotations',
  perWindow: (configuration) => configuration.get(SessionSettings).RATE_LIMIT_ROTATIONS_PER_HOUR,
  windowMs: () => 3600 * 1000,
};
