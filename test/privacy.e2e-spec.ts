import Redis from 'ioredis';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { buildApp, spawnApp } from './support/built-app';
import { dumpKeysWithPrefix } from './support/redis-cleanup';
import { bleToken, createSession, CreatedSession, match, meet } from './support/sessions';
import { sleep } from './support/sleep';
import { startTestApp, TestApp } from './support/test-app';
import { freshTestDatabase, TEST_REDIS_URL, uniqueKeyPrefix } from './support/test-services';
import { TestSocket } from './support/ws-client';

jest.setTimeout(90_000);

// One interest per category (17) and a second per category for 12 of them: 29 probes, as in
// the attack that profiled a victim from category labels alone.
const PROBE_INTERESTS = [
  ...['art', 'reading', 'entrepreneurship', 'fashion', 'film', 'food', 'chess', 'linguistics', 'techno'],
  ...['hiking', 'stoicism', 'physics', 'activism', 'football', 'programming', 'travel', 'meditation'],
  ...['painting', 'poetry', 'startups', 'sneakers', 'anime', 'baking', 'board games', 'hardstyle'],
  ...['camping', 'ethics', 'chemistry', 'yoga'],
];
const VICTIM_INTERESTS = ['techno', 'meditation', 'stoicism', 'programming', 'hiking', 'baking', 'zorblax'];
const ABSENT_ANSWER = { match: false, shared_interests: [], nudge_sent: false };

/** What a caller can observe of one /match answer: status, body bytes, content type. */
async function observe(t: TestApp, own: CreatedSession, detected: string): Promise<string> {
  const response = await match(t.url, own, detected);
  return JSON.stringify([response.status, response.text, response.headers['content-type']]);
}

