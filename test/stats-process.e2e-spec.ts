import Redis from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_MAIN, RunningApp, spawnApp } from './support/built-app';
import { deleteKeysWithPrefix } from './support/redis-cleanup';
import { StatsDb } from './support/stats-db';
import { freshTestDatabase, TEST_REDIS_URL, uniqueKeyPrefix } from './support/test-services';

jest.setTimeout(60_000);

const ADMIN_API_KEY = 'test-admin-key-0123456789';
const today = (): string => new Date().toISOString().slice(0, 10);

function createSession(app: RunningApp, interests: string[]): Promise<number> {
  return fetch(`${app.url}/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ interests }),
  }).then(
    (response) => response.status,
    () => 0,
  );
}

async function stats(
  app: RunningApp,
): Promise<{ total_sessions_today: number; top_interest_categories: string[] }> {
  const response = await fetch(`${app.url}/stats`, { headers: { Authorization: `Bearer ${ADMIN_API_KEY}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { total_sessions_today: number; top_interest_categories: string[] };
}

describe('the service as a process (SIGTERM flushes stats)', () => {
  describe('on Postgres and Redis', () => {
    let database: Awaited<ReturnType<typeof freshTestDatabase>>;
    let db: StatsDb;
    const prefix = uniqueKeyPrefix();
    beforeAll(async () => {
      database = await freshTestDatabase();
      db = await StatsDb.connect(database.url);
    });
    afterAll(async () => {
      await db.close();
      await database.drop();
      const redis = new Redis(TEST_REDIS_URL);
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    });

    const start = (): Promise<RunningApp> =>
      spawnApp(BUILT_MAIN, {
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: prefix,
        DATABASE_URL: database.url,
        ADMIN_API_KEY,
        INTEREST_HASH_SECRET: 'test-interest-hash-secret',
        // No flush on the timer during the test: only the shutdown flush can write.
        STATS_FLUSH_INTERVAL_MS: '60000',
        RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
        LOG_LEVEL: 'info',
      });

    it('writes counts made right before SIGTERM to Postgres before exiting', async () => {
      const app = await start();
      const statuses = await Promise.all(
        Array.from({ length: 10 }, () => createSession(app, ['devops', 'k8s', 'hardstyle'])),
      );
      expect(statuses).toEqual(Array(10).fill(201));
      app.child.kill('SIGTERM');
      await app.exited;
      expect(await db.sessionsOn(today())).toBe(10);
      expect(await db.categoriesOn(today())).toEqual({ tech: 10, music: 10 });
      expect(app.output()).not.toMatch(/not written/);
    });

    it('counts every request it answered while SIGTERM arrived mid-traffic', async () => {
      const app = await start();
      const before = await db.sessionsOn(today());
      const requests = Array.from({ length: 40 }, () => createSession(app, ['chess']));
      await Promise.race(requests); // the first is answered, the others are in flight
      app.child.kill('SIGTERM');
      const statuses = await Promise.all(requests);
      await app.exited;
      const answered = statuses.filter((status) => status === 201).length;
      expect(answered).toBeGreaterThan(0);
      expect(await db.sessionsOn(today())).toBe(before + answered);
      expect(app.output()).not.toMatch(/not written/);
    });
  });

  describe('embedded (no REDIS_URL, no DATABASE_URL: PGlite)', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sighej-embedded-'));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    const start = (): Promise<RunningApp> =>
      spawnApp(
        BUILT_MAIN,
        {
          EMBEDDED_DATA_DIR: dataDir,
          ADMIN_API_KEY,
          STATS_MIN_CATEGORY_COUNT: '2',
          STATS_FLUSH_INTERVAL_MS: '60000',
        },
        90_000,
      ); // a fresh PGlite data directory takes 5-30 s to initialise on a busy machine

    it('counts on the embedded Postgres and keeps the counts across a restart', async () => {
      const first = await start();
      for (let i = 0; i < 3; i += 1) expect(await createSession(first, ['devops'])).toBe(201);
      expect(await createSession(first, ['hardstyle'])).toBe(201);
      expect(await stats(first)).toMatchObject({
        total_sessions_today: 4,
        top_interest_categories: ['tech'],
      });
      first.child.kill('SIGTERM');
      await first.exited;

      const second = await start();
      try {
        expect(await stats(second)).toMatchObject({
          total_sessions_today: 4,
          top_interest_categories: ['tech'],
        });
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    }, 200_000);
  });
});
