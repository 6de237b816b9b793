import { Logger } from '@nestjs/common';
import { BufferedStatsRecorder } from '../buffer/buffered-stats-recorder';
import { StatsBatch } from '../buffer/stats-batch';
import { DailyStatsRepository } from '../repository/daily-stats-repository';

export interface InDoubtBatch {
  transactionId: string;
  batch: StatsBatch;
  since?: number;
}

/**
 * Batches whose COMMIT reply was lost, held aside until Postgres says whether that
 * transaction committed, so each is counted exactly once.
 */
export class InDoubtBatches {
  private readonly batches: InDoubtBatch[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly repository: DailyStatsRepository,
    private readonly recorder: BufferedStatsRecorder,
    private readonly failed: (error: unknown) => void,
  ) {}

  get isEmpty(): boolean {
    return this.batches.length === 0;
  }

  /** When each held batch's oldest count arrived. */
  get since(): (number | undefined)[] {
    return this.batches.map((entry) => entry.since);
  }

  /** Counts held, whose outcome is unknown. */
  get totalCounts(): number {
    return this.batches.reduce((sum, entry) => sum + entry.batch.totalCounts, 0);
  }

  hold(entry: InDoubtBatch): void {
    this.batches.push(entry);
  }

  /** Hands every held batch over (to the spool at shutdown). */
  takeAll(): InDoubtBatch[] {
    return this.batches.splice(0);
  }

  /** Settles what Postgres can tell (an aborted batch goes back to the buffer); false while it cannot answer. */
  async resolve(): Promise<boolean> {
    while (this.batches.length > 0) {
      const entry = this.batches[0];
      let outcome;
      try {
        outcome = await this.repository.outcome(entry.transactionId);
      } catch (error) {
        this.failed(error);
        return false;
      }
      if (outcome === 'unknown') return true;
      this.batches.shift();
      if (outcome === 'aborted') this.recorder.restore(entry.batch, entry.since);
      this.logger.log(`in-doubt stats batch ${outcome === 'committed' ? 'had committed' : 'is rewritten'}`);
    }
    return true;
  }
}
