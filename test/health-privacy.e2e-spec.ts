import request from 'supertest';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, TestApp } from './support/test-app';

describe('GET /health with a dependency gone (unauthenticated body)', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  beforeAll(async () => {
    proxy = await new TcpProxy('127.0.0.1', 5432).start();
    t = await startTestApp({ databaseProxy: proxy });
  });
  afterAll(async () => {
    await t.close();
  });

  it('gives a coarse reason, never a driver error with an address', async () => {
    await request(t.url).get('/health').expect(200);
    await proxy.stop(); // connections now fail with ECONNREFUSED 127.0.0.1:<port>
    const { body, text } = await request(t.url).get('/health').expect(200);
    expect(body).toMatchObject({ error: { postgres: { status: 'down', message: 'unreachable' } } });
    expect(text).not.toMatch(/\d+\.\d+\.\d+\.\d+|localhost|ECONN|:\d{2,5}\b/);
    expect(text).not.toContain(String(proxy.port));
  });
});
