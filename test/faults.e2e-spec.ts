import request from 'supertest';
import { createSession, match } from './support/sessions';
import { sleep } from './support/sleep';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, TestApp } from './support/test-app';
import { TEST_REDIS_URL } from './support/test-services';
import { TestSocket } from './support/ws-client';

const NO_MATCH = { match: false, shared_interests: [], nudge_sent: false };

const admin = (t: TestApp) => ({ Authorization: `Bearer ${t.env.ADMIN_API_KEY}` });

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await sleep(100);
  }
}

/** Dependencies that blink while phones are connected: answers stay clean, nothing is lost, all heals. */
describe('faults: Redis and Postgres cut off mid-traffic', () => {
  let redisProxy: TcpProxy;
  let postgresProxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    redisProxy = await new TcpProxy('127.0.0.1', 6379).start();
    postgresProxy = await new TcpProxy('127.0.0.1', 5432).start();
    t = await startTestApp({
      env: { REDIS_URL: redisProxy.wrap(TEST_REDIS_URL) },
      databaseProxy: postgresProxy,
    });
  });
  afterAll(async () => {
    redisProxy.restore();
    postgresProxy.restore();
    await t.close();
    await redisProxy.stop();
    await postgresProxy.stop();
  });

  it('answers 503 within 2 s while Redis is away, keeps or cleanly closes sockets, and heals without a restart', async () => {
    const alice = await createSession(t.url, ['jazz']);
    const bob = await createSession(t.url, ['jazz']);
    const carol = await createSession(t.url, ['jazz']);
    let socket = await TestSocket.open(t.url, alice.bleToken, alice.accessToken);
    // Alice has seen both; the meetings complete when Bob and Carol report her.
    await match(t.url, alice, bob.bleToken).expect(200, NO_MATCH);
    await match(t.url, alice, carol.bleToken).expect(200, NO_MATCH);

    redisProxy.cut();
    for (const call of [
      () => match(t.url, bob, alice.bleToken),
      () =>
        request(t.url)
          .post('/session')
          .send({ interests: ['jazz'] }),
    ]) {
      const started = Date.now();
      const response = await call();
      expect(response.status).toBe(503);
      expect(response.body.message).toMatch(/Redis/);
      expect(Date.now() - started).toBeLessThan(2000);
    }
    const health = await request(t.url).get('/health').expect(503);
    expect(health.body.error.redis.status).toBe('down');

    redisProxy.restore();
    await until(async () => (await request(t.url).get('/health')).status === 200);

    // The socket either stayed open or was closed with a code the app reconnects on.
    if (socket.ws.readyState !== socket.ws.OPEN) {
      expect([1001, 1011, 1012, 1013]).toContain((await socket.closed).code);
      socket = await TestSocket.open(t.url, alice.bleToken, alice.accessToken);
    }
    let fromBob: { status: number; body: unknown } = { status: 503, body: undefined };
    await until(async () => (fromBob = await match(t.url, bob, alice.bleToken)).status === 200);
    // The completing call is the first 200: the 503 during the cut decided nothing.
    expect(fromBob.body).toEqual({ match: true, shared_interests: ['music'], nudge_sent: true });
    await match(t.url, carol, alice.bleToken).expect(200, {
      match: true,
      shared_interests: ['music'],
      nudge_sent: true,
    });
    const nudges = await socket.nudgeCount(2, 10_000);
    expect(nudges.map((n) => [n.token, n.shared_interests])).toEqual([
      [bob.bleToken, ['music']],
      [carol.bleToken, ['music']],
    ]);
    await socket.close();
  });

  it('serves phones and loses no count while Postgres is cut off and Redis blinks', async () => {
    const before = (await request(t.url).get('/stats').set(admin(t)).expect(200)).body
      .total_sessions_today as number;
    postgresProxy.cut();
    let created = 0;
    for (let i = 0; i < 10; i += 1) {
      if (i === 5) {
        redisProxy.cut();
        await request(t.url)
          .post('/session')
          .send({ interests: ['chess'] })
          .expect(503);
        redisProxy.restore();
        await until(async () => (await request(t.url).get('/health')).status === 200);
      }
      await request(t.url)
        .post('/session')
        .send({ interests: ['chess'] })
        .expect(201);
      created += 1;
    }
    await sleep(1500);
    postgresProxy.restore();
    await until(async () => {
      const stats = await request(t.url).get('/stats').set(admin(t));
      return stats.status === 200 && stats.body.total_sessions_today === before + created;
    });
    const metrics = await request(t.url).get('/metrics').set(admin(t)).expect(200);
    expect(metrics.text).toMatch(/^sighej_stats_lost_counts_total 0$/m);
  });
});
