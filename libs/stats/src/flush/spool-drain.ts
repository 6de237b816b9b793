import { Logger } from '@nestjs/common';
import { errorText } from '@sighej/shared';
import { DailyStatsRepository } from '../repository/daily-stats-repository';
import { SpooledBatch, StatsSpool } from '../spool/stats-spool';

/**
 * Writes what earlier processes spooled. Each entry is applied once (its id is recorded in
 * the same transaction), then removed; one still in doubt waits for its transaction's outcome.
 */
export class SpoolDrain {
  private readonly reportedDamaged = new Set<string>();

  constructor(
    private readonly logger: Logger,
    private readonly spool: StatsSpool,
    private readonly repository: DailyStatsRepository,
    private readonly failed: (error: unknown) => void,
  ) {}

  async drain(): Promise<void> {
    let listed: Awaited<ReturnType<StatsSpool['list']>>;
    try {
      listed = await this.spool.list();
    } catch (error) {
      // The spool's store is away: its entries wait for a later flush.
      this.logger.debug(`stats spool not read: ${errorText(error)}`);
      return;
    }
    this.reportDamaged(listed.damaged);
    for (const entry of listed.entries) {
      try {
        if (!(await this.write(entry))) return;
        await this.spool.remove(entry.id);
      } catch (error) {
        this.failed(error);
        return;
      }
    }
  }

  private reportDamaged(damaged: readonly string[]): void {
    for (const id of damaged.filter((d) => !this.reportedDamaged.has(d))) {
      this.reportedDamaged.add(id);
      this.logger.error(
        `spooled stats batch ${id} in ${this.spool.location} is damaged; left in place, not counted`,
      );
    }
  }

  /** Writes one spooled entry; false while its earlier transaction's outcome is unknown. */
  private async write(entry: SpooledBatch): Promise<boolean> {
    const counts = entry.batch.totalCounts;
    const age = `spooled ${((Date.now() - entry.spooledAt) / 1000).toFixed(0)} s ago`;
    if (entry.afterTransaction !== undefined) {
      const outcome = await this.repository.outcome(entry.afterTransaction);
      if (outcome === 'unknown') return false;
      if (outcome === 'committed') {
        this.logger.log(`spooled stats batch ${entry.id} (${counts} counts, ${age}) had committed`);
        return true;
      }
    }
    const written = await this.repository.applyOnce(entry.id, entry.batch);
    this.logger.log(
      `spooled stats batch ${entry.id} (${counts} counts, ${age}) ` +
        (written ? 'written' : 'was already written by another flusher'),
    );
    return true;
  }
}
