import { DEAF_LIMIT_MS, keySlot, Keyspace } from '@sighej/shared';
import { NudgeKeys } from '@sighej/nudge';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ClusterFaults, ClusterNode } from '../tools/chaos/cluster-faults';
import { until } from './support/failover-traffic';
import { metricValue } from './support/metric-value';
import { optionalRedisTarget, testRedisClient } from './support/redis-targets';
import { createSession, CreatedSession } from './support/sessions';
import { startTestApp, TestApp } from './support/test-app';
import { sleep } from './support/sleep';
import { TestSocket } from './support/ws-client';

jest.setTimeout(120_000);

const SOCKETS = 45;
/**
 * A socket that neither hears a probe nor was closed with 1011 within this after a fault is
 * deaf: the subscriber gives a shard DEAF_LIMIT_MS to come back, then closes its sockets.
 */
const HEAR_WITHIN_MS = DEAF_LIMIT_MS + 10_000;
const PROBE_EVERY_MS = 500;

interface Phone {
  session: CreatedSession;
  socket: TestSocket;
  slot: number;
  closedWith?: number;
}

/** SSUBSCRIBE calls Redis executed, by node port. */
async function ssubscribeCalls(faults: ClusterFaults): Promise<Map<number, number>> {
  const calls = new Map<number, number>();
  for (const node of await faults.nodes()) {
    const client = new Redis({ port: node.port });
    const stats = (await client.info('commandstats')).match(/cmdstat_ssubscribe:calls=(\d+)/);
    client.disconnect();
    calls.set(node.port, Number(stats?.[1] ?? 0));
  }
  return calls;
}

/** SSUBSCRIBEs executed since `before` on the nodes still up. */
function callsSince(before: Map<number, number>, after: Map<number, number>): number {
  return [...after].reduce((sum, [port, calls]) => sum + calls - (before.get(port) ?? 0), 0);
}

const cluster = optionalRedisTarget('cluster');
if (cluster === undefined)
  it.skip('subscriptions across Cluster failovers (needs TEST_REDIS_CLUSTER_URL)', () => undefined);
else
  describe('every socket keeps hearing its channel across Cluster master failovers', () => {
    let t: TestApp;
    let redis: Redis;
    let faults: ClusterFaults;
    let keys: NudgeKeys;
    let phones: Phone[];

    beforeAll(async () => {
      t = await startTestApp({ redisUrl: cluster.url });
      redis = testRedisClient(cluster.url);
      faults = new ClusterFaults(cluster.url);
      keys = new NudgeKeys(new Keyspace(t.env.REDIS_KEY_PREFIX));
    });
    afterAll(async () => {
      for (const phone of phones ?? []) await phone.socket.close();
      faults.close();
      redis.disconnect();
      await t.close();
    });

    beforeEach(async () => {
      for (const phone of phones ?? []) await phone.socket.close();
      phones = [];
      for (let n = 0; n < SOCKETS; n++) {
        const session = await createSession(t.url, ['chess']);
        const socket = await TestSocket.open(t.url, session.bleToken, session.accessToken);
        const phone: Phone = { session, socket, slot: keySlot(keys.channel(session.sessionId)) };
        void socket.closed.then(({ code }) => (phone.closedWith = code));
        phones.push(phone);
      }
    });

    /**
     * Raw SPUBLISHes per socket (no pending queue behind them), again every PROBE_EVERY_MS until
     * the socket hears one or is closed: who heard within `withinMs`, who was closed with 1011,
     * and who stayed deaf.
     */
    async function probe(withinMs: number): Promise<{ heard: number; closed1011: number; deaf: number }> {
      const outcomes = await Promise.all(phones.map((phone) => probeOne(phone, Date.now() + withinMs)));
      const count = (what: string): number => outcomes.filter((outcome) => outcome === what).length;
      return { heard: count('heard'), closed1011: count('closed1011'), deaf: count('deaf') };
    }

    async function probeOne(phone: Phone, deadline: number): Promise<'heard' | 'closed1011' | 'deaf'> {
      while (Date.now() < deadline) {
        if (phone.closedWith !== undefined) return phone.closedWith === 1011 ? 'closed1011' : 'deaf';
        const id = randomUUID();
        const frame = JSON.stringify({ type: 'nudge', nudge_id: id, token: 'probe', shared_interests: [] });
        await redis.spublish(
          keys.channel(phone.session.sessionId),
          JSON.stringify({ t: 'nudge', id, frame }),
        );
        const heard = await phone.socket
          .next((received) => received.nudge_id === id, PROBE_EVERY_MS)
          .then(() => true)
          .catch(() => false);
        if (heard) return 'heard';
      }
      return 'deaf';
    }

    async function unsubscribedSockets(): Promise<number> {
      const health = await request(t.url).get('/health');
      return (health.body as { details: { redis: { unsubscribed_sockets: number } } }).details.redis
        .unsubscribed_sockets;
    }

    async function afterFault(name: string, victim: ClusterNode, fault: () => Promise<void>): Promise<void> {
      const onVictim = phones.filter((phone) =>
        victim.ranges.some(([from, to]) => phone.slot >= from && phone.slot <= to),
      );
      expect(onVictim.length).toBeGreaterThan(3);
      expect(await probe(PROBE_EVERY_MS * 4)).toEqual({ heard: SOCKETS, closed1011: 0, deaf: 0 });
      const callsBefore = await ssubscribeCalls(faults);
      const faultAt = Date.now();
      await fault();
      const outcome = await probe(HEAR_WITHIN_MS);
      const healedAfterMs = Date.now() - faultAt;
      // The count is as of the subscriber's last check (a fraction of a second old).
      await until(
        '/health to count 0 unsubscribed sockets',
        async () => (await unsubscribedSockets()) === 0,
        3000,
      );
      const resubscribes = callsSince(callsBefore, await ssubscribeCalls(faults));
      console.log(
        `${name}: ${JSON.stringify({ ...outcome, onVictimShard: onVictim.length, resubscribes, healedAfterMs })}`,
      );
      expect(outcome.deaf).toBe(0);
      expect(outcome.heard + outcome.closed1011).toBe(SOCKETS);
      // One re-subscribe per socket of the shard per topology change, not hundreds.
      expect(resubscribes).toBeLessThanOrEqual(onVictim.length * 3);
      const metrics = await request(t.url)
        .get('/metrics')
        .set('Authorization', `Bearer ${t.env.ADMIN_API_KEY}`);
      expect(metricValue(metrics.text, 'sighej_ws_unsubscribed_sockets')).toBe(0);
    }

    it('CLUSTER FAILOVER of a master: every socket hears its probe or was closed with 1011, /health stays 200', async () => {
      const victim = await faults.victim();
      const health: number[] = [];
      await afterFault('planned failover', victim, async () => {
        let switching = true;
        const sampler = (async () => {
          while (switching) {
            health.push((await request(t.url).get('/health')).status);
            await sleep(50);
          }
        })();
        await faults.plannedFailover(victim);
        await sleep(2000);
        switching = false;
        await sampler;
      });
      expect(health.filter((status) => status !== 200)).toEqual([]);
    });

    it('kill -9 of a master: every socket hears its probe or was closed with 1011', async () => {
      const victim = await faults.victim();
      await afterFault('kill -9 of a master', victim, () => faults.killMaster(victim));
      await faults.revive(victim.port);
    });
  });
