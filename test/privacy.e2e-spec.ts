import { SessionKeys } from '@sighej/session';
import { Keyspace } from '@sighej/shared';
import Redis from 'ioredis';
import { createHash, createHmac } from 'node:crypto';
import request from 'supertest';
import catalogData from '../libs/session/src/interests/interest-catalog.data.json';
import { BUILT_MAIN, spawnApp } from './support/built-app';
import { dumpKeysWithPrefix, keysWithPrefix } from './support/redis-cleanup';
import { createSession, CreatedSession, match, meet, rotate, unissuedToken } from './support/sessions';
import { sleep } from './support/sleep';
import { appForSuite } from './support/fixtures';
import { startTestApp, TestApp } from './support/test-app';
import { freshTestDatabase, TEST_REDIS_URL, uniqueKeyPrefix } from './support/test-services';
import { refusedUpgrade, TestSocket } from './support/ws-client';

jest.setTimeout(120_000);

const ABSENT_ANSWER = { match: false, shared_interests: [], nudge_sent: false };
const BUDGET = 3;

/** The catalog's interests by category, in file order: the j-th interest of every category is one probe. */
const BY_CATEGORY = new Map<string, string[]>();
for (const [interest, { category }] of Object.entries(catalogData.interests))
  BY_CATEGORY.set(category, [...(BY_CATEGORY.get(category) ?? []), interest]);
const probeInterests = (j: number): string[] =>
  [...BY_CATEGORY.values()].map((interests) => interests[j % interests.length]);

/** What a caller can observe of one HTTP answer: status, body bytes, header names in order. */
function seen(response: request.Response): string {
  return JSON.stringify([response.status, response.text, Object.keys(response.headers)]);
}

async function observe(t: TestApp, own: CreatedSession, detected: string): Promise<string> {
  return seen(await match(t.url, own, detected));
}

/**
 * A meeting as `probe` observes it: its answer before `other` reported it (a sighting alone),
 * then after `other`'s report completed the meeting (nudging both, or, over a budget, nobody).
 */
async function meetingSeenBy(t: TestApp, probe: CreatedSession, other: CreatedSession): Promise<string[]> {
  const before = await observe(t, probe, other.bleToken);
  await match(t.url, other, probe.bleToken).expect(200);
  return [before, await observe(t, probe, other.bleToken)];
}

const answerOf = (observation: string): unknown => JSON.parse((JSON.parse(observation) as string[])[1]);

