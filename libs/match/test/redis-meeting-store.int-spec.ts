import { Keyspace } from '@sighej/shared';
import { MatchKeys } from '../src/meetings/match-keys';
import { randomUUID } from 'node:crypto';
import { deleteKeysWithPrefix } from '../../../test/support/redis-cleanup';
import { describeEachRedisTarget, testRedisClient } from '../../../test/support/redis-targets';
import { uniqueKeyPrefix } from '../../../test/support/test-services';
import { RedisMeetingStore } from '../src/meetings/redis-meeting-store';
import { meetingStoreContract } from './meeting-store.contract';

describeEachRedisTarget(({ url }) => {
  const redis = testRedisClient(url);
  const prefix = uniqueKeyPrefix();
  const keyspace = new Keyspace(prefix);
  const keys = new MatchKeys(keyspace);

  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  meetingStoreContract('RedisMeetingStore', () => Promise.resolve(new RedisMeetingStore(redis, keyspace)));

  it('keeps every key of a meeting in one hash slot, expiring within the window or cooldown', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const store = new RedisMeetingStore(redis, keyspace);
    await store.sight(a, b, 120, 7200);
    await store.sight(b, a, 120, 7200);
    const meetingKeys = [keys.sighting(a, b, a), keys.sighting(a, b, b), keys.meeting(a, b)];
    // Redis Cluster hashes only the part between the first { and }: one tag, one slot.
    const tags = meetingKeys.map((key) => /\{([^}]+)\}/.exec(key)?.[1]);
    expect(new Set(tags).size).toBe(1);
    expect(tags[0]).toBeDefined();
    for (const key of meetingKeys.slice(0, 2)) expect(await redis.ttl(key)).toBeLessThanOrEqual(120);
    expect(await redis.ttl(keys.meeting(a, b))).toBeLessThanOrEqual(7200);
  });

  it("keeps a budget in its epoch's slot, always expiring within the window, and a refund never leaves a key behind", async () => {
    const [epoch, partner, other] = [randomUUID(), randomUUID(), randomUUID()];
    const store = new RedisMeetingStore(redis, keyspace);
    await store.charge(epoch, partner, 5, 900);
    await store.charge(epoch, other, 5, 900);
    expect(await redis.zcard(keys.budget(epoch))).toBe(2);
    expect(await redis.pttl(keys.budget(epoch))).toBeGreaterThan(0);
    expect(await redis.pttl(keys.budget(epoch))).toBeLessThanOrEqual(900_000);
    await store.refund(epoch, partner);
    expect(await redis.pttl(keys.budget(epoch))).toBeGreaterThan(0);
    await store.refund(epoch, other);
    await store.refund(epoch, other);
    expect(await redis.exists(keys.budget(epoch))).toBe(0);
  });
});
