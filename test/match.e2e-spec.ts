import request from 'supertest';
import { appForSuite } from './support/fixtures';
import { createSession, match, meet, unissuedToken } from './support/sessions';
import { TestSocket } from './support/ws-client';

jest.setTimeout(30_000);

describe('POST /match', () => {
  const t = appForSuite();

  const NO_MATCH = { match: false, shared_interests: [], nudge_sent: false };

  it('answers a one-sided sighting like an absent token and nudges nobody', async () => {
    const alice = await createSession(t.url, ['devops', 'hardstyle']);
    const bob = await createSession(t.url, ['devops', 'hardstyle']);
    const [socketA, socketB] = await Promise.all([
      TestSocket.open(t.url, alice.bleToken, alice.accessToken),
      TestSocket.open(t.url, bob.bleToken, bob.accessToken),
    ]);
    for (let i = 0; i < 3; i += 1) await match(t.url, alice, bob.bleToken).expect(200, NO_MATCH);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(socketA.nudges()).toHaveLength(0);
    expect(socketB.nudges()).toHaveLength(0);
    await Promise.all([socketA.close(), socketB.close()]);
  });

  it('answers the shared categories and nudges both phones once', async () => {
    const alice = await createSession(t.url, ['devops', 'hardstyle', 'philosophy', 'yoga']);
    const bob = await createSession(t.url, ['DevOps', 'hardstyle', 'chess']);
    const [socketA, socketB] = await Promise.all([
      TestSocket.open(t.url, alice.bleToken, alice.accessToken),
      TestSocket.open(t.url, bob.bleToken, bob.accessToken),
    ]);
    await match(t.url, bob, alice.bleToken).expect(200, NO_MATCH);
    const first = await match(t.url, alice, bob.bleToken).expect(200);
    expect(first.body).toEqual({ match: true, shared_interests: ['music', 'tech'], nudge_sent: true });
    const [[nudgeA], [nudgeB]] = await Promise.all([socketA.nudgeCount(1), socketB.nudgeCount(1)]);
    expect(nudgeA).toMatchObject({ token: bob.bleToken, shared_interests: ['music', 'tech'] });
    expect(nudgeB).toMatchObject({ token: alice.bleToken, shared_interests: ['music', 'tech'] });
    const again = await match(t.url, alice, bob.bleToken).expect(200);
    expect(again.body).toEqual({ match: true, shared_interests: ['music', 'tech'], nudge_sent: false });
    const otherSide = await match(t.url, bob, alice.bleToken).expect(200);
    expect(otherSide.body).toEqual({ match: true, shared_interests: ['music', 'tech'], nudge_sent: false });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(socketA.nudges()).toHaveLength(1);
    expect(socketB.nudges()).toHaveLength(1);
    await Promise.all([socketA.close(), socketB.close()]);
  });

  it('answers the shared categories alphabetically, whichever interests of them each side has', async () => {
    const a = await createSession(t.url, ['python', 'rust', 'techno', 'chess', 'hiking']);
    const b = await createSession(t.url, ['kubernetes', 'hardstyle', 'camping', 'board games']);
    const { body } = await meet(t.url, a, b);
    expect(body.shared_interests).toEqual(['games', 'music', 'nature', 'tech']);
  });

  it('never counts other as shared: interests outside the catalog match nobody', async () => {
    const a = await createSession(t.url, ['zorblax', 'quuxing']);
    const b = await createSession(t.url, ['zorblax', 'frobbing']);
    expect((await meet(t.url, a, b)).body).toEqual({ match: false, shared_interests: [], nudge_sent: false });
  });

  it('answers a meeting without overlap with match false, on both sides', async () => {
    const a = await createSession(t.url, ['jazz']);
    const b = await createSession(t.url, ['football']);
    const { body } = await meet(t.url, a, b);
    expect(body).toEqual(NO_MATCH);
    await match(t.url, b, a.bleToken).expect(200, NO_MATCH);
    await match(t.url, a, b.bleToken).expect(200, NO_MATCH);
  });

  it('answers a detected token without a live session exactly like no overlap', async () => {
    const a = await createSession(t.url, ['jazz']);
    const { body } = await match(t.url, a, unissuedToken()).expect(200);
    expect(body).toEqual({ match: false, shared_interests: [], nudge_sent: false });
  });

  it('answers the same 401 for a missing token, a wrong token and an unknown own session', async () => {
    const a = await createSession(t.url, ['jazz']);
    const b = await createSession(t.url, ['jazz']);
    const body = { own_token: a.bleToken, detected_token: b.bleToken };
    const missing = await request(t.url).post('/match').send(body).expect(401);
    const wrong = await request(t.url)
      .post('/match')
      .set('Authorization', 'Bearer nope')
      .send(body)
      .expect(401);
    const unknown = await request(t.url)
      .post('/match')
      .set('Authorization', `Bearer ${a.accessToken}`)
      .send({ own_token: unissuedToken(), detected_token: b.bleToken })
      .expect(401);
    const othersToken = await request(t.url)
      .post('/match')
      .set('Authorization', `Bearer ${b.accessToken}`)
      .send(body)
      .expect(401);
    expect(missing.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    for (const other of [wrong, unknown, othersToken]) expect(other.body).toEqual(missing.body);
  });

  it('answers 400 when both tokens are the same', async () => {
    const a = await createSession(t.url, ['jazz']);
    const { body } = await match(t.url, a, a.bleToken).expect(400);
    expect(body).toMatchObject({ statusCode: 400, message: expect.stringMatching(/differ/) });
  });

  it.each([
    ['a missing detected_token', { own_token: 'abcdef' }, /detected_token/],
    ['a malformed detected_token', { own_token: 'abcdef', detected_token: 'a b' }, /detected_token/],
    ['a numeric own_token', { own_token: 1234567, detected_token: 'abcdefg' }, /own_token/],
    ['an unknown field', { own_token: 'abcdef', detected_token: 'abcdefg', x: 1 }, /x should not exist/],
  ])('answers 400 for %s', async (_, body, message) => {
    const response = await request(t.url)
      .post('/match')
      .set('Authorization', 'Bearer x')
      .send(body)
      .expect(400);
    expect(JSON.stringify(response.body.message)).toMatch(message);
  });

  it('sends exactly one nudge per phone under 20 concurrent calls from both sides', async () => {
    const a = await createSession(t.url, ['techno', 'rust']);
    const b = await createSession(t.url, ['techno', 'rust']);
    const [socketA, socketB] = await Promise.all([
      TestSocket.open(t.url, a.bleToken, a.accessToken),
      TestSocket.open(t.url, b.bleToken, b.accessToken),
    ]);
    const matchesToday = async (): Promise<number> =>
      (
        (await request(t.url).get('/stats').set('Authorization', `Bearer ${t.env.ADMIN_API_KEY}`).expect(200))
          .body as { total_matches_today: number }
      ).total_matches_today;
    const matchesBefore = await matchesToday();
    // No meeting yet: a's sighting alone is answered like an absent token and nudges nobody.
    await match(t.url, a, b.bleToken).expect(200, NO_MATCH);
    expect((await matchesToday()) - matchesBefore).toBe(0);
    expect(socketA.nudges().length + socketB.nudges().length).toBe(0);
    const calls = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0 ? match(t.url, a, b.bleToken) : match(t.url, b, a.bleToken),
    );
    const bodies = (await Promise.all(calls)).map(
      (response) => response.body as { match: boolean; shared_interests: string[]; nudge_sent: boolean },
    );
    const matched = { match: true, shared_interests: ['music', 'tech'], nudge_sent: false };
    expect(bodies.filter((body) => body.nudge_sent)).toEqual([{ ...matched, nudge_sent: true }]);
    // Calls that raced the completing one either saw no meeting yet or learned its outcome.
    for (const body of bodies.filter((each) => !each.nudge_sent))
      expect([NO_MATCH, matched]).toContainEqual(body);
    expect((await matchesToday()) - matchesBefore).toBe(1);
    await match(t.url, a, b.bleToken).expect(200, matched);
    await match(t.url, b, a.bleToken).expect(200, matched);
    await Promise.all([socketA.nudgeCount(1), socketB.nudgeCount(1)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(socketA.nudges()).toHaveLength(1);
    expect(socketB.nudges()).toHaveLength(1);
    expect(socketA.nudges()[0]).toEqual({
      type: 'nudge',
      nudge_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      token: b.bleToken,
      shared_interests: ['music', 'tech'],
      message: 'Someone nearby shares your interest in music and tech.',
      sent_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(socketB.nudges()[0]).toMatchObject({ token: a.bleToken, shared_interests: ['music', 'tech'] });
    expect(socketB.nudges()[0].nudge_id).not.toEqual(socketA.nudges()[0].nudge_id);
    await Promise.all([socketA.close(), socketB.close()]);
  });
});

describe('POST /match with MATCH_MIN_SHARED=2 and a short cooldown', () => {
  const t = appForSuite({ env: { MATCH_MIN_SHARED: '2', NUDGE_COOLDOWN_SECONDS: '1' } });

  it('needs two shared interests', async () => {
    const a = await createSession(t.url, ['jazz', 'chess', 'rust']);
    const b = await createSession(t.url, ['jazz', 'football']);
    const c = await createSession(t.url, ['jazz', 'chess']);
    expect((await meet(t.url, a, b)).body).toEqual({
      match: false,
      shared_interests: [],
      nudge_sent: false,
    });
    expect((await meet(t.url, a, c)).body).toEqual({
      match: true,
      shared_interests: ['games', 'music'],
      nudge_sent: true,
    });
  });

  it('nudges a pair again once the cooldown has passed', async () => {
    const a = await createSession(t.url, ['jazz', 'chess']);
    const b = await createSession(t.url, ['jazz', 'chess']);
    expect((await meet(t.url, a, b)).body.nudge_sent).toBe(true);
    expect((await match(t.url, b, a.bleToken)).body.nudge_sent).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // Both sightings are still within the mutual window, so b's call completes a new meeting.
    expect((await match(t.url, b, a.bleToken)).body.nudge_sent).toBe(true);
  });
});