describe('privacy: nothing learned from a token alone, nothing linked across rotations', () => {
  let t: TestApp;
  let redis: Redis;
  beforeAll(async () => {
    t = await startTestApp();
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    await redis.quit();
    await t.close();
  });

  it('a 29-probe sweep without the victim reporting the probes learns exactly what an absent token tells, and the victim hears nothing', async () => {
    const victim = await createSession(t.url, bleToken('victim'), VICTIM_INTERESTS);
    const socket = await TestSocket.open(t.url, victim.bleToken, victim.accessToken);
    const probes = await Promise.all(
      PROBE_INTERESTS.map((interest) => createSession(t.url, bleToken('probe'), [interest])),
    );
    const absent = bleToken('absent');
    for (const probe of probes) {
      for (let call = 0; call < 2; call += 1)
        expect(await observe(t, probe, victim.bleToken)).toBe(await observe(t, probe, absent));
      expect((await match(t.url, probe, victim.bleToken).expect(200)).body).toEqual(ABSENT_ANSWER);
    }
    await sleep(300);
    expect(socket.nudges()).toHaveLength(0);
    await socket.close();
  });

  it('with the victim reporting every probe, the sweep stops at the partner budget (20)', async () => {
    const victim = await createSession(t.url, bleToken('victim'), VICTIM_INTERESTS);
    const socket = await TestSocket.open(t.url, victim.bleToken, victim.accessToken);
    // 29 probes that all share an interest with the victim: every meeting would nudge.
    const probes = await Promise.all(
      PROBE_INTERESTS.map((_, n) => createSession(t.url, bleToken('probe'), [VICTIM_INTERESTS[n % 7]])),
    );
    const answers = [];
    for (const probe of probes) answers.push((await meet(t.url, probe, victim)).body);
    const met = answers.filter((answer) => answer.nudge_sent === true);
    expect(met).toHaveLength(20);
    expect(answers.slice(20)).toEqual(Array.from({ length: 9 }, () => ABSENT_ANSWER));
    expect((await socket.nudgeCount(20)).map((frame) => frame.token)).toEqual(
      probes.slice(0, 20).map((probe) => probe.bleToken),
    );
    await sleep(300);
    expect(socket.nudges()).toHaveLength(20);
    await socket.close();
  });

  it('after victim and bystander (same interests) both rotate, a tracker observes the same for both new tokens', async () => {
    const interests = ['techno', 'hiking'];
    const tracker = await createSession(t.url, bleToken('tracker'), interests);
    const victim = await createSession(t.url, bleToken('victim'), interests);
    const bystander = await createSession(t.url, bleToken('bystander'), interests);
    const trackerSocket = await TestSocket.open(t.url, tracker.bleToken, tracker.accessToken);
    // The tracker met the victim before; the bystander is a stranger to it.
    expect((await meet(t.url, tracker, victim)).body.nudge_sent).toBe(true);
    await trackerSocket.nudgeCount(1);

    const rotate = async (session: CreatedSession): Promise<CreatedSession> => {
      const next = bleToken('rotated');
      await request(t.url)
        .post(`/session/${session.bleToken}/rotate`)
        .set('Authorization', `Bearer ${session.accessToken}`)
        .send({ ble_token: next })
        .expect(200);
      return { ...session, bleToken: next };
    };
    const [victimNew, bystanderNew] = [await rotate(victim), await rotate(bystander)];

    // Before the new tokens report the tracker: the no-session answer for both.
    expect(await observe(t, tracker, victimNew.bleToken)).toBe(
      await observe(t, tracker, bystanderNew.bleToken),
    );
    // Once they do (their calls complete the meetings): a new meeting each, answered and nudged alike.
    await match(t.url, victimNew, tracker.bleToken).expect(200);
    await match(t.url, bystanderNew, tracker.bleToken).expect(200);
    const [aboutVictim, aboutBystander] = [
      (await match(t.url, tracker, victimNew.bleToken).expect(200)).text,
      (await match(t.url, tracker, bystanderNew.bleToken).expect(200)).text,
    ];
    expect(aboutVictim).toBe(aboutBystander);
    expect(JSON.parse(aboutVictim)).toEqual({
      match: true,
      shared_interests: ['music', 'nature'],
      nudge_sent: false,
    });
    expect(await observe(t, tracker, victimNew.bleToken)).toBe(
      await observe(t, tracker, bystanderNew.bleToken),
    );
    const frames = (await trackerSocket.nudgeCount(3)).slice(1);
    const shape = ({ type, shared_interests, message }: Record<string, unknown>) => ({
      type,
      shared_interests,
      message,
    });
    expect(shape(frames[0])).toEqual(shape(frames[1]));
    expect(frames.map((frame) => frame.token)).toEqual([victimNew.bleToken, bystanderNew.bleToken]);
    await trackerSocket.close();
  });

  it('quarantines a token given up by rotation: nobody can register it (409)', async () => {
    const alice = await createSession(t.url, bleToken('quarantine'), ['jazz']);
    await request(t.url)
      .post(`/session/${alice.bleToken}/rotate`)
      .set('Authorization', `Bearer ${alice.accessToken}`)
      .send({ ble_token: bleToken('quarantine-next') })
      .expect(200);
    const taken = await request(t.url)
      .post('/session')
      .send({ ble_token: alice.bleToken, interests: ['jazz'] })
      .expect(409);
    expect(taken.body).toMatchObject({ statusCode: 409, message: expect.stringMatching(/rotation/) });
  });

  it('sends the access token with Cache-Control: no-store', async () => {
    const response = await request(t.url)
      .post('/session')
      .send({ ble_token: bleToken('no-store'), interests: ['jazz'] })
      .expect(201);
    expect(response.headers['cache-control']).toBe('no-store');
  });
});

