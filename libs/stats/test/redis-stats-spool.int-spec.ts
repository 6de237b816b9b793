import { RedisKeys } from '@sighej/shared';
import { deleteKeysWithPrefix } from '../../../test/support/redis-cleanup';
import { describeEachRedisTarget, testRedisClient } from '../../../test/support/redis-targets';
import { uniqueKeyPrefix } from '../../../test/support/test-services';
import { RedisStatsSpool } from '../src/spool/redis-stats-spool';
import { statsSpoolContract } from './stats-spool.contract';

describeEachRedisTarget(({ url }) => {
  const redis = testRedisClient(url);
  const prefixes: string[] = [];

  afterAll(async () => {
    for (const prefix of prefixes) await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  statsSpoolContract('RedisStatsSpool', () => {
    const prefix = uniqueKeyPrefix();
    prefixes.push(prefix);
    const keys = new RedisKeys(prefix);
    return Promise.resolve({
      spool: new RedisStatsSpool(redis, keys),
      damage: async (id: string) => void (await redis.hset(keys.statsSpool(), id, '{"id": 1')),
    });
  });
});
