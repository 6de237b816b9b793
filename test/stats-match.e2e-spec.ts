import request from 'supertest';
import { createSession, match, meet, rotate } from './support/sessions';
import { sleep } from './support/sleep';
import { eventually, StatsDb } from './support/stats-db';
import { startTestApp, TestApp } from './support/test-app';

jest.setTimeout(30_000);

const today = (): string => new Date().toISOString().slice(0, 10);

describe('match counting in stats', () => {
  let t: TestApp;
  let db: StatsDb;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        STATS_FLUSH_INTERVAL_MS: '100',
        RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
        RATE_LIMIT_MATCHES_PER_MINUTE: '0',
      },
    });
    db = await StatsDb.connect(t.env.DATABASE_URL!);
  });
  afterAll(async () => {
    await db.close();
    await t.close();
  });

  const matchesInPostgres = async (): Promise<number> =>
    (
      await db.query<{ n: number }>('SELECT total_matches AS n FROM daily_stats WHERE date = $1', [today()])
    )[0]?.n ?? 0;

  it('counts one pair once however often, and however concurrently, both sides call', async () => {
    const a = await createSession(t.url, ['devops', 'hardstyle']);
    const b = await createSession(t.url, ['DevOps', 'techno']);
    const c = await createSession(t.url, ['chess']);
    for (let i = 0; i < 5; i += 1) {
      await match(t.url, a, b.bleToken).expect(200);
      await match(t.url, b, a.bleToken).expect(200);
    }
    // Rotation makes new meetings that nudge again, but it is still the same pair of sessions.
    let rotated = a;
    for (let i = 1; i <= 2; i += 1) {
      rotated = await rotate(t.url, rotated);
      expect((await meet(t.url, rotated, b)).body.nudge_sent).toBe(true);
    }
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0 ? match(t.url, rotated, b.bleToken) : match(t.url, b, rotated.bleToken),
      ),
    );
    // No overlap: a meeting, but never a match.
    expect((await meet(t.url, rotated, c)).body).toEqual({
      match: false,
      shared_interests: [],
      nudge_sent: false,
    });

    expect(await eventually(matchesInPostgres, 1)).toBe(1);
    await sleep(400); // several more flushes: still one
    expect(await matchesInPostgres()).toBe(1);
    const { body } = await request(t.url)
      .get('/stats')
      .set('Authorization', `Bearer ${t.env.ADMIN_API_KEY}`)
      .expect(200);
    expect(body.total_matches_today).toBe(1);
  });
});
