import request from 'supertest';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, TestApp } from './support/test-app';
import { TEST_REDIS_URL } from './support/test-services';
import { sleep } from './support/sleep';

describe('health and a Redis that blinks', () => {
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    proxy = await new TcpProxy('127.0.0.1', 6379).start();
    t = await startTestApp({ env: { REDIS_URL: proxy.wrap(TEST_REDIS_URL) } });
  });
  afterAll(async () => {
    await t.close();
    await proxy.stop();
  });

  it('GET /health/live answers 200', () =>
    request(t.url).get('/health/live').expect(200).expect({ status: 'ok' }));

  it('GET /health reports Redis and Postgres up', async () => {
    const { body } = await request(t.url).get('/health').expect(200);
    expect(body).toMatchObject({
      status: 'ok',
      details: { redis: { status: 'up' }, postgres: { status: 'up', mode: 'server' } },
    });
  });

  it('answers 503 naming Redis within 2 s while it is cut off, and heals by itself when it is back', async () => {
    const before = await request(t.url)
      .post('/session')
      .send({ interests: ['jazz'] })
      .expect(201);
    proxy.cut();

    const started = Date.now();
    const create = await request(t.url)
      .post('/session')
      .send({ interests: ['jazz'] });
    expect(create.status).toBe(503);
    expect(create.body).toMatchObject({ statusCode: 503, message: expect.stringMatching(/Redis/) });
    expect(Date.now() - started).toBeLessThan(2000);

    const health = await request(t.url).get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'error', error: { redis: { status: 'down' } } });
    expect(Date.now() - started).toBeLessThan(4000);

    const remove = await request(t.url)
      .delete(`/session/${before.body.ble_token as string}`)
      .set('Authorization', 'Bearer x');
    expect(remove.status).toBe(503);

    proxy.restore();
    let healed = false;
    for (let attempt = 0; attempt < 40 && !healed; attempt += 1) {
      await sleep(100);
      healed = (await request(t.url).get('/health')).status === 200;
    }
    expect(healed).toBe(true);
    await request(t.url)
      .post('/session')
      .send({ interests: ['jazz'] })
      .expect(201);
    // The session created before the cut is still there.
    await request(t.url)
      .delete(`/session/${before.body.ble_token as string}`)
      .set('Authorization', `Bearer ${before.body.access_token as string}`)
      .expect(204);
  });
});

describe('health with Postgres down', () => {
  let proxy: TcpProxy;
  let t: TestApp;

  beforeAll(async () => {
    proxy = await new TcpProxy('127.0.0.1', 5432).start();
    t = await startTestApp({ databaseProxy: proxy });
  });
  afterAll(async () => {
    proxy.restore();
    await t.close();
    await proxy.stop();
  });

  it('keeps readiness at 200 (phones can be served) and reports Postgres down, then up again', async () => {
    expect((await request(t.url).get('/health').expect(200)).body.details.postgres.status).toBe('up');
    proxy.cut();
    const { body } = await request(t.url).get('/health').expect(200);
    expect(body).toMatchObject({ status: 'ok', error: { postgres: { status: 'down' } } });
    await request(t.url)
      .post('/session')
      .send({ interests: ['jazz'] })
      .expect(201);
    proxy.restore();
    let recovered = false;
    for (let attempt = 0; attempt < 40 && !recovered; attempt += 1) {
      await sleep(100);
      recovered = (await request(t.url).get('/health')).body.details?.postgres?.status === 'up';
    }
    expect(recovered).toBe(true);
  });
});
