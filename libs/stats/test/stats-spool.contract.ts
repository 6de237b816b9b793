import { StatsBatch } from '../src/buffer/stats-batch';
import { StatsSpool } from '../src/spool/stats-spool';

function twoDays(): StatsBatch {
  const batch = new StatsBatch();
  batch.addSession('2026-03-01', ['tech', 'music']);
  batch.addMatch('2026-03-01');
  batch.addSession('2026-03-02', ['other']);
  return batch;
}

/** What every StatsSpool adapter must do; `damage` writes an unreadable entry named `id`. */
export function statsSpoolContract(
  name: string,
  open: () => Promise<{ spool: StatsSpool; damage: (id: string) => Promise<void> }>,
): void {
  describe(`${name} honours StatsSpool`, () => {
    it('lists nothing before anything is kept', async () => {
      const { spool } = await open();
      expect(await spool.list()).toEqual({ entries: [], damaged: [] });
    });

    it('gives back every kept batch with its counts, oldest first', async () => {
      const { spool } = await open();
      await spool.keep({ id: 'b-later', batch: twoDays(), spooledAt: 2000 });
      await spool.keep({ id: 'a-earlier', batch: twoDays(), spooledAt: 1000, afterTransaction: '7731' });
      const { entries, damaged } = await spool.list();
      expect(damaged).toEqual([]);
      expect(entries.map((e) => [e.id, e.spooledAt, e.afterTransaction])).toEqual([
        ['a-earlier', 1000, '7731'],
        ['b-later', 2000, undefined],
      ]);
      expect(entries[1].batch.entries()).toEqual(twoDays().entries());
      expect(entries[1].batch.totalCounts).toBe(6);
    });

    it('forgets a removed entry, and removing it twice is harmless', async () => {
      const { spool } = await open();
      await spool.keep({ id: 'gone', batch: twoDays(), spooledAt: 1 });
      await spool.keep({ id: 'kept', batch: twoDays(), spooledAt: 2 });
      await spool.remove('gone');
      await spool.remove('gone');
      expect((await spool.list()).entries.map((e) => e.id)).toEqual(['kept']);
    });

    it('reports a damaged entry by name instead of failing the others', async () => {
      const { spool, damage } = await open();
      await spool.keep({ id: 'fine', batch: twoDays(), spooledAt: 1 });
      await damage('broken');
      const { entries, damaged } = await spool.list();
      expect(entries.map((e) => e.id)).toEqual(['fine']);
      expect(damaged).toEqual(['broken']);
    });

    it('names where it keeps entries, for the log', async () => {
      const { spool } = await open();
      expect(spool.location).toMatch(/stats[-:]spool/);
    });
  });
}
