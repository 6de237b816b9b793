import { CHECK_AFTER_MS } from '@sighej/match';
import { NudgeKeys } from '@sighej/nudge';
import { Keyspace } from '@sighej/shared';
import Redis from 'ioredis';
import request from 'supertest';
import { until } from '../tools/chaos/cluster-faults';
import { sentinelFailover } from '../tools/chaos/sentinel-faults';
import { needsTopology, optionalRedisTarget, testRedisClient } from './support/redis-targets';
import { createSession, meet } from './support/sessions';
import { sleep } from './support/sleep';
import { startTestApp, TestApp } from './support/test-app';
import { TestSocket } from './support/ws-client';

jest.setTimeout(90_000);

const sentinel = optionalRedisTarget('sentinel');
if (sentinel === undefined) it.skip(needsTopology('TEST_REDIS_SENTINEL_URL'), () => undefined);
else
  describe('a meeting decision lost in a Sentinel failover', () => {
    let t: TestApp;
    let redis: Redis;
    beforeAll(async () => {
      t = await startTestApp({ redisUrl: sentinel.url });
      redis = testRedisClient(sentinel.url);
    });
    afterAll(async () => {
      redis.disconnect();
      await t.close();
    });

    /**
     * The writes a failover loses (Redis replicates asynchronously): the meeting's decision, its
     * sightings and the pair's day-count marker are gone from the primary, which the Sentinel
     * then replaces.
     */
    async function loseTheMeetingAndFailOver(): Promise<void> {
      const meetingKeys = await redis.keys(`${t.env.REDIS_KEY_PREFIX}{m:*`);
      const markers = await redis.keys(`${t.env.REDIS_KEY_PREFIX}{*}:counted:*`);
      expect(meetingKeys.length).toBeGreaterThan(0);
      expect(markers).toHaveLength(1);
      await redis.del(...meetingKeys, ...markers);
      await sentinelFailover(sentinel!.url);
    }

    const matchesToday = async (): Promise<number> =>
      (
        (await request(t.url).get('/stats').set('Authorization', `Bearer ${t.env.ADMIN_API_KEY}`).expect(200))
          .body as { total_matches_today: number }
      ).total_matches_today;

    it('is decided again with the same nudge_id per phone (no second id for the same epochs), and counted once', async () => {
      const matchesBefore = await matchesToday();
      const [a, b] = [await createSession(t.url, ['chess']), await createSession(t.url, ['chess'])];
      const [socketA, socketB] = await Promise.all([
        TestSocket.open(t.url, a.bleToken, a.accessToken),
        TestSocket.open(t.url, b.bleToken, b.accessToken),
      ]);
      expect((await meet(t.url, a, b)).body).toMatchObject({ match: true, nudge_sent: true });
      const [[first], [firstB]] = await Promise.all([socketA.nudgeCount(1), socketB.nudgeCount(1)]);
      socketA.ack(first.nudge_id);
      socketB.ack(firstB.nudge_id);

      await loseTheMeetingAndFailOver();
      // The phones keep seeing each other; once the new primary answers, the meeting is decided again.
      let again: { match: boolean; nudge_sent: boolean } | undefined;
      await until(
        'the meeting decided again',
        async () => {
          const answer = await meet(t.url, a, b).catch(() => undefined);
          again = answer?.body as typeof again;
          return again?.match === true;
        },
        30_000,
      );
      expect(again).toEqual(expect.objectContaining({ match: true, nudge_sent: true }));

      // Whatever the queue does with an id it already delivered (re-sends it, or not), no phone
      // sees a nudge under any other id, and none is pending under another.
      await sleep(2000);
      const keys = new NudgeKeys(new Keyspace(t.env.REDIS_KEY_PREFIX));
      for (const [socket, session, id] of [
        [socketA, a, first.nudge_id],
        [socketB, b, firstB.nudge_id],
      ] as const) {
        expect(new Set(socket.nudges().map((frame) => frame.nudge_id))).toEqual(new Set([id]));
        for (const pending of await redis.zrange(keys.pending(session.sessionId), '0', '-1'))
          expect(pending).toBe(id);
      }
      await Promise.all([socketA.close(), socketB.close()]);

      // The repeated decision claimed the lost day marker anew and counted the pair again; the
      // check of the two counts keeps one.
      await sleep(CHECK_AFTER_MS);
      await until('one count for the pair', async () => (await matchesToday()) === matchesBefore + 1, 5000);
      await sleep(1000);
      expect(await matchesToday()).toBe(matchesBefore + 1);
    });
  });
