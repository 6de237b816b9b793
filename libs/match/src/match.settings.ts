import { IntSetting } from '@sighej/shared';

/** When two sightings make a meeting, how long it stays met, and how many meetings a phone may make. */
export class MatchSettings {
  @IntSetting({ min: 1, max: 20 })
  MATCH_MIN_SHARED = 1;

  /** How long a sighting waits for the other phone's: only a mutual sighting makes a meeting. */
  @IntSetting({ min: 1, max: 86_400 })
  MATCH_MUTUAL_WINDOW_SECONDS = 120;

  /**
   * Nudged meetings a token epoch may take part in within any sliding MATCH_MEETING_WINDOW_SECONDS;
   * `0` = no budget (load tests).
   */
  @IntSetting({ min: 0 })
  MATCH_NEW_MEETINGS_PER_WINDOW = 20;

  @IntSetting({ min: 1, max: 86_400 })
  MATCH_MEETING_WINDOW_SECONDS = 900;

  /** How long a meeting stays met (nudged once); defaults to SESSION_TTL_SECONDS. */
  @IntSetting({ min: 1, max: 7 * 86_400, optional: true })
  NUDGE_COOLDOWN_SECONDS?: number = undefined;

  @IntSetting({ min: 0 })
  RATE_LIMIT_MATCHES_PER_MINUTE = 120;
}
