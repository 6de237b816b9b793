import { StatsKeys } from '../src/spool/stats-keys';
import { redisForSuite } from '../../../test/support/redis-cleanup';
import { describeEachRedisTarget } from '../../../test/support/redis-targets';
import { RedisStatsSpool } from '../src/spool/redis-stats-spool';
import { statsSpoolContract } from './stats-spool.contract';

describeEachRedisTarget(({ url }) => {
  const { redis, freshKeyspace } = redisForSuite(url);

  statsSpoolContract('RedisStatsSpool', () => {
    const keyspace = freshKeyspace();
    return Promise.resolve({
      spool: new RedisStatsSpool(redis, keyspace),
      damage: async (id: string) => void (await redis.hset(new StatsKeys(keyspace).spool(), id, '{"id": 1')),
    });
  });
});
