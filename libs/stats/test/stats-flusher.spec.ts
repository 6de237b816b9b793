import { Logger } from '@nestjs/common';
import { CoreSettings, loadConfiguration, Metrics } from '@sighej/shared';
import { StatsMetrics } from '../src/stats-metrics';
import { StatsFlusher } from '../src';
import { TransactionOutcome } from '../src/repository/daily-stats-repository';
import { StatsBatch } from '../src/buffer/stats-batch';
import { InMemoryDailyStatsRepository } from '../src/repository/in-memory-daily-stats-repository';
import { CommitInDoubtError } from '../src/repository/commit-in-doubt.error';
import { BufferedStatsRecorder } from '../src/buffer/buffered-stats-recorder';
import { FileStatsSpool } from '../src/spool/file-stats-spool';
import { StatsSettings } from '../src/stats.settings';
import { FakeClock } from './fake-clock';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
  let spool: FileStatsSpool;
  let dataDir: string;

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'sighej-flusher-'));
    clock = new FakeClock(Date.parse(`${day}T12:00:00Z`));
    repository = new FlakyRepository();
    ({ flusher, recorder, spool } = flusherOn(dataDir));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  /** A flusher (as in a new process) on the shared repository and a spool in `directory`. */
  function flusherOn(directory: string): {
    flusher: StatsFlusher;
    recorder: BufferedStatsRecorder;
    spool: FileStatsSpool;
  } {
    const configuration = loadConfiguration([StatsSettings], {
      STATS_TIMEZONE: 'UTC',
      EMBEDDED_DATA_DIR: directory,
    });
    const settings = configuration.get(StatsSettings);
    const ownRecorder = new BufferedStatsRecorder(clock, settings);
    const ownSpool = new FileStatsSpool(configuration.get(CoreSettings));
    const metrics = new StatsMetrics(new Metrics());
    const ownFlusher = new StatsFlusher(ownRecorder, repository, clock, metrics, ownSpool, settings);
    ownFlusher.shutdownRetryMs = 1000;
    return {
      flusher: ownFlusher,
      recorder: ownRecorder,
      spool: ownSpool,
    };
  }

  const stored = async (): Promise<[number, number, number | undefined]> => {
    const counts = await repository.day(day);
    return [counts.sessions, counts.matches, counts.categories.get('tech')];
  };

  it('writes what was recorded and empties the buffer', async () => {
    recorder.recordSession(['tech', 'music']);
    recorder.recordMatch(day);
    await flusher.flush();
    expect(await stored()).toEqual([1, 1, 1]);
    expect(recorder.isEmpty).toBe(true);
    expect(flusher.unflushedSeconds).toBe(0);
  });

  it('shows a held match at once, writes it only once kept, and never one dropped', async () => {
    const kept = recorder.holdMatch(day);
    const dropped = recorder.holdMatch(day);
    expect(recorder.pending(day).matches).toBe(2);
    await flusher.flush();
    expect(await stored()).toEqual([0, 0, undefined]);
    kept(true);
    dropped(false);
    kept(true);
    expect(recorder.pending(day).matches).toBe(1);
    await flusher.flush();
    expect(await stored()).toEqual([0, 1, undefined]);
    expect(recorder.pending(day).matches).toBe(0);
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

  it('hands what the repository refuses at shutdown to the spool; the next flusher writes it once', async () => {
    repository.failing = true;
    recorder.recordSession(['tech', 'music']);
    await flusher.drain();
    expect([flusher.spooledCounts, flusher.lostCounts]).toEqual([3, 0]);
    expect((await spool.list()).entries).toHaveLength(1);
    expect(await stored()).toEqual([0, 0, undefined]);

    repository.failing = false;
    const next = flusherOn(dataDir).flusher;
    await next.flush();
    expect(await stored()).toEqual([1, 0, 1]);
    expect((await spool.list()).entries).toEqual([]);
    await flusherOn(dataDir).flusher.flush();
    expect(await stored()).toEqual([1, 0, 1]);
  }, 10_000);

  it('writes a spooled batch once when two flushers find it at the same time', async () => {
    repository.failing = true;
    recorder.recordSession(['tech']);
    await flusher.drain();
    repository.failing = false;
    await Promise.all([flusherOn(dataDir).flusher.flush(), flusherOn(dataDir).flusher.flush()]);
    expect(await stored()).toEqual([1, 0, 1]);
  }, 10_000);

  it.each([
    ['committed', [1, 0, 1]],
    ['aborted', [1, 0, 1]],
  ] as const)(
    'spools a batch whose commit is in doubt with its transaction; next time it is %s, it is counted once',
    async (outcome, expected) => {
      recorder.recordSession(['tech']);
      repository.nextInDoubt = outcome;
      await flusher.flush();
      repository.outcomeFails = true;
      await flusher.drain();
      const [entry] = (await spool.list()).entries;
      expect(entry.afterTransaction).toBeDefined();
      repository.outcomeFails = false;
      await flusherOn(dataDir).flusher.flush();
      expect(await stored()).toEqual(expected);
      expect((await spool.list()).entries).toEqual([]);
    },
    10_000,
  );

  it('leaves a spooled batch in place while its transaction cannot be resolved yet', async () => {
    recorder.recordSession(['tech']);
    repository.nextInDoubt = 'committed';
    await flusher.flush();
    repository.outcomeFails = true;
    await flusher.drain();
    repository.outcomeFails = false;
    repository.outcomes.clear(); // the server cannot tell yet: 'unknown'
    await flusherOn(dataDir).flusher.flush();
    expect((await spool.list()).entries).toHaveLength(1);
  }, 10_000);

  it('counts as lost, and says what, only when the spool fails as well', async () => {
    const notADirectory = join(dataDir, 'file');
    writeFileSync(notADirectory, '');
    const broken = flusherOn(notADirectory);
    repository.failing = true;
    broken.recorder.recordSession(['tech', 'music']);
    await broken.flusher.drain();
    expect([broken.flusher.spooledCounts, broken.flusher.lostCounts]).toEqual([0, 3]);
  }, 10_000);
});
