import { Keyspace } from '@sighej/shared';
import { StatsKeys } from '@sighej/stats';
import Redis from 'ioredis';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_MAIN, RunningApp, serviceDeployment, spawnApp } from './support/built-app';
import { eventually, StatsDb } from './support/stats-db';
import { TcpProxy } from './support/tcp-proxy';
import { TEST_REDIS_URL } from './support/test-services';

jest.setTimeout(90_000);

const today = (): string => new Date().toISOString().slice(0, 10);

async function createSessions(app: RunningApp, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${app.url}/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ interests: ['devops'] }),
    });
    expect(response.status).toBe(201);
  }
}

async function stop(app: RunningApp): Promise<void> {
  app.child.kill('SIGTERM');
  await app.exited;
}

/**
 * SPEC: no count is lost. Postgres away for the whole shutdown: the counts wait in the
 * stats spool (Redis, or a file without Redis) and the next flusher writes them, once.
 */
describe('stats spooled at shutdown while Postgres is down (the built service: npm run build first)', () => {
  let db: StatsDb;
  let postgres: TcpProxy;
  // Declared first so it runs before the deployment's own afterAll drops the database.
  afterAll(async () => {
    await postgres?.stop();
    await db?.close();
  });
  const deployment = serviceDeployment();
  beforeAll(async () => {
    db = await StatsDb.connect(deployment.databaseUrl);
    const url = new URL(deployment.databaseUrl);
    postgres = await new TcpProxy(url.hostname, Number(url.port || 5432)).start();
  });

  const common = {
    ADMIN_API_KEY: 'test-admin-key-0123456789',
    INTEREST_HASH_SECRET: 'test-interest-hash-secret',
    RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
    LOG_LEVEL: 'info',
  };

  /**
   * Starts (which migrates), counts `count` sessions, loses Postgres, stops: returns the
   * output and the sessions Postgres held before.
   */
  async function countThenStopWithoutPostgres(
    env: Record<string, string>,
    count: number,
  ): Promise<{ output: string; before: number }> {
    postgres.restore();
    const app = await spawnApp(BUILT_MAIN, {
      ...common,
      ...env,
      DATABASE_URL: postgres.wrap(deployment.databaseUrl),
      STATS_FLUSH_INTERVAL_MS: '60000', // only the shutdown flush could write
    });
    const before = await db.sessionsOn(today());
    await createSessions(app, count);
    postgres.cut();
    await stop(app);
    postgres.restore();
    return { output: app.output(), before };
  }

  describe('on Redis', () => {
    const { prefix } = deployment;
    const redis = new Redis(TEST_REDIS_URL);
    afterAll(() => redis.quit());
    const onRedis = { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix };

    it('keeps the batch in Redis; two instances starting together write it exactly once', async () => {
      const { output, before } = await countThenStopWithoutPostgres(onRedis, 6);
      expect(output).toMatch(/12 counts handed to the stats spool \(Redis hash .*stats:spool\)/);
      expect(output).toMatch(/spooled counts: 12, lost counts: 0/);
      expect(output).not.toMatch(/counts not written/);
      expect(await redis.hlen(new StatsKeys(new Keyspace(prefix)).spool())).toBe(1);
      expect(await db.sessionsOn(today())).toBe(before);

      const instances = await Promise.all(
        [1, 2].map(() =>
          spawnApp(BUILT_MAIN, {
            ...common,
            ...onRedis,
            DATABASE_URL: deployment.databaseUrl,
            STATS_FLUSH_INTERVAL_MS: '200',
          }),
        ),
      );
      try {
        await eventually(() => redis.hlen(new StatsKeys(new Keyspace(prefix)).spool()), 0);
        expect(await db.sessionsOn(today())).toBe(before + 6);
        expect(await db.categoriesOn(today())).toMatchObject({ tech: before + 6 });
        // A while later, and after another start, still exactly once.
        await new Promise((done) => setTimeout(done, 600));
      } finally {
        await Promise.all(instances.map(stop));
      }
      const written = instances.map((app) => app.output()).join('\n');
      expect(written.match(/spooled stats batch \S+ \(12 counts, spooled \d+ s ago\) written/g)).toHaveLength(
        1,
      );
      expect(await db.sessionsOn(today())).toBe(before + 6);
    });
  });

  describe('without Redis (a file next to the embedded data)', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sighej-spool-e2e-'));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
    const inProcess = { EMBEDDED_DATA_DIR: dataDir };

    it('keeps the batch in <EMBEDDED_DATA_DIR>/stats-spool; the next start writes it once', async () => {
      const { output, before } = await countThenStopWithoutPostgres(inProcess, 4);
      expect(output).toMatch(/8 counts handed to the stats spool \(directory .*stats-spool\)/);
      expect(readdirSync(join(dataDir, 'stats-spool'))).toHaveLength(1);
      expect(await db.sessionsOn(today())).toBe(before);

      const next = await spawnApp(BUILT_MAIN, {
        ...common,
        ...inProcess,
        DATABASE_URL: deployment.databaseUrl,
      });
      try {
        await eventually(() => Promise.resolve(readdirSync(join(dataDir, 'stats-spool')).length), 0);
        expect(await db.sessionsOn(today())).toBe(before + 4);
      } finally {
        await stop(next);
      }
      const again = await spawnApp(BUILT_MAIN, {
        ...common,
        ...inProcess,
        DATABASE_URL: deployment.databaseUrl,
      });
      await stop(again);
      expect(await db.sessionsOn(today())).toBe(before + 4);
    });
  });
});
