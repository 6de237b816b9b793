import request from 'supertest';
import { topologyPort } from '../tools/chaos/cluster-faults';
import { appForSuite, clusterFaultsForSuite } from './support/fixtures';
import { Traffic, until } from './support/failover-traffic';
import { optionalRedisTarget } from './support/redis-targets';
import { createSession } from './support/sessions';

jest.setTimeout(240_000);

/** A port of `.ci/redis-topologies.sh`'s range the cluster does not use. */
const NEW_NODE_PORT = topologyPort(6);
const SLOTS_MOVED = 1000;
/** Concurrent phone loops: auto-pipelining batches their commands across slots. */
const LOOPS = 16;

const cluster = optionalRedisTarget('cluster');
if (cluster === undefined) it.skip('a reshard under traffic (needs TEST_REDIS_CLUSTER_URL)', () => undefined);
else
  describe('a Cluster reshard under traffic', () => {
    const t = appForSuite({ redisUrl: cluster.url });
    const faults = clusterFaultsForSuite(cluster.url);

    it('adds a node, moves slots there and back, removes it: never a 500, only retryable 503s', async () => {
      await until('/health 200', async () => (await request(t.url).get('/health')).status === 200);
      const pairs = await Promise.all(
        Array.from({ length: LOOPS }, async () =>
          Promise.all([createSession(t.url, ['chess']), createSession(t.url, ['chess'])]),
        ),
      );
      const loops = pairs.map((pair) => new Traffic(t, pair));
      const source = await faults.victim();
      await faults.addNode(NEW_NODE_PORT);
      await faults.reshard(source.port, NEW_NODE_PORT, SLOTS_MOVED);
      await faults.reshard(NEW_NODE_PORT, source.port, SLOTS_MOVED);
      await faults.removeNode(NEW_NODE_PORT);
      await Promise.all(loops.map((loop) => loop.stop()));

      const answers = loops.flatMap((loop) => loop.answers);
      const byStatus = answers.reduce<Record<number, number>>(
        (counts, answer) => ({ ...counts, [answer.status]: (counts[answer.status] ?? 0) + 1 }),
        {},
      );
      console.log(`reshard under traffic: ${JSON.stringify({ requests: answers.length, byStatus })}`);
      const failures = answers.filter((answer) => answer.status >= 300 && answer.status !== 503);
      expect(failures).toEqual([]);
      expect(answers.filter((answer) => answer.status < 300).length).toBeGreaterThan(answers.length * 0.95);
    });
  });
