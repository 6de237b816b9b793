// Machine checks and throwaway resources for one benchmark run: a Redis key prefix and a
// Postgres database of its own, so a run never touches another run's (or a test's) data.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { Client } from 'pg';
import { messageOf } from './numbers';

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
export const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function uniquePrefix(): string {
  return `bench${randomBytes(4).toString('hex')}:`;
}

export async function checkRedis(url = REDIS_URL): Promise<string> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return `Redis ${/redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?'}`;
  } catch (error) {
    throw new Error(
      `Redis is not reachable at ${url} (${messageOf(error)}); start it or set BENCH_REDIS_URL`,
    );
  } finally {
    redis.disconnect();
  }
}

async function withPostgres<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: POSTGRES_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `Postgres is not reachable at ${POSTGRES_URL} (${messageOf(error)}); start it or set BENCH_DATABASE_URL`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export function checkPostgres(): Promise<string> {
  return withPostgres(async (client) => {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return `Postgres ${rows[0].server_version}`;
  });
}

export interface BenchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates an empty database; returns its URL and a function that drops it. */
export async function freshDatabase(): Promise<BenchDatabase> {
  const name = `sighej_bench_${randomBytes(4).toString('hex')}`;
  await withPostgres((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withPostgres((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/** Deletes every key under the run's prefix (SCAN is fine here: this is not a request path). */
export async function deleteKeysWithPrefix(prefix: string, url = REDIS_URL): Promise<number> {
  const redis = new Redis(url);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The open-file limit a child process inherits (a process cannot raise its own hard limit). */
export function openFileLimit(): number {
  try {
    const out = execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim();
    return out === 'unlimited' ? Infinity : Number(out);
  } catch {
    return NaN;
  }
}
