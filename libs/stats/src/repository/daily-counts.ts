import type { CalendarDay } from '../calendar-day';

/** One day's raw counters, before k-anonymity is applied. */
export interface DailyCounts {
  date: CalendarDay;
  sessions: number;
  matches: number;
  /** Sessions per interest category (each session counts a category once). */
  categories: Map<string, number>;
}
