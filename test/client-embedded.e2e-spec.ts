import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_MAIN, freePort, RunningApp, spawnApp } from './support/built-app';
import { ClientPhone, eventually, meet } from './support/client-phone';

/** @sighej/client against the built service in embedded mode (no Redis, no Postgres server). */
describe('@sighej/client on the embedded service', () => {
  let service: RunningApp;
  let port: number;
  let dataDir: string;

  const start = async (): Promise<RunningApp> =>
    spawnApp(
      BUILT_MAIN,
      { EMBEDDED_DATA_DIR: dataDir, LOG_LEVEL: 'warn', RATE_LIMIT_SESSIONS_PER_MINUTE: '0' },
      // A fresh embedded Postgres boots in seconds, far slower on a busy machine.
      90_000,
      port,
    );
  const stop = async (): Promise<void> => {
    service.child.kill('SIGTERM');
    await service.exited;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sighej-client-e2e-'));
    port = await freePort();
    service = await start();
  }, 180_000);
  afterAll(async () => {
    // Missing when the boot failed.
    if ((service as RunningApp | undefined)?.child.exitCode === null) await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('nudges both phones of a meeting once each, across a rotation of one of them', async () => {
    const alice = await ClientPhone.open(service.url, ['techno', 'python']);
    const bob = await ClientPhone.open(service.url, ['techno']);
    await Promise.all([alice.opened(), bob.opened()]);
    expect((await meet(alice, bob)).filter(Boolean)).toHaveLength(1);
    await alice.nudgeCount(1);
    await bob.nudgeCount(1);
    await alice.session.rotate();
    await meet(alice, bob);
    expect(alice.connections).toBe(1);
    expect(new Set(alice.nudges.map((nudge) => nudge.nudgeId)).size).toBe(alice.nudges.length);
    await Promise.all([alice.session.end(), bob.session.end()]);
  });

  it('learns from the restarted service that the session is gone (401 on the upgrade)', async () => {
    const alice = await ClientPhone.open(service.url, ['stoicism']);
    await alice.opened();
    await stop();
    // Sessions of the embedded mode live in the process: the restarted service does not know them.
    service = await start();
    await eventually(() => alice.ended.length > 0, 'session_ended');
    expect(alice.ended).toEqual(['lost']);
    expect(alice.states).toContainEqual(expect.objectContaining({ state: 'waiting', after: 1001 }));
    expect(alice.states[alice.states.length - 1]).toEqual({ state: 'closed', reason: 'ended' });
    expect(alice.session.ended).toBe(true);
  }, 120_000);
});
