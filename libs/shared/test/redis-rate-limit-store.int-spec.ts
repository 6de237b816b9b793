import { RedisRateLimitStore } from '@sighej/shared';
import { keysWithPrefix, redisForSuite } from '../../../test/support/redis-cleanup';
import { describeEachRedisTarget } from '../../../test/support/redis-targets';
import { rateLimitStoreContract } from './rate-limit-store.contract';

describeEachRedisTarget(({ url }) => {
  const { redis, freshKeyspace } = redisForSuite(url);

  rateLimitStoreContract('RedisRateLimitStore', () =>
    Promise.resolve(new RedisRateLimitStore(redis, freshKeyspace())),
  );

  describe('RedisRateLimitStore keys', () => {
    it('are namespaced, share one Cluster hash tag per client, and expire', async () => {
      const keyspace = freshKeyspace();
      const { prefix } = keyspace;
      const store = new RedisRateLimitStore(redis, keyspace);
      await store.increment('abc', 60_000, 1, 30_000, 'sessions');
      await store.increment('abc', 60_000, 1, 30_000, 'sessions');
      const stored = (await keysWithPrefix(redis, prefix)).sort();
      expect(stored).toEqual([`${prefix}rl:{sessions:abc}`, `${prefix}rl:{sessions:abc}:blk`]);
      for (const key of stored) expect(await redis.pttl(key)).toBeGreaterThan(0);
    });
  });
});
