import { RedisKeys } from '@sighej/shared';
import { RedisPairClaims } from '../src';
import { deleteKeysWithPrefix } from '../../../test/support/redis-cleanup';
import { describeEachRedisTarget, testRedisClient } from '../../../test/support/redis-targets';
import { uniqueKeyPrefix } from '../../../test/support/test-services';
import { pairClaimsContract } from './pair-claims.contract';

describeEachRedisTarget(({ url }) => {
  const redis = testRedisClient(url);
  const prefix = uniqueKeyPrefix();

  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  pairClaimsContract('RedisPairClaims', () =>
    Promise.resolve(new RedisPairClaims(redis, new RedisKeys(prefix))),
  );

  it('stores the claim under one key with the cooldown as its TTL', async () => {
    const keys = new RedisKeys(prefix);
    await new RedisPairClaims(redis, keys).claim('b-session', 'a-session', 30);
    expect(await redis.ttl(keys.pair('a-session', 'b-session'))).toBeGreaterThan(28);
    expect(keys.pair('a-session', 'b-session')).toBe(keys.pair('b-session', 'a-session'));
  });
});
