import type { IncomingHttpHeaders } from 'node:http';
import request from 'supertest';
import WebSocket from 'ws';
import { appForSuite } from './support/fixtures';
import { createSession, unissuedToken } from './support/sessions';

const BARE = 'Bearer realm="sighej"';
const INVALID = 'Bearer realm="sighej", error="invalid_token"';

/** The status and headers of a refused upgrade. */
function refusedUpgradeHeaders(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`, { headers });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('the upgrade was accepted'));
    });
    ws.once('unexpected-response', (_req, res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    ws.once('error', reject);
  });
}

describe('401 responses carry an RFC 6750 bearer challenge', () => {
  const t = appForSuite({ env: { METRICS_TOKEN: 'test-metrics-token-0123456789' } });

  it.each([
    ['GET', '/stats'],
    ['GET', '/metrics'],
    ['POST', '/match'],
    ['DELETE', `/session/${unissuedToken()}`],
  ])('%s %s: a bare challenge without a token, invalid_token with a wrong one', async (method, path) => {
    const call = () =>
      method === 'GET'
        ? request(t.url).get(path)
        : method === 'POST'
          ? request(t.url).post(path).send({ own_token: unissuedToken(), detected_token: unissuedToken() })
          : request(t.url).delete(path);
    const missing = await call().expect(401);
    expect(missing.headers['www-authenticate']).toBe(BARE);
    const wrong = await call().set('Authorization', 'Bearer wrong-token-0123456789').expect(401);
    expect(wrong.headers['www-authenticate']).toBe(INVALID);
  });

  it('is absent from other errors', async () => {
    const response = await request(t.url).post('/session').send({}).expect(400);
    expect(response.headers['www-authenticate']).toBeUndefined();
  });

  it('is on a refused WebSocket upgrade too', async () => {
    const session = await createSession(t.url, ['jazz']);
    const missing = await refusedUpgradeHeaders(t.url, `/ws/${session.bleToken}`);
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBe(BARE);
    const wrong = await refusedUpgradeHeaders(t.url, `/ws/${session.bleToken}`, {
      Authorization: 'Bearer wrong-token-0123456789',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toBe(INVALID);
    const notFound = await refusedUpgradeHeaders(t.url, '/nowhere');
    expect(notFound.status).toBe(404);
    expect(notFound.headers['www-authenticate']).toBeUndefined();
  });
});
