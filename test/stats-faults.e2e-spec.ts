import { StatsFlusher } from '@sighej/stats';
import request from 'supertest';
import { sleep } from './support/sleep';
import { eventually, StatsDb } from './support/stats-db';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, TestApp } from './support/test-app';
import { until } from './support/failover-traffic';
import { freshTestDatabase, TEST_POSTGRES_URL } from './support/test-services';

jest.setTimeout(30_000);

const ADMIN = 'Bearer test-admin-key-0123456789';
const today = (): string => new Date().toISOString().slice(0, 10);

describe('stats while Postgres blinks', () => {
  let database: Awaited<ReturnType<typeof freshTestDatabase>>;
  let proxy: TcpProxy;
  let t: TestApp;
  let db: StatsDb;
  let created = 0;

  async function createSessions(count: number): Promise<void> {
    for (let i = 0; i < count; i += 1) {
      created += 1;
      await request(t.url)
        .post('/session')
        .send({ interests: ['devops', 'hardstyle'] })
        .expect(201);
    }
  }

  async function expectEveryCount(): Promise<void> {
    const expected = { sessions: created, categories: { music: created, tech: created } };
    const read = async () => ({
      sessions: await db.sessionsOn(today()),
      categories: await db.categoriesOn(today()),
    });
    expect(await eventually(read, expected, 10_000)).toEqual(expected);
    // And not one more: a batch whose commit reply was lost is not written again.
    await sleep(500);
    expect(await read()).toEqual(expected);
  }

  beforeAll(async () => {
    database = await freshTestDatabase();
    proxy = await new TcpProxy('127.0.0.1', Number(new URL(database.url).port || 5432)).start();
    t = await startTestApp({
      env: {
        DATABASE_URL: proxy.wrap(database.url),
        STATS_FLUSH_INTERVAL_MS: '50',
        RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
      },
    });
    db = await StatsDb.connect(database.url);
  });
  afterAll(async () => {
    proxy.restore();
    await t.close();
    await proxy.stop();
    await db.close();
    await database.drop();
  });

  it('keeps counts made while Postgres is cut off and writes each exactly once when it is back', async () => {
    await createSessions(5);
    await expectEveryCount();

    proxy.cut();
    await createSessions(20);
    await sleep(1500);
    const flusher = t.app.get(StatsFlusher);
    expect(flusher.unflushedSeconds).toBeGreaterThan(1);
    const lag = async (): Promise<number> => {
      const { text } = await request(t.url).get('/metrics').set('Authorization', ADMIN).expect(200);
      return Number(/^sighej_stats_flush_lag_seconds (\S+)$/m.exec(text)?.[1]);
    };
    expect(await lag()).toBeGreaterThan(1);
    expect(await db.sessionsOn(today())).toBe(5);

    proxy.restore();
    await expectEveryCount();
    expect(flusher.unflushedSeconds).toBe(0);
    expect(flusher.lostCounts).toBe(0);
    expect(await lag()).toBe(0);
  });

  it('answers 503 naming Postgres while it is cut off, and keeps serving phones', async () => {
    proxy.cut();
    try {
      const { body } = await request(t.url).get('/stats').set('Authorization', ADMIN).expect(503);
      expect(body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'Postgres is unavailable; try again shortly',
      });
      await createSessions(3);
    } finally {
      proxy.restore();
    }
    await expectEveryCount();
    const { body } = await request(t.url).get('/stats').set('Authorization', ADMIN).expect(200);
    expect(body.total_sessions_today).toBe(created);
  });

  it('loses and doubles nothing when Postgres blinks again and again during flushes', async () => {
    const blinking = (async () => {
      for (let i = 0; i < 15; i += 1) {
        await sleep(40 + ((i * 37) % 60));
        proxy.cut();
        await sleep(30 + ((i * 53) % 80));
        proxy.restore();
      }
    })();
    const creating = (async () => {
      for (let i = 0; i < 6; i += 1) {
        await createSessions(5);
        await sleep(100);
      }
    })();
    await Promise.all([blinking, creating]);
    await expectEveryCount();
    expect(t.app.get(StatsFlusher).lostCounts).toBe(0);
  });
});

describe('stats when Postgres is down at boot', () => {
  it('counts from the start and writes once Postgres comes up', async () => {
    const database = await freshTestDatabase();
    const proxy = await new TcpProxy('127.0.0.1', Number(new URL(database.url).port || 5432)).start();
    proxy.cut();
    const t = await startTestApp({
      env: { DATABASE_URL: proxy.wrap(database.url), STATS_FLUSH_INTERVAL_MS: '50' },
    });
    const db = await StatsDb.connect(database.url);
    try {
      await request(t.url)
        .post('/session')
        .send({ interests: ['devops'] })
        .expect(201);
      await request(t.url).get('/stats').set('Authorization', ADMIN).expect(503);
      proxy.restore();
      // The connector retries every 5 s, then migrates; the flusher writes on its next tick.
      expect(await eventually(() => db.sessionsOn(today()), 1, 12_000)).toBe(1);
      expect(await db.categoriesOn(today())).toEqual({ tech: 1 });
    } finally {
      proxy.restore();
      await t.close();
      await proxy.stop();
      await db.close();
      await database.drop();
    }
  }, 30_000);
});

describe('stats whose COMMIT happened but its reply was lost', () => {
  let proxy: TcpProxy;
  let a: TestApp;
  let db: StatsDb;

  beforeEach(async () => {
    const postgres = new URL(TEST_POSTGRES_URL);
    proxy = await new TcpProxy(postgres.hostname, Number(postgres.port || 5432)).start();
    a = await startTestApp({ databaseProxy: proxy, env: { STATS_FLUSH_INTERVAL_MS: '200' } });
    // The same database, straight to Postgres (the app's URL points at the proxy).
    const direct = new URL(a.env.DATABASE_URL!);
    direct.host = postgres.host;
    db = await StatsDb.connect(direct.toString());
  });
  afterEach(async () => {
    await db.close();
    proxy.restore();
    await a.close();
    await proxy.stop();
  });

  async function createSessionsAt(t: TestApp, count: number): Promise<void> {
    for (let i = 0; i < count; i += 1)
      await request(t.url)
        .post('/session')
        .send({ interests: ['devops'] })
        .expect(201);
  }

  async function expectExactly(sessions: number): Promise<void> {
    expect(await eventually(() => db.sessionsOn(today()), sessions, 15_000)).toBe(sessions);
    await sleep(1000);
    expect(await db.sessionsOn(today())).toBe(sessions);
  }

  it('counts the batch once: the flusher asks Postgres whether that transaction committed', async () => {
    proxy.cutAfterSending('COMMIT');
    await createSessionsAt(a, 5);
    await until('the cut right after COMMIT', () => Promise.resolve(!proxy.armed), 10_000);
    await sleep(500);
    proxy.restore();
    await expectExactly(5);
  });

  it('counts it once when the instance is stopped before Postgres is back (spooled after its transaction)', async () => {
    const b = await startTestApp({ sameDeploymentAs: a.env, env: { STATS_FLUSH_INTERVAL_MS: '200' } });
    proxy.cutAfterSending('COMMIT');
    await createSessionsAt(b, 5);
    await until('the cut right after COMMIT', () => Promise.resolve(!proxy.armed), 10_000);
    // b's last flush cannot learn the outcome: its batch goes to the spool, after that transaction.
    await b.close();
    expect(b.app.get(StatsFlusher).spooledCounts).toBeGreaterThan(0);
    proxy.restore();
    await expectExactly(5);
  });
});
