import { DynamicModule, Global, Module } from '@nestjs/common';
import { InMemoryStatsRecorder } from './in-memory-stats-recorder';
import { StatsRecorder } from './stats-recorder';

@Global()
@Module({})
export class StatsModule {
  static register(): DynamicModule {
    return {
      module: StatsModule,
      providers: [{ provide: StatsRecorder, useClass: InMemoryStatsRecorder }],
      exports: [StatsRecorder],
    };
  }
}
