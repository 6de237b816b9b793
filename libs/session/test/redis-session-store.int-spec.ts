import { RedisSessionStore } from '../src';
import { redisForSuite } from '../../../test/support/redis-cleanup';
import { describeEachRedisTarget } from '../../../test/support/redis-targets';
import { sessionStoreContract } from './session-store.contract';

describeEachRedisTarget(({ url }) => {
  const { redis, freshKeys } = redisForSuite(url);

  sessionStoreContract('RedisSessionStore', () => Promise.resolve(new RedisSessionStore(redis, freshKeys())));
});
