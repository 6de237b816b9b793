import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { appForSuite } from './support/fixtures';

describe('OpenAPI (/docs, /docs-json, docs/openapi.json)', () => {
  const t = appForSuite();

  it('serves Swagger UI at /docs', async () => {
    const { text } = await request(t.url).get('/docs').expect(200);
    expect(text).toContain('swagger-ui');
  });

  it('serves the OpenAPI 3 document at /docs-json with both bearer schemes', async () => {
    const { body } = await request(t.url).get('/docs-json').expect(200);
    expect(body.openapi).toMatch(/^3\./);
    expect(Object.keys(body.components.securitySchemes)).toEqual(
      expect.arrayContaining(['session', 'admin']),
    );
    expect(Object.keys(body.paths['/session'].post.responses)).toEqual(
      expect.arrayContaining(['201', '400', '413', '503']),
    );
    // The server chooses the token: nothing is ever "taken".
    expect(Object.keys(body.paths['/session'].post.responses)).not.toContain('409');
    expect(Object.keys(body.paths['/session/{ble_token}/rotate'].post.responses)).not.toContain('409');
  });

  it('matches the committed docs/openapi.json (run `npm run openapi` after changing the API)', () => {
    // The build carries the Swagger CLI plugin's metadata, so the check runs on it (`npm test` builds first).
    const script = resolve(__dirname, '../dist/apps/api/apps/api/src/openapi.js');
    expect(existsSync(script)).toBe(true);
    const check = spawnSync(process.execPath, [script, '--check'], {
      cwd: resolve(__dirname, '..'),
      encoding: 'utf8',
    });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
