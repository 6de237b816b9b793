import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { PushOutcomeLog } from './outcomes/push-outcome-log';
import { PushConfig } from './push-config';

/**
 * The `push` line of `/health` (and so of the admin page's health card): pushes sent and failed
 * in the last hour, across instances. Always `up`: a provider's trouble never makes an instance
 * unready; undefined when no provider is configured. `sent` and `failed` are the counts, for
 * the page to word.
 */
@Injectable()
export class PushHealth {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly outcomes: PushOutcomeLog,
    private readonly config: PushConfig,
  ) {}

  get enabled(): boolean {
    return this.config.enabled;
  }

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('push');
    try {
      const { sent, failed } = await this.outcomes.lastHour();
      return indicator.up({ sent, failed, message: `${sent} sent / ${failed} failed in the last hour` });
    } catch {
      return indicator.up({ message: 'counts unavailable' });
    }
  }
}
