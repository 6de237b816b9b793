import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { EnvModule, loadEnv, MetricsModule, RateLimitModule } from '@sighej/shared';
import { InMemoryStatsRecorder, LiveSessionCounter, StatsModule, StatsRecorder } from '@sighej/stats';
import { BufferedStatsRecorder } from '../src/buffer/buffered-stats-recorder';
import { DailyStatsRepository } from '../src/repository/daily-stats-repository';
import { InMemoryDailyStatsRepository } from '../src/repository/in-memory-daily-stats-repository';

class NoLiveSessions implements LiveSessionCounter {
  countLive(): Promise<number> {
    return Promise.resolve(0);
  }
}

@Module({
  providers: [{ provide: LiveSessionCounter, useClass: NoLiveSessions }],
  exports: [LiveSessionCounter],
})
class LiveSessionsStub {}

async function recorderFor(source: Record<string, string>): Promise<StatsRecorder> {
  const env = loadEnv(source);
  const moduleRef = await Test.createTestingModule({
    imports: [
      EnvModule.forRoot(env),
      MetricsModule,
      RateLimitModule.forRoot(env),
      StatsModule.register(LiveSessionsStub),
    ],
  })
    .overrideProvider(DailyStatsRepository)
    .useValue(new InMemoryDailyStatsRepository())
    .compile();
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
    expect(() => loadEnv({ STATS_RECORDER: 'postgres' })).toThrow(/STATS_RECORDER/);
  });
});
