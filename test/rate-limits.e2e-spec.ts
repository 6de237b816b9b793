import { SessionSettings } from '@sighej/session';
import request from 'supertest';
import { appForSuite } from './support/fixtures';
import { createSession, match, rotate } from './support/sessions';
import { sleep } from './support/sleep';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, TestApp } from './support/test-app';
import { TEST_REDIS_URL } from './support/test-services';
import { refusedUpgrade, TestSocket } from './support/ws-client';

const WINDOW = '2';
const session = (url: string, forwardedFor?: string) => {
  const call = request(url)
    .post('/session')
    .send({ interests: ['jazz'] });
  return forwardedFor === undefined ? call : call.set('X-Forwarded-For', forwardedFor);
};
const metricValue = async (t: TestApp, series: string): Promise<number> => {
  const { text } = await request(t.url).get('/metrics').set('Authorization', `Bearer ${t.env.ADMIN_API_KEY}`);
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
};

describe('POST /session limit per client IP', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp({
      env: { RATE_LIMIT_SESSIONS_PER_MINUTE: '3', RATE_LIMIT_WINDOW_SECONDS: WINDOW },
    });
    b = await startTestApp({
      sameDeploymentAs: a.env,
      env: { ...pick(a.configuration.get(SessionSettings)), RATE_LIMIT_WINDOW_SECONDS: WINDOW },
    });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });
  beforeEach(() => sleep(2100)); // each test starts in a fresh window

  it('answers 429 with Retry-After and Nest’s error body past the limit, then resets after the window', async () => {
    for (let i = 0; i < 3; i++) await session(a.url).expect(201);
    const refused = await session(a.url).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(2);
    expect(refused.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.stringMatching(/at most 3 per 2 s; retry in \d s/),
    });
    expect(await metricValue(a, 'sighej_rate_limited_total{limit="sessions"}')).toBeGreaterThanOrEqual(1);
    await sleep(Number(refused.headers['retry-after']) * 1000 + 100);
    await session(a.url).expect(201);
  });

  it('does not register the refused session', async () => {
    for (let i = 0; i < 3; i++) await session(a.url).expect(201);
    await request(a.url)
      .post('/session')
      .send({ interests: ['jazz'] })
      .expect(429);
    await sleep(2100);
    await request(a.url)
      .post('/session')
      .send({ interests: ['jazz'] })
      .expect(201);
  });

  it('is shared by every instance of a deployment', async () => {
    await session(a.url).expect(201);
    await session(b.url).expect(201);
    await session(a.url).expect(201);
    await session(b.url).expect(429);
    await session(a.url).expect(429);
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY says a proxy sets it', async () => {
    for (let i = 0; i < 3; i++) await session(a.url, `10.0.0.${i}`).expect(201);
    await session(a.url, '10.0.0.99').expect(429);
  });
});

describe('POST /session limit behind a load balancer (TRUST_PROXY=1)', () => {
  const t = appForSuite({
    env: { RATE_LIMIT_SESSIONS_PER_MINUTE: '1', RATE_LIMIT_WINDOW_SECONDS: '60', TRUST_PROXY: '1' },
  });

  it('limits each client address the proxy reports, IPv6 per /64', async () => {
    await session(t.url, '203.0.113.1').expect(201);
    await session(t.url, '203.0.113.1').expect(429);
    await session(t.url, '203.0.113.2').expect(201);
    await session(t.url, '2001:db8:1:2::1').expect(201);
    await session(t.url, '2001:db8:1:2::ffff').expect(429);
    await session(t.url, '2001:db8:1:3::1').expect(201);
  });
});

describe('RATE_LIMIT_SESSIONS_PER_MINUTE=0', () => {
  it('switches the limit off', async () => {
    const t = await startTestApp({ env: { RATE_LIMIT_SESSIONS_PER_MINUTE: '0' } });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 40 }, () => session(t.url).then((r) => r.status)),
      );
      expect(statuses.every((s) => s === 201)).toBe(true);
    } finally {
      await t.close();
    }
  });
});

describe('rate limits while Redis is down', () => {
  it('answer 503 naming Redis, quickly, never 500', async () => {
    const url = new URL(TEST_REDIS_URL);
    const proxy = await new TcpProxy(url.hostname, Number(url.port || 6379)).start();
    const t = await startTestApp({
      env: { RATE_LIMIT_SESSIONS_PER_MINUTE: '5', REDIS_URL: proxy.wrap(TEST_REDIS_URL) },
    });
    try {
      await session(t.url).expect(201);
      proxy.cut();
      const started = Date.now();
      const response = await session(t.url).expect(503);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(response.body.message).toMatch(/Redis/);
      proxy.restore();
      for (let i = 0; i < 50 && (await request(t.url).get('/health')).status !== 200; i++) await sleep(100);
      await session(t.url).expect(201);
    } finally {
      proxy.restore();
      await t.close();
      await proxy.stop();
    }
  });
});

