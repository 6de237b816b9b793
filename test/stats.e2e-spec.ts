import { StatsFlusher } from '@sighej/stats';
import { Clock } from '../libs/stats/src/clock';
import request from 'supertest';
import { appForSuite } from './support/fixtures';
import { eventually, StatsDb } from './support/stats-db';
import { startTestApp, TestApp } from './support/test-app';

const ADMIN = 'Bearer test-admin-key-0123456789';
// Abuse limits off: these tests create many sessions and fail admin auth on purpose.
const STATS_ENV = {
  STATS_FLUSH_INTERVAL_MS: '100',
  RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
  RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '0',
};
const today = (): string => new Date().toISOString().slice(0, 10);

async function createSession(t: TestApp, interests: string[]): Promise<void> {
  await request(t.url).post('/session').send({ interests }).expect(201);
}

describe('admin stats (GET /stats, GET /stats/daily)', () => {
  let t: TestApp;
  let db: StatsDb;
  beforeAll(async () => {
    t = await startTestApp({ env: STATS_ENV });
    db = await StatsDb.connect(t.env.DATABASE_URL!);
  });
  afterAll(async () => {
    await db.close();
    await t.close();
  });

  const stats = (query = '') => request(t.url).get(`/stats${query}`).set('Authorization', ADMIN);

  describe('admin key', () => {
    it.each([
      ['no Authorization header', undefined],
      ['a wrong key', 'Bearer wrong-admin-key-0123456789'],
      ['a prefix of the key', 'Bearer test-admin-key'],
      ['the key plus a character', 'Bearer test-admin-key-0123456789x'],
      ['another scheme', 'Basic test-admin-key-0123456789'],
      ['the bare key', 'test-admin-key-0123456789'],
    ])('answers 401 to %s', async (_label, header) => {
      for (const path of ['/stats', '/stats/daily?from=2026-01-01&to=2026-01-02']) {
        const call = request(t.url).get(path);
        if (header !== undefined) call.set('Authorization', header);
        const { body } = await call.expect(401);
        expect(body).toEqual({
          statusCode: 401,
          error: 'Unauthorized',
          message: 'Missing or invalid admin API key',
        });
      }
    });

    it('accepts the configured key', () => stats().expect(200));
  });

  describe('counting', () => {
    it('counts a session at once, and each of its categories once, and writes them to Postgres within seconds', async () => {
      const before = (await stats().expect(200)).body;
      // devops and kubernetes are both tech: three interests, two categories.
      await createSession(t, ['DevOps', 'kubernetes', 'hardstyle']);
      const after = (await stats().expect(200)).body;
      expect(after.total_sessions_today).toBe(before.total_sessions_today + 1);

      expect(await eventually(() => db.sessionsOn(today()), before.total_sessions_today + 1)).toBe(
        before.total_sessions_today + 1,
      );
      const categories = await db.categoriesOn(today());
      expect(categories.tech).toBe(1);
      expect(categories.music).toBe(1);
    });

    it('reports live sessions from Redis', async () => {
      const { body } = await stats().expect(200);
      expect(body.active_sessions_now).toBeGreaterThanOrEqual(1);
      await createSession(t, ['chess']);
      expect((await stats().expect(200)).body.active_sessions_now).toBe(body.active_sessions_now + 1);
    });

    it('answers the documented shape for today', async () => {
      const { body } = await stats().expect(200);
      expect(body).toEqual({
        date: today(),
        total_sessions_today: expect.any(Number),
        total_matches_today: 0,
        top_interest_categories: expect.any(Array),
        active_sessions_now: expect.any(Number),
      });
    });

    it('shows a category from its 11th session on, never from its 10th (k-anonymity)', async () => {
      const day = (await stats().expect(200)).body;
      expect(day.top_interest_categories).toEqual([]);
      for (let i = 0; i < 10; i += 1) await createSession(t, ['jazz']); // music: 1 + 10 = 11
      for (let i = 0; i < 9; i += 1) await createSession(t, ['philosophy']); // 9 + below
      await createSession(t, ['stoicism', 'philosophy']); // philosophy: 10
      expect((await stats().expect(200)).body.top_interest_categories).toEqual(['music']);
      await createSession(t, ['philosophy']); // philosophy: 11
      expect((await stats().expect(200)).body.top_interest_categories).toEqual(['music', 'philosophy']);
    });
  });

  describe('past days', () => {
    it('reads a seeded day, k-anonymous, ties alphabetical, at most five', async () => {
      await db.seed('2025-06-01', 120, 30, {
        tech: 40,
        music: 40,
        sports: 25,
        arts: 25,
        food: 25,
        games: 25,
        books: 12,
        film: 10,
      });
      const { body } = await stats('?date=2025-06-01').expect(200);
      expect(body).toEqual({
        date: '2025-06-01',
        total_sessions_today: 120,
        total_matches_today: 30,
        top_interest_categories: ['music', 'tech', 'arts', 'food', 'games'],
      });
    });

    it('leaves out a category counted 10 times and keeps one counted 11 times', async () => {
      await db.seed('2025-06-02', 21, 0, { film: 10, books: 11 });
      expect((await stats('?date=2025-06-02').expect(200)).body.top_interest_categories).toEqual(['books']);
    });

    it('answers zeros for a day with no data', async () => {
      const { body } = await stats('?date=2020-02-29').expect(200);
      expect(body).toMatchObject({
        date: '2020-02-29',
        total_sessions_today: 0,
        total_matches_today: 0,
        top_interest_categories: [],
      });
    });

    it.each([
      '2026-02-30',
      '2025-02-29',
      '2026-13-01',
      '2026-04-31',
      '2026-1-01',
      '20260101',
      '2026-01-01T00:00:00Z',
      'today',
      '',
      '2026-01-01%00',
    ])('answers 400 to date=%j', async (date) => {
      const { body } = await stats(`?date=${date}`).expect(400);
      expect(body.message).toBe('date must be a real calendar day written YYYY-MM-DD');
    });

    it('answers 400 to a repeated date and to unknown parameters', async () => {
      await stats('?date=2025-06-01&date=2025-06-02').expect(400);
      const { body } = await stats('?day=2025-06-01').expect(400);
      expect(body.message).toBe('property day should not exist');
    });
  });

  describe('GET /stats/daily', () => {
    const daily = (query: string) => request(t.url).get(`/stats/daily${query}`).set('Authorization', ADMIN);

    it('lists every day, zeros included, with k-anonymous categories', async () => {
      await db.seed('2025-07-02', 15, 4, { tech: 11, music: 4 });
      const { body } = await daily('?from=2025-07-01&to=2025-07-03').expect(200);
      expect(body).toEqual({
        from: '2025-07-01',
        to: '2025-07-03',
        days: [
          { date: '2025-07-01', total_sessions: 0, total_matches: 0, top_interest_categories: [] },
          { date: '2025-07-02', total_sessions: 15, total_matches: 4, top_interest_categories: ['tech'] },
          { date: '2025-07-03', total_sessions: 0, total_matches: 0, top_interest_categories: [] },
        ],
      });
    });

    it('includes today, counted but not yet flushed', async () => {
      const { body } = await daily(`?from=${today()}&to=${today()}`).expect(200);
      const single = (await stats().expect(200)).body;
      expect(body.days[0].total_sessions).toBe(single.total_sessions_today);
    });

    it('serves up to 366 days', async () => {
      const { body } = await daily('?from=2024-01-01&to=2024-12-31').expect(200);
      expect(body.days).toHaveLength(366);
    });

    it.each([
      ['367 days', '?from=2024-01-01&to=2025-01-01', /at most 366 days/],
      ['from after to', '?from=2025-07-02&to=2025-07-01', /from must not be after to/],
      ['no to', '?from=2025-07-01', /to must be a real calendar day/],
      ['no parameters', '', /from must be a real calendar day/],
      ['an impossible day', '?from=2025-02-29&to=2025-03-01', /from must be a real calendar day/],
    ])('answers 400 to %s', async (_label, query, message) => {
      const { body } = await daily(query).expect(400);
      expect(JSON.stringify(body.message)).toMatch(message);
    });
  });

  it('keeps only the aggregate tables in Postgres, and no raw interest', async () => {
    await t.app.get(StatsFlusher).flush();
    const tables = await db.query<{ name: string }>(
      `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
    );
    expect(tables.map((row) => row.name)).toEqual([
      'public.daily_stats',
      'public.interest_category_counts',
      'public.migrations',
      'public.stats_applied_batches',
    ]);
    const dump = JSON.stringify([
      await db.query('SELECT * FROM daily_stats'),
      await db.query('SELECT * FROM interest_category_counts'),
      await db.query('SELECT * FROM migrations'),
      await db.query('SELECT * FROM stats_applied_batches'),
    ]).toLowerCase();
    for (const raw of ['devops', 'kubernetes', 'hardstyle', 'jazz', 'stoicism', 'chess'])
      expect(dump).not.toContain(raw);
    expect(dump).toContain('tech');
  });
});

describe('failed admin authentication limit on /stats', () => {
  const t = appForSuite({ env: { RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '3' } });

  it('answers 429 with Retry-After after too many wrong keys from one IP; the right key still passes', async () => {
    for (let i = 0; i < 3; i += 1)
      await request(t.url)
        .get('/stats')
        .set('Authorization', 'Bearer wrong-admin-key-0123456789')
        .expect(401);
    const refused = await request(t.url)
      .get('/stats')
      .set('Authorization', 'Bearer wrong-admin-key-0123456789')
      .expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await request(t.url).get('/stats').set('Authorization', ADMIN).expect(200);
    await request(t.url).get('/stats').set('Authorization', 'Bearer wrong-admin-key-0123456789').expect(429);
  });
});

describe('admin stats without ADMIN_API_KEY', () => {
  const t = appForSuite({ env: { ...STATS_ENV, ADMIN_API_KEY: '' } });

  it.each(['/stats', '/stats/daily?from=2026-01-01&to=2026-01-02'])(
    'refuses every request to %s',
    async (path) => {
      for (const header of [undefined, 'Bearer ', 'Bearer test-admin-key-0123456789']) {
        const call = request(t.url).get(path);
        if (header !== undefined) call.set('Authorization', header);
        const { body } = await call.expect(401);
        expect(body.message).toBe(
          'Stats and other admin endpoints are disabled because ADMIN_API_KEY is not configured',
        );
      }
    },
  );
});

describe.each(['Pacific/Auckland', 'America/Los_Angeles'])('stats days in STATS_TIMEZONE=%s', (zone) => {
  let t: TestApp;
  let db: StatsDb;
  beforeAll(async () => {
    t = await startTestApp({ env: { ...STATS_ENV, STATS_TIMEZONE: zone } });
    db = await StatsDb.connect(t.env.DATABASE_URL!);
  });
  afterAll(async () => {
    await db.close();
    await t.close();
  });

  /** The UTC instant of `time` on `day` in `zone`. */
  function localInstant(day: string, time: string): number {
    const guess = Date.parse(`${day}T${time}Z`);
    const shown = new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone,
      dateStyle: 'short',
      timeStyle: 'medium',
    })
      .format(guess)
      .replace(' ', 'T');
    return guess - (Date.parse(`${shown}Z`) - guess);
  }

  it('counts 23:59:59 and 00:00:01 local time on two different days', async () => {
    const clock = t.app.get(Clock);
    const spy = jest.spyOn(clock, 'now');
    try {
      spy.mockReturnValue(localInstant('2026-03-10', '23:59:59'));
      await createSession(t, ['devops']);
      spy.mockReturnValue(localInstant('2026-03-11', '00:00:01'));
      await createSession(t, ['devops', 'hardstyle']);
    } finally {
      spy.mockRestore();
    }
    expect(await eventually(() => db.sessionsOn('2026-03-11'), 1)).toBe(1);
    expect(await db.sessionsOn('2026-03-10')).toBe(1);
    expect(await db.categoriesOn('2026-03-10')).toEqual({ tech: 1 });
    expect(await db.categoriesOn('2026-03-11')).toEqual({ tech: 1, music: 1 });
    const { body } = await request(t.url)
      .get('/stats/daily?from=2026-03-10&to=2026-03-11')
      .set('Authorization', ADMIN)
      .expect(200);
    const days = body.days as { total_sessions: number }[];
    expect(days.map((d) => d.total_sessions)).toEqual([1, 1]);
  });

  it('takes today from STATS_TIMEZONE', async () => {
    const { body } = await request(t.url).get('/stats').set('Authorization', ADMIN).expect(200);
    expect(body.date).toBe(new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date()));
  });
});
