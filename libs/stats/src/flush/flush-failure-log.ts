import { Logger } from '@nestjs/common';
import { errorText } from '@sighej/shared';
import { StatsMetrics } from '../stats-metrics';

const WARN_EVERY_MS = 30_000;

/**
 * Tells the operator when stats stop reaching Postgres and when they flow again: every failure
 * is counted, a warning at most every 30 s, one line on recovery.
 */
export class FlushFailureLog {
  private failingSince?: number;
  private lastWarnedAt = 0;

  constructor(
    private readonly logger: Logger,
    private readonly metrics: StatsMetrics,
    private readonly unflushedSeconds: () => number,
  ) {}

  failed(error: unknown): void {
    this.metrics.postgresError();
    const now = Date.now();
    this.failingSince ??= now;
    if (now - this.lastWarnedAt < WARN_EVERY_MS) return;
    this.lastWarnedAt = now;
    this.logger.warn(
      `stats not written (${errorText(error)}); counts kept in memory, unflushed for ${this.unflushedSeconds().toFixed(1)} s`,
    );
  }

  recovered(): void {
    if (this.failingSince === undefined) return;
    this.logger.log(`stats written again after ${((Date.now() - this.failingSince) / 1000).toFixed(1)} s`);
    this.failingSince = undefined;
    this.lastWarnedAt = 0;
  }
}