describe('failed admin auth limit per IP (GET /metrics)', () => {
  const t = appForSuite({
    env: { RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '2', RATE_LIMIT_WINDOW_SECONDS: WINDOW },
  });

  it('refuses wrong keys once over the limit, never the right key; resets after the window', async () => {
    const scrape = (token: string) => request(t.url).get('/metrics').set('Authorization', `Bearer ${token}`);
    await scrape(t.env.ADMIN_API_KEY!).expect(200);
    await scrape('wrong-key-0123456789').expect(401);
    await scrape('wrong-key-0123456789').expect(401);
    const refused = await scrape('wrong-key-0123456789').expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.body).toMatchObject({
      statusCode: 429,
      message: expect.stringMatching(/failed authentication/),
    });
    // Behind a balancer every client shares one address: a guesser must not lock out the scraper.
    await scrape(t.env.ADMIN_API_KEY!).expect(200);
    await scrape('wrong-key-0123456789').expect(429);
    await sleep(Number(refused.headers['retry-after']) * 1000 + 100);
    await scrape('wrong-key-0123456789').expect(401);
  });
});

describe('failed admin auth limit and the metrics token', () => {
  const t = appForSuite({
    env: { METRICS_TOKEN: 'test-metrics-token-0123456789', RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '10' },
  });

  it('ten wrong keys from one address lock out neither the metrics token nor the admin key', async () => {
    const scrape = (token: string) => request(t.url).get('/metrics').set('Authorization', `Bearer ${token}`);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i += 1) statuses.push((await scrape(`wrong-key-${i}-0123456789`)).status);
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429]);
    await scrape('test-metrics-token-0123456789').expect(200);
    await request(t.url).get('/stats').set('Authorization', `Bearer ${t.env.ADMIN_API_KEY}`).expect(200);
    await scrape('wrong-key-again-0123456789').expect(429);
  });
});

describe('per-session limits: POST /match and WebSocket connects', () => {
  const t = appForSuite({
    env: {
      RATE_LIMIT_MATCHES_PER_MINUTE: '2',
      RATE_LIMIT_WS_CONNECTS_PER_MINUTE: '2',
      RATE_LIMIT_WINDOW_SECONDS: WINDOW,
    },
  });

  const NO_MATCH = { match: false, shared_interests: [], nudge_sent: false };

  it('limits /match per session (not per token: rotating does not reset it), 429 + Retry-After', async () => {
    const alice = await createSession(t.url, ['jazz']);
    const bob = await createSession(t.url, ['jazz']);
    await match(t.url, alice, bob.bleToken).expect(200, NO_MATCH);
    const rotated = await rotate(t.url, alice);
    await match(t.url, rotated, bob.bleToken).expect(200, NO_MATCH);
    const refused = await match(t.url, rotated, bob.bleToken).expect(429);
    expect(refused.body).toMatchObject({ statusCode: 429, message: expect.stringMatching(/retry in/) });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Strangers who know the public token cannot burn the session's budget, and bob has his own.
    await request(t.url)
      .post('/match')
      .set('Authorization', 'Bearer wrong')
      .send({ own_token: bob.bleToken, detected_token: rotated.bleToken })
      .expect(401);
    // Bob's own call completes the meeting with the new token that alice reported.
    await match(t.url, bob, rotated.bleToken).expect(200, {
      match: true,
      shared_interests: ['music'],
      nudge_sent: true,
    });
    await sleep(Number(refused.headers['retry-after']) * 1000 + 100);
    await match(t.url, rotated, bob.bleToken).expect(200, {
      match: true,
      shared_interests: ['music'],
      nudge_sent: false,
    });
    expect(await metricValue(t, 'sighej_rate_limited_total{limit="matches"}')).toBe(1);
  });

  it('refuses a WebSocket upgrade over the limit with HTTP 429 and Retry-After, before a socket opens', async () => {
    const carol = await createSession(t.url, ['jazz']);
    for (let i = 0; i < 2; i += 1)
      await (await TestSocket.open(t.url, carol.bleToken, carol.accessToken)).close();
    const refusal = await refusedUpgrade(t.url, `/ws/${carol.bleToken}`, {
      Authorization: `Bearer ${carol.accessToken}`,
    });
    expect(refusal).toMatchObject({
      status: 429,
      body: { statusCode: 429, message: expect.stringMatching(/retry in/) },
    });
    await sleep(Number(WINDOW) * 1000 + 200);
    await (await TestSocket.open(t.url, carol.bleToken, carol.accessToken)).close();
  });
});

/** The limit settings of an instance, for a second instance of the same deployment. */
function pick(env: { RATE_LIMIT_SESSIONS_PER_MINUTE: number }): Record<string, string> {
  return { RATE_LIMIT_SESSIONS_PER_MINUTE: String(env.RATE_LIMIT_SESSIONS_PER_MINUTE) };
}
