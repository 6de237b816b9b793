import type { CalendarDay } from '../calendar-day';
import type { DailyCounts } from '../repository/daily-counts';

/** A batch as JSON, for the spool: one entry per day, categories as an object. */
export interface SerialisedDay {
  date: CalendarDay;
  sessions: number;
  matches: number;
  categories: Record<string, number>;
}

interface DayDeltas {
  sessions: number;
  matches: number;
  readonly categories: Map<string, number>;
}

/**
 * Count deltas aggregated per day and category. Its size grows with the number of distinct
 * (day, category) pairs, never with traffic: a million sessions today are one number.
 */
export class StatsBatch {
  private readonly days = new Map<CalendarDay, DayDeltas>();

  addSession(day: CalendarDay, categories: readonly string[]): void {
    const deltas = this.deltas(day);
    deltas.sessions += 1;
    for (const category of new Set(categories))
      deltas.categories.set(category, (deltas.categories.get(category) ?? 0) + 1);
  }

  addMatch(day: CalendarDay): void {
    this.deltas(day).matches += 1;
  }

  /** Adds every delta of `other` into this batch (a failed write going back into the buffer). */
  merge(other: StatsBatch): void {
    for (const counts of other.entries()) {
      const deltas = this.deltas(counts.date);
      deltas.sessions += counts.sessions;
      deltas.matches += counts.matches;
      for (const [category, count] of counts.categories)
        deltas.categories.set(category, (deltas.categories.get(category) ?? 0) + count);
    }
  }

  get isEmpty(): boolean {
    return this.days.size === 0;
  }

  /** Sessions + matches + category counts: what would be lost if this batch were dropped. */
  get totalCounts(): number {
    let total = 0;
    for (const counts of this.entries()) {
      total += counts.sessions + counts.matches;
      for (const count of counts.categories.values()) total += count;
    }
    return total;
  }

  /** The deltas for `day`, zeros when there are none. */
  forDay(day: CalendarDay): DailyCounts {
    const deltas = this.days.get(day);
    return {
      date: day,
      sessions: deltas?.sessions ?? 0,
      matches: deltas?.matches ?? 0,
      categories: new Map(deltas?.categories ?? []),
    };
  }

  entries(): DailyCounts[] {
    return [...this.days.keys()].sort().map((day) => this.forDay(day));
  }

  toJSON(): SerialisedDay[] {
    return this.entries().map((e) => ({ ...e, categories: Object.fromEntries(e.categories) }));
  }

  /** The batch `toJSON` wrote; throws on anything else (a damaged spool entry). */
  static fromJSON(value: unknown): StatsBatch {
    if (!Array.isArray(value)) throw new TypeError('a stats batch is an array of days');
    const batch = new StatsBatch();
    for (const day of value as Partial<SerialisedDay>[]) {
      const { date, sessions, matches, categories } = day;
      const counts = Object.entries(categories ?? {});
      if (
        typeof date !== 'string' ||
        !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
        ![sessions, matches, ...counts.map(([, count]) => count)].every(isCount)
      )
        throw new TypeError('a stats batch day needs a date and non-negative integer counts');
      const deltas = batch.deltas(date);
      deltas.sessions += sessions!;
      deltas.matches += matches!;
      for (const [category, count] of counts) deltas.categories.set(category, count);
    }
    return batch;
  }

  private deltas(day: CalendarDay): DayDeltas {
    let deltas = this.days.get(day);
    if (deltas === undefined) {
      deltas = { sessions: 0, matches: 0, categories: new Map() };
      this.days.set(day, deltas);
    }
    return deltas;
  }
}

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
