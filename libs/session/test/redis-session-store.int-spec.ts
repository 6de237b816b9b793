import { RedisKeys } from '@sighej/shared';
import Redis from 'ioredis';
import { RedisSessionStore } from '../src';
import { deleteKeysWithPrefix } from '../../../test/support/redis-cleanup';
import { TEST_REDIS_URL, uniqueKeyPrefix } from '../../../test/support/test-services';
import { sessionStoreContract } from './session-store.contract';

const redis = new Redis(TEST_REDIS_URL);
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
