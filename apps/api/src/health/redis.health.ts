import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { SessionStoreProbe } from './session-store-probe';

/** `redis` in /health: the session store's probe (Redis, or in process), as a health indicator. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly store: SessionStoreProbe,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('redis');
    const result = await this.store.probe();
    return 'up' in result ? indicator.up(result.up) : indicator.down({ message: result.down });
  }
}
