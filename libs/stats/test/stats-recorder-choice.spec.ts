import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  InMemoryRateLimitStore,
  loadConfiguration,
  MetricsModule,
  RateLimitSettings,
  RateLimitStore,
  SettingsModule,
} from '@sighej/shared';
import {
  DailyStatsRepository,
  FileStatsSpool,
  LiveSessionCounter,
  StatsModule,
  StatsRecorder,
  StatsSettings,
  StatsSpool,
} from '@sighej/stats';
import { InMemoryStatsRecorder } from '../src/in-memory-stats-recorder';
import { BufferedStatsRecorder } from '../src/buffer/buffered-stats-recorder';
import { InMemoryDailyStatsRepository } from '../src/repository/in-memory-daily-stats-repository';

class NoLiveSessions implements LiveSessionCounter {
  countLive(): Promise<number> {
    return Promise.resolve(0);
  }
}

/** What the deployment binds for the stats module: live sessions, rate-limit counters, the repository, the spool. */
@Global()
@Module({
  providers: [
    { provide: LiveSessionCounter, useClass: NoLiveSessions },
    { provide: RateLimitStore, useClass: InMemoryRateLimitStore },
    { provide: DailyStatsRepository, useClass: InMemoryDailyStatsRepository },
    { provide: StatsSpool, useClass: FileStatsSpool },
  ],
  exports: [LiveSessionCounter, RateLimitStore, DailyStatsRepository, StatsSpool],
})
class DeploymentStub {}

async function recorderFor(source: Record<string, string>): Promise<StatsRecorder> {
  const configuration = loadConfiguration([StatsSettings, RateLimitSettings], source);
  const moduleRef = await Test.createTestingModule({
    imports: [SettingsModule.forRoot(configuration), MetricsModule, DeploymentStub, StatsModule],
  }).compile();
  return moduleRef.get(StatsRecorder);
}

describe('STATS_RECORDER', () => {
  it('counts for Postgres by default', async () => {
    expect(await recorderFor({})).toBeInstanceOf(BufferedStatsRecorder);
  });

  it('keeps counts in memory when set to memory (benchmark A/B only)', async () => {
    expect(await recorderFor({ STATS_RECORDER: 'memory' })).toBeInstanceOf(InMemoryStatsRecorder);
  });

  it('refuses anything else at boot', () => {
    expect(() => loadConfiguration([StatsSettings], { STATS_RECORDER: 'postgres' })).toThrow(
      /STATS_RECORDER/,
    );
  });
});
