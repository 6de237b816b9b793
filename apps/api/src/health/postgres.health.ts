import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { errorText } from '@sighej/shared';
import { StatsDatabase } from '../deployment/stats-database';

@Injectable()
export class PostgresHealthIndicator {
  private readonly logger = new Logger('PostgresHealthIndicator');

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly database: StatsDatabase,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('postgres');
    const mode = this.database.mode;
    if (!this.database.connected) return indicator.down({ mode, message: 'not connected; retrying' });
    try {
      await this.database.ping();
      return indicator.up({ mode });
    } catch (error) {
      // The body is public (unauthenticated): a coarse reason there, the driver's detail (hosts, ports) in the log.
      this.logger.warn(`Postgres health check failed: ${errorText(error)}`);
      return indicator.down({ mode, message: 'unreachable' });
    }
  }
}
