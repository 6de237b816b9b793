import express from 'express';
import type { AddressInfo } from 'node:net';
import { createServer, Server } from 'node:http';
import request from 'supertest';
import { requestTimeout } from '../apps/api/src/http/request-timeout';
import { appForSuite } from './support/fixtures';
import { startTestApp } from './support/test-app';

const ADMIN_ORIGIN = 'https://admin.example.org';

describe('HTTP hygiene', () => {
  const t = appForSuite({ env: { ALLOWED_ORIGINS: `${ADMIN_ORIGIN}, https://ops.example.org` } });

  describe('security headers', () => {
    it.each(['/health/live', '/no-such-route', '/docs-json'])(
      'are set on %s, without x-powered-by',
      async (path) => {
        const response = await request(t.url).get(path);
        expect(response.headers['x-powered-by']).toBeUndefined();
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(response.headers['referrer-policy']).toBe('no-referrer');
        expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
        expect(response.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
      },
    );

    it('keep Swagger UI working: its page loads only same-origin scripts, which are served', async () => {
      const page = await request(t.url).get('/docs/').expect(200);
      expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
      const scripts = [...page.text.matchAll(/<script[^>]*src=["']([^"']+)["']/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThan(0);
      expect(page.text.replace(/<script[^>]*src=[^>]*>\s*<\/script>/g, '')).not.toMatch(/<script/);
      for (const src of scripts) {
        expect(src).not.toMatch(/^(https?:)?\/\//);
        await request(t.url)
          .get(new URL(src, `${t.url}/docs/`).pathname)
          .expect(200)
          .expect('content-type', /javascript/);
      }
    });
  });

  describe('CORS', () => {
    it('allows a listed origin, for requests and preflights', async () => {
      const response = await request(t.url).get('/health/live').set('Origin', ADMIN_ORIGIN).expect(200);
      expect(response.headers['access-control-allow-origin']).toBe(ADMIN_ORIGIN);
      const preflight = await request(t.url)
        .options('/stats')
        .set('Origin', 'https://ops.example.org')
        .set('Access-Control-Request-Method', 'GET')
        .set('Access-Control-Request-Headers', 'authorization')
        .expect(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://ops.example.org');
      expect(preflight.headers['access-control-allow-headers']).toMatch(/Authorization/);
      expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('does not allow an origin that is not listed', async () => {
      const response = await request(t.url).get('/health/live').set('Origin', 'https://evil.example.com');
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await request(t.url)
        .options('/session')
        .set('Origin', 'https://evil.example.com')
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('allows no origin at all when ALLOWED_ORIGINS is unset', async () => {
      const closed = await startTestApp();
      try {
        const response = await request(closed.url)
          .get('/health/live')
          .set('Origin', ADMIN_ORIGIN)
          .expect(200);
        expect(response.headers['access-control-allow-origin']).toBeUndefined();
        const preflight = await request(closed.url)
          .options('/stats')
          .set('Origin', ADMIN_ORIGIN)
          .set('Access-Control-Request-Method', 'GET');
        expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
        expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
      } finally {
        await closed.close();
      }
    });
  });

  describe('content types', () => {
    it.each([
      ['text/plain', 'text/plain', '{"interests":["jazz"]}'],
      ['a form', 'application/x-www-form-urlencoded', 'ble_token=ctype-1&interests=jazz'],
      ['multipart', 'multipart/form-data; boundary=x', '--x\r\n\r\nhello\r\n--x--'],
      ['JSON:API', 'application/vnd.api+json', '{"interests":["jazz"]}'],
      ['xml', 'application/xml', '<session/>'],
    ])('answers 415 to a POST with %s', async (_, type, body) => {
      const response = await request(t.url).post('/session').set('Content-Type', type).send(body).expect(415);
      expect(response.body).toEqual({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: 'Content-Type must be application/json',
      });
    });

    it('answers 415 to a body without a Content-Type', async () => {
      const response = await request(t.url)
        .post('/session')
        .set('Content-Type', '')
        .send(Buffer.from('{"interests":["jazz"]}'))
        .expect(415);
      expect(response.body).toMatchObject({ message: 'Content-Type must be application/json' });
    });

    it('accepts application/json with a charset', async () => {
      await request(t.url)
        .post('/session')
        .set('Content-Type', 'application/json; charset=utf-8')
        .send('{"interests":["jazz"]}')
        .expect(201);
    });
  });
});

describe('request timeout', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const app = express();
    app.use(requestTimeout(300));
    app.get('/hang', () => undefined);
    app.get('/slow', (_req, res) => {
      setTimeout(() => {
        if (!res.headersSent) res.json({ late: true });
      }, 500);
    });
    app.get('/fast', (_req, res) => res.json({ ok: true }));
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('answers 503 with Nest’s error body when a handler hangs', async () => {
    const started = Date.now();
    const response = await request(url).get('/hang').expect(503);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(response.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.stringMatching(/not answered within 0.3 s/),
    });
  });

  it('leaves a late handler nothing to break, and fast requests untouched', async () => {
    await request(url).get('/slow').expect(503);
    await request(url).get('/fast').expect(200, { ok: true });
  });
});
