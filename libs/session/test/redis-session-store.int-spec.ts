import { RedisSessionStore } from '../src';
import { redisForSuite } from '../../../test/support/redis-cleanup';
import { describeEachRedisTarget } from '../../../test/support/redis-targets';
import { sessionStoreContract } from './session-store.contract';

describeEachRedisTarget(({ url }) => {
  const { redis, freshKeyspace } = redisForSuite(url);

  sessionStoreContract('RedisSessionStore', () =>
    Promise.resolve(new RedisSessionStore(redis, freshKeyspace())),
  );
});
