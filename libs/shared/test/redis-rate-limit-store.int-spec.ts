import { RedisKeys, RedisRateLimitStore } from '@sighej/shared';
import { deleteKeysWithPrefix, keysWithPrefix } from '../../../test/support/redis-cleanup';
import { describeEachRedisTarget, testRedisClient } from '../../../test/support/redis-targets';
import { uniqueKeyPrefix } from '../../../test/support/test-services';
import { rateLimitStoreContract } from './rate-limit-store.contract';

describeEachRedisTarget(({ url }) => {
  const redis = testRedisClient(url);
  const prefixes: string[] = [];

  afterAll(async () => {
    for (const prefix of prefixes) await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  function open(): RedisRateLimitStore {
    const prefix = uniqueKeyPrefix();
    prefixes.push(prefix);
    return new RedisRateLimitStore(redis, new RedisKeys(prefix));
  }

  rateLimitStoreContract('RedisRateLimitStore', () => Promise.resolve(open()));

  describe('RedisRateLimitStore keys', () => {
    it('are namespaced, share one Cluster hash tag per client, and expire', async () => {
      const store = open();
      const prefix = prefixes[prefixes.length - 1];
      await store.increment('abc', 60_000, 1, 30_000, 'sessions');
      await store.increment('abc', 60_000, 1, 30_000, 'sessions');
      const keys = (await keysWithPrefix(redis, prefix)).sort();
      expect(keys).toEqual([`${prefix}rl:{sessions:abc}`, `${prefix}rl:{sessions:abc}:blk`]);
      for (const key of keys) expect(await redis.pttl(key)).toBeGreaterThan(0);
    });
  });
});
