import type { StatsBatch } from '../buffer/stats-batch';
import type { CalendarDay } from '../calendar-day';
import type { DailyCounts } from './daily-counts';

export type TransactionOutcome = 'committed' | 'aborted' | 'unknown';

/** The daily aggregate counters (`daily_stats`, `interest_category_counts`). */
export abstract class DailyStatsRepository {
  /**
   * Adds every delta of `batch` in one transaction. Resolves once committed. Rejects with
   * `CommitInDoubtError` when the commit's reply was lost; any other rejection means nothing
   * was written.
   */
  abstract apply(batch: StatsBatch): Promise<void>;
  /**
   * Like `apply`, recording `batchId` in the same transaction: resolves false, writing
   * nothing, when that id was applied before. A spooled batch is counted once this way.
   */
  abstract applyOnce(batchId: string, batch: StatsBatch): Promise<boolean>;
  /** Whether the transaction named by a `CommitInDoubtError` committed; 'unknown' while it cannot tell yet. */
  abstract outcome(transactionId: string): Promise<TransactionOutcome>;
  /** The counters of `date`, zeros when nothing was counted. */
  abstract day(date: CalendarDay): Promise<DailyCounts>;
  /** One entry per day from `from` to `to` (both included), zero-filled, oldest first. */
  abstract range(from: CalendarDay, to: CalendarDay): Promise<DailyCounts[]>;
}
