import { Injectable } from '@nestjs/common';
import { CalendarDay, dayIn } from '../calendar-day';
import { Clock } from '../clock';
import type { DailyCounts } from '../repository/daily-counts';
import { StatsRecorder } from '../stats-recorder';
import { StatsBatch } from './stats-batch';
import { StatsBuffer } from './stats-buffer';
import { StatsSettings } from '../stats.settings';

/**
 * The request path's side of write-behind counting: adds to an in-process batch and returns.
 * The day is fixed here, when the event happens, in STATS_TIMEZONE; `StatsFlusher` writes the
 * batch later.
 */
@Injectable()
export class BufferedStatsRecorder implements StatsRecorder, StatsBuffer {
  private buffer = new StatsBatch();
  /** Matches per day held until they are settled (`holdMatch`); never flushed while held. */
  private readonly held = new Map<CalendarDay, number>();
  private oldestSince?: number;
  private readonly timeZone: string;

  constructor(
    private readonly clock: Clock,
    settings: StatsSettings,
  ) {
    this.timeZone = settings.STATS_TIMEZONE;
  }

  recordSession(categories: readonly string[]): void {
    this.buffer.addSession(this.dayOfEvent(), categories);
  }

  recordMatch(day: CalendarDay): void {
    this.noteEvent();
    this.buffer.addMatch(day);
  }

  holdMatch(day: CalendarDay): (keep: boolean) => void {
    this.held.set(day, (this.held.get(day) ?? 0) + 1);
    let settled = false;
    return (keep) => {
      if (settled) return;
      settled = true;
      const left = this.held.get(day)! - 1;
      if (left === 0) this.held.delete(day);
      else this.held.set(day, left);
      if (keep) this.recordMatch(day);
    };
  }

  /** Hands the whole buffer to the flusher and starts an empty one. */
  take(): { batch: StatsBatch; since?: number } {
    const taken = { batch: this.buffer, since: this.oldestSince };
    this.buffer = new StatsBatch();
    this.oldestSince = undefined;
    return taken;
  }

  /** Puts back a batch that was not written; `since` is when its oldest count arrived. */
  restore(batch: StatsBatch, since: number | undefined): void {
    if (batch.isEmpty) return;
    this.buffer.merge(batch);
    if (since !== undefined) this.oldestSince = Math.min(this.oldestSince ?? since, since);
  }

  /** What is counted for `day` but not yet handed to the flusher (held matches included). */
  pending(day: CalendarDay): DailyCounts {
    const counts = this.buffer.forDay(day);
    counts.matches += this.held.get(day) ?? 0;
    return counts;
  }

  /** When the oldest count still in the buffer arrived (clock time), if any. */
  get oldestPendingAt(): number | undefined {
    return this.oldestSince;
  }

  get isEmpty(): boolean {
    return this.buffer.isEmpty;
  }

  /** Today in STATS_TIMEZONE. */
  today(): CalendarDay {
    return dayIn(this.timeZone, this.clock.now());
  }

  private dayOfEvent(): CalendarDay {
    return dayIn(this.timeZone, this.noteEvent());
  }

  /** Now, noted as the oldest pending count's time if there is none yet. */
  private noteEvent(): number {
    const now = this.clock.now();
    this.oldestSince ??= now;
    return now;
  }
}
