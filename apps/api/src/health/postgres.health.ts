import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { errorText } from '@sighej/shared';
import { DataSource } from 'typeorm';

@Injectable()
export class PostgresHealthIndicator {
  private readonly logger = new Logger('PostgresHealthIndicator');

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('postgres');
    const mode =
      'driver' in this.dataSource.options && this.dataSource.options.driver !== undefined
        ? 'embedded'
        : 'server';
    if (!this.dataSource.isInitialized) return indicator.down({ mode, message: 'not connected; retrying' });
    try {
      await this.dataSource.query('SELECT 1');
      return indicator.up({ mode });
    } catch (error) {
      // The body is public (unauthenticated): a coarse reason there, the driver's detail (hosts, ports) in the log.
      this.logger.warn(`Postgres health check failed: ${errorText(error)}`);
      return indicator.down({ mode, message: 'unreachable' });
    }
  }
}
