import Redis from 'ioredis';
import { ClusterFaults } from '../../tools/chaos/cluster-faults';
import { testRedisClient } from './redis-targets';
import { startTestApp, startTwoInstances, TestApp, TestAppOptions } from './test-app';
import { TEST_REDIS_URL } from './test-services';

/** Stands for the object `read` returns when a field is read (so it can be handed out before it exists). */
function deferred<T extends object>(read: () => T): T {
  return new Proxy({} as T, {
    get(_, key) {
      const value = read();
      const field: unknown = Reflect.get(value, key);
      return typeof field === 'function' ? (field as (...args: unknown[]) => unknown).bind(value) : field;
    },
  });
}

/**
 * A value the enclosing describe sets up in its beforeAll and tears down in its afterAll,
 * returned at once so a suite declares it in one line (`const t = appForSuite()`) and reads
 * it inside tests and later hooks. Reading it before its beforeAll ran throws.
 */
export function forSuite<T extends object>(
  setUp: () => Promise<T>,
  tearDown: (value: T) => Promise<void>,
): T {
  let value: T | undefined;
  beforeAll(async () => {
    value = await setUp();
  });
  afterAll(async () => {
    if (value !== undefined) await tearDown(value);
  });
  return deferred(() => {
    if (value === undefined) throw new Error('a suite fixture read before its beforeAll ran');
    return value;
  });
}

/** An app of a suite, with a test client on its Redis deployment (made when first read, closed with the app). */
export type SuiteApp = TestApp & { readonly redis: Redis };

/**
 * One app for the enclosing describe (startTestApp: its own Redis prefix and Postgres
 * database on the Redis kind `redisUrl` names, the machine's by default), closed after it
 * with its keys and database.
 */
export function appForSuite(options: TestAppOptions = {}): SuiteApp {
  let redis: Redis | undefined;
  return forSuite(
    async () => {
      const app = await startTestApp(options);
      return {
        ...app,
        get redis(): Redis {
          return (redis ??= testRedisClient(options.redisUrl ?? TEST_REDIS_URL));
        },
      };
    },
    async ({ close }) => {
      await redis?.quit();
      await close();
    },
  );
}

/**
 * Two instances of one deployment (startTwoInstances: one Redis prefix and database, on the
 * Redis kind `redisUrl` names) for the enclosing describe, closed after it.
 */
export function twoInstancesForSuite(options: TestAppOptions = {}): { a: TestApp; b: TestApp } {
  const both = forSuite(
    () => startTwoInstances(options),
    ({ close }) => close(),
  );
  return { a: deferred(() => both.a), b: deferred(() => both.b) };
}

/** Fault injection on the Cluster `clusterUrl` names, for the enclosing describe (its client closed after it). */
export function clusterFaultsForSuite(clusterUrl: string): ClusterFaults {
  return forSuite(
    () => Promise.resolve(new ClusterFaults(clusterUrl)),
    (faults) => Promise.resolve(faults.close()),
  );
}
