import { Injectable } from '@nestjs/common';
import { Metrics } from '@sighej/shared';
import { Counter, Gauge } from 'prom-client';

/** The stats pipeline's metrics, on the service's registry (names in docs/operating.md). */
@Injectable()
export class StatsMetrics {
  private readonly lost: Counter;
  private flushLag: () => number = () => 0;

  constructor(private readonly metrics: Metrics) {
    const registers = [metrics.registry];
    const read = (): number => this.flushLag();
    new Gauge({
      name: 'sighej_stats_flush_lag_seconds',
      help: 'Age of the oldest count not yet written to Postgres (0 when everything is flushed)',
      registers,
      // Read at scrape time from the flusher, which owns the number.
      collect(this: Gauge) {
        this.set(read());
      },
    });
    this.lost = new Counter({
      name: 'sighej_stats_lost_counts_total',
      help: 'Stats counts that could not be stored and were dropped; must stay 0',
      registers,
    });
  }

  /** Where the flush lag is read from at each scrape. */
  reportFlushLagFrom(source: () => number): void {
    this.flushLag = source;
  }

  countsLost(count: number): void {
    this.lost.inc(count);
  }

  postgresError(): void {
    this.metrics.postgresError();
  }
}
