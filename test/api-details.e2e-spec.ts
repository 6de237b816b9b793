import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { appForSuite } from './support/fixtures';
import { rawRequest } from './support/raw-http';
import { refusedUpgrade } from './support/ws-client';

const ADMIN = 'Bearer test-admin-key-0123456789';

interface Link {
  operationId: string;
  parameters?: Record<string, string>;
  requestBody?: Record<string, string>;
}
interface Operation {
  operationId?: string;
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses: Record<string, { links?: Record<string, Link> }>;
}
const openapi = JSON.parse(readFileSync(resolve(__dirname, '../docs/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { additionalProperties?: boolean }> };
};
const operations = Object.entries(openapi.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
);

/** `$response.body#/x` and `{$response.body#/x}` inside a string, against one response body. */
function evaluate(expression: string, body: Record<string, string>): string {
  const value = (pointer: string): string => body[pointer.replace(/^\$response\.body#\//, '')];
  if (expression.startsWith('$response.body#/')) return value(expression);
  return expression.replace(/\{(\$response\.body#\/[^}]+)\}/g, (_, inner: string) => value(inner));
}

/** Each finding of a Schemathesis run (`--checks all`) replayed, answered as docs/openapi.json says. */
describe('the API details an OpenAPI property tester trips over', () => {
  const t = appForSuite();

  describe('405 for a method a path does not serve', () => {
    it.each([
      ['TRACE', '/health', 'GET, HEAD'],
      ['PUT', '/session', 'POST'],
      ['GET', '/match', 'POST'],
      ['DELETE', '/stats', 'GET, HEAD'],
      ['GET', '/session/abcdefghijklmnopqrstuv/rotate', 'POST'],
    ])('%s %s is 405 with Allow: %s and an error body', async (method, path, allow) => {
      const response = await rawRequest(t.url, { method, path });
      expect([response.status, response.headers.allow]).toEqual([405, allow]);
      expect(JSON.parse(response.text)).toEqual({
        statusCode: 405,
        error: 'Method Not Allowed',
        message: `${method} is not allowed on ${path}; allowed: ${allow}`,
      });
    });

    it('keeps 404 for a path nothing serves', async () => {
      const response = await rawRequest(t.url, { method: 'GET', path: '/nothing-here' });
      expect([response.status, response.headers.allow]).toEqual([404, undefined]);
    });
  });

  describe('dates', () => {
    it('serves a valid format: date with a year before 1000', async () => {
      const { body } = await request(t.url)
        .get('/stats?date=0999-01-01')
        .set('Authorization', ADMIN)
        .expect(200);
      expect(body).toEqual({
        date: '0999-01-01',
        total_sessions_today: 0,
        total_matches_today: 0,
        top_interest_categories: [],
      });
      await request(t.url)
        .get('/stats/daily?from=0999-12-31&to=1000-01-01')
        .set('Authorization', ADMIN)
        .expect(200);
    });

    it('refuses year 0000, which the schema pattern also refuses', async () => {
      const { body } = await request(t.url)
        .get('/stats?date=0000-01-01')
        .set('Authorization', ADMIN)
        .expect(400);
      expect(body.message).toBe('date must be a real calendar day written YYYY-MM-DD');
    });

    it('refuses from after to, as the parameter says', async () => {
      const { body } = await request(t.url)
        .get('/stats/daily?from=2026-01-02&to=2026-01-01')
        .set('Authorization', ADMIN)
        .expect(400);
      expect(body.message).toBe('from must not be after to');
    });

    it('reports active_sessions_now for today only', async () => {
      const today = (await request(t.url).get('/stats').set('Authorization', ADMIN).expect(200)).body;
      expect(today.active_sessions_now).toEqual(expect.any(Number));
      const past = await request(t.url).get('/stats?date=2025-01-01').set('Authorization', ADMIN).expect(200);
      expect(past.body).not.toHaveProperty('active_sessions_now');
    });
  });

  describe('bodies', () => {
    it('answers a JSON null body that it must be an object, not that it is invalid JSON', async () => {
      const response = await rawRequest(t.url, {
        method: 'POST',
        path: '/session',
        headers: { 'Content-Type': 'application/json' },
        body: 'null',
      });
      expect(response.status).toBe(400);
      expect(JSON.parse(response.text)).toMatchObject({
        message: 'Request body must be a JSON object, not null',
      });
    });

    it.each([[[' ']], [['\t\n']], [['jazz', '   ']]])(
      'refuses the blank interest in %j',
      async (interests) => {
        const { body } = await request(t.url).post('/session').send({ interests }).expect(400);
        expect(body.message).toMatch(/each interest must be non-blank/);
      },
    );

    it('says every problem in one message string', async () => {
      const { body } = await request(t.url).post('/session').send({ interests: [], extra: 1 }).expect(400);
      expect(typeof body.message).toBe('string');
      expect(body.message).toMatch(/extra should not exist; .*interests must contain at least 1 interest/);
    });

    it('documents every JSON request body as closed (additionalProperties: false)', () => {
      const bodies = operations.flatMap(({ operation }) => {
        const ref = operation.requestBody?.content['application/json']?.schema.$ref;
        return ref === undefined ? [] : [ref.replace('#/components/schemas/', '')];
      });
      expect(bodies.length).toBeGreaterThan(0);
      for (const name of bodies)
        expect([name, openapi.components.schemas[name].additionalProperties]).toEqual([name, false]);
    });
  });

  describe('a malformed token', () => {
    it.each(['short', 'bad!token!bad!token!ab', 'x'.repeat(23)])(
      'is 400 with the same body on a REST path and on the upgrade: %s',
      async (token) => {
        const rest = await request(t.url)
          .delete(`/session/${token}`)
          .set('Authorization', 'Bearer whatever')
          .expect(400);
        expect(await refusedUpgrade(t.url, `/ws/${token}`, { Authorization: 'Bearer whatever' })).toEqual({
          status: 400,
          body: rest.body,
        });
      },
    );
  });

  it('chains create → match, rotate, push and delete through the links of POST /session', async () => {
    const create = operations.find(({ operation }) => operation.operationId === 'SessionController_create')!;
    const links = create.operation.responses['201'].links!;
    expect(Object.keys(links).sort()).toEqual(['end', 'match', 'register_push', 'rotate', 'unregister_push']);
    const created = (
      await request(t.url)
        .post('/session')
        .send({ interests: ['jazz'] })
        .expect(201)
    ).body as Record<string, string>;
    const other = (
      await request(t.url)
        .post('/session')
        .send({ interests: ['jazz'] })
        .expect(201)
    ).body as Record<string, string>;
    const follow = (name: string, extraBody: Record<string, unknown> = {}): request.Test => {
      const link = links[name];
      const target = operations.find(({ operation }) => operation.operationId === link.operationId)!;
      let path = target.path;
      const headers: Record<string, string> = {};
      for (const [where, expression] of Object.entries(link.parameters ?? {})) {
        const [location, parameter] = where.split('.');
        const value = evaluate(expression, created);
        if (location === 'path') path = path.replace(`{${parameter}}`, value);
        else headers[parameter] = value;
      }
      const body = Object.fromEntries(
        Object.entries(link.requestBody ?? {}).map(([field, expression]) => [
          field,
          evaluate(expression, created),
        ]),
      );
      const call = request(t.url)[target.method as 'post' | 'put' | 'delete'](path).set(headers);
      const sent = { ...body, ...extraBody };
      return Object.keys(sent).length === 0 ? call : call.send(sent);
    };
    await follow('match', { detected_token: other.ble_token }).expect(200);
    const rotated = (await follow('rotate').expect(200)).body as { ble_token: string };
    expect(rotated.ble_token).not.toBe(created.ble_token);
    created.ble_token = rotated.ble_token;
    // No provider is configured here: the link reaches the operation, which names the provider.
    const channel = {
      provider: 'fcm',
      registration_token: 'dQw4w9WgXcQ:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx',
      keys: {
        p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
        auth: 'tBHItJI5svbpez7KI4CCXg',
      },
    };
    const refused = await follow('register_push', channel).expect(400);
    expect((refused.body as { message: string }).message).toBe(
      'push provider fcm is not configured on this server',
    );
    await follow('unregister_push').expect(204);
    await follow('end').expect(204);
  });
});
