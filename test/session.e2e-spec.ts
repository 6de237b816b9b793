import Redis from 'ioredis';
import request from 'supertest';
import { Client } from 'pg';
import { appForSuite } from './support/fixtures';
import { TEST_REDIS_URL } from './support/test-services';
import { sleep } from './support/sleep';
import { dumpKeysWithPrefix } from './support/redis-cleanup';

describe('sessions (POST /session, DELETE /session/{ble_token})', () => {
  const t = appForSuite({ env: { SESSION_TTL_SECONDS: '2' } });

  const create = (body: unknown) =>
    request(t.url)
      .post('/session')
      .send(body as object);

  describe('POST /session', () => {
    it('registers a session and returns its id, the BLE token the server chose, expiry and a one-time access token', async () => {
      const before = Date.now();
      const { body } = await create({ interests: ['DevOps', 'hardstyle'] }).expect(201);
      expect(body).toEqual({
        session_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        ble_token: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
        expires_at: expect.any(String),
        access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
      const expiresAt = Date.parse(body.expires_at as string);
      expect(expiresAt).toBeGreaterThanOrEqual(before + 2000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 2000);
    });

    it('never issues one token twice: 200 concurrent registrations get 200 different tokens', async () => {
      const tokens = await Promise.all(
        Array.from({ length: 200 }, () =>
          create({ interests: ['chess'] })
            .expect(201)
            .then((r) => r.body.ble_token as string),
        ),
      );
      expect(new Set(tokens).size).toBe(200);
    });

    it('refuses a ble_token field with a message saying the server assigns the token', async () => {
      for (const ble_token of ['q8Yb0XcT2nLrV5wKd3Hs1A', 'abc', null, 42]) {
        const { body } = await create({ ble_token, interests: ['jazz'] }).expect(400);
        expect(body).toEqual({
          statusCode: 400,
          error: 'Bad Request',
          message:
            'ble_token is assigned by the server: leave it out and broadcast the ble_token of the response',
        });
      }
    });

    it.each([
      ['no interests', {}, /interests/],
      ['an empty list', { interests: [] }, /at least 1/],
      ['21 interests', { interests: Array.from({ length: 21 }, (_, i) => `i${i}`) }, /at most 20/],
      ['a 51-character interest', { interests: ['x'.repeat(51)] }, /1-50 characters/],
      ['an empty interest', { interests: [''] }, /1-50 characters/],
      ['a non-string interest', { interests: [42] }, /must be a string/],
      ['interests as a string', { interests: 'jazz' }, /array/],
      ['an unknown field', { interests: ['x'], admin: true }, /admin should not exist/],
      ['only blank interests', { interests: ['   ', '\u200b'] }, /non-blank/],
    ])('answers 400 for %s, saying what is wrong', async (_, body, message) => {
      const response = await create(body).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(JSON.stringify(response.body.message)).toMatch(message);
    });

    it('answers 400 for malformed JSON', async () => {
      const response = await request(t.url)
        .post('/session')
        .set('Content-Type', 'application/json')
        .send('{"interests": [')
        .expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, message: expect.stringMatching(/JSON/) });
    });

    it('answers 400 for a JSON body that is not an object', async () => {
      await request(t.url).post('/session').set('Content-Type', 'application/json').send('[1,2]').expect(400);
      await request(t.url)
        .post('/session')
        .set('Content-Type', 'application/json')
        .send('"text"')
        .expect(400);
    });

    it('answers 413 for a body over 16 KiB', async () => {
      const response = await create({
        interests: ['x'],
        padding: 'x'.repeat(17 * 1024),
      }).expect(413);
      expect(response.body).toMatchObject({ statusCode: 413, message: expect.stringMatching(/16 KiB/) });
    });

    it('merges interests that are the same after normalisation', async () => {
      await create({
        interests: ['K8s', ' kubernetes ', 'ＫＵＢＥＲＮＥＴＥＳ'],
      }).expect(201);
    });

    it('forgets a session after its TTL: its token names nothing any more', async () => {
      const { body } = await create({ interests: ['jazz'] }).expect(201);
      await sleep(2300);
      await request(t.url)
        .delete(`/session/${body.ble_token as string}`)
        .set('Authorization', `Bearer ${body.access_token as string}`)
        .expect(401);
    });
  });

  describe('DELETE /session/{ble_token}', () => {
    it('ends the session at once with its access token (204); then the token names nothing', async () => {
      const { body } = await create({ interests: ['jazz'] }).expect(201);
      const path = `/session/${body.ble_token as string}`;
      await request(t.url)
        .delete(path)
        .set('Authorization', `Bearer ${body.access_token as string}`)
        .expect(204);
      await request(t.url)
        .delete(path)
        .set('Authorization', `Bearer ${body.access_token as string}`)
        .expect(401);
    });

    it('answers the same 401 for a missing token, a wrong token and an unknown session', async () => {
      const { body } = await create({ interests: ['jazz'] }).expect(201);
      const path = `/session/${body.ble_token as string}`;
      const missing = await request(t.url).delete(path).expect(401);
      const wrong = await request(t.url)
        .delete(path)
        .set('Authorization', 'Bearer not-the-token')
        .expect(401);
      const unknown = await request(t.url)
        .delete('/session/AAAAAAAAAAAAAAAAAAAAAA')
        .set('Authorization', 'Bearer not-the-token')
        .expect(401);
      expect(missing.body).toEqual(wrong.body);
      expect(wrong.body).toEqual(unknown.body);
      expect(missing.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    });

    it.each([
      ['odd characters', 'a!b'],
      ['a token of the old, client-chosen form', 'alice-phone-1'],
      ['21 characters', 'A'.repeat(21)],
      ['23 characters', 'A'.repeat(23)],
    ])('answers 400 for a path token with %s', async (_, token) => {
      const { body } = await request(t.url)
        .delete(`/session/${token}`)
        .set('Authorization', 'Bearer x')
        .expect(400);
      expect(JSON.stringify(body.message)).toMatch(/ble_token must be a BLE token as the server issues it/);
    });
  });

  describe('privacy', () => {
    it('stores no raw interest, access token or BLE-token-to-interest link in Redis or Postgres', async () => {
      const raw = ['zz-unique-raw-interest', 'DevOps'];
      const { body } = await create({ interests: raw }).expect(201);
      const redis = new Redis(TEST_REDIS_URL);
      const dump = await dumpKeysWithPrefix(redis, t.env.REDIS_KEY_PREFIX);
      await redis.quit();
      const text = dump.join('\n').toLowerCase();
      expect(text).not.toContain('zz-unique-raw-interest');
      expect(text).not.toContain('devops');
      expect(text).not.toContain((body.access_token as string).toLowerCase());

      const pg = new Client({ connectionString: t.env.DATABASE_URL });
      await pg.connect();
      const tables = await pg.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual([
        'daily_stats',
        'interest_category_counts',
        'migrations',
        'stats_applied_batches',
      ]);
      const categories = await pg.query<{ category: string }>(
        'SELECT DISTINCT category FROM interest_category_counts',
      );
      expect(categories.rows.map((r) => r.category)).not.toContain('zz-unique-raw-interest');
      await pg.end();
    });
  });
});
