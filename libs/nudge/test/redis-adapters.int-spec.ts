import { ChannelSubscriber, createChannelSubscriber, Keyspace } from '@sighej/shared';
import { NudgeKeys } from '../src/nudge-keys';
import { randomUUID } from 'node:crypto';
import { RedisNudgeBus, RedisNudgeQueue } from '../src';
import { BusMessage } from '../src/bus/bus-message';
import { deleteKeysWithPrefix } from '../../../test/support/redis-cleanup';
import { describeEachRedisTarget, testRedisClient } from '../../../test/support/redis-targets';
import { uniqueKeyPrefix } from '../../../test/support/test-services';
import { nudgeBusContract } from './nudge-bus.contract';
import { nudgeQueueContract } from './nudge-queue.contract';

describeEachRedisTarget(({ url }) => {
  const redis = testRedisClient(url);
  const subscribers: ChannelSubscriber[] = [];
  const prefix = uniqueKeyPrefix();
  const keyspace = new Keyspace(prefix);
  const keys = new NudgeKeys(keyspace);

  function subscriber(): ChannelSubscriber {
    const created = createChannelSubscriber(url, redis, 'sighej-test-subscriber');
    subscribers.push(created);
    return created;
  }

  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await Promise.all(subscribers.map((created) => created.close()));
    await redis.quit();
  });

  nudgeQueueContract('RedisNudgeQueue', () => Promise.resolve(new RedisNudgeQueue(redis, keyspace)));
  nudgeBusContract('RedisNudgeBus', () => Promise.resolve(new RedisNudgeBus(redis, subscriber(), keyspace)));

  describe('RedisNudgeBus across instances', () => {
    it('delivers only to the instance subscribed to the session', async () => {
      const [a, b] = [
        new RedisNudgeBus(redis, subscriber(), keyspace),
        new RedisNudgeBus(redis, subscriber(), keyspace),
      ];
      const onA: string[] = [];
      const onB: string[] = [];
      a.listen((sessionId) => onA.push(sessionId));
      b.listen((sessionId) => onB.push(sessionId));
      const [sessionOnA, sessionOnB] = [randomUUID(), randomUUID()];
      await a.subscribe(sessionOnA);
      await b.subscribe(sessionOnB);
      const message: BusMessage = { t: 'ended', reason: 'deleted' };
      await b.publish(sessionOnA, message);
      await a.publish(sessionOnB, message);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(onA).toEqual([sessionOnA]);
      expect(onB).toEqual([sessionOnB]);
    });

    it('ignores foreign and malformed messages on the channel', async () => {
      const bus = new RedisNudgeBus(redis, subscriber(), keyspace);
      const got: BusMessage[] = [];
      bus.listen((_, message) => got.push(message));
      const session = randomUUID();
      await bus.subscribe(session);
      await redis.spublish(keys.channel(session), 'not json');
      await redis.spublish(keys.channel(session), JSON.stringify({ t: 'nudge', id: 1 }));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(got).toEqual([]);
    });

    it('keeps the pending queue expiring with the session', async () => {
      const queue = new RedisNudgeQueue(redis, keyspace);
      const session = randomUUID();
      await queue.enqueue(session, { id: randomUUID(), frame: '{}' }, Date.now() + 30_000, {
        max: 50,
        maxAgeMs: 900_000,
      });
      for (const key of [keys.pending(session), keys.frames(session)]) {
        const ttl = await redis.pttl(key);
        expect(ttl).toBeGreaterThan(28_000);
        expect(ttl).toBeLessThanOrEqual(30_000);
      }
    });
  });
});
