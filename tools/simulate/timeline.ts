import { percentile } from './percentile';

export const TIMELINE_SERIES = ['sessions', 'sightings', 'meetings', 'nudges'] as const;
export type TimelineSeries = (typeof TIMELINE_SERIES)[number];

/** One second of the run. */
export interface TimelineSecond {
  counts: Record<TimelineSeries, number>;
  latenciesMs: number[];
}

/** What happened in each second of the run: counts per series and the nudge latencies measured. */
export class Timeline {
  private readonly seconds: TimelineSecond[] = [];

  /** `startedAt` and every `at` are performance.now() milliseconds. */
  constructor(private readonly startedAt = performance.now()) {}

  count(series: TimelineSeries, at = performance.now()): void {
    this.second(at).counts[series]++;
  }

  latency(at: number, ms: number): void {
    this.second(at).latenciesMs.push(ms);
  }

  /** Every second from the start to the last one with an event, empty ones included. */
  perSecond(): TimelineSecond[] {
    return Array.from({ length: this.seconds.length }, (_, index) => this.seconds[index] ?? empty());
  }

  /** p50 and p99 of each second's latencies (undefined where none was measured). */
  latencyPercentiles(): { p50?: number; p99?: number }[] {
    return this.perSecond().map(({ latenciesMs }) => ({
      p50: percentile(latenciesMs, 50),
      p99: percentile(latenciesMs, 99),
    }));
  }

  private second(at: number): TimelineSecond {
    const index = Math.max(0, Math.floor((at - this.startedAt) / 1000));
    return (this.seconds[index] ??= empty());
  }
}

function empty(): TimelineSecond {
  return { counts: { sessions: 0, sightings: 0, meetings: 0, nudges: 0 }, latenciesMs: [] };
}
