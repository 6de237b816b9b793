import { unissuedToken } from './support/sessions';
import type { Logger } from 'pino';
import request from 'supertest';
import { RequestLog } from '../apps/api/src/http/request-log';
import { startTestApp, TestApp } from './support/test-app';

interface LogLine {
  level: 'info' | 'warn' | 'error';
  fields: {
    req: { id: string; method: string; route: string };
    res: { statusCode: number };
    responseTime: number;
  };
  message: string;
}

describe('request log (LOG_LEVEL=info)', () => {
  let t: TestApp;
  const lines: LogLine[] = [];

  beforeAll(async () => {
    t = await startTestApp({ env: { LOG_LEVEL: 'info' } });
    // The lines the service writes, captured at the logger instead of on stdout.
    const logger: Logger = t.app.get(RequestLog).logger;
    for (const level of ['info', 'warn', 'error'] as const) {
      jest.spyOn(logger, level).mockImplementation(((fields: LogLine['fields'], message: string) => {
        lines.push({ level, fields, message });
      }) as never);
    }
  });
  afterAll(() => t.close());
  beforeEach(() => {
    lines.length = 0;
  });

  /** The one line of the request whose `X-Request-Id` answer was `id` (the line follows the answer). */
  async function lineOf(id: string): Promise<LogLine> {
    for (let i = 0; i < 50 && !lines.some((l) => l.fields.req?.id === id); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const found = lines.filter((l) => l.fields.req?.id === id);
    expect(found).toHaveLength(1);
    return found[0];
  }

  it('echoes a well-formed X-Request-Id and logs one line with it, method, route, status and duration', async () => {
    const response = await request(t.url).get('/health').set('X-Request-Id', 'lb-req.42').expect(200);
    expect(response.headers['x-request-id']).toBe('lb-req.42');
    const line = await lineOf('lb-req.42');
    expect(line).toEqual({
      level: 'info',
      fields: {
        req: { id: 'lb-req.42', method: 'GET', route: '/health' },
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      },
      message: 'request completed',
    });
  });

  it('makes up an id when none or a malformed one is given', async () => {
    const none = await request(t.url).get('/health').expect(200);
    const malformed = await request(t.url).get('/health').set('X-Request-Id', 'no spaces; or ;').expect(200);
    for (const response of [none, malformed]) {
      expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      await lineOf(response.headers['x-request-id']);
    }
    expect(none.headers['x-request-id']).not.toBe(malformed.headers['x-request-id']);
  });

  it('logs the route template, never the BLE token in the path or the query string', async () => {
    const token = unissuedToken();
    const response = await request(t.url)
      .delete(`/session/${token}?access_token=leaked-secret`)
      .set('Authorization', 'Bearer not-the-token')
      .expect(401);
    const line = await lineOf(response.headers['x-request-id']);
    expect(line.level).toBe('warn');
    expect(line.fields.req).toEqual({
      id: expect.any(String),
      method: 'DELETE',
      route: '/session/:ble_token',
    });
    expect(JSON.stringify(line)).not.toMatch(/secret-ble-token|leaked-secret|not-the-token/);
  });

  it('logs unknown paths under one label, at warn', async () => {
    const response = await request(t.url).get('/no-such/secret-ble-token-78').expect(404);
    const line = await lineOf(response.headers['x-request-id']);
    expect(line).toMatchObject({
      level: 'warn',
      fields: { req: { route: '(unmatched)' }, res: { statusCode: 404 } },
    });
    expect(JSON.stringify(line)).not.toMatch(/secret-ble-token/);
  });

  it('does not log liveness probes', async () => {
    const response = await request(t.url).get('/health/live').expect(200);
    expect(response.headers['x-request-id']).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(lines).toEqual([]);
  });
});
