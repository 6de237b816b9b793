import { keySlot, Keyspace } from '@sighej/shared';
import { NudgeKeys } from '@sighej/nudge';
import Redis from 'ioredis';
import { ClusterFaults, ClusterNode } from '../tools/chaos/cluster-faults';
import { optionalRedisTarget, testRedisClient } from './support/redis-targets';
import { createSession, CreatedSession, match } from './support/sessions';
import { sleep } from './support/sleep';
import { startTestApp, TestApp } from './support/test-app';
import { TestSocket } from './support/ws-client';

jest.setTimeout(120_000);

/** Attempts at a pair whose meeting lives off the refusing master (its slot is not the test's to pick). */
const ATTEMPTS = 12;

const cluster = optionalRedisTarget('cluster');
if (cluster === undefined)
  it.skip('one nudge_id per phone per meeting (needs TEST_REDIS_CLUSTER_URL)', () => undefined);
else
  describe('a completion that fails after one nudge was queued, then retried', () => {
    let t: TestApp;
    let redis: Redis;
    let faults: ClusterFaults;
    let keys: NudgeKeys;
    beforeAll(async () => {
      // The partner budget off: the completion's first writes on B's shard are then B's nudge.
      t = await startTestApp({ redisUrl: cluster.url, env: { MATCH_NEW_MEETINGS_PER_WINDOW: '0' } });
      redis = testRedisClient(cluster.url);
      faults = new ClusterFaults(cluster.url);
      keys = new NudgeKeys(new Keyspace(t.env.REDIS_KEY_PREFIX));
    });
    afterAll(async () => {
      faults.close();
      redis.disconnect();
      await t.close();
    });

    const masterOf = async (session: CreatedSession): Promise<ClusterNode> =>
      faults.ownerOf(keySlot(keys.pending(session.sessionId)));

    /** Two sessions on different masters: A's nudge can be queued while B's master refuses writes. */
    async function pairOnTwoMasters(): Promise<[CreatedSession, CreatedSession, ClusterNode]> {
      const a = await createSession(t.url, ['chess']);
      for (;;) {
        const b = await createSession(t.url, ['chess']);
        const bMaster = await masterOf(b);
        if ((await masterOf(a)).port !== bMaster.port) return [a, b, bMaster];
      }
    }

    /** B's master refuses every write (NOREPLICAS: it wants more replicas than it has) while `during` runs. */
    async function refusingWrites<T>(master: ClusterNode, during: () => Promise<T>): Promise<T> {
      const node = new Redis({ port: master.port });
      await node.config('SET', 'min-replicas-to-write', '2');
      try {
        return await during();
      } finally {
        await node.config('SET', 'min-replicas-to-write', '0');
        node.disconnect();
      }
    }

    it('queues and delivers the same nudge_id per phone: one nudge each, never a second id', async () => {
      let outcome: { a: TestSocket; b: TestSocket } | undefined;
      for (let attempt = 0; attempt < ATTEMPTS && outcome === undefined; attempt++) {
        const [a, b, bMaster] = await pairOnTwoMasters();
        const [socketA, socketB] = await Promise.all([
          TestSocket.open(t.url, a.bleToken, a.accessToken),
          TestSocket.open(t.url, b.bleToken, b.accessToken),
        ]);
        await match(t.url, b, a.bleToken).expect(200);
        const failed = await refusingWrites(bMaster, () => match(t.url, a, b.bleToken));
        const queuedForA = await redis.zcard(keys.pending(a.sessionId));
        if (failed.status !== 503 || queuedForA !== 1) {
          // The meeting's own keys lived on B's master: the call failed before any nudge. Again.
          await Promise.all([socketA.close(), socketB.close()]);
          continue;
        }
        // The phone retries; the claim was given back, so the retry decides the meeting again.
        await match(t.url, a, b.bleToken).expect(200);
        await match(t.url, a, b.bleToken).expect(200);
        outcome = { a: socketA, b: socketB };
      }
      expect(outcome).toBeDefined();
      const { a, b } = outcome!;
      await b.nudgeCount(1);
      await sleep(500);
      const idsA = new Set(a.nudges().map((frame) => frame.nudge_id));
      const idsB = new Set(b.nudges().map((frame) => frame.nudge_id));
      console.log(
        `retried completion: ${JSON.stringify({ nudgesA: a.nudges().length, idsA: idsA.size, nudgesB: b.nudges().length, idsB: idsB.size })}`,
      );
      expect(idsA.size).toBe(1);
      expect(idsB.size).toBe(1);
      expect(a.nudges()).toHaveLength(1);
      expect(b.nudges()).toHaveLength(1);
      await Promise.all([a.close(), b.close()]);
    });
  });
