import { RedisKeys } from '@sighej/shared';
import { RedisSessionStore } from '../src';
import { deleteKeysWithPrefix } from '../../../test/support/redis-cleanup';
import { describeEachRedisTarget, testRedisClient } from '../../../test/support/redis-targets';
import { uniqueKeyPrefix } from '../../../test/support/test-services';
import { sessionStoreContract } from './session-store.contract';

describeEachRedisTarget(({ url }) => {
  const redis = testRedisClient(url);
  const prefixes: string[] = [];

  afterAll(async () => {
    for (const prefix of prefixes) await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  sessionStoreContract('RedisSessionStore', () => {
    const prefix = uniqueKeyPrefix();
    prefixes.push(prefix);
    return Promise.resolve(new RedisSessionStore(redis, new RedisKeys(prefix)));
  });
});
