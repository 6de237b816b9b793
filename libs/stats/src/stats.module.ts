import { DynamicModule, Global, Module, ModuleMetadata } from '@nestjs/common';
import { Env } from '@sighej/shared';
import { BufferedStatsRecorder } from './buffer/buffered-stats-recorder';
import { Clock } from './clock';
import { InMemoryStatsRecorder } from './in-memory-stats-recorder';
import { DailyStatsRepository } from './repository/daily-stats-repository';
import { TypeOrmDailyStatsRepository } from './repository/typeorm-daily-stats-repository';
import { StatsController } from './stats.controller';
import { StatsFlusher } from './stats-flusher';
import { StatsRecorder } from './stats-recorder';
import { StatsService } from './stats.service';
import { SystemClock } from './system-clock';

type Import = NonNullable<ModuleMetadata['imports']>[number];

/**
 * Counting (global: any module may record) and the admin stats API. The same TypeORM
 * repository serves Postgres and the embedded PGlite. `liveSessions` is the module that
 * provides `LiveSessionCounter` (the session module), passed in by the app so that stats
 * never imports session.
 */
@Global()
@Module({})
export class StatsModule {
  static register(liveSessions: Import): DynamicModule {
    return {
      module: StatsModule,
      imports: [liveSessions],
      controllers: [StatsController],
      providers: [
        { provide: Clock, useClass: SystemClock },
        BufferedStatsRecorder,
        InMemoryStatsRecorder,
        {
          provide: StatsRecorder,
          inject: [Env, BufferedStatsRecorder, InMemoryStatsRecorder],
          // STATS_RECORDER=memory exists for the benchmark's "what does counting cost" A/B.
          useFactory: (env: Env, buffered: BufferedStatsRecorder, memory: InMemoryStatsRecorder) =>
            env.STATS_RECORDER === 'memory' ? memory : buffered,
        },
        { provide: DailyStatsRepository, useClass: TypeOrmDailyStatsRepository },
        StatsFlusher,
        StatsService,
      ],
      exports: [StatsRecorder, StatsFlusher],
    };
  }
}
