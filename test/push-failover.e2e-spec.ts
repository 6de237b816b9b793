import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { BUILT_MAIN, RunningApp, serviceDeployment, spawnApp } from './support/built-app';
import { eventually } from './support/client-phone';
import { startLocalPushProviders, LocalPushProviders } from './support/push-providers/local-push-providers';
import { TestPhone } from './support/push-providers/test-phone';
import { createSession, meet } from './support/sessions';
import { sleep } from './support/sleep';
import { TEST_REDIS_URL } from './support/test-services';

const PHONES = 6;

// Needs `npm run build` first (as `npm test` does).
describe('Push queue across instances', () => {
  const deployment = serviceDeployment();
  let providers: LocalPushProviders;
  const running: RunningApp[] = [];

  beforeAll(async () => {
    providers = await startLocalPushProviders();
  });
  afterAll(async () => {
    for (const app of running) app.child.kill('SIGKILL');
    await providers.stop();
  });

  const instance = async (sendTimeoutMs: number, reclaimAfterMs: number): Promise<RunningApp> => {
    const app = await spawnApp(BUILT_MAIN, {
      ...providers.env,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: deployment.prefix,
      DATABASE_URL: deployment.databaseUrl,
      LOG_LEVEL: 'info',
      RATE_LIMIT_SESSIONS_PER_MINUTE: '0',
      RATE_LIMIT_MATCHES_PER_MINUTE: '0',
      PUSH_AFTER_MS: '500',
      PUSH_SEND_TIMEOUT_MS: String(sendTimeoutMs),
      PUSH_RECLAIM_AFTER_MS: String(reclaimAfterMs),
    });
    running.push(app);
    return app;
  };

  it('sends each push an instance killed with SIGKILL was holding from another instance, exactly once', async () => {
    const doomed = await instance(30_000, 40_000);
    const devices: string[] = [];
    for (let index = 0; index < PHONES; index += 1) {
      const phone = new TestPhone();
      const device = randomBytes(16).toString('hex');
      // The doomed instance's sends hang: it holds the jobs, unacknowledged, when it dies.
      providers.webpush.script.plan(device, { kind: 'slow', delayMs: 20_000 });
      const session = await createSession(doomed.url, ['jazz']);
      await request(doomed.url)
        .put(`/session/${session.bleToken}/push`)
        .set('Authorization', `Bearer ${session.accessToken}`)
        .send({
          provider: 'webpush',
          subscription: { endpoint: providers.webpush.subscribe(phone, device), keys: phone.keys },
        })
        .expect(204);
      await meet(doomed.url, session, await createSession(doomed.url, ['jazz']));
      devices.push(device);
    }
    const requested = (device: string): number =>
      providers.webpush.script.requests.filter((each) => each.device === device).length;
    await eventually(
      () => devices.every((device) => requested(device) === 1),
      'every push in flight on the doomed instance',
    );
    doomed.child.kill('SIGKILL');
    await doomed.exited;

    await instance(1000, 2000);
    const delivered = (device: string): number => providers.webpush.script.deliveriesTo(device).length;
    await eventually(
      () => devices.every((device) => delivered(device) === 1),
      'every push sent by the survivor',
      15_000,
    );
    await sleep(3000);
    expect(devices.map(delivered)).toEqual(devices.map(() => 1));
    expect(devices.map(requested)).toEqual(devices.map(() => 2));
    expect(providers.webpush.script.violations).toEqual([]);
    // Requests are logged as route templates; no push token, endpoint or BLE token in any line.
    const logs = running.map((app) => app.output()).join('\n');
    expect(logs).toMatch(/\/session\/:ble_token\/push/);
    for (const device of devices) expect(logs).not.toContain(device);
    expect(logs).not.toMatch(/\/push\/[0-9a-f]{32}|[A-Za-z0-9_-]{22}\/push/);
  });
});
