import { StatsBatch } from '../src/buffer/stats-batch';
import { DailyStatsRepository } from '../src/repository/daily-stats-repository';

function batchOf(build: (batch: StatsBatch) => void): StatsBatch {
  const batch = new StatsBatch();
  build(batch);
  return batch;
}

/** What every DailyStatsRepository adapter must do; run against each of them. */
export function dailyStatsRepositoryContract(name: string, open: () => Promise<DailyStatsRepository>): void {
  describe(`${name} honours DailyStatsRepository`, () => {
    let repository: DailyStatsRepository;
    beforeEach(async () => {
      repository = await open();
    });

    it('answers zeros for a day with nothing counted', async () => {
      expect(await repository.day('2026-03-01')).toEqual({
        date: '2026-03-01',
        sessions: 0,
        matches: 0,
        categories: new Map(),
      });
    });

    it('stores a batch per day and category', async () => {
      await repository.apply(
        batchOf((b) => {
          b.addSession('2026-03-01', ['tech', 'music']);
          b.addSession('2026-03-01', ['tech']);
          b.addMatch('2026-03-01');
          b.addSession('2026-03-02', ['sports']);
        }),
      );
      expect(await repository.day('2026-03-01')).toEqual({
        date: '2026-03-01',
        sessions: 2,
        matches: 1,
        categories: new Map([
          ['tech', 2],
          ['music', 1],
        ]),
      });
      expect((await repository.day('2026-03-02')).categories).toEqual(new Map([['sports', 1]]));
    });

    it('adds batches to what is stored instead of overwriting it', async () => {
      for (let i = 0; i < 3; i += 1)
        await repository.apply(
          batchOf((b) => {
            b.addSession('2026-03-01', ['tech']);
            b.addMatch('2026-03-01');
          }),
        );
      const day = await repository.day('2026-03-01');
      expect([day.sessions, day.matches, day.categories.get('tech')]).toEqual([3, 3, 3]);
    });

    it('applies an empty batch as a no-op', async () => {
      await repository.apply(new StatsBatch());
      expect((await repository.day('2026-03-01')).sessions).toBe(0);
    });

    it('applies a batch with an id once, however often (or concurrently) it is offered', async () => {
      const batch = batchOf((b) => {
        b.addSession('2026-03-01', ['tech']);
        b.addMatch('2026-03-01');
      });
      expect(await repository.applyOnce('spooled-1', batch)).toBe(true);
      const again = await Promise.all([
        repository.applyOnce('spooled-1', batch),
        repository.applyOnce('spooled-1', batch),
      ]);
      expect(again).toEqual([false, false]);
      expect(await repository.applyOnce('spooled-2', batch)).toBe(true);
      const day = await repository.day('2026-03-01');
      expect([day.sessions, day.matches, day.categories.get('tech')]).toEqual([2, 2, 2]);
    });

    it('counts a batch with a new id offered by two writers at once exactly once', async () => {
      const batch = batchOf((b) => b.addSession('2026-03-01', ['tech']));
      const results = await Promise.all([
        repository.applyOnce('raced', batch),
        repository.applyOnce('raced', batch),
      ]);
      expect(results.sort()).toEqual([false, true]);
      expect((await repository.day('2026-03-01')).sessions).toBe(1);
    });

    it('writes a large batch (a year of days, 20 categories each) at once', async () => {
      const categories = Array.from({ length: 20 }, (_, i) => `category-${i}`);
      const batch = batchOf((b) => {
        for (let d = 0; d < 365; d += 1) b.addSession(dayAfter('2025-01-01', d), categories);
      });
      await repository.apply(batch);
      const year = await repository.range('2025-01-01', '2025-12-31');
      expect(year).toHaveLength(365);
      expect(year.every((day) => day.sessions === 1 && day.categories.size === 20)).toBe(true);
    });

    it('lists a range day by day, zero-filled, oldest first, both ends included', async () => {
      await repository.apply(
        batchOf((b) => {
          b.addSession('2026-02-27', ['tech']);
          b.addMatch('2026-03-01');
          b.addSession('2026-03-02', ['music']);
        }),
      );
      const range = await repository.range('2026-02-27', '2026-03-01');
      expect(range.map((d) => [d.date, d.sessions, d.matches])).toEqual([
        ['2026-02-27', 1, 0],
        ['2026-02-28', 0, 0],
        ['2026-03-01', 0, 1],
      ]);
      expect(range[0].categories).toEqual(new Map([['tech', 1]]));
    });
  });
}

function dayAfter(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * 86_400_000).toISOString().slice(0, 10);
}
