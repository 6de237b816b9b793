import { StatsBatch } from '../src/buffer/stats-batch';

describe('StatsBatch', () => {
  it('stays the same size however many events it counts', () => {
    const batch = new StatsBatch();
    for (let i = 0; i < 100_000; i += 1) batch.addSession('2026-03-01', ['tech', 'music', 'tech']);
    expect(batch.entries()).toHaveLength(1);
    expect(batch.forDay('2026-03-01')).toEqual({
      date: '2026-03-01',
      sessions: 100_000,
      matches: 0,
      categories: new Map([
        ['tech', 100_000],
        ['music', 100_000],
      ]),
    });
  });

  it('merges another batch into itself', () => {
    const a = new StatsBatch();
    a.addSession('2026-03-01', ['tech']);
    const b = new StatsBatch();
    b.addSession('2026-03-01', ['tech', 'music']);
    b.addMatch('2026-03-02');
    a.merge(b);
    expect(a.forDay('2026-03-01').categories).toEqual(
      new Map([
        ['tech', 2],
        ['music', 1],
      ]),
    );
    expect(a.forDay('2026-03-02').matches).toBe(1);
    expect(a.totalCounts).toBe(2 + 3 + 1);
  });
});
