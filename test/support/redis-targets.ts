import { createRedisClient, RedisClient } from '@sighej/shared';
import Redis, { Cluster } from 'ioredis';
import { TEST_REDIS_URL } from './test-services';

/** A Redis deployment the Redis adapters and the app are tested against. */
export interface RedisTargetUnderTest {
  name: 'standalone' | 'cluster' | 'sentinel';
  url: string;
}

const OPTIONAL_TARGETS = [
  { name: 'cluster', variable: 'TEST_REDIS_CLUSTER_URL' },
  { name: 'sentinel', variable: 'TEST_REDIS_SENTINEL_URL' },
] as const;

/**
 * The target's URL, or undefined when its variable is unset. The skipped tests say so in their
 * names, and the summary reporter lists them once at the end of the run (no warning per file).
 */
export function optionalRedisTarget(name: 'cluster' | 'sentinel'): RedisTargetUnderTest | undefined {
  const { variable } = OPTIONAL_TARGETS.find((target) => target.name === name)!;
  const url = process.env[variable];
  return url === undefined || url === '' ? undefined : { name, url };
}

/** The name of a test skipped for want of an optional Redis deployment. */
export const needsTopology = (variable: string): string =>
  `SKIPPED: needs ${variable} (start the topologies with eval "$(.ci/redis-topologies.sh start)"; .ci/run does)`;

/**
 * Runs `suite` once per Redis deployment: the machine's Redis, and the throw-away Cluster and
 * Sentinel group of `.ci/redis-topologies.sh` when their URLs are set (a skipped test names
 * the missing variable otherwise).
 */
export function describeEachRedisTarget(suite: (target: RedisTargetUnderTest) => void): void {
  describe('on standalone Redis', () => suite({ name: 'standalone', url: TEST_REDIS_URL }));
  for (const { name, variable } of OPTIONAL_TARGETS) {
    const target = optionalRedisTarget(name);
    if (target === undefined)
      describe(`on Redis ${name}`, () => it.skip(needsTopology(variable), () => undefined));
    else describe(`on Redis ${name}`, () => suite(target));
  }
}

/**
 * A client for test code, built like the service's (same URL forms) but queueing commands
 * until connected, so a test can use it right away. Typed as `Redis`: a Cluster offers the
 * same commands, and test code tells them apart with `mastersOf` where it must.
 */
export function testRedisClient(url: string, subscriber = false): Redis {
  return createRedisClient(url, { name: 'sighej-test', offlineQueue: true, subscriber }) as Redis;
}

/** Every master of `client` (itself unless it is a Cluster): where a test must SCAN. */
export function mastersOf(client: RedisClient): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}
