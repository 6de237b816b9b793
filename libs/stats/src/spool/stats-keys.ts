import { Keyspace } from '@sighej/shared';

/** The stats lib's one key. */
export class StatsKeys {
  constructor(private readonly space: Keyspace) {}

  /** Stats batches Postgres would not take at an instance's shutdown (see StatsSpool). */
  spool(): string {
    return this.space.key('stats:spool');
  }
}
