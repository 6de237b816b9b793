import Redis from 'ioredis';

/** Deletes every key under `prefix` (tests only: the service itself never scans). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
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
