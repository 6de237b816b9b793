import { IntSetting } from '../config/settings';

/** The settings of the limiter itself, and of the one limit every admin door shares. */
export class RateLimitSettings {
  /** Length of every rate-limit window; the limits are "per minute" at the default 60. */
  @IntSetting({ min: 1, max: 3600 })
  RATE_LIMIT_WINDOW_SECONDS = 60;

  @IntSetting({ min: 0 })
  RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE = 10;
}
