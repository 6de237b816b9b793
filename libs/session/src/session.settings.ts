import { IntSetting } from '@sighej/shared';

/** How long sessions live and how often one client may make them. */
export class SessionSettings {
  @IntSetting({ min: 1, max: 86_400 })
  SESSION_TTL_SECONDS = 7200;

  @IntSetting({ min: 0 })
  RATE_LIMIT_SESSIONS_PER_MINUTE = 30;

  /** Token rotations per session per hour (a sliding count of one hour, whatever RATE_LIMIT_WINDOW_SECONDS). */
  @IntSetting({ min: 0 })
  RATE_LIMIT_ROTATIONS_PER_HOUR = 20;
}