describe.each([
  ['Redis', {}],
  ['embedded mode', { REDIS_URL: '' }],
])('privacy attacks played from outside (%s)', (_, deployment: Record<string, string>) => {
  const t = appForSuite({ env: { ...deployment, MATCH_NEW_MEETINGS_PER_WINDOW: String(BUDGET) } });

  it("budget linking: exhausting a victim's budget costs the attacker nudges the victim sees, and the new token looks like a bystander", async () => {
    const interests = ['techno', 'hiking'];
    const victim = await createSession(t.url, interests);
    const bystander = await createSession(t.url, interests);
    const socket = await TestSocket.open(t.url, victim.bleToken, victim.accessToken);
    const attackers = await Promise.all(
      Array.from({ length: BUDGET + 2 }, () => createSession(t.url, ['techno'])),
    );
    const answers = [];
    for (const attacker of attackers) answers.push((await meet(t.url, attacker, victim)).body);
    expect(answers.filter((answer) => answer.nudge_sent === true)).toHaveLength(BUDGET);
    expect(answers.slice(BUDGET)).toEqual([ABSENT_ANSWER, ABSENT_ANSWER]);
    // Every unit spent is a nudge the victim saw.
    expect(await socket.nudgeCount(BUDGET)).toHaveLength(BUDGET);

    const victimNew = await rotate(t.url, victim);
    const probe = await createSession(t.url, ['techno']);
    const aboutVictim = await meetingSeenBy(t, probe, victimNew);
    const aboutBystander = await meetingSeenBy(t, probe, bystander);
    expect(aboutVictim).toEqual(aboutBystander);
    expect(answerOf(aboutVictim[1])).toEqual({
      match: true,
      shared_interests: ['music'],
      nudge_sent: false,
    });
    await socket.close();
  });

  it('stealth budget linking: meetings that share nothing spend no budget, so a friend still meets the victim and the new token looks like a bystander', async () => {
    const interests = ['techno', 'hiking'];
    const victim = await createSession(t.url, interests);
    const bystander = await createSession(t.url, interests);
    const socket = await TestSocket.open(t.url, victim.bleToken, victim.accessToken);
    for (let n = 0; n < BUDGET * 3; n += 1) {
      const stranger = await createSession(t.url, ['baking']);
      expect((await meet(t.url, stranger, victim)).body).toEqual(ABSENT_ANSWER);
    }
    await sleep(200);
    expect(socket.nudges()).toHaveLength(0);
    const friend = await createSession(t.url, ['hiking']);
    expect((await meet(t.url, friend, victim)).body).toEqual({
      match: true,
      shared_interests: ['nature'],
      nudge_sent: true,
    });

    const victimNew = await rotate(t.url, victim);
    const probe = await createSession(t.url, ['hiking']);
    expect(await meetingSeenBy(t, probe, victimNew)).toEqual(await meetingSeenBy(t, probe, bystander));
    await socket.close();
  });

  it('category sweep: one-interest-per-category probes learn exactly the shared categories, and two victims with other interests in the same categories are indistinguishable', async () => {
    const first = await createSession(t.url, ['techno', 'hiking', 'chess', 'zorblax']);
    const second = await createSession(t.url, ['hardstyle', 'camping', 'board games', 'quuxing']);
    const expected = ['games', 'music', 'nature'];
    for (let j = 0; j < BUDGET; j += 1) {
      const probe = await createSession(t.url, probeInterests(j));
      const [aboutFirst, aboutSecond] = [
        await meetingSeenBy(t, probe, first),
        await meetingSeenBy(t, probe, second),
      ];
      expect(aboutFirst).toEqual(aboutSecond);
      expect(answerOf(aboutFirst[1])).toEqual({
        match: true,
        shared_interests: expected,
        nudge_sent: false,
      });
    }
  });

  it('live, rotated-away, deleted and never-issued tokens get the same status, body bytes and header names everywhere', async () => {
    const caller = await createSession(t.url, ['techno']);
    const live = await createSession(t.url, ['techno']);
    const rotatedAway = await createSession(t.url, ['techno']);
    await rotate(t.url, rotatedAway);
    const deleted = await createSession(t.url, ['techno']);
    await request(t.url)
      .delete(`/session/${deleted.bleToken}`)
      .set('Authorization', `Bearer ${deleted.accessToken}`)
      .expect(204);
    const tokens = [live.bleToken, rotatedAway.bleToken, deleted.bleToken, unissuedToken()];
    const wrongBearer = `Bearer ${caller.accessToken}`;
    const views = await Promise.all(
      tokens.map(async (token) => [
        // As a detected token: first and repeated sightings.
        await observe(t, caller, token),
        await observe(t, caller, token),
        // As the acting token, with a bearer that is not its session's (everybody but the owner).
        seen(
          await request(t.url)
            .post('/match')
            .set('Authorization', wrongBearer)
            .send({ own_token: token, detected_token: caller.bleToken }),
        ),
        seen(await request(t.url).delete(`/session/${token}`).set('Authorization', wrongBearer)),
        seen(await request(t.url).post(`/session/${token}/rotate`).set('Authorization', wrongBearer)),
        JSON.stringify(await refusedUpgrade(t.url, `/ws/${token}`, { Authorization: wrongBearer })),
      ]),
    );
    for (const view of views.slice(1)) expect(view).toEqual(views[0]);
    expect(JSON.parse(views[0][0])[1]).toBe(JSON.stringify(ABSENT_ANSWER));
    // The live one is still live: nothing above touched it.
    expect((await meet(t.url, live, caller)).body.nudge_sent).toBe(true);
  });

  it('a /match refused by the rate limit records no sighting: it completes no meeting', async () => {
    const limited = await startTestApp({ env: { ...deployment, RATE_LIMIT_MATCHES_PER_MINUTE: '1' } });
    try {
      const [alice, bob, carol] = await Promise.all(
        [1, 2, 3].map(() => createSession(limited.url, ['techno'])),
      );
      await match(limited.url, alice, carol.bleToken).expect(200);
      await match(limited.url, alice, bob.bleToken).expect(429);
      // Bob's report would complete the meeting had alice's refused sighting been recorded.
      expect((await match(limited.url, bob, alice.bleToken).expect(200)).body).toEqual(ABSENT_ANSWER);
    } finally {
      await limited.close();
    }
  });

  it('rotations are limited per session (429 with Retry-After), and a refused one changes nothing', async () => {
    const limited = await startTestApp({ env: { ...deployment, RATE_LIMIT_ROTATIONS_PER_HOUR: '2' } });
    try {
      let alice = await createSession(limited.url, ['techno']);
      alice = await rotate(limited.url, alice);
      alice = await rotate(limited.url, alice);
      const refused = await request(limited.url)
        .post(`/session/${alice.bleToken}/rotate`)
        .set('Authorization', `Bearer ${alice.accessToken}`)
        .expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      const bob = await createSession(limited.url, ['techno']);
      expect((await meet(limited.url, bob, alice)).body.nudge_sent).toBe(true);
    } finally {
      await limited.close();
    }
  });
});

