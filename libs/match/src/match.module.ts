import { Module } from '@nestjs/common';
import { NudgeModule } from '@sighej/nudge';
import { SessionModule } from '@sighej/session';
import { RateLimitModule } from '@sighej/shared';
import { StatsModule } from '@sighej/stats';
import { MatchController } from './match.controller';
import { MatchService } from './match.service';

/** `POST /match`. Its `MeetingStore` port is bound by the deployment (Redis or in process). */
@Module({
  imports: [SessionModule, NudgeModule, StatsModule, RateLimitModule],
  controllers: [MatchController],
  providers: [MatchService],
  // The shutdown sequence settles the held pair counts (MatchService.settleHeldCounts).
  exports: [MatchService],
})
export class MatchModule {}
