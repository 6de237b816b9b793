import { SessionKeys } from '@sighej/session';
import { Keyspace } from '@sighej/shared';
import fc from 'fast-check';
import Redis from 'ioredis';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { appForSuite } from './support/fixtures';
import { rawRequest, RawResponse } from './support/raw-http';
import { startTestApp, TestApp } from './support/test-app';
import { TEST_REDIS_URL } from './support/test-services';
import { createSession, match } from './support/sessions';
import { refusedUpgrade, TestSocket } from './support/ws-client';

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
/** Content-Encoding, and whether the body really is encoded so (false: garbage under the header). */
const encoding = fc.oneof(
  fc.constant(undefined),
  fc.record({
    name: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'gzip, br', 'GZIP', 'x'),
    encoded: fc.boolean(),
    truncated: fc.boolean(),
  }),
);
const ENCODERS: Record<string, (data: Buffer) => Buffer> = {
  gzip: (data) => gzipSync(data),
  deflate: (data) => deflateSync(data),
  br: (data) => brotliCompressSync(data),
};
function encode(body: Buffer | string, how: { name: string; encoded: boolean; truncated: boolean }): Buffer {
  const encoder = ENCODERS[how.name];
  const bytes = how.encoded && encoder !== undefined ? encoder(Buffer.from(body)) : Buffer.from(body);
  return how.truncated ? bytes.subarray(0, Math.floor(bytes.length / 2)) : bytes;
}

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
      fc.asyncProperty(
        endpoint,
        rawBody,
        contentType,
        authorization,
        encoding,
        async (target, raw, type, auth, how) => {
          const headers: Record<string, string> = {};
          if (type !== '') headers['Content-Type'] = type;
          if (auth !== undefined) headers.Authorization = auth;
          if (how !== undefined) headers['Content-Encoding'] = how.name;
          const body = how === undefined ? raw : encode(raw, how);
          // A GET body is meaningless and Node answers before reading it; send bodies where they belong.
          const response = await rawRequest(t.url, {
            ...target,
            headers,
            body: target.method === 'GET' ? undefined : body,
          });
          if (response.status === 201) created += 1;
          expectClientError(response);
        },
      ),
      { numRuns: RUNS * 4 },
    );
  });

  it('stores nothing for a rejected request', async () => {
    const redis = new Redis(TEST_REDIS_URL);
    const live = await redis.zcount(
      new SessionKeys(new Keyspace(t.env.REDIS_KEY_PREFIX)).live(),
      Date.now(),
      '+inf',
    );
    await redis.quit();
    expect(live).toBe(created);
  });

  it('keeps serving afterwards', async () => {
    await request(t.url).get('/health/live').expect(200);
    await request(t.url)
      .post('/session')
      .send({ interests: ['jazz'] })
      .expect(201);
  });
});

describe('hostile WebSocket input (property-based)', () => {
  const t = appForSuite();

  const frame = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
    fc
      .record({ type: fc.constantFrom('ack', 'nudge', 'ping', '__proto__'), nudge_id: junkValue })
      .map((value) => JSON.stringify(value)),
    fc.string({ maxLength: 200 }),
    fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
    fc.constantFrom('{"type":"ack"', '{"__proto__":{"type":"ack"}}', '[]', 'null', `${'['.repeat(3000)}`),
  );

  it('ignores garbage frames: the socket stays open and still receives its nudges', async () => {
    const alice = await createSession(t.url, ['jazz']);
    const bob = await createSession(t.url, ['jazz']);
    const socket = await TestSocket.open(t.url, alice.bleToken, alice.accessToken);
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 10 }), async (frames) => {
        for (const data of frames) socket.ws.send(data);
        await new Promise((resolve) => setTimeout(resolve, 5));
        expect(socket.ws.readyState).toBe(socket.ws.OPEN);
      }),
      { numRuns: RUNS },
    );
    await match(t.url, alice, bob.bleToken).expect(200);
    await match(t.url, bob, alice.bleToken).expect(200, {
      match: true,
      shared_interests: ['music'],
      nudge_sent: true,
    });
    expect(await socket.next((f) => f.type === 'nudge')).toMatchObject({
      token: bob.bleToken,
      shared_interests: ['music'],
    });
    await socket.close();
  });

  it('refuses odd upgrade paths and tokens with a 4xx and a message, never opening a socket', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 60 }).map((s) => `/ws/${encodeURIComponent(s)}`),
          fc.constantFrom(
            '/ws/',
            '/ws',
            '/ws/%',
            '/ws/%E0%A4%A',
            '/ws/abc/def',
            '/wss/abc123',
            '/ws/abc123?access_token=',
          ),
        ),
        fc.option(fc.string({ maxLength: 80 }).map((s) => `Bearer ${s.replace(/[\r\n]/g, '')}`)),
        async (path, auth) => {
          const refusal = await refusedUpgrade(t.url, path, auth === null ? {} : { Authorization: auth });
          expect(refusal.status).toBeGreaterThanOrEqual(400);
          expect(refusal.status).toBeLessThan(500);
          expect(refusal.body).toMatchObject({ statusCode: refusal.status, message: expect.anything() });
        },
      ),
      { numRuns: RUNS },
    );
  });
});
