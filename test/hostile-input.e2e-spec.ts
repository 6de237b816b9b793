import fc from 'fast-check';
import Redis from 'ioredis';
import request from 'supertest';
import { rawRequest, RawResponse } from './support/raw-http';
import { startTestApp, TestApp } from './support/test-app';
import { TEST_REDIS_URL } from './support/test-services';

/** Cases per property; CI runs the default, `PROPERTY_RUNS=2000 npm run test:e2e` digs deeper. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 60);

const junkString = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '__proto__',
    'constructor',
    '../../etc/passwd',
    '%00',
    '😀'.repeat(40),
    'x'.repeat(5000),
  ),
);
const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  junkString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(junkString, { maxLength: 30 }),
  fc.dictionary(junkString, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }),
);
/** Bodies that look almost right, plus anything at all. */
const junkBody = fc.oneof(
  fc.record(
    { ble_token: junkValue, interests: junkValue, detected_token: junkValue, own_token: junkValue },
    { requiredKeys: [] },
  ),
  fc.record({ ble_token: fc.constantFrom('valid-token-1'), interests: junkValue }),
  fc.jsonValue({ maxDepth: 4 }),
);
const rawBody = fc.oneof(
  junkBody.map((body) => JSON.stringify(body) ?? ''),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom(
    Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), // invalid UTF-8 inside JSON
    '{"ble_token":"dup-key-1","ble_token":"dup-key-2","interests":["jazz"]}',
    '{"__proto__":{"admin":true},"ble_token":"proto-1","interests":["jazz"]}',
    '{"constructor":{"prototype":{"polluted":true}},"ble_token":"proto-2","interests":["jazz"]}',
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
    `{"a":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`,
    '{"ble_token": "abcdef", "interests": [',
    'x'.repeat(20 * 1024),
  ),
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  '',
  '*/*',
  'application/json; charset=utf-16',
);
const authorization = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 100 }).map((s) => `Bearer ${s.replace(/[\r\n]/g, '')}`),
  fc.constantFrom('Bearer', 'Basic abc', 'Bearer ' + 'a'.repeat(4000), 'bearer  x  y'),
);
const pathSegment = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{1,80}$/),
  fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s)),
  fc.constantFrom('%', '%E0%A4%A', '%00', '..', '%2F%2F', 'a'.repeat(3000), '%FF%FE', '__proto__'),
);
const endpoint = fc.oneof(
  fc.constant({ method: 'POST', path: '/session' }),
  pathSegment.map((token) => ({ method: 'DELETE', path: `/session/${token}` })),
  pathSegment.map((token) => ({ method: 'POST', path: `/session/${token}/rotate` })),
  fc.constant({ method: 'POST', path: '/match' }),
  fc.constantFrom(
    { method: 'GET', path: '/stats' },
    { method: 'GET', path: '/stats?date=2026-02-30' },
    { method: 'GET', path: '/stats/daily?from=x&to=y' },
    { method: 'GET', path: '/health' },
    { method: 'GET', path: '/metrics' },
    { method: 'PUT', path: '/session' },
    { method: 'GET', path: '/session?__proto__[x]=1' },
  ),
  pathSegment.map((segment) => ({ method: 'GET', path: `/${segment}` })),
);

function expectClientError(response: RawResponse): void {
  expect(response.status).toBeLessThan(500);
  if (response.status >= 400) {
    const body = JSON.parse(response.text) as { message?: unknown; statusCode?: unknown };
    expect(body.statusCode).toBe(response.status);
    const message = body.message;
    expect(
      typeof message === 'string' ? message.length : Array.isArray(message) ? message.length : 0,
    ).toBeGreaterThan(0);
  }
}

describe('hostile input (property-based)', () => {
  let t: TestApp;
  let created = 0;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
        RATE_LIMIT_MATCHES_PER_MINUTE: '0',
        RATE_LIMIT_ADMIN_FAILURES_PER_MINUTE: '0',
      },
    });
  });
  afterAll(() => t.close());

  it('never answers 5xx, and every 4xx says what is wrong', async () => {
    await fc.assert(
      fc.asyncProperty(endpoint, rawBody, contentType, authorization, async (target, body, type, auth) => {
        const headers: Record<string, string> = {};
        if (type !== '') headers['Content-Type'] = type;
        if (auth !== undefined) headers.Authorization = auth;
        // A GET body is meaningless and Node answers before reading it; send bodies where they belong.
        const response = await rawRequest(t.url, {
          ...target,
          headers,
          body: target.method === 'GET' ? undefined : body,
        });
        if (response.status === 201) created += 1;
        expectClientError(response);
      }),
      { numRuns: RUNS * 4 },
    );
  });

  it('stores nothing for a rejected request', async () => {
    const redis = new Redis(TEST_REDIS_URL);
    const live = await redis.zcount(`${t.env.REDIS_KEY_PREFIX}live`, Date.now(), '+inf');
    await redis.quit();
    expect(live).toBe(created);
  });

  it('keeps serving afterwards', async () => {
    await request(t.url).get('/health/live').expect(200);
    await request(t.url)
      .post('/session')
      .send({ ble_token: 'after-fuzz-1', interests: ['jazz'] })
      .expect(201);
  });
});
