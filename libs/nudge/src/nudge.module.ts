import { Module } from '@nestjs/common';
import { RateLimitModule } from '@sighej/shared';
import { SessionModule } from '@sighej/session';
import { NudgeGateway } from './nudge.gateway';
import { NudgeMetrics } from './nudge-metrics';
import { NudgeService } from './nudge.service';
import { NudgeConnections } from './socket/nudge-connections';

/**
 * Nudges and the WebSocket that carries them. Its `NudgeQueue` and `NudgeBus` ports are bound
 * by the deployment (Redis or in process).
 */
@Module({
  imports: [SessionModule, RateLimitModule],
  providers: [NudgeService, NudgeConnections, NudgeGateway, NudgeMetrics],
  exports: [NudgeService, NudgeConnections],
})
export class NudgeModule {}
