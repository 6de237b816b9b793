import request from 'supertest';
import { appForSuite } from './support/fixtures';
import { createSession, match, unissuedToken } from './support/sessions';
import { sleep } from './support/sleep';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp } from './support/test-app';
import { TEST_REDIS_URL } from './support/test-services';
import { TestSocket } from './support/ws-client';

const METRICS_TOKEN = 'test-metrics-token-0123456789';

/** The value of one sample line, e.g. `sighej_nudges_sent_total 0`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  const t = appForSuite({ env: { METRICS_TOKEN } });

  const scrape = (token?: string) => {
    const call = request(t.url).get('/metrics');
    return token === undefined ? call : call.set('Authorization', `Bearer ${token}`);
  };

  it('answers 401 without a token or with a wrong one', async () => {
    const missing = await scrape().expect(401);
    expect(missing.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    await scrape('wrong-token-0123456789').expect(401);
    await scrape(`${METRICS_TOKEN}x`).expect(401);
    await request(t.url).get('/metrics').set('Authorization', METRICS_TOKEN).expect(401);
  });

  it('answers Prometheus text with METRICS_TOKEN and with the admin key', async () => {
    const response = await scrape(METRICS_TOKEN).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(response.headers['cache-control']).toBe('no-store');
    await scrape(t.env.ADMIN_API_KEY).expect(200);
  });

  it('declares every documented metric, and the process metrics', async () => {
    const { text } = await scrape(METRICS_TOKEN).expect(200);
    for (const name of [
      'sighej_http_requests_total',
      'sighej_http_request_duration_seconds',
      'sighej_ws_open_sockets',
      'sighej_nudges_sent_total',
      'sighej_nudges_replayed_total',
      'sighej_nudges_acked_total',
      'sighej_stats_flush_lag_seconds',
      'sighej_stats_lost_counts_total',
      'sighej_redis_errors_total',
      'sighej_postgres_errors_total',
      'sighej_rate_limited_total',
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(sample(text, 'sighej_stats_lost_counts_total')).toBe(0);
  });

  it('counts requests and their latency by route template, method and status', async () => {
    await request(t.url)
      .post('/session')
      .send({ interests: ['jazz'] })
      .expect(201);
    await request(t.url)
      .post('/session')
      .send({ ble_token: 'metrics-1', interests: ['jazz'] })
      .expect(400);
    await request(t.url).delete(`/session/${unissuedToken()}`).expect(401);
    await request(t.url).get('/no/such/path/12345').expect(404);
    const { text } = await scrape(METRICS_TOKEN).expect(200);
    const labels = (method: string, route: string, status: number) =>
      `method="${method}",route="${route}",status="${status}"`;
    expect(sample(text, `sighej_http_requests_total{${labels('POST', '/session', 201)}}`)).toBe(1);
    expect(sample(text, `sighej_http_requests_total{${labels('POST', '/session', 400)}}`)).toBe(1);
    expect(sample(text, `sighej_http_requests_total{${labels('DELETE', '/session/:ble_token', 401)}}`)).toBe(
      1,
    );
    expect(
      sample(text, `sighej_http_request_duration_seconds_count{${labels('POST', '/session', 201)}}`),
    ).toBe(1);
    expect(
      sample(
        text,
        `sighej_http_request_duration_seconds_bucket{le="+Inf",${labels('POST', '/session', 201)}}`,
      ),
    ).toBe(1);
    // Raw paths never become labels.
    expect(text).not.toContain('/no/such/path');
    expect(text).toContain(`route="(unmatched)",status="404"`);
  });
});

describe('GET /metrics with neither METRICS_TOKEN nor ADMIN_API_KEY', () => {
  it('refuses every request', async () => {
    const t = await startTestApp({ env: { ADMIN_API_KEY: '' } });
    try {
      const response = await request(t.url)
        .get('/metrics')
        .set('Authorization', 'Bearer anything-at-all-123')
        .expect(401);
      expect(response.body.message).toMatch(/METRICS_TOKEN or ADMIN_API_KEY/);
      await request(t.url).get('/metrics').expect(401);
    } finally {
      await t.close();
    }
  });
});

describe('sighej_redis_errors_total', () => {
  it('counts requests failed by an unreachable Redis', async () => {
    const url = new URL(TEST_REDIS_URL);
    const proxy = await new TcpProxy(url.hostname, Number(url.port || 6379)).start();
    const t = await startTestApp({ env: { METRICS_TOKEN, REDIS_URL: proxy.wrap(TEST_REDIS_URL) } });
    try {
      proxy.cut();
      await request(t.url)
        .post('/session')
        .send({ interests: ['jazz'] })
        .expect(503);
      const { text } = await request(t.url)
        .get('/metrics')
        .set('Authorization', `Bearer ${METRICS_TOKEN}`)
        .expect(200);
      expect(sample(text, 'sighej_redis_errors_total')).toBeGreaterThanOrEqual(1);
      proxy.restore();
      for (let i = 0; i < 50 && (await request(t.url).get('/health')).status !== 200; i++) await sleep(100);
    } finally {
      proxy.restore();
      await t.close();
      await proxy.stop();
    }
  });
});

describe('GET /metrics: nudge and socket series', () => {
  const t = appForSuite();

  const series = async (name: string): Promise<number> => {
    const { text } = await request(t.url)
      .get('/metrics')
      .set('Authorization', `Bearer ${t.env.ADMIN_API_KEY}`)
      .expect(200);
    const line = text.split('\n').find((l) => l.startsWith(`${name} `));
    return line === undefined ? NaN : Number(line.slice(name.length + 1));
  };

  it('counts open sockets and nudges sent, replayed and acked', async () => {
    const alice = await createSession(t.url, ['jazz']);
    const bob = await createSession(t.url, ['jazz']);
    const socket = await TestSocket.open(t.url, alice.bleToken, alice.accessToken);
    expect(await series('sighej_ws_open_sockets')).toBe(1);
    await match(t.url, alice, bob.bleToken).expect(200);
    // A sighting alone sends nothing; Bob's report completes the meeting and nudges both.
    expect(await series('sighej_nudges_sent_total')).toBe(0);
    await match(t.url, bob, alice.bleToken).expect(200);
    const nudge = await socket.next((frame) => frame.type === 'nudge');
    expect(nudge.token).toBe(bob.bleToken);
    expect(await series('sighej_nudges_sent_total')).toBe(2);
    const bobSocket = await TestSocket.open(t.url, bob.bleToken, bob.accessToken);
    await bobSocket.next((frame) => frame.type === 'nudge');
    expect(await series('sighej_nudges_replayed_total')).toBe(1);
    socket.ack(nudge.nudge_id);
    await sleep(200);
    expect(await series('sighej_nudges_acked_total')).toBe(1);
    await socket.close();
    await bobSocket.close();
    await sleep(100);
    expect(await series('sighej_ws_open_sockets')).toBe(0);
  });
});
