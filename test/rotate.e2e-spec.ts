import Redis from 'ioredis';
import request from 'supertest';
import { dumpKeysWithPrefix } from './support/redis-cleanup';
import { startTestApp, TestApp } from './support/test-app';
import { TEST_REDIS_URL } from './support/test-services';

describe('POST /session/{ble_token}/rotate', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function createSession(
    bleToken: string,
    interests = ['jazz', 'devops'],
  ): Promise<{ access: string; expiresAt: string }> {
    const { body } = await request(t.url)
      .post('/session')
      .send({ ble_token: bleToken, interests })
      .expect(201);
    return { access: body.access_token, expiresAt: body.expires_at };
  }
  const rotate = (from: string, to: unknown, access?: string) => {
    const call = request(t.url).post(`/session/${from}/rotate`).send({ ble_token: to });
    return access === undefined ? call : call.set('Authorization', `Bearer ${access}`);
  };

  it('moves the session to the new token, keeping access token and expiry; the old token is dead', async () => {
    const { access, expiresAt } = await createSession('rot-old-1');
    const { body } = await rotate('rot-old-1', 'rot-new-1', access).expect(200);
    expect(body).toEqual({ ble_token: 'rot-new-1', expires_at: expiresAt });

    await rotate('rot-old-1', 'rot-new-1b', access).expect(401);
    await request(t.url).delete('/session/rot-old-1').set('Authorization', `Bearer ${access}`).expect(401);
    // Nobody may register the old token (a phone that just detected it would meet a stranger),
    // neither while the session lives on under the new one nor after it ended.
    const taken = await request(t.url)
      .post('/session')
      .send({ ble_token: 'rot-old-1', interests: ['jazz'] })
      .expect(409);
    expect(taken.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    await request(t.url).delete('/session/rot-new-1').set('Authorization', `Bearer ${access}`).expect(204);
    await request(t.url)
      .post('/session')
      .send({ ble_token: 'rot-old-1', interests: ['jazz'] })
      .expect(409);
  });

  it('refuses a rotation back to a token given up before (409), and changes nothing', async () => {
    const { access } = await createSession('rot-back-0');
    await rotate('rot-back-0', 'rot-back-1', access).expect(200);
    await rotate('rot-back-1', 'rot-back-0', access).expect(409);
    await request(t.url).delete('/session/rot-back-1').set('Authorization', `Bearer ${access}`).expect(204);
  });

  it('can rotate again and again', async () => {
    const { access } = await createSession('rot-chain-0');
    for (let i = 1; i <= 5; i += 1) await rotate(`rot-chain-${i - 1}`, `rot-chain-${i}`, access).expect(200);
    await request(t.url).delete('/session/rot-chain-5').set('Authorization', `Bearer ${access}`).expect(204);
  });

  it('answers 409 when the new token is live, and changes nothing', async () => {
    const { access } = await createSession('rot-conf-a');
    await createSession('rot-conf-b');
    const { body } = await rotate('rot-conf-a', 'rot-conf-b', access).expect(409);
    expect(body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    await request(t.url).delete('/session/rot-conf-a').set('Authorization', `Bearer ${access}`).expect(204);
  });

  it('answers 401 for a missing, wrong or other session access token', async () => {
    await createSession('rot-auth-a');
    const other = await createSession('rot-auth-b');
    await rotate('rot-auth-a', 'rot-auth-new').expect(401);
    await rotate('rot-auth-a', 'rot-auth-new', 'wrong').expect(401);
    await rotate('rot-auth-a', 'rot-auth-new', other.access).expect(401);
    await rotate('no-such-session', 'rot-auth-new', other.access).expect(401);
  });

  it.each([
    ['a malformed new token', 'bad token!'],
    ['a missing new token', undefined],
    ['a numeric new token', 12345678],
  ])('answers 400 for %s', async (_, to) => {
    const token = `rot-bad-${Math.random().toString(36).slice(2, 8)}`;
    const { access } = await createSession(token);
    await rotate(token, to, access).expect(400);
  });

  it('answers 400 for rotating to the same token and for unknown fields', async () => {
    const { access } = await createSession('rot-same-1');
    await rotate('rot-same-1', 'rot-same-1', access).expect(400);
    await request(t.url)
      .post('/session/rot-same-1/rotate')
      .set('Authorization', `Bearer ${access}`)
      .send({ ble_token: 'rot-same-2', extra: 1 })
      .expect(400);
  });

  it('leaves exactly one live token when rotations race', async () => {
    const { access } = await createSession('rot-race-0');
    const targets = Array.from({ length: 10 }, (_, i) => `rot-race-t${i}`);
    const statuses = await Promise.all(
      targets.map((to) => rotate('rot-race-0', to, access).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 401)).toBe(true);
    const winner = targets[statuses.indexOf(200)];
    const deletes = await Promise.all(
      targets.map((to) =>
        request(t.url)
          .delete(`/session/${to}`)
          .set('Authorization', `Bearer ${access}`)
          .then((r) => r.status),
      ),
    );
    expect(deletes.filter((s) => s === 204)).toHaveLength(1);
    expect(deletes[targets.indexOf(winner)]).toBe(204);
  });

  it('does not let a concurrent POST /session steal the new token, nor lose it', async () => {
    for (let round = 0; round < 5; round += 1) {
      const { access } = await createSession(`rot-steal-old-${round}`);
      const target = `rot-steal-new-${round}`;
      const [rotated, created] = await Promise.all([
        rotate(`rot-steal-old-${round}`, target, access),
        request(t.url)
          .post('/session')
          .send({ ble_token: target, interests: ['chess'] }),
      ]);
      // Exactly one of them owns the token.
      expect([rotated.status, created.status].sort()).toEqual(
        rotated.status === 200 ? [200, 409] : [201, 409],
      );
      const owner = rotated.status === 200 ? access : created.body.access_token;
      await request(t.url).delete(`/session/${target}`).set('Authorization', `Bearer ${owner}`).expect(204);
    }
  });

  it('leaves no Redis key or value that links the old token to the new one', async () => {
    const { access } = await createSession('rot-priv-old-token');
    await rotate('rot-priv-old-token', 'rot-priv-new-token', access).expect(200);
    const other = await createSession('rot-priv-other-old', ['chess']);
    await rotate('rot-priv-other-old', 'rot-priv-other-new', other.access).expect(200);
    const redis = new Redis(TEST_REDIS_URL);
    const dump = await dumpKeysWithPrefix(redis, t.env.REDIS_KEY_PREFIX);
    await redis.quit();
    // The dump is key, value, key, value, ...
    const entries = Array.from({ length: dump.length / 2 }, (_, i) => [dump[2 * i], dump[2 * i + 1]]);
    // The old token survives only as its quarantine key, whose value is the same marker for
    // every rotated-away token: it names no session, so nothing leads to the new token.
    const mentioning = (token: string) =>
      entries.filter(([key, value]) => `${key}\n${value}`.includes(token));
    const quarantined = mentioning('rot-priv-old-token');
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0][0]).toMatch(/rot-priv-old-token$/);
    expect(quarantined[0][1]).toBe(mentioning('rot-priv-other-old')[0][1]);
    for (const secret of [access, 'rot-priv-new-token']) expect(quarantined[0][1]).not.toContain(secret);
    expect(entries.filter(([key]) => key.endsWith('rot-priv-new-token'))).toHaveLength(1);
    expect(mentioning('rot-priv-new-token').some(([, value]) => value.includes('rot-priv-old-token'))).toBe(
      false,
    );
  });
});

describe('POST /session/{ble_token}/rotate with SESSION_TTL_SECONDS=2', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { SESSION_TTL_SECONDS: '2' } });
  });
  afterAll(() => t.close());

  it('frees a token given up by a rotation once SESSION_TTL_SECONDS have passed', async () => {
    const { body } = await request(t.url)
      .post('/session')
      .send({ ble_token: 'rot-ttl-old', interests: ['jazz'] })
      .expect(201);
    await request(t.url)
      .post('/session/rot-ttl-old/rotate')
      .set('Authorization', `Bearer ${body.access_token}`)
      .send({ ble_token: 'rot-ttl-new' })
      .expect(200);
    await request(t.url)
      .post('/session')
      .send({ ble_token: 'rot-ttl-old', interests: ['jazz'] })
      .expect(409);
    await new Promise((resolve) => setTimeout(resolve, 2200));
    await request(t.url)
      .post('/session')
      .send({ ble_token: 'rot-ttl-old', interests: ['jazz'] })
      .expect(201);
  });
});
