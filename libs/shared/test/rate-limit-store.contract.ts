import type { RateLimitStore } from '@sighej/shared';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What both rate-limit stores (Redis, in-memory) promise; @nestjs/throttler and RateLimiter rely on it. */
export function rateLimitStoreContract(name: string, open: () => Promise<RateLimitStore>): void {
  describe(`${name} honours RateLimitStore`, () => {
    let store: RateLimitStore;
    beforeEach(async () => {
      store = await open();
    });

    it('counts hits within a window and allows up to the limit', async () => {
      const records = [];
      for (let i = 0; i < 3; i++)
        records.push(await store.increment('client-a', 60_000, 3, 60_000, 'sessions'));
      expect(records.map((r) => r.totalHits)).toEqual([1, 2, 3]);
      expect(records.every((r) => !r.isBlocked && r.timeToBlockExpire === 0)).toBe(true);
      expect(records[2].timeToExpire).toBeGreaterThan(58);
      expect(records[2].timeToExpire).toBeLessThanOrEqual(60);
    });

    it('blocks the hit past the limit for the block duration, in whole seconds', async () => {
      for (let i = 0; i < 2; i++) await store.increment('client-b', 60_000, 2, 5_000, 'sessions');
      const over = await store.increment('client-b', 60_000, 2, 5_000, 'sessions');
      expect(over).toMatchObject({ isBlocked: true, timeToBlockExpire: 5 });
      const again = await store.increment('client-b', 60_000, 2, 5_000, 'sessions');
      expect(again.isBlocked).toBe(true);
      expect(again.timeToBlockExpire).toBeGreaterThanOrEqual(4);
      expect(again.timeToBlockExpire).toBeLessThanOrEqual(5);
      expect(await store.blockedFor('client-b', 'sessions')).toBeGreaterThanOrEqual(4);
    });

    it('does not count hits while blocked', async () => {
      for (let i = 0; i < 5; i++) await store.increment('client-c', 60_000, 1, 60_000, 'sessions');
      const record = await store.increment('client-c', 60_000, 1, 60_000, 'sessions');
      expect(record.totalHits).toBe(2);
    });

    it('starts a fresh window once the window and the block are over', async () => {
      await store.increment('client-d', 300, 1, 300, 'sessions');
      expect((await store.increment('client-d', 300, 1, 300, 'sessions')).isBlocked).toBe(true);
      await sleep(450);
      expect(await store.blockedFor('client-d', 'sessions')).toBe(0);
      const fresh = await store.increment('client-d', 300, 1, 300, 'sessions');
      expect(fresh).toMatchObject({ totalHits: 1, isBlocked: false });
    });

    it('keeps keys and limit names apart', async () => {
      await store.increment('client-e', 60_000, 1, 60_000, 'sessions');
      expect((await store.increment('client-e', 60_000, 1, 60_000, 'sessions')).isBlocked).toBe(true);
      expect((await store.increment('client-f', 60_000, 1, 60_000, 'sessions')).isBlocked).toBe(false);
      expect((await store.increment('client-e', 60_000, 1, 60_000, 'matches')).isBlocked).toBe(false);
      expect(await store.blockedFor('client-e', 'matches')).toBe(0);
      expect(await store.blockedFor('never-seen', 'sessions')).toBe(0);
    });

    it('counts concurrent hits exactly', async () => {
      const records = await Promise.all(
        Array.from({ length: 20 }, () => store.increment('client-g', 60_000, 5, 60_000, 'matches')),
      );
      expect(records.filter((r) => !r.isBlocked)).toHaveLength(5);
      expect(
        records
          .map((r) => r.totalHits)
          .sort((a, b) => a - b)
          .slice(0, 6),
      ).toEqual([1, 2, 3, 4, 5, 6]);
    });
  });
}
