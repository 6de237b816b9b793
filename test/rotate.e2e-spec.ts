import { SessionKeys } from '@sighej/session';
import { Keyspace } from '@sighej/shared';
import Redis from 'ioredis';
import request from 'supertest';
import { appForSuite } from './support/fixtures';
import { dumpKeysWithPrefix } from './support/redis-cleanup';
import { unissuedToken } from './support/sessions';
import { TEST_REDIS_URL } from './support/test-services';

const BLE_TOKEN = /^[A-Za-z0-9_-]{22}$/;

describe('POST /session/{ble_token}/rotate', () => {
  const t = appForSuite();

  async function createSession(interests = ['jazz', 'devops']): Promise<{
    token: string;
    access: string;
    expiresAt: string;
  }> {
    const { body } = await request(t.url).post('/session').send({ interests }).expect(201);
    return { token: body.ble_token, access: body.access_token, expiresAt: body.expires_at };
  }
  const rotate = (from: string, access?: string, body?: object) => {
    const call = request(t.url).post(`/session/${from}/rotate`);
    const sent = body === undefined ? call : call.send(body);
    return access === undefined ? sent : sent.set('Authorization', `Bearer ${access}`);
  };
  const remove = (token: string, access: string) =>
    request(t.url).delete(`/session/${token}`).set('Authorization', `Bearer ${access}`);

  it('moves the session to a new token the server chooses, keeping access token and expiry; the old token is dead', async () => {
    const { token, access, expiresAt } = await createSession();
    const { body } = await rotate(token, access).expect(200);
    expect(body).toEqual({ ble_token: expect.stringMatching(BLE_TOKEN), expires_at: expiresAt });
    expect(body.ble_token).not.toBe(token);

    await rotate(token, access).expect(401);
    await remove(token, access).expect(401);
    await remove(body.ble_token, access).expect(204);
  });

  it('accepts an empty JSON object as the body', async () => {
    const { token, access } = await createSession();
    await rotate(token, access, {}).expect(200);
  });

  it('refuses any field in the body, the old ble_token with a message saying the server chooses it', async () => {
    const { token, access } = await createSession();
    const old = await rotate(token, access, { ble_token: unissuedToken() }).expect(400);
    expect(old.body.message).toBe(
      'ble_token is assigned by the server: send no body and broadcast the ble_token of the response',
    );
    const extra = await rotate(token, access, { extra: 1 }).expect(400);
    expect(JSON.stringify(extra.body.message)).toMatch(/extra should not exist/);
    // Nothing changed: the token still names the session.
    await rotate(token, access).expect(200);
  });

  it('can rotate again and again, each time onto a token never issued before', async () => {
    const { access, token: first } = await createSession();
    let token = first;
    const seen = new Set([token]);
    for (let i = 1; i <= 20; i += 1) {
      token = (await rotate(token, access).expect(200)).body.ble_token;
      seen.add(token);
    }
    expect(seen.size).toBe(21);
    await remove(token, access).expect(204);
  });

  it('answers 401 for a missing, wrong or other session access token, and for a token naming nothing', async () => {
    const { token } = await createSession();
    const other = await createSession();
    const answers = [
      await rotate(token).expect(401),
      await rotate(token, 'wrong').expect(401),
      await rotate(token, other.access).expect(401),
      await rotate(unissuedToken(), other.access).expect(401),
    ];
    for (const answer of answers.slice(1)) expect(answer.text).toBe(answers[0].text);
  });

  it.each([
    ['odd characters', 'bad token!'],
    ['a token of the old, client-chosen form', 'rot-old-1'],
  ])('answers 400 for a path token with %s', async (_, token) => {
    const { access } = await createSession();
    await rotate(encodeURIComponent(token), access).expect(400);
  });

  it('leaves exactly one live token when rotations race', async () => {
    const { token, access } = await createSession();
    const answers = await Promise.all(Array.from({ length: 10 }, () => rotate(token, access)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 401)).toBe(true);
    const winner = answers[statuses.indexOf(200)].body.ble_token as string;
    await remove(token, access).expect(401);
    await remove(winner, access).expect(204);
  });

  it('leaves no Redis key or value that links the old token to the new one, nor anything of the old token', async () => {
    const { token, access } = await createSession();
    const renamed = (await rotate(token, access).expect(200)).body.ble_token as string;
    const redis = new Redis(TEST_REDIS_URL);
    const dump = (await dumpKeysWithPrefix(redis, t.env.REDIS_KEY_PREFIX)).join('\n');
    await redis.quit();
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(access);
    expect(dump).toContain(new SessionKeys(new Keyspace(t.env.REDIS_KEY_PREFIX)).token(renamed));
  });
});
