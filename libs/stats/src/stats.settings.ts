import { IntSetting } from '@sighej/shared';
import { Validate, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

@ValidatorConstraint({ name: 'timeZone' })
class IsTimeZone implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      new Intl.DateTimeFormat('en-CA', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }
  defaultMessage(): string {
    return 'must be an IANA time zone such as UTC or Europe/Stockholm';
  }
}

/** Which day a count belongs to, how small a category may be shown, and how counts reach Postgres. */
export class StatsSettings {
  @Validate(IsTimeZone)
  STATS_TIMEZONE = 'UTC';

  @IntSetting({ min: 1 })
  STATS_MIN_CATEGORY_COUNT = 11;

  @IntSetting({ min: 50, max: 60_000 })
  STATS_FLUSH_INTERVAL_MS = 1000;
}
