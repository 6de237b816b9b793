import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { errorText } from '@sighej/shared';
import { randomUUID } from 'node:crypto';
import { BufferedStatsRecorder } from '../buffer/buffered-stats-recorder';
import { Clock } from '../clock';
import { CommitInDoubtError } from '../repository/commit-in-doubt.error';
import { DailyStatsRepository } from '../repository/daily-stats-repository';
import { SpooledBatch, StatsSpool } from '../spool/stats-spool';
import { StatsMetrics } from '../stats-metrics';
import { FlushFailureLog } from './flush-failure-log';
import { InDoubtBatches } from './in-doubt-batches';
import { SpoolDrain } from './spool-drain';
import { StatsSettings } from '../stats.settings';

const SHUTDOWN_FLUSH_MS = 5000;
const SHUTDOWN_RETRY_MS = 250;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The single writer of the stats counters: every STATS_FLUSH_INTERVAL_MS it takes the
 * buffer, writes it in one transaction, and puts it back when the write fails, so nothing is
 * lost while Postgres is away. A batch whose COMMIT reply was lost is held aside until
 * Postgres says whether that transaction committed, so it is counted exactly once. Its part
 * of shutdown (`drain`, then `flushLate`) is called by the app's shutdown sequence; what
 * Postgres still refuses then is handed to the `StatsSpool`, which every flusher drains.
 */
@Injectable()
export class StatsFlusher implements OnApplicationBootstrap {
  private readonly logger = new Logger('Stats');
  private readonly intervalMs: number;
  private readonly inDoubt: InDoubtBatches;
  private timer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();
  private busy = false;
  private inFlight?: { since?: number };
  private readonly failures: FlushFailureLog;
  private readonly spooled: SpoolDrain;

  /** Counts given up on (only at shutdown with Postgres and the spool unreachable). Must stay 0. */
  lostCounts = 0;
  /** How long the final flush retries while Postgres is unreachable. */
  shutdownRetryMs = SHUTDOWN_FLUSH_MS;
  /** Counts handed to the spool at shutdown (written by the next flusher). */
  spooledCounts = 0;
  /** Batches written, and how long the last write took: for metrics and the docs. */
  flushes = 0;
  lastFlushMs = 0;

  constructor(
    private readonly recorder: BufferedStatsRecorder,
    private readonly repository: DailyStatsRepository,
    private readonly clock: Clock,
    private readonly metrics: StatsMetrics,
    private readonly spool: StatsSpool,
    settings: StatsSettings,
  ) {
    this.intervalMs = settings.STATS_FLUSH_INTERVAL_MS;
    this.failures = new FlushFailureLog(this.logger, metrics, () => this.unflushedSeconds);
    this.inDoubt = new InDoubtBatches(this.logger, repository, recorder, (error) =>
      this.failures.failed(error),
    );
    this.spooled = new SpoolDrain(this.logger, spool, repository, (error) => this.failures.failed(error));
    metrics.reportFlushLagFrom(() => this.unflushedSeconds);
  }

  onApplicationBootstrap(): void {
    // A batch an earlier process left in the spool is written right away.
    void this.flush();
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
    const since = [this.recorder.oldestPendingAt, this.inFlight?.since, ...this.inDoubt.since]
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
   * Postgres is unreachable, then hands what is left to the spool.
   */
  async drain(): Promise<void> {
    clearInterval(this.timer);
    const deadline = Date.now() + this.shutdownRetryMs;
    await this.flush();
    while (!this.settled && Date.now() < deadline) {
      await sleep(SHUTDOWN_RETRY_MS);
      await this.flush();
    }
    if (!this.settled) await this.spoolRest('Postgres stayed unreachable during shutdown');
  }

  /** Anything counted after the final flush (a request that outlived the drain) gets one more try. */
  async flushLate(): Promise<void> {
    if (this.recorder.isEmpty) return;
    await this.flush();
    if (!this.recorder.isEmpty) await this.spoolRest('counted after the final flush');
  }

  private get settled(): boolean {
    return this.recorder.isEmpty && this.inDoubt.isEmpty;
  }

  private async flushOnce(): Promise<void> {
    this.busy = true;
    try {
      if (!(await this.inDoubt.resolve())) return;
      const { batch, since } = this.recorder.take();
      if (batch.isEmpty) return await this.spooled.drain();
      this.inFlight = { since };
      const started = performance.now();
      try {
        await this.repository.apply(batch);
        this.flushes += 1;
        this.lastFlushMs = performance.now() - started;
        this.failures.recovered();
        await this.spooled.drain();
      } catch (error) {
        if (error instanceof CommitInDoubtError) {
          this.inDoubt.hold({ transactionId: error.transactionId, batch, since });
        } else {
          this.recorder.restore(batch, since);
        }
        this.failures.failed(error);
      } finally {
        this.inFlight = undefined;
      }
    } finally {
      this.busy = false;
    }
  }

  /** Shutdown with counts Postgres would not take: they go to the spool, or are lost if that fails too. */
  private async spoolRest(reason: string): Promise<void> {
    const { batch, since } = this.recorder.take();
    const entries: SpooledBatch[] = this.inDoubt.takeAll().map((doubt) => ({
      id: randomUUID(),
      batch: doubt.batch,
      afterTransaction: doubt.transactionId,
      spooledAt: Date.now(),
    }));
    if (!batch.isEmpty) entries.push({ id: randomUUID(), batch, spooledAt: Date.now() });
    for (const [index, entry] of entries.entries()) {
      try {
        await this.spool.keep(entry);
        this.spooledCounts += entry.batch.totalCounts;
      } catch (error) {
        // Put back what was not spooled, so the loss below is reported in full.
        for (const rest of entries.slice(index)) {
          if (rest.afterTransaction === undefined) this.recorder.restore(rest.batch, since);
          else this.inDoubt.hold({ transactionId: rest.afterTransaction, batch: rest.batch });
        }
        return this.giveUp(
          `${reason}, and the stats spool (${this.spool.location}) failed too (${errorText(error)})`,
        );
      }
      this.logger.warn(
        `${reason}: ${entry.batch.totalCounts} counts handed to the stats spool (${this.spool.location}) ` +
          `as batch ${entry.id}; the next flusher writes them`,
      );
    }
  }

  private giveUp(reason: string): void {
    const { batch } = this.recorder.take();
    const unwritten = batch.totalCounts;
    const doubtful = this.inDoubt.totalCounts;
    this.lostCounts += unwritten;
    this.metrics.countsLost(unwritten);
    this.logger.error(
      `${reason}: ${unwritten} counts not written` +
        (doubtful > 0 ? `, ${doubtful} more in a commit whose outcome is unknown` : '') +
        `: ${JSON.stringify(batch)}`,
    );
  }
}
