import { Injectable } from '@nestjs/common';
import { InvalidRequestError } from '@sighej/shared';
import { StatsBuffer } from './buffer/stats-buffer';
import { CalendarDay, daysInclusive } from './calendar-day';
import { LiveSessionCounter } from './live-session-counter';
import { rethrowPostgresError } from './postgres-unavailable';
import type { DailyCounts } from './repository/daily-counts';
import { DailyStatsRepository } from './repository/daily-stats-repository';
import { StatsFlusher } from './flush/stats-flusher';
import { topCategories } from './top-categories';
import { StatsSettings } from './stats.settings';

export const MAX_RANGE_DAYS = 366;

/** One day as the admin sees it: k-anonymous, no raw category counts. */
export interface DayStats {
  date: CalendarDay;
  sessions: number;
  matches: number;
  topCategories: string[];
}

@Injectable()
export class StatsService {
  private readonly minCategoryCount: number;

  constructor(
    private readonly repository: DailyStatsRepository,
    private readonly recorder: StatsBuffer,
    private readonly flusher: StatsFlusher,
    private readonly liveSessions: LiveSessionCounter,
    settings: StatsSettings,
  ) {
    this.minCategoryCount = settings.STATS_MIN_CATEGORY_COUNT;
  }

  /** `date` (default: today in STATS_TIMEZONE), plus the sessions live right now when it is today. */
  async day(date?: CalendarDay): Promise<DayStats & { activeSessions?: number }> {
    const today = this.recorder.today();
    const day = date ?? today;
    const [[counts], activeSessions] = await Promise.all([
      this.counts(day, day),
      day === today ? this.liveSessions.countLive() : undefined,
    ]);
    return { ...this.view(counts), activeSessions };
  }

  async range(from: CalendarDay, to: CalendarDay): Promise<DayStats[]> {
    const days = daysInclusive(from, to);
    if (days < 1) throw new InvalidRequestError('from must not be after to');
    if (days > MAX_RANGE_DAYS)
      throw new InvalidRequestError(`at most ${MAX_RANGE_DAYS} days per request (asked for ${days})`);
    return (await this.counts(from, to)).map((counts) => this.view(counts));
  }

  /**
   * Postgres plus what is still buffered, so the admin sees a count as soon as it happens.
   * Read between flushes, so a batch is never missed on its way from buffer to Postgres nor
   * seen in both.
   */
  private counts(from: CalendarDay, to: CalendarDay): Promise<DailyCounts[]> {
    return this.flusher
      .exclusive(async () =>
        (await this.repository.range(from, to)).map((stored) => this.withPending(stored)),
      )
      .catch(rethrowPostgresError);
  }

  private withPending(counts: DailyCounts): DailyCounts {
    const pending = this.recorder.pending(counts.date);
    const categories = new Map(counts.categories);
    for (const [category, count] of pending.categories)
      categories.set(category, (categories.get(category) ?? 0) + count);
    return {
      date: counts.date,
      sessions: counts.sessions + pending.sessions,
      matches: counts.matches + pending.matches,
      categories,
    };
  }

  private view({ date, sessions, matches, categories }: DailyCounts): DayStats {
    return { date, sessions, matches, topCategories: topCategories(categories, this.minCategoryCount) };
  }
}
