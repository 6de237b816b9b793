import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The machine's services; override with TEST_REDIS_URL / TEST_DATABASE_URL. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
export const TEST_POSTGRES_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A Redis key prefix no other test run uses, so runs can share one server. */
export function uniqueKeyPrefix(): string {
  return `t${randomBytes(5).toString('hex')}:`;
}

function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** Creates an empty database for one test file; `drop()` removes it. */
export async function freshTestDatabase(): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const name = `sighej_test_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDatabase(TEST_POSTGRES_URL, name),
    name,
    drop: async () => {
      const client = new Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
