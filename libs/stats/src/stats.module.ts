import { Module } from '@nestjs/common';
import { RateLimitModule } from '@sighej/shared';
import { AdminKeyGuard } from './admin-key.guard';
import { BufferedStatsRecorder } from './buffer/buffered-stats-recorder';
import { StatsBuffer } from './buffer/stats-buffer';
import { Clock } from './clock';
import { DailyStatsRepository } from './repository/daily-stats-repository';
import { TypeOrmDailyStatsRepository } from './repository/typeorm-daily-stats-repository';
import { StatsController } from './stats.controller';
import { StatsFlusher } from './flush/stats-flusher';
import { StatsMetrics } from './stats-metrics';
import { StatsRecorder } from './stats-recorder';
import { StatsService } from './stats.service';
import { SystemClock } from './system-clock';

/**
 * Counting (`StatsRecorder`, write-behind through `StatsFlusher`) and the admin stats API. The
 * same TypeORM repository serves Postgres and the embedded PGlite, on the deployment's
 * DataSource; `LiveSessionCounter` is bound by the deployment too, so stats never imports
 * sessions.
 */
@Module({
  imports: [RateLimitModule],
  controllers: [StatsController],
  providers: [
    { provide: Clock, useClass: SystemClock },
    BufferedStatsRecorder,
    { provide: StatsBuffer, useExisting: BufferedStatsRecorder },
    { provide: StatsRecorder, useExisting: BufferedStatsRecorder },
    { provide: DailyStatsRepository, useClass: TypeOrmDailyStatsRepository },
    StatsMetrics,
    StatsFlusher,
    StatsService,
    AdminKeyGuard,
  ],
  exports: [StatsRecorder, StatsFlusher],
})
export class StatsModule {}
