import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { BUILT_MAIN, RunningApp, spawnApp } from './support/built-app';
import { createSession, match, meet, rotate } from './support/sessions';
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
    expect(bob.bleToken).not.toBe(alice.bleToken);
    const socket = await TestSocket.open(service.url, bob.bleToken, bob.accessToken);
    const { body } = await meet(service.url, alice, bob);
    expect(body).toEqual({ match: true, shared_interests: ['music', 'tech'], nudge_sent: true });
    const [nudge] = await socket.nudgeCount(1);
    expect(nudge).toMatchObject({ token: alice.bleToken, shared_interests: ['music', 'tech'] });

    const rotated = await rotate(service.url, alice);
    await match(service.url, bob, alice.bleToken).expect(200, {
      match: false,
      shared_interests: [],
      nudge_sent: false,
    });
    // The new token is a new partner: a new meeting, nudged again.
    await match(service.url, bob, rotated.bleToken).expect(200, {
      match: false,
      shared_interests: [],
      nudge_sent: false,
    });
    await match(service.url, rotated, bob.bleToken).expect(200, {
      match: true,
      shared_interests: ['music', 'tech'],
      nudge_sent: true,
    });
    const [, renewed] = await socket.nudgeCount(2);
    expect(renewed).toMatchObject({ token: rotated.bleToken, shared_interests: ['music', 'tech'] });
    await match(service.url, bob, rotated.bleToken).expect(200, {
      match: true,
      shared_interests: ['music', 'tech'],
      nudge_sent: false,
    });

    await request(service.url)
      .delete(`/session/${bob.bleToken}`)
      .set('Authorization', `Bearer ${bob.accessToken}`)
      .expect(204);
    expect((await socket.closedWithin()).code).toBe(4001);
  });
});
