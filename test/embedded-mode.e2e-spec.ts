import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { BUILT_MAIN, RunningApp, spawnApp } from './support/built-app';
import { createSession, match, meet } from './support/sessions';
import { TestSocket } from './support/ws-client';

/** `npm start` with nothing configured: in-process sessions and fan-out, PGlite for stats. */
describe('embedded mode (built service, no REDIS_URL / DATABASE_URL)', () => {
  let dataDir: string;
  let service: RunningApp;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sighej-embedded-'));
    // A fresh PGlite data directory runs initdb: seconds on a quiet machine, far more on a busy one.
    service = await spawnApp(BUILT_MAIN, { EMBEDDED_DATA_DIR: dataDir, LOG_LEVEL: 'info' }, 90_000);
  }, 100_000);
  afterAll(async () => {
    service?.child.kill('SIGTERM');
    await service?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says at boot which mode runs', () => {
    expect(service.output()).toMatch(/embedded mode: sessions, nudges and fan-out in in-process memory/);
    expect(service.output()).toMatch(/embedded Postgres \(PGlite\)/);
  });

  it('reports both dependencies up in process', async () => {
    const { body } = await request(service.url).get('/health').expect(200);
    expect(body.details).toMatchObject({
      redis: { status: 'up', mode: 'in-process' },
      postgres: { status: 'up', mode: 'embedded' },
    });
  });

  it('serves sessions, matching, nudges, rotation and delete on the same code path', async () => {
    const alice = await createSession(service.url, ['DevOps', 'hardstyle']);
    const bob = await createSession(service.url, ['ＤｅｖＯｐｓ ', 'Hardstyle']);
    await createSession(service.url, ['jazz']).then(
      () => {
        throw new Error('a live token was overwritten');
      },
      () => undefined,
    );
    const socket = await TestSocket.open(service.url, bob.bleToken, bob.accessToken);
    const { body } = await meet(service.url, alice, bob);
    expect(body).toEqual({ match: true, shared_interests: ['music', 'tech'], nudge_sent: true });
    const [nudge] = await socket.nudgeCount(1);
    expect(nudge).toMatchObject({ token: 'emb-alice-0', shared_interests: ['music', 'tech'] });

    await request(service.url)
      .post('/session/emb-alice-0/rotate')
      .set('Authorization', `Bearer ${alice.accessToken}`)
      .send({ ble_token: 'emb-alice-1' })
      .expect(200);
    await match(service.url, bob, 'emb-alice-0').expect(200, {
      match: false,
      shared_interests: [],
      nudge_sent: false,
    });
    // The old token stays unregistrable; the new one is a new partner: a new meeting, nudged again.
    await request(service.url)
      .post('/session')
      .send({ ble_token: 'emb-alice-0', interests: ['jazz'] })
      .expect(409);
    await match(service.url, bob, 'emb-alice-1').expect(200, {
      match: false,
      shared_interests: [],
      nudge_sent: false,
    });
    await match(service.url, { ...alice, bleToken: 'emb-alice-1' }, bob.bleToken).expect(200, {
      match: true,
      shared_interests: ['music', 'tech'],
      nudge_sent: true,
    });
    const [, renewed] = await socket.nudgeCount(2);
    expect(renewed).toMatchObject({ token: 'emb-alice-1', shared_interests: ['music', 'tech'] });
    await match(service.url, bob, 'emb-alice-1').expect(200, {
      match: true,
      shared_interests: ['music', 'tech'],
      nudge_sent: false,
    });

    await request(service.url)
      .delete('/session/emb-bob-0')
      .set('Authorization', `Bearer ${bob.accessToken}`)
      .expect(204);
    expect((await socket.closedWithin()).code).toBe(4001);
  });
});
