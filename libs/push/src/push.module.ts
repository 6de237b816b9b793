import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { NudgeModule } from '@sighej/nudge';
import { SessionModule } from '@sighej/session';
import { Configuration } from '@sighej/shared';
import { loadPushConfig, PushConfig } from './push-config';
import { PushController } from './push.controller';
import { PushDispatcher } from './push-dispatcher';
import { PushHealth } from './push-health';
import { PushMetrics } from './push-metrics';
import { PushService } from './push.service';
import { PushSettlement } from './push-settlement';

/**
 * Push channels and the push work queue. Its `PushChannelStore` and `PushQueue` ports are
 * bound by the deployment (Redis or in process); providers come from the PUSH_* settings.
 */
@Module({
  imports: [SessionModule, NudgeModule, TerminusModule],
  controllers: [PushController],
  providers: [
    PushService,
    PushDispatcher,
    PushMetrics,
    PushHealth,
    PushSettlement,
    { provide: PushConfig, useFactory: loadPushConfig, inject: [Configuration] },
  ],
  exports: [PushHealth],
})
export class PushModule {}
