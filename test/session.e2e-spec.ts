import Redis from 'ioredis';
import request from 'supertest';
import { Client } from 'pg';
import { TEST_REDIS_URL } from './support/test-services';
import { startTestApp, TestApp } from './support/test-app';
import { sleep } from './support/sleep';
import { dumpKeysWithPrefix } from './support/redis-cleanup';

describe('sessions (POST /session, DELETE /session/{ble_token})', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { SESSION_TTL_SECONDS: '2' } });
  });
  afterAll(() => t.close());

  const create = (body: unknown) =>
    request(t.url)
      .post('/session')
      .send(body as object);

  describe('POST /session', () => {
    it('registers a session and returns its id, expiry and a one-time access token', async () => {
      const before = Date.now();
      const { body } = await create({ ble_token: 'create-ok-1', interests: ['DevOps', 'hardstyle'] }).expect(
        201,
      );
      expect(body).toEqual({
        session_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        expires_at: expect.any(String),
        access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
      const expiresAt = Date.parse(body.expires_at as string);
      expect(expiresAt).toBeGreaterThanOrEqual(before + 2000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 2000);
    });

    it('answers 409 for a token that already has a live session, and keeps the first', async () => {
      const first = await create({ ble_token: 'create-dup-1', interests: ['jazz'] }).expect(201);
      const again = await create({ ble_token: 'create-dup-1', interests: ['jazz'] }).expect(409);
      expect(again.body).toMatchObject({
        statusCode: 409,
        error: 'Conflict',
        message: expect.stringMatching(/live session/),
      });
      await request(t.url)
        .delete('/session/create-dup-1')
        .set('Authorization', `Bearer ${first.body.access_token as string}`)
        .expect(204);
    });

    it('lets one of many concurrent registrations of one token win', async () => {
      const statuses = await Promise.all(
        Array.from({ length: 10 }, () =>
          create({ ble_token: 'create-race-1', interests: ['chess'] }).then((r) => r.status),
        ),
      );
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    });

    it.each([
      ['a short token', { ble_token: 'abc', interests: ['x'] }, /ble_token/],
      ['a token with odd characters', { ble_token: 'abc def!', interests: ['x'] }, /ble_token/],
      ['a missing token', { interests: ['x'] }, /ble_token/],
      ['a numeric token', { ble_token: 123456, interests: ['x'] }, /ble_token/],
      ['no interests', { ble_token: 'valid-token' }, /interests/],
      ['an empty list', { ble_token: 'valid-token', interests: [] }, /at least 1/],
      [
        '21 interests',
        { ble_token: 'valid-token', interests: Array.from({ length: 21 }, (_, i) => `i${i}`) },
        /at most 20/,
      ],
      [
        'a 51-character interest',
        { ble_token: 'valid-token', interests: ['x'.repeat(51)] },
        /1-50 characters/,
      ],
      ['an empty interest', { ble_token: 'valid-token', interests: [''] }, /1-50 characters/],
      ['a non-string interest', { ble_token: 'valid-token', interests: [42] }, /must be a string/],
      ['interests as a string', { ble_token: 'valid-token', interests: 'jazz' }, /array/],
      [
        'an unknown field',
        { ble_token: 'valid-token', interests: ['x'], admin: true },
        /admin should not exist/,
      ],
      ['only blank interests', { ble_token: 'valid-token', interests: ['   ', '\u200b'] }, /non-blank/],
    ])('answers 400 for %s, saying what is wrong', async (_, body, message) => {
      const response = await create(body).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(JSON.stringify(response.body.message)).toMatch(message);
    });

    it('answers 400 for malformed JSON', async () => {
      const response = await request(t.url)
        .post('/session')
        .set('Content-Type', 'application/json')
        .send('{"ble_token": "abcdef", "interests": [')
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
        ble_token: 'big-body-1',
        interests: ['x'],
        padding: 'x'.repeat(17 * 1024),
      }).expect(413);
      expect(response.body).toMatchObject({ statusCode: 413, message: expect.stringMatching(/16 KiB/) });
    });

    it('merges interests that are the same after normalisation', async () => {
      await create({
        ble_token: 'merge-1',
        interests: ['K8s', ' kubernetes ', 'ＫＵＢＥＲＮＥＴＥＳ'],
      }).expect(201);
    });

    it('forgets a session after its TTL, freeing the token', async () => {
      await create({ ble_token: 'ttl-expiry-1', interests: ['jazz'] }).expect(201);
      await sleep(2300);
      await create({ ble_token: 'ttl-expiry-1', interests: ['jazz'] }).expect(201);
    });
  });

  describe('DELETE /session/{ble_token}', () => {
    it('ends the session at once with its access token (204), then the token is free', async () => {
      const { body } = await create({ ble_token: 'delete-ok-1', interests: ['jazz'] }).expect(201);
      await request(t.url)
        .delete('/session/delete-ok-1')
        .set('Authorization', `Bearer ${body.access_token as string}`)
        .expect(204);
      await request(t.url)
        .delete('/session/delete-ok-1')
        .set('Authorization', `Bearer ${body.access_token as string}`)
        .expect(401);
      await create({ ble_token: 'delete-ok-1', interests: ['jazz'] }).expect(201);
    });

    it('answers the same 401 for a missing token, a wrong token and an unknown session', async () => {
      await create({ ble_token: 'delete-auth-1', interests: ['jazz'] }).expect(201);
      const missing = await request(t.url).delete('/session/delete-auth-1').expect(401);
      const wrong = await request(t.url)
        .delete('/session/delete-auth-1')
        .set('Authorization', 'Bearer not-the-token')
        .expect(401);
      const unknown = await request(t.url)
        .delete('/session/no-such-session')
        .set('Authorization', 'Bearer not-the-token')
        .expect(401);
      expect(missing.body).toEqual(wrong.body);
      expect(wrong.body).toEqual(unknown.body);
      expect(missing.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    });

    it('answers 400 for a malformed token in the path', async () => {
      await request(t.url).delete('/session/a!b').set('Authorization', 'Bearer x').expect(400);
    });
  });

  describe('privacy', () => {
    it('stores no raw interest, access token or BLE-token-to-interest link in Redis or Postgres', async () => {
      const raw = ['zz-unique-raw-interest', 'DevOps'];
      const { body } = await create({ ble_token: 'privacy-1', interests: raw }).expect(201);
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
