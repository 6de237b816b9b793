import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { appForSuite } from './support/fixtures';
import { Exchange, OpenApiContract } from './support/openapi-contract';

interface Document {
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, Record<string, unknown>> };
  info: { license?: { name: string } };
  servers: unknown[];
  paths: Record<string, Record<string, OperationDoc>>;
}
interface OperationDoc {
  security?: unknown[];
  requestBody?: unknown;
  parameters?: { in: string }[];
  responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
}

const document = JSON.parse(readFileSync(resolve(__dirname, '../docs/openapi.json'), 'utf8')) as Document;
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
);

describe('docs/openapi.json', () => {
  it('gives every error response a body schema, every 429 Retry-After and every 401 the bearer challenge', () => {
    expect(document.components.schemas.ErrorBody).toBeDefined();
    for (const { name, operation } of operations)
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        expect({ name, status, content: Object.keys(response.content ?? {}) }).toEqual({
          name,
          status,
          content: ['application/json'],
        });
        if (status === '429') expect(response.headers?.['Retry-After']).toBeDefined();
        if (status === '401') expect(response.headers?.['WWW-Authenticate']).toBeDefined();
      }
  });

  it('documents 400, 408, 413 and 415 for body routes and 400 for a malformed path token', () => {
    for (const { name, operation } of operations) {
      const statuses = Object.keys(operation.responses);
      if (operation.requestBody !== undefined)
        expect({ name, statuses }).toEqual({
          name,
          statuses: expect.arrayContaining(['400', '408', '413', '415']),
        });
      if (operation.parameters?.some((parameter) => parameter.in === 'path'))
        expect({ name, statuses }).toEqual({ name, statuses: expect.arrayContaining(['400']) });
      expect({ name, security: operation.security }).toEqual({ name, security: expect.any(Array) });
    }
  });

  it('declares opaque bearer schemes (not JWT), a server and a licence', () => {
    for (const scheme of Object.values(document.components.securitySchemes))
      expect(scheme).not.toHaveProperty('bearerFormat');
    expect(document.servers.length).toBeGreaterThan(0);
    expect(document.info.license?.name).toBeTruthy();
  });
});

describe('the response contract check every e2e test runs', () => {
  const contract = new OpenApiContract();
  const exchange = (overrides: Partial<Exchange>): Exchange => ({
    method: 'POST',
    path: '/session',
    status: 400,
    contentType: 'application/json; charset=utf-8',
    body: { statusCode: 400, error: 'Bad Request', message: 'interests must be …' },
    text: '{…}',
    ...overrides,
  });

  it('accepts a documented status with a matching body', () => {
    expect(contract.problems(exchange({}))).toEqual([]);
  });

  it('flags an undocumented status, an unknown operation and a body off the schema', () => {
    expect(contract.problems(exchange({ status: 418 }))).toEqual([
      expect.stringMatching(/status not documented/),
    ]);
    expect(contract.problems(exchange({ path: '/nowhere', status: 200 }))).toEqual([
      expect.stringMatching(/no such operation/),
    ]);
    expect(contract.problems(exchange({ body: { statusCode: '400', message: 7 } }))).toEqual([
      expect.stringMatching(/must have required property 'error'|must be integer/),
    ]);
    expect(
      contract.problems(exchange({ status: 201, body: { session_id: 1 }, text: '{"session_id":1}' })),
    ).toEqual([expect.stringMatching(/session_id/)]);
    expect(
      contract.problems(exchange({ status: 201, contentType: 'text/html', body: {}, text: '<p>' })),
    ).toEqual([expect.stringMatching(/text\/html/)]);
  });

  it('lets an unknown path answer 404 and leaves /docs to Swagger UI', () => {
    expect(contract.problems(exchange({ path: '/nowhere', status: 404 }))).toEqual([]);
    expect(contract.problems(exchange({ path: '/%E0%A4%A', status: 400 }))).toEqual([]);
    expect(contract.problems(exchange({ path: '/nowhere', status: 415 }))).toEqual([]);
    expect(contract.problems(exchange({ path: '/nowhere', status: 401 }))).toEqual([
      expect.stringMatching(/no such operation/),
    ]);
    expect(contract.problems(exchange({ method: 'GET', path: '/docs/', status: 200 }))).toEqual([]);
  });

  describe('against the running app', () => {
    const t = appForSuite();

    it('passes real answers of every kind', async () => {
      const responses = await Promise.all([
        request(t.url)
          .post('/session')
          .send({ interests: ['jazz'] }),
        request(t.url).post('/session').send({ ble_token: 'x' }),
        request(t.url).post('/session').send({ interests: [] }),
        request(t.url).post('/session').set('Content-Type', 'text/plain').send('hello'),
        request(t.url).get('/stats'),
        request(t.url).get('/stats').set('Authorization', `Bearer ${t.env.ADMIN_API_KEY}`),
        request(t.url).get('/health'),
        request(t.url).delete('/session/bad%20token').set('Authorization', 'Bearer x'),
      ]);
      const problems = responses.flatMap((response) =>
        contract.problems({
          method: response.request.method,
          path: new URL(response.request.url).pathname,
          status: response.status,
          contentType: response.headers['content-type'],
          body: response.body as unknown,
          text: response.text ?? '',
        }),
      );
      expect(responses.map((response) => response.status)).toEqual([201, 400, 400, 415, 401, 200, 200, 400]);
      expect(problems).toEqual([]);
    });
  });
});
