import { IntSetting } from '@sighej/shared';

/** How many nudges wait for a phone and for how long, and how its socket is kept alive and limited. */
export class NudgeSettings {
  /** Unacknowledged nudges kept per session; the oldest is dropped past this. */
  @IntSetting({ min: 1, max: 10_000 })
  NUDGE_PENDING_MAX = 50;

  /** A pending nudge older than this is stale and dropped. */
  @IntSetting({ min: 1, max: 86_400 })
  NUDGE_MAX_AGE_SECONDS = 900;

  @IntSetting({ min: 1000, max: 300_000 })
  WS_PING_INTERVAL_MS = 30_000;

  @IntSetting({ min: 0 })
  RATE_LIMIT_WS_CONNECTS_PER_MINUTE = 30;
}