describe('privacy: what Redis holds', () => {
  const prefix = uniqueKeyPrefix();
  const t = appForSuite({ env: { REDIS_KEY_PREFIX: prefix, RATE_LIMIT_ROTATIONS_PER_HOUR: '0' } });

  it('10,000 rotations (limit off) leave the key count flat', async () => {
    let alice = await createSession(t.url, ['techno']);
    const before = (await keysWithPrefix(t.redis, prefix)).length;
    for (let n = 0; n < 10_000; n += 1) alice = await rotate(t.url, alice);
    const after = (await keysWithPrefix(t.redis, prefix)).length;
    expect(after).toBe(before);
    expect(await t.redis.exists(new SessionKeys(new Keyspace(prefix)).token(alice.bleToken))).toBe(1);
  });

  it("stores a session's record in the same number of bytes for 1 and 20 interests", async () => {
    const one = await createSession(t.url, ['techno']);
    const twenty = await createSession(t.url, [...probeInterests(0), 'zorblax', 'quuxing', 'frobbing']);
    const sizes = await Promise.all(
      [one, twenty].map((s) => t.redis.strlen(new SessionKeys(new Keyspace(prefix)).token(s.bleToken))),
    );
    expect(sizes[0]).toBeGreaterThan(0);
    expect(sizes[1]).toBe(sizes[0]);
  });

  it('holds no interest anywhere, as text or as a hash of one', async () => {
    const interests = ['Hardstyle', 'devops', 'my secret hobby', 'Zorblax'];
    const [a, b] = [await createSession(t.url, interests), await createSession(t.url, ['devops'])];
    await meet(t.url, a, b);
    const dump = (await dumpKeysWithPrefix(t.redis, prefix)).join('\n').toLowerCase();
    for (const interest of [...interests.map((i) => i.toLowerCase()), 'secret hobby']) {
      expect(dump).not.toContain(interest);
      for (const hash of [
        createHash('sha256').update(interest).digest('base64url'),
        createHash('sha256').update(interest).digest('hex'),
        createHmac('sha256', t.env.limitKeySecret).update(interest).digest('base64url'),
        createHmac('sha256', 'test-interest-hash-secret').update(interest).digest('base64url'),
      ])
        expect(dump).not.toContain(hash.toLowerCase());
    }
  });
});

describe('privacy: the answer that carries the access token', () => {
  it('is sent with Cache-Control: no-store', async () => {
    const t = await startTestApp();
    try {
      const response = await request(t.url)
        .post('/session')
        .send({ interests: ['jazz'] })
        .expect(201);
      expect(response.headers['cache-control']).toBe('no-store');
    } finally {
      await t.close();
    }
  });
});

describe('privacy: bounded storage', () => {
  it('keeps at most NUDGE_PENDING_MAX pending nudges (the oldest dropped, counted) and none older than NUDGE_MAX_AGE_SECONDS', async () => {
    const t = await startTestApp({ env: { NUDGE_PENDING_MAX: '3', NUDGE_MAX_AGE_SECONDS: '3' } });
    try {
      const victim = await createSession(t.url, ['techno']);
      const partners = await Promise.all(Array.from({ length: 5 }, () => createSession(t.url, ['techno'])));
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
      await createSession(t.url, ['jazz']);
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
    const database = await freshTestDatabase();
    const app = await spawnApp(
      BUILT_MAIN,
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
      const alice = await createSession(app.url, ['jazz']);
      const bob = await createSession(app.url, ['jazz']);
      await meet(app.url, alice, bob);
      const next = (await rotate(app.url, alice)).bleToken;
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
      await database.drop();
    }
  });
});
