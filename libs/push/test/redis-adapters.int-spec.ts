import { Keyspace } from '@sighej/shared';
import { RedisPushChannelStore, RedisPushOutcomeLog, RedisPushQueue } from '../src';
import { deleteKeysWithPrefix } from '../../../test/support/redis-cleanup';
import { describeEachRedisTarget, testRedisClient } from '../../../test/support/redis-targets';
import { uniqueKeyPrefix } from '../../../test/support/test-services';
import { pushChannelStoreContract } from './push-channel-store.contract';
import { pushOutcomeLogContract } from './push-outcome-log.contract';
import { pushQueueContract } from './push-queue.contract';

describeEachRedisTarget(({ url }) => {
  const redis = testRedisClient(url);
  const prefixes: string[] = [];
  // Each test its own queue: a fresh prefix, so no test sees another's jobs.
  const keyspace = (): Keyspace => {
    const prefix = uniqueKeyPrefix();
    prefixes.push(prefix);
    return new Keyspace(prefix);
  };

  afterAll(async () => {
    for (const prefix of prefixes) await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  pushQueueContract('RedisPushQueue', () => Promise.resolve(new RedisPushQueue(redis, keyspace())));
  pushChannelStoreContract('RedisPushChannelStore', () =>
    Promise.resolve(new RedisPushChannelStore(redis, keyspace())),
  );
  pushOutcomeLogContract('RedisPushOutcomeLog', () =>
    Promise.resolve(new RedisPushOutcomeLog(redis, keyspace())),
  );
});
