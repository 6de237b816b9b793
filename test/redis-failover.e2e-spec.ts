import { parseRedisUrl } from '@sighej/shared';
import Redis from 'ioredis';
import request from 'supertest';
import { needsTopology, optionalRedisTarget, RedisTargetUnderTest } from './support/redis-targets';
import { HEAL_WITHIN_MS, summarise, Traffic, until } from './support/failover-traffic';
import { createSession, match } from './support/sessions';
import { sleep } from './support/sleep';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(90_000);

function failoverChecks(target: RedisTargetUnderTest, failover: () => Promise<() => Promise<boolean>>): void {
  describe(`a ${target.name} failover under traffic`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ redisUrl: target.url });
    });
    afterAll(() => t.close());

    it(`answers only 503 during the switch, serves fully within ${HEAL_WITHIN_MS / 1000} s, keeps every earlier session`, async () => {
      await until(
        '/health 200 before the failover',
        async () => (await request(t.url).get('/health')).status === 200,
      );
      const before = await Promise.all(Array.from({ length: 20 }, () => createSession(t.url, ['chess'])));
      const traffic = new Traffic(t, [before[0], before[1]]);
      await sleep(300);
      const triggeredAt = Date.now();
      const switched = await failover();
      await until('the new primary', switched);
      const switchedAt = Date.now();
      await until('full service', () => Promise.resolve(traffic.okSince(switchedAt)));
      await traffic.stop();

      let lost = 0;
      for (const [n, session] of traffic.created.entries()) {
        const other = traffic.created[(n + 1) % traffic.created.length];
        if ((await match(t.url, session, other.bleToken)).status === 401) lost += 1;
      }
      const summary: Record<string, number> = {
        ...summarise(traffic, triggeredAt),
        switchedAfterMs: switchedAt - triggeredAt,
        createdDuring: traffic.created.length,
        lostOfThose: lost,
      };
      console.log(`${target.name} failover: ${JSON.stringify(summary)}`);
      const unexpected = traffic.answers.filter((answer) => answer.status >= 300 && answer.status !== 503);
      expect(unexpected).toEqual([]);
      for (const answer of traffic.answers.filter((candidate) => candidate.status === 503))
        expect(answer.message).toMatch(/Redis/);
      expect(summary.fullServiceAfterMs).toBeLessThan(HEAL_WITHIN_MS);
      await until(
        '/health 200 after the failover',
        async () => (await request(t.url).get('/health')).status === 200,
      );
      // CLUSTER FAILOVER waits for the replica to catch up; a Sentinel failover does not, so
      // what the old primary acknowledged before +switch-master may be gone (async replication).
      if (target.name === 'cluster') expect(lost).toBe(0);
      for (const [n, session] of before.entries())
        expect((await match(t.url, session, before[(n + 1) % before.length].bleToken)).status).toBe(200);
    });
  });
}

const sentinel = optionalRedisTarget('sentinel');
if (sentinel === undefined) it.skip(needsTopology('TEST_REDIS_SENTINEL_URL'), () => undefined);
else
  failoverChecks(sentinel, async () => {
    const parsed = parseRedisUrl(sentinel.url);
    if (parsed.kind !== 'sentinel') throw new Error('not a Sentinel URL');
    const watcher = new Redis(parsed.sentinels[0]);
    const primary = async (): Promise<string> =>
      ((await watcher.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', parsed.masterName)) as string[]).join(':');
    const oldPrimary = await primary();
    const [host, port] = oldPrimary.split(':');
    const old = new Redis({ host, port: Number(port), password: parsed.password });
    // A replica must be in sync (and known to the Sentinel) before it can be promoted.
    await until(
      'a failover the Sentinel accepts',
      async () => (await watcher.call('SENTINEL', 'FAILOVER', parsed.masterName)) === 'OK',
    );
    // Done once the old primary has been turned into a replica (Sentinel does so at its next
    // look at it, up to 10 s later): until then it still accepts writes.
    return async () => {
      const role = (await old.call('ROLE')) as unknown[];
      const switched = (await primary()) !== oldPrimary && role[0] === 'slave';
      if (switched) {
        watcher.disconnect(); // Sentinel 7.0 has no QUIT.
        await old.quit();
      }
      return switched;
    };
  });

const cluster = optionalRedisTarget('cluster');
if (cluster === undefined) it.skip(needsTopology('TEST_REDIS_CLUSTER_URL'), () => undefined);
else
  failoverChecks(cluster, async () => {
    const parsed = parseRedisUrl(cluster.url);
    if (parsed.kind !== 'cluster') throw new Error('not a Cluster URL');
    const any = new Redis(parsed.nodes[0]);
    // Fail over the master owning the `live` key, which every POST /session writes.
    const slot = (await any.call('CLUSTER', 'KEYSLOT', 'sighej:live')) as number;
    const nodes = ((await any.call('CLUSTER', 'NODES')) as string)
      .trim()
      .split('\n')
      .map((line) => line.split(' '));
    const owner = nodes.find(
      ([, , flags, , , , , , ...ranges]) =>
        flags.includes('master') &&
        ranges.some((range) => {
          const [from, to = from] = range.split('-').map(Number);
          return slot >= from && slot <= to;
        }),
    )!;
    const replica = nodes.find(([, , flags, master]) => flags.includes('slave') && master === owner[0])!;
    const [host, port] = replica[1].split('@')[0].split(':');
    const promoted = new Redis({ host, port: Number(port) });
    await any.quit();
    await until(
      'a failover the replica accepts',
      async () => (await promoted.call('CLUSTER', 'FAILOVER')) === 'OK',
    );
    return async () => {
      const role = (await promoted.call('ROLE')) as unknown[];
      if (role[0] === 'master') await promoted.quit();
      return role[0] === 'master';
    };
  });
