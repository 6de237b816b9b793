import { Injectable } from '@nestjs/common';
import { StatsBatch } from '../buffer/stats-batch';
import { addDays, CalendarDay, daysInclusive } from '../calendar-day';
import type { DailyCounts } from './daily-counts';
import { DailyStatsRepository, TransactionOutcome } from './daily-stats-repository';

/** Counters in process memory, for unit tests of everything above the repository. */
@Injectable()
export class InMemoryDailyStatsRepository implements DailyStatsRepository {
  private readonly stored = new StatsBatch();
  private readonly applied = new Set<string>();

  apply(batch: StatsBatch): Promise<void> {
    this.stored.merge(batch);
    return Promise.resolve();
  }

  async applyOnce(batchId: string, batch: StatsBatch): Promise<boolean> {
    if (this.applied.has(batchId)) return false;
    this.applied.add(batchId);
    try {
      await this.apply(batch);
    } catch (error) {
      this.applied.delete(batchId);
      throw error;
    }
    return true;
  }

  /** Never in doubt: no transaction id is ever handed out, so none names a write. */
  outcome(_transactionId: string): Promise<TransactionOutcome> {
    return Promise.resolve('aborted');
  }

  day(date: CalendarDay): Promise<DailyCounts> {
    return Promise.resolve(this.stored.forDay(date));
  }

  range(from: CalendarDay, to: CalendarDay): Promise<DailyCounts[]> {
    const count = Math.max(0, daysInclusive(from, to));
    return Promise.resolve(Array.from({ length: count }, (_, i) => this.stored.forDay(addDays(from, i))));
  }
}
