import { Logger } from '@nestjs/common';
import { loadEnv, Metrics } from '@sighej/shared';
import { StatsMetrics } from '../src/stats-metrics';
import { StatsFlusher } from '../src';
import { TransactionOutcome } from '../src/repository/daily-stats-repository';
import { StatsBatch } from '../src/buffer/stats-batch';
import { InMemoryDailyStatsRepository } from '../src/repository/in-memory-daily-stats-repository';
import { CommitInDoubtError } from '../src/repository/commit-in-doubt.error';
import { BufferedStatsRecorder } from '../src/buffer/buffered-stats-recorder';
import { FakeClock } from './fake-clock';

/** An in-memory repository that can be made to fail, or to lose a commit's reply. */
class FlakyRepository extends InMemoryDailyStatsRepository {
  failing = false;
  /** Next apply stores the batch (or not) and then reports the commit as in doubt. */
  nextInDoubt?: 'committed' | 'aborted';
  outcomes = new Map<string, TransactionOutcome>();
  outcomeFails = false;
  writes = 0;

  override async apply(batch: StatsBatch): Promise<void> {
    if (this.failing) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    const doubt = this.nextInDoubt;
    this.nextInDoubt = undefined;
    if (doubt === undefined || doubt === 'committed') {
      await super.apply(batch);
      this.writes += 1;
    }
    if (doubt !== undefined) {
      const id = String(this.outcomes.size + 1000);
      this.outcomes.set(id, doubt);
      throw new CommitInDoubtError(id, new Error('Connection terminated unexpectedly'));
    }
  }

  override outcome(id: string): Promise<TransactionOutcome> {
    if (this.outcomeFails) return Promise.reject(new Error('connect ECONNREFUSED'));
    return Promise.resolve(this.outcomes.get(id) ?? 'unknown');
  }
}

describe('StatsFlusher', () => {
  const day = '2026-03-01';
  let clock: FakeClock;
  let recorder: BufferedStatsRecorder;
  let repository: FlakyRepository;
  let flusher: StatsFlusher;

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(() => {
    const env = loadEnv({ STATS_TIMEZONE: 'UTC' });
    clock = new FakeClock(Date.parse(`${day}T12:00:00Z`));
    recorder = new BufferedStatsRecorder(clock, env);
    repository = new FlakyRepository();
    flusher = new StatsFlusher(recorder, repository, clock, new StatsMetrics(new Metrics()), env);
  });

  const stored = async (): Promise<[number, number, number | undefined]> => {
    const counts = await repository.day(day);
    return [counts.sessions, counts.matches, counts.categories.get('tech')];
  };

  it('writes what was recorded and empties the buffer', async () => {
    recorder.recordSession(['tech', 'music']);
    recorder.recordMatch();
    await flusher.flush();
    expect(await stored()).toEqual([1, 1, 1]);
    expect(recorder.isEmpty).toBe(true);
    expect(flusher.unflushedSeconds).toBe(0);
  });

  it('does not touch the repository when nothing was recorded', async () => {
    await flusher.flush();
    expect(repository.writes).toBe(0);
  });

  it('keeps counts while the repository fails, reports the lag, and writes them once it is back', async () => {
    repository.failing = true;
    recorder.recordSession(['tech']);
    await flusher.flush();
    clock.at += 7000;
    recorder.recordSession(['tech']);
    await flusher.flush();
    expect(flusher.unflushedSeconds).toBe(7);
    expect(await stored()).toEqual([0, 0, undefined]);
    repository.failing = false;
    await flusher.flush();
    expect(await stored()).toEqual([2, 0, 2]);
    expect(repository.writes).toBe(1);
    expect(flusher.unflushedSeconds).toBe(0);
    expect(flusher.lostCounts).toBe(0);
  });

  it('drops a batch whose lost commit did happen, so it is counted once', async () => {
    recorder.recordSession(['tech']);
    repository.nextInDoubt = 'committed';
    await flusher.flush();
    expect(flusher.unflushedSeconds).toBeGreaterThanOrEqual(0);
    recorder.recordSession(['tech']);
    await flusher.flush();
    await flusher.flush();
    expect(await stored()).toEqual([2, 0, 2]);
  });

  it('rewrites a batch whose lost commit did not happen', async () => {
    recorder.recordSession(['tech']);
    repository.nextInDoubt = 'aborted';
    await flusher.flush();
    expect(await stored()).toEqual([0, 0, undefined]);
    await flusher.flush();
    expect(await stored()).toEqual([1, 0, 1]);
  });

  it('holds an in-doubt batch while Postgres cannot say what happened', async () => {
    recorder.recordSession(['tech']);
    repository.nextInDoubt = 'committed';
    await flusher.flush();
    repository.outcomeFails = true;
    clock.at += 3000;
    await flusher.flush();
    expect(flusher.unflushedSeconds).toBe(3);
    repository.outcomeFails = false;
    await flusher.flush();
    expect(await stored()).toEqual([1, 0, 1]);
    expect(flusher.unflushedSeconds).toBe(0);
  });

  it('flushes at shutdown, retrying while the repository is briefly down', async () => {
    repository.failing = true;
    recorder.recordSession(['tech']);
    setTimeout(() => (repository.failing = false), 600);
    await flusher.drain();
    expect(await stored()).toEqual([1, 0, 1]);
    expect(flusher.lostCounts).toBe(0);
  });

  it('says what it could not write when the repository stays down at shutdown', async () => {
    repository.failing = true;
    recorder.recordSession(['tech', 'music']);
    await flusher.drain();
    expect(flusher.lostCounts).toBe(3);
  }, 10_000);
});
