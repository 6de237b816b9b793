import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Env } from '@sighej/shared';
import { BufferedStatsRecorder } from './buffer/buffered-stats-recorder';
import { StatsBatch } from './buffer/stats-batch';
import { Clock } from './clock';
import { CommitInDoubtError } from './repository/commit-in-doubt.error';
import { DailyStatsRepository } from './repository/daily-stats-repository';
import { StatsMetrics } from './stats-metrics';

interface InDoubtBatch {
  transactionId: string;
  batch: StatsBatch;
  since?: number;
}

const SHUTDOWN_FLUSH_MS = 5000;
const SHUTDOWN_RETRY_MS = 250;
const WARN_EVERY_MS = 30_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The single writer of the stats counters: every STATS_FLUSH_INTERVAL_MS it takes the
 * buffer, writes it in one transaction, and puts it back when the write fails, so nothing is
 * lost while Postgres is away. A batch whose COMMIT reply was lost is held aside until
 * Postgres says whether that transaction committed, so it is counted exactly once. Its part
 * of shutdown (`drain`, then `flushLate`) is called by the app's shutdown sequence.
 */
@Injectable()
export class StatsFlusher implements OnApplicationBootstrap {
  private readonly logger = new Logger('Stats');
  private readonly intervalMs: number;
  private readonly inDoubt: InDoubtBatch[] = [];
  private timer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();
  private busy = false;
  private inFlight?: { since?: number };
  private failingSince?: number;
  private lastWarnedAt = 0;

  /** Counts given up on (only at shutdown with Postgres unreachable). Must stay 0. */
  lostCounts = 0;
  /** Batches written, and how long the last write took: for metrics and the docs. */
  flushes = 0;
  lastFlushMs = 0;

  constructor(
    private readonly recorder: BufferedStatsRecorder,
    private readonly repository: DailyStatsRepository,
    private readonly clock: Clock,
    private readonly metrics: StatsMetrics,
    env: Env,
  ) {
    this.intervalMs = env.STATS_FLUSH_INTERVAL_MS;
    metrics.reportFlushLagFrom(() => this.unflushedSeconds);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.busy) void this.flush();
    }, this.intervalMs);
    this.timer.unref();
  }

  /**
   * Seconds since the oldest count not yet known to be in Postgres arrived; 0 when
   * everything is written. Grows while Postgres is unreachable.
   */
  get unflushedSeconds(): number {
    const since = [this.recorder.oldestPendingAt, this.inFlight?.since, ...this.inDoubt.map((d) => d.since)]
      .filter((at): at is number => at !== undefined)
      .reduce((oldest, at) => Math.min(oldest, at), Infinity);
    return since === Infinity ? 0 : Math.max(0, (this.clock.now() - since) / 1000);
  }

  /** Writes what is buffered now (after any flush already running). Never rejects. */
  flush(): Promise<void> {
    this.chain = this.chain.then(() => this.flushOnce());
    return this.chain;
  }

  /**
   * Runs `work` while no flush is under way. A reader that adds the buffer to what Postgres
   * holds then sees every count exactly once, never a batch caught between the two.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.chain.then(work);
    this.chain = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /**
   * The final flush, once no request is taken any more: retries for a few seconds while
   * Postgres is unreachable, then gives up (counted as lost).
   */
  async drain(): Promise<void> {
    clearInterval(this.timer);
    const deadline = Date.now() + SHUTDOWN_FLUSH_MS;
    await this.flush();
    while (!this.settled && Date.now() < deadline) {
      await sleep(SHUTDOWN_RETRY_MS);
      await this.flush();
    }
    if (!this.settled) this.giveUp('Postgres stayed unreachable during shutdown');
  }

  /** Anything counted after the final flush (a request that outlived the drain) gets one more try. */
  async flushLate(): Promise<void> {
    if (this.recorder.isEmpty) return;
    await this.flush();
    if (!this.recorder.isEmpty) this.giveUp('counted after the final flush');
  }

  private get settled(): boolean {
    return this.recorder.isEmpty && this.inDoubt.length === 0;
  }

  private async flushOnce(): Promise<void> {
    this.busy = true;
    try {
      if (!(await this.resolveInDoubt())) return;
      const { batch, since } = this.recorder.take();
      if (batch.isEmpty) return;
      this.inFlight = { since };
      const started = performance.now();
      try {
        await this.repository.apply(batch);
        this.flushes += 1;
        this.lastFlushMs = performance.now() - started;
        this.recovered();
      } catch (error) {
        if (error instanceof CommitInDoubtError) {
          this.inDoubt.push({ transactionId: error.transactionId, batch, since });
        } else {
          this.recorder.restore(batch, since);
        }
        this.failed(error);
      } finally {
        this.inFlight = undefined;
      }
    } finally {
      this.busy = false;
    }
  }

  /** Settles batches whose commit was in doubt; false while Postgres cannot answer. */
  private async resolveInDoubt(): Promise<boolean> {
    while (this.inDoubt.length > 0) {
      const entry = this.inDoubt[0];
      let outcome;
      try {
        outcome = await this.repository.outcome(entry.transactionId);
      } catch (error) {
        this.failed(error);
        return false;
      }
      if (outcome === 'unknown') return true;
      this.inDoubt.shift();
      if (outcome === 'aborted') this.recorder.restore(entry.batch, entry.since);
      this.logger.log(`in-doubt stats batch ${outcome === 'committed' ? 'had committed' : 'is rewritten'}`);
    }
    return true;
  }

  private failed(error: unknown): void {
    this.metrics.postgresError();
    const now = Date.now();
    this.failingSince ??= now;
    if (now - this.lastWarnedAt < WARN_EVERY_MS) return;
    this.lastWarnedAt = now;
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.warn(
      `stats not written (${reason}); counts kept in memory, unflushed for ${this.unflushedSeconds.toFixed(1)} s`,
    );
  }

  private recovered(): void {
    if (this.failingSince === undefined) return;
    this.logger.log(`stats written again after ${((Date.now() - this.failingSince) / 1000).toFixed(1)} s`);
    this.failingSince = undefined;
    this.lastWarnedAt = 0;
  }

  private giveUp(reason: string): void {
    const { batch } = this.recorder.take();
    const unwritten = batch.totalCounts;
    const doubtful = this.inDoubt.reduce((sum, entry) => sum + entry.batch.totalCounts, 0);
    this.lostCounts += unwritten;
    this.metrics.countsLost(unwritten);
    this.logger.error(
      `${reason}: ${unwritten} counts not written` +
        (doubtful > 0 ? `, ${doubtful} more in a commit whose outcome is unknown` : '') +
        `: ${JSON.stringify(batch.entries().map((e) => ({ ...e, categories: Object.fromEntries(e.categories) })))}`,
    );
  }
}
