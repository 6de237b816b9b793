import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { appForSuite } from './support/fixtures';

describe('the AsyncAPI document next to Swagger UI', () => {
  const t = appForSuite();

  it('is served at /docs/asyncapi.yaml, byte for byte docs/asyncapi.yaml', async () => {
    const response = await request(t.url).get('/docs/asyncapi.yaml').expect(200);
    expect(response.headers['content-type']).toMatch(/^application\/yaml/);
    expect(response.text).toBe(readFileSync(resolve(__dirname, '../docs/asyncapi.yaml'), 'utf8'));
    expect(response.text).toMatch(/^asyncapi: 3\./m);
  });

  it('is linked from the /docs description', async () => {
    const { body } = await request(t.url).get('/docs-json').expect(200);
    expect((body as { info: { description: string } }).info.description).toContain('(/docs/asyncapi.yaml)');
  });
});

describe('with SWAGGER_UI=false', () => {
  const t = appForSuite({ env: { SWAGGER_UI: 'false' } });

  it('is not served, like /docs', async () => {
    await request(t.url).get('/docs/asyncapi.yaml').expect(404);
    await request(t.url).get('/docs-json').expect(404);
  });
});
