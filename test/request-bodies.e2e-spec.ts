import { connect } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import request from 'supertest';
import { appForSuite } from './support/fixtures';
import { rawRequest } from './support/raw-http';
import { createSession, unissuedToken } from './support/sessions';

/** Every route that reads a JSON body, with a body it would accept. */
function bodyRoutes(ownToken: string): { path: string; body: object }[] {
  return [
    { path: '/session', body: { interests: ['jazz'] } },
    { path: `/session/${ownToken}/rotate`, body: {} },
    { path: '/match', body: { own_token: ownToken, detected_token: unissuedToken() } },
  ];
}

const ENCODERS: Record<string, (data: Buffer) => Buffer> = {
  gzip: (data) => gzipSync(data),
  deflate: (data) => deflateSync(data),
  br: (data) => brotliCompressSync(data),
};

/** One metric sample, e.g. `sighej_redis_errors_total 0`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('request bodies', () => {
  const t = appForSuite({ env: { REQUEST_TIMEOUT_MS: '1000' } });

  describe('Content-Encoding', () => {
    const garbage = Buffer.from('this is not compressed at all');
    const cases = Object.keys(ENCODERS).flatMap((encoding) =>
      [0, 1, 2].map((route) => ({ encoding, route })),
    );

    it.each(cases)(
      'answers 400 for a corrupt $encoding body on body route $route',
      async ({ encoding, route }) => {
        const owner = await createSession(t.url, ['jazz']);
        const target = bodyRoutes(owner.bleToken)[route];
        const valid = ENCODERS[encoding](Buffer.from(JSON.stringify(target.body)));
        for (const body of [garbage, valid.subarray(0, Math.ceil(valid.length / 2))]) {
          const response = await rawRequest(t.url, {
            method: 'POST',
            path: target.path,
            headers: {
              'Content-Type': 'application/json',
              'Content-Encoding': encoding,
              Authorization: `Bearer ${owner.accessToken}`,
            },
            body,
          });
          expect(response.status).toBe(400);
          expect(JSON.parse(response.text)).toEqual({
            statusCode: 400,
            error: 'Bad Request',
            message: expect.stringMatching(/Content-Encoding/),
          });
        }
      },
    );

    it('still accepts a valid compressed body, and answers 415 for an encoding it does not speak', async () => {
      const body = Buffer.from(JSON.stringify({ interests: ['jazz'] }));
      const ok = await rawRequest(t.url, {
        method: 'POST',
        path: '/session',
        headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
        body: gzipSync(body),
      });
      expect(ok.status).toBe(201);
      const unsupported = await rawRequest(t.url, {
        method: 'POST',
        path: '/session',
        headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'compress' },
        body,
      });
      expect(unsupported.status).toBe(415);
      expect(JSON.parse(unsupported.text)).toMatchObject({ statusCode: 415, message: expect.any(String) });
    });
  });

  describe('fields that name the prototype chain', () => {
    it.each(['__proto__', 'constructor', 'prototype'])(
      'refuses a %s field with 400, like any unknown field',
      async (key) => {
        const text = `{"${key}":{"polluted":true},"interests":["jazz"]}`;
        const response = await rawRequest(t.url, {
          method: 'POST',
          path: '/session',
          headers: { 'Content-Type': 'application/json' },
          body: text,
        });
        expect(response.status).toBe(400);
        expect(JSON.parse(response.text)).toMatchObject({
          statusCode: 400,
          message: `property ${key} should not exist`,
        });
      },
    );

    it('refuses them nested too', async () => {
      const owner = await createSession(t.url, ['jazz']);
      await request(t.url)
        .post('/match')
        .set('Authorization', `Bearer ${owner.accessToken}`)
        .set('Content-Type', 'application/json')
        .send('{"own_token":"proto-nested-1","detected_token":"someone-1","x":{"constructor":{}}}')
        .expect(400);
    });
  });

  describe('lone surrogates', () => {
    it.each([
      ['an interest', '{"interests":["jazz","\\ud800"]}', /interests\[1\].*surrogate/],
      ['the ble_token', '{"ble_token":"abc\\udfffdef","interests":["jazz"]}', /ble_token.*surrogate/],
    ])('refuses one in %s with a clear 400', async (_, text, message) => {
      const response = await rawRequest(t.url, {
        method: 'POST',
        path: '/session',
        headers: { 'Content-Type': 'application/json' },
        body: text,
      });
      expect(response.status).toBe(400);
      const body = JSON.parse(response.text) as { message: string };
      expect(body.message).toMatch(message);
    });

    it('accepts a well-formed pair (an emoji) as before', async () => {
      await request(t.url)
        .post('/session')
        .send({ interests: ['😀 music'] })
        .expect(201);
    });
  });

  describe('a slow client', () => {
    it('gets 408 (not 503) while its body is still incomplete, and 408 is no dependency error', async () => {
      const started = Date.now();
      const { port } = new URL(t.url);
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(
            'POST /session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"ble_',
          );
        });
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(Date.now() - started).toBeLessThan(5000);
      expect(reply).toMatch(/^HTTP\/1\.1 408 /);
      expect(reply).toMatch(/"statusCode":408/);
      expect(reply).toMatch(/not received completely within 1 s/);
      const metrics = await request(t.url)
        .get('/metrics')
        .set('Authorization', `Bearer ${t.env.ADMIN_API_KEY}`)
        .expect(200);
      expect(sample(metrics.text, 'sighej_redis_errors_total')).toBe(0);
      expect(sample(metrics.text, 'sighej_postgres_errors_total')).toBe(0);
    });
  });
});
