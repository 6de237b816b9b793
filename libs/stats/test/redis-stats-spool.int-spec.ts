import { redisForSuite } from '../../../test/support/redis-cleanup';
import { describeEachRedisTarget } from '../../../test/support/redis-targets';
import { RedisStatsSpool } from '../src/spool/redis-stats-spool';
import { statsSpoolContract } from './stats-spool.contract';

describeEachRedisTarget(({ url }) => {
  const { redis, freshKeys } = redisForSuite(url);

  statsSpoolContract('RedisStatsSpool', () => {
    const keys = freshKeys();
    return Promise.resolve({
      spool: new RedisStatsSpool(redis, keys),
      damage: async (id: string) => void (await redis.hset(keys.statsSpool(), id, '{"id": 1')),
    });
  });
});
