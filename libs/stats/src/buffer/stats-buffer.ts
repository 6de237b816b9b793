import type { CalendarDay } from '../calendar-day';
import type { DailyCounts } from '../repository/daily-counts';

/** The counts not yet written to Postgres, as the admin's reads see them. */
export abstract class StatsBuffer {
  /** Today in STATS_TIMEZONE. */
  abstract today(): CalendarDay;
  /** What is counted for `day` but not yet handed to the flusher. */
  abstract pending(day: CalendarDay): DailyCounts;
}
