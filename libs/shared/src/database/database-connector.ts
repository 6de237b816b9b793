import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { errorText } from '../errors/is-error-like';
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
  private readonly afterClose: (() => void)[] = [];

  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): Promise<void> {
    return this.connect();
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

  /** Runs `release` once the database is closed (the embedded data directory's lock). */
  onClosed(release: () => void): void {
    this.afterClose.push(release);
  }

  /** Stops retrying and closes the connection (the last step of shutdown). */
  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    for (const release of this.afterClose) release();
  }
}
