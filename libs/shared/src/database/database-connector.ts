import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { errorText } from '../errors/is-error-like';
import type { EmbeddedDataLock } from './embedded-data-lock';
import { runMigrationsLocked } from './run-migrations';

const RETRY_MS = 5000;

/**
 * Postgres is not needed to serve phones, so a database that is down at boot does not stop
 * the service: the connector keeps retrying (migrations included) and the stats buffer
 * holds counts until then.
 */
@Injectable()
export class DatabaseConnector implements OnModuleInit {
  private readonly logger = new Logger('Database');
  private retry?: NodeJS.Timeout;
  private stopped = false;

  /** `lock`: the embedded data directory's, released once the database is closed. */
  constructor(
    private readonly dataSource: DataSource,
    private readonly lock?: EmbeddedDataLock,
  ) {}

  onModuleInit(): Promise<void> {
    return this.connect();
  }

  /** `embedded` for PGlite in this process, `server` for a Postgres server. */
  get mode(): 'embedded' | 'server' {
    return 'driver' in this.dataSource.options && this.dataSource.options.driver !== undefined
      ? 'embedded'
      : 'server';
  }

  /** Whether the connection (and its migrations) is up; while it is not, the connector retries. */
  get connected(): boolean {
    return this.dataSource.isInitialized;
  }

  /** One round trip (`SELECT 1`); rejects with the driver's error. */
  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  private async connect(): Promise<void> {
    try {
      if (!this.dataSource.isInitialized) await this.dataSource.initialize();
      await runMigrationsLocked(this.dataSource);
    } catch (error) {
      if (this.dataSource.isInitialized) await this.dataSource.destroy().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn(`Postgres unavailable (${errorText(error)}); retrying in ${RETRY_MS} ms`);
      this.retry = setTimeout(() => void this.connect(), RETRY_MS);
      this.retry.unref();
    }
  }

  /** Stops retrying and closes the connection (the last step of shutdown), then releases the lock. */
  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    this.lock?.release();
  }
}
