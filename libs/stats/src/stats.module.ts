import { Module } from '@nestjs/common';
import { RateLimitModule } from '@sighej/shared';
import { AdminKeyGuard } from './admin-key.guard';
import { BufferedStatsRecorder } from './buffer/buffered-stats-recorder';
import { StatsBuffer } from './buffer/stats-buffer';
import { Clock } from './clock';
import { StatsController } from './stats.controller';
import { StatsFlusher } from './flush/stats-flusher';
import { StatsMetrics } from './stats-metrics';
import { StatsRecorder } from './stats-recorder';
import { StatsService } from './stats.service';
import { SystemClock } from './system-clock';

/**
 * Counting (`StatsRecorder`, write-behind through `StatsFlusher`) and the admin stats API. The
 * deployment binds `DailyStatsRepository` (the TypeORM one, for Postgres and the embedded PGlite
 * alike, on its own DataSource) and `LiveSessionCounter`, so stats never imports sessions.
 */
@Module({
  imports: [RateLimitModule],
  controllers: [StatsController],
  providers: [
    { provide: Clock, useClass: SystemClock },
    BufferedStatsRecorder,
    { provide: StatsBuffer, useExisting: BufferedStatsRecorder },
    { provide: StatsRecorder, useExisting: BufferedStatsRecorder },
    StatsMetrics,
    StatsFlusher,
    StatsService,
    AdminKeyGuard,
  ],
  exports: [StatsRecorder, StatsFlusher],
})
export class StatsModule {}
