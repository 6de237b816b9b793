import { Keyspace } from '@sighej/shared';
import Redis from 'ioredis';
import { mastersOf, testRedisClient } from './redis-targets';
import { uniqueKeyPrefix } from './test-services';

/** Every key under `prefix` on every master (tests only: the service itself never scans). */
export async function keysWithPrefix(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  for (const node of mastersOf(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      found.push(...keys);
    } while (cursor !== '0');
  }
  return found;
}

/** Deletes every key under `prefix` (one DEL per key: on a Cluster they live in many slots). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  await Promise.all((await keysWithPrefix(redis, prefix)).map((key) => redis.del(key)));
}

/** Every key under `prefix` and its value as text (tests only), for privacy scans. */
export async function dumpKeysWithPrefix(redis: Redis, prefix: string): Promise<string[]> {
  const dump: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      dump.push(key);
      const type = await redis.type(key);
      if (type === 'string') dump.push((await redis.get(key)) ?? '');
      if (type === 'hash') dump.push(JSON.stringify(await redis.hgetall(key)));
      if (type === 'zset') dump.push(JSON.stringify(await redis.zrange(key, '0', '-1')));
      if (type === 'list') dump.push(JSON.stringify(await redis.lrange(key, 0, -1)));
      if (type === 'set') dump.push(JSON.stringify(await redis.smembers(key)));
    }
  } while (cursor !== '0');
  return dump;
}

/**
 * For a suite testing Redis adapters on `url`: a test client, and fresh keyspaces (each on
 * its own prefix) for the adapters under test. After the suite every key under those
 * prefixes is deleted and the client closed.
 */
export function redisForSuite(url: string): { redis: Redis; freshKeyspace: () => Keyspace } {
  const redis = testRedisClient(url);
  const prefixes: string[] = [];
  afterAll(async () => {
    for (const prefix of prefixes) await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });
  return {
    redis,
    freshKeyspace: () => {
      const prefix = uniqueKeyPrefix();
      prefixes.push(prefix);
      return new Keyspace(prefix);
    },
  };
}
