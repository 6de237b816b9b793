import request from 'supertest';
import { bleToken, createSession, match } from './support/sessions';
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
    const a = await createSession(t.url, bleToken('count-a'), ['devops', 'hardstyle']);
    const b = await createSession(t.url, bleToken('count-b'), ['DevOps', 'techno']);
    const c = await createSession(t.url, bleToken('count-c'), ['chess']);
    for (let i = 0; i < 5; i += 1) {
      await match(t.url, a, b.bleToken).expect(200);
      await match(t.url, b, a.bleToken).expect(200);
    }
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0 ? match(t.url, a, b.bleToken) : match(t.url, b, a.bleToken),
      ),
    );
    // No overlap: never a match.
    await match(t.url, a, c.bleToken).expect(200, { match: false, shared_interests: [], nudge_sent: false });

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