describe('privacy: bounded storage', () => {
  it('keeps at most NUDGE_PENDING_MAX pending nudges (the oldest dropped, counted) and none older than NUDGE_MAX_AGE_SECONDS', async () => {
    const t = await startTestApp({ env: { NUDGE_PENDING_MAX: '3', NUDGE_MAX_AGE_SECONDS: '3' } });
    try {
      const victim = await createSession(t.url, bleToken('offline'), ['techno']);
      const partners = await Promise.all(
        Array.from({ length: 5 }, () => createSession(t.url, bleToken('partner'), ['techno'])),
      );
      for (const partner of partners) expect((await meet(t.url, partner, victim)).body.nudge_sent).toBe(true);
      const socket = await TestSocket.open(t.url, victim.bleToken, victim.accessToken);
      const replayed = await socket.nudgeCount(3);
      expect(replayed.map((frame) => frame.token)).toEqual(
        partners.slice(2).map((partner) => partner.bleToken),
      );
      await sleep(200);
      expect(socket.nudges()).toHaveLength(3);
      await socket.close();
      const metrics = await request(t.url)
        .get('/metrics')
        .set('Authorization', 'Bearer test-admin-key-0123456789');
      expect(metrics.text).toMatch(/sighej_nudges_dropped_total\{reason="cap"\} 2\n/);

      await sleep(3200);
      const later = await TestSocket.open(t.url, victim.bleToken, victim.accessToken);
      await sleep(300);
      expect(later.nudges()).toHaveLength(0);
      await later.close();
      const after = await request(t.url)
        .get('/metrics')
        .set('Authorization', 'Bearer test-admin-key-0123456789');
      expect(after.text).toMatch(/sighej_nudges_dropped_total\{reason="age"\} 3\n/);
    } finally {
      await t.close();
    }
  });

  it('keeps no client IP, nor an unsalted hash of one, in Redis limit keys', async () => {
    const prefix = uniqueKeyPrefix();
    const t = await startTestApp({ env: { REDIS_KEY_PREFIX: prefix, RATE_LIMIT_SESSIONS_PER_MINUTE: '30' } });
    const redis = new Redis(TEST_REDIS_URL);
    try {
      await createSession(t.url, bleToken('limited'), ['jazz']);
      const dump = (await dumpKeysWithPrefix(redis, prefix)).join('\n');
      expect(dump).toMatch(/rl:/);
      for (const ip of ['127.0.0.1', '::ffff:127.0.0.1']) {
        expect(dump).not.toContain(ip);
        expect(dump).not.toContain(createHash('sha256').update(ip).digest('base64url').slice(0, 27));
      }
    } finally {
      await redis.quit();
      await t.close();
    }
  });
});

describe('privacy: logs', () => {
  it('logs routes as templates: no BLE token, access token or query string in any line', async () => {
    const build = await buildApp();
    const database = await freshTestDatabase();
    const app = await spawnApp(
      build.mainJs,
      {
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: uniqueKeyPrefix(),
        DATABASE_URL: database.url,
        LOG_LEVEL: 'info',
        RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
      },
      60_000,
    );
    try {
      const alice = await createSession(app.url, bleToken('logged-alice'), ['jazz']);
      const bob = await createSession(app.url, bleToken('logged-bob'), ['jazz']);
      await meet(app.url, alice, bob);
      const next = bleToken('logged-next');
      await request(app.url)
        .post(`/session/${alice.bleToken}/rotate`)
        .set('Authorization', `Bearer ${alice.accessToken}`)
        .send({ ble_token: next })
        .expect(200);
      // Every spelling URLSearchParams accepts for the query token, and a refused upgrade.
      for (const query of ['access_token=', 'ACCESS_TOKEN=', 'access%5Ftoken=', 'a=1&access_token='])
        await request(app.url).get(`/session/${bob.bleToken}?${query}${bob.accessToken}`);
      await TestSocket.open(app.url, bob.bleToken, bob.accessToken, true).then((socket) => socket.close());
      await request(app.url)
        .delete(`/session/${bob.bleToken}`)
        .set('Authorization', `Bearer ${bob.accessToken}`);
      await sleep(300);
      const log = app.output();
      expect(log).toMatch(/"route":"\/session\/:ble_token\/rotate"/);
      for (const secret of [alice.bleToken, bob.bleToken, next, alice.accessToken, bob.accessToken])
        expect(log).not.toContain(secret);
      expect(log).not.toMatch(/access.?token=/i);
    } finally {
      app.child.kill('SIGTERM');
      await app.exited;
      build.remove();
      await database.drop();
    }
  });
});
