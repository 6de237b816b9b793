import { Injectable, Logger, Optional } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';

@Injectable()
export class RedisHealthIndicator {
  private readonly logger = new Logger('RedisHealthIndicator');

  constructor(
    private readonly indicators: HealthIndicatorService,
    @Optional() private readonly redis?: Redis,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('redis');
    if (this.redis === undefined) return indicator.up({ mode: 'in-process' });
    if (this.redis.status !== 'ready')
      return indicator.down({ message: `not connected (${this.redis.status})` });
    try {
      await this.redis.ping();
      return indicator.up();
    } catch (error) {
      // The body is public (unauthenticated): a coarse reason there, the driver's detail (hosts, ports) in the log.
      this.logger.warn(`Redis health check failed: ${(error as Error).message}`);
      return indicator.down({ message: 'unreachable' });
    }
  }
}
