import type { CoreSettings } from '@sighej/shared';

/** Where sessions, nudges, fan-out and limits live: a shared Redis, or this process's memory. */
export type SessionState = { kind: 'redis'; url: string; keyPrefix: string } | { kind: 'in-process' };

/** Where the stats live: a Postgres server, or the embedded PGlite under `dataDir`. */
export type StatsState = { kind: 'postgres'; url: string } | { kind: 'embedded'; dataDir: string };

/** The deployment, decided once from the validated configuration. */
export class Deployment {
  private constructor(
    readonly sessions: SessionState,
    readonly stats: StatsState,
  ) {}

  static of(core: CoreSettings): Deployment {
    return new Deployment(
      core.REDIS_URL === undefined
        ? { kind: 'in-process' }
        : { kind: 'redis', url: core.REDIS_URL, keyPrefix: core.REDIS_KEY_PREFIX },
      core.DATABASE_URL === undefined
        ? { kind: 'embedded', dataDir: core.EMBEDDED_DATA_DIR }
        : { kind: 'postgres', url: core.DATABASE_URL },
    );
  }

  /** Embedded mode (SPEC, Running it): nothing outside this process, one instance only. */
  get embedded(): boolean {
    return this.sessions.kind === 'in-process' && this.stats.kind === 'embedded';
  }

  /** The one boot line that says where state lives. */
  describe(): string {
    const sessions = this.sessions.kind === 'redis' ? 'Redis' : 'in-process memory (single instance only)';
    const stats =
      this.stats.kind === 'postgres' ? 'Postgres' : `embedded Postgres (PGlite) under ${this.stats.dataDir}`;
    return `SigHej ${this.embedded ? 'embedded' : 'external'} mode: sessions, nudges and fan-out in ${sessions}; stats in ${stats}`;
  }
}
