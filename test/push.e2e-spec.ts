import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { startLocalPushProviders, LocalPushProviders } from './support/push-providers/local-push-providers';
import { TestPhone } from './support/push-providers/test-phone';
import { createSession, CreatedSession, meet, unissuedToken } from './support/sessions';
import { eventually } from './support/client-phone';
import { metricValue } from './support/metric-value';
import { sleep } from './support/sleep';
import { startTestApp, TestApp } from './support/test-app';
import { TestSocket } from './support/ws-client';

const PUSH_AFTER_MS = 1000;

type Provider = 'webpush' | 'apns' | 'fcm';

describe('Push: nudges for phones in a pocket', () => {
  let providers: LocalPushProviders;
  let service: TestApp;

  beforeAll(async () => {
    providers = await startLocalPushProviders();
    service = await startTestApp({
      env: { ...providers.env, PUSH_AFTER_MS: String(PUSH_AFTER_MS), NUDGE_MAX_AGE_SECONDS: '600' },
    });
  });
  afterAll(async () => {
    await service.close();
    await providers.stop();
  });

  /** A session whose phone registered a push channel with `provider`; `device` is its address there. */
  async function pushablePhone(
    provider: Provider,
  ): Promise<{ session: CreatedSession; phone: TestPhone; device: string }> {
    const session = await createSession(service.url, ['jazz', 'devops']);
    const phone = new TestPhone();
    const id = randomBytes(32).toString('hex');
    let body: object;
    if (provider === 'webpush')
      body = {
        provider,
        subscription: { endpoint: providers.webpush.subscribe(phone, id), keys: phone.keys },
      };
    else if (provider === 'apns') {
      providers.apns.register(phone, id);
      body = { provider, device_token: id, keys: phone.keys };
    } else {
      const token = `${id.slice(0, 11)}:APA91b${id}`;
      providers.fcm.register(phone, token);
      body = { provider, registration_token: token, keys: phone.keys };
      return { session, phone, device: await register(session, body).then(() => token) };
    }
    await register(session, body);
    return { session, phone, device: id };
  }

  function register(session: CreatedSession, body: object): Promise<unknown> {
    return request(service.url)
      .put(`/session/${session.bleToken}/push`)
      .set('Authorization', `Bearer ${session.accessToken}`)
      .send(body)
      .expect(204);
  }

  const scriptOf = (provider: Provider) => providers[provider].script;
  const partner = () => createSession(service.url, ['jazz']);

  it.each<Provider>(['webpush', 'apns', 'fcm'])(
    '%s: a phone with no socket gets exactly one push per nudge, and it decrypts to the nudge frame',
    async (provider) => {
      const { session, device } = await pushablePhone(provider);
      await meet(service.url, session, await partner());
      await meet(service.url, session, await partner());
      const script = scriptOf(provider);
      await eventually(() => script.deliveriesTo(device).length >= 2, 'two pushes');
      await sleep(PUSH_AFTER_MS + 500);
      const pushed = script
        .deliveriesTo(device)
        .map(({ plaintext }) => JSON.parse(plaintext) as Record<string, unknown>);
      const socket = await TestSocket.open(service.url, session.bleToken, session.accessToken);
      const replayed = await socket.nudgeCount(2);
      socket.ws.close();
      expect(pushed).toHaveLength(2);
      expect(new Set(pushed.map(({ nudge_id }) => nudge_id))).toEqual(
        new Set(replayed.map(({ nudge_id }) => nudge_id)),
      );
      for (const frame of replayed) expect(pushed).toContainEqual(frame);
      expect(script.violations).toEqual([]);
    },
  );

  it('sends Web Push with a TTL within the nudge age, high urgency and the session collapse key as Topic', async () => {
    const { session, device } = await pushablePhone('webpush');
    await meet(service.url, session, await partner());
    await meet(service.url, session, await partner());
    await eventually(() => providers.webpush.script.deliveriesTo(device).length === 2, 'two pushes');
    const [first, second] = providers.webpush.script.deliveriesTo(device).map(({ headers }) => headers);
    expect(Number(first.ttl)).toBeLessThanOrEqual(600);
    expect(Number(first.ttl)).toBeGreaterThan(590);
    expect(first.urgency).toBe('high');
    expect(first.topic).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(second.topic).toBe(first.topic);
  });

  it('sends APNs an alert with the generic text, and FCM a data message, both collapsed per session', async () => {
    const apns = await pushablePhone('apns');
    await meet(service.url, apns.session, await partner());
    await eventually(() => providers.apns.script.deliveriesTo(apns.device).length === 1, 'an APNs push');
    const [headers] = providers.apns.script.deliveriesTo(apns.device).map((delivery) => delivery.headers);
    expect(headers['apns-push-type']).toBe('alert');
    expect(Number(headers['apns-expiration'])).toBeLessThanOrEqual(Date.now() / 1000 + 600);
    expect(headers['apns-collapse-id']).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const fcm = await pushablePhone('fcm');
    await meet(service.url, fcm.session, await partner());
    await eventually(() => providers.fcm.script.deliveriesTo(fcm.device).length === 1, 'an FCM push');
    expect(providers.fcm.script.deliveriesTo(fcm.device)[0].headers.ttl).toMatch(/^\d+s$/);
    expect(providers.fcm.tokensIssued).toBe(1);
  });

  it('pushes nothing for a nudge the socket acks within PUSH_AFTER_MS', async () => {
    const { session, device } = await pushablePhone('apns');
    const socket = await TestSocket.open(service.url, session.bleToken, session.accessToken);
    await meet(service.url, session, await partner());
    const [nudge] = await socket.nudgeCount(1);
    socket.ws.send(JSON.stringify({ type: 'ack', nudge_id: nudge.nudge_id }));
    await sleep(PUSH_AFTER_MS + 1000);
    socket.ws.close();
    expect(providers.apns.script.requests.filter((each) => each.device === device)).toEqual([]);
  });

  it('pushes a nudge the open socket has not acked once PUSH_AFTER_MS passed', async () => {
    const { session, device } = await pushablePhone('webpush');
    const socket = await TestSocket.open(service.url, session.bleToken, session.accessToken);
    const started = Date.now();
    await meet(service.url, session, await partner());
    await socket.nudgeCount(1);
    await eventually(() => providers.webpush.script.deliveriesTo(device).length === 1, 'the push');
    socket.ws.close();
    expect(providers.webpush.script.deliveriesTo(device)[0].at - started).toBeGreaterThanOrEqual(
      PUSH_AFTER_MS,
    );
  });

  it.each<Provider>(['webpush', 'apns', 'fcm'])(
    '%s: a device the provider calls gone loses its channel',
    async (provider) => {
      const { session, device } = await pushablePhone(provider);
      scriptOf(provider).plan(device, { kind: 'gone' });
      await meet(service.url, session, await partner());
      await eventually(
        () => scriptOf(provider).requests.some((each) => each.device === device),
        'the refused push',
      );
      await sleep(300);
      await meet(service.url, session, await partner());
      await sleep(PUSH_AFTER_MS + 1000);
      expect(scriptOf(provider).requests.filter((each) => each.device === device)).toHaveLength(1);
      expect(scriptOf(provider).deliveriesTo(device)).toEqual([]);
    },
  );

  it('retries a 429 no sooner than its Retry-After, then delivers', async () => {
    const { session, device } = await pushablePhone('fcm');
    providers.fcm.script.plan(device, { kind: 'throttled', retryAfterSeconds: 2 });
    await meet(service.url, session, await partner());
    await eventually(
      () => providers.fcm.script.deliveriesTo(device).length === 1,
      'the retried push',
      15_000,
    );
    const [refused, delivered] = providers.fcm.script.requests.filter((each) => each.device === device);
    expect(refused.answer).toBe('throttled');
    expect(delivered.at - refused.at).toBeGreaterThanOrEqual(2000);
  });

  it('retries a 500 with backoff, a bounded number of times', async () => {
    const { session, device } = await pushablePhone('apns');
    providers.apns.script.plan(device, { kind: 'error' }, { kind: 'error' });
    await meet(service.url, session, await partner());
    await eventually(
      () => providers.apns.script.deliveriesTo(device).length === 1,
      'the retried push',
      15_000,
    );
    expect(
      providers.apns.script.requests.filter((each) => each.device === device).map(({ answer }) => answer),
    ).toEqual(['error', 'error', 'ok']);
  });

  it("a slow provider holds up neither /match nor another provider's pushes", async () => {
    const slow = await pushablePhone('webpush');
    providers.webpush.script.plan(slow.device, { kind: 'slow', delayMs: 4000 });
    const fast = await pushablePhone('apns');
    await meet(service.url, slow.session, await partner());
    await sleep(300);
    const started = Date.now();
    await meet(service.url, fast.session, await partner());
    expect(Date.now() - started).toBeLessThan(1000);
    await eventually(
      () => providers.apns.script.deliveriesTo(fast.device).length === 1,
      'the fast push',
      3000,
    );
    expect(providers.webpush.script.deliveriesTo(slow.device)).toEqual([]);
  });

  it('DELETE /session stops its pushes, and DELETE .../push stops them too', async () => {
    const ended = await pushablePhone('webpush');
    const unregistered = await pushablePhone('webpush');
    for (const { session } of [ended, unregistered]) {
      const socket = await TestSocket.open(service.url, session.bleToken, session.accessToken);
      await meet(service.url, session, await partner());
      await socket.nudgeCount(1);
    }
    await request(service.url)
      .delete(`/session/${ended.session.bleToken}`)
      .set('Authorization', `Bearer ${ended.session.accessToken}`)
      .expect(204);
    await request(service.url)
      .delete(`/session/${unregistered.session.bleToken}/push`)
      .set('Authorization', `Bearer ${unregistered.session.accessToken}`)
      .expect(204);
    await sleep(PUSH_AFTER_MS + 1000);
    expect(
      providers.webpush.script.requests.filter(({ device }) =>
        [ended.device, unregistered.device].includes(device),
      ),
    ).toEqual([]);
  });

  it('counts pushes in /metrics by provider and outcome', async () => {
    const { text } = await request(service.url)
      .get('/metrics')
      .set('Authorization', `Bearer ${service.env.ADMIN_API_KEY}`)
      .expect(200);
    for (const provider of ['webpush', 'apns', 'fcm'])
      expect(metricValue(text, `sighej_pushes_total{provider="${provider}",outcome="sent"}`)).toBeGreaterThan(
        0,
      );
    expect(metricValue(text, 'sighej_pushes_total{provider="fcm",outcome="retried"}')).toBeGreaterThanOrEqual(
      1,
    );
    expect(metricValue(text, 'sighej_pushes_total{provider="apns",outcome="gone"}')).toBeGreaterThanOrEqual(
      1,
    );
    expect(text).not.toMatch(/push\/[0-9a-f]{32}|APA91b/);
  });

  it("reports the last hour's pushes on /health (the admin page's health card), never as down", async () => {
    const { body } = await request(service.url).get('/health').expect(200);
    const [, sent, failed] =
      /^(\d+) sent \/ (\d+) failed in the last hour$/.exec(body.details.push.message) ?? [];
    expect(body.details.push.status).toBe('up');
    expect(Number(sent)).toBeGreaterThanOrEqual(8);
    expect(Number(failed)).toBe(0);
  });

  describe('PUT /session/{ble_token}/push', () => {
    let session: CreatedSession;
    const phone = new TestPhone();
    beforeAll(async () => {
      session = await createSession(service.url, ['jazz']);
    });
    const put = (body: object, token = session.accessToken, ble = session.bleToken) =>
      request(service.url).put(`/session/${ble}/push`).set('Authorization', `Bearer ${token}`).send(body);
    const apns = (overrides: object = {}) => ({
      provider: 'apns',
      device_token: 'ab'.repeat(32),
      keys: phone.keys,
      ...overrides,
    });

    it('answers the same 401 for a wrong access token and for a token with no session', async () => {
      const wrong = await put(apns(), 'x'.repeat(43)).expect(401);
      const absent = await put(apns(), session.accessToken, unissuedToken()).expect(401);
      expect(absent.body).toEqual(wrong.body);
      await request(service.url).delete(`/session/${session.bleToken}/push`).expect(401);
    });

    it.each([
      ['an unknown provider', { provider: 'hms' }, /provider must be one of webpush, apns, fcm/],
      ['a key that is not 65 bytes', apns({ keys: { ...phone.keys, p256dh: 'B'.repeat(80) } }), /p256dh/],
      [
        'a key that is no curve point',
        apns({ keys: { ...phone.keys, p256dh: `B${'A'.repeat(86)}` } }),
        /P-256 curve/,
      ],
      ['an auth secret that is not 16 bytes', apns({ keys: { ...phone.keys, auth: 'abc' } }), /keys.auth/],
      ['a device token that is not hex', apns({ device_token: 'zz'.repeat(32) }), /device_token/],
      [
        'a field of another provider',
        apns({ registration_token: 'x'.repeat(40) }),
        /not used by provider apns/,
      ],
      ['no keys', { provider: 'fcm', registration_token: 'x'.repeat(40) }, /keys is required/],
      [
        'a webpush endpoint that is no URL',
        { provider: 'webpush', subscription: { endpoint: 'nope', keys: phone.keys } },
        /absolute URL/,
      ],
    ])('refuses %s with a 400 saying what is wrong', async (_, body, message) => {
      const { body: answer } = await put(body).expect(400);
      expect(JSON.stringify(answer.message)).toMatch(message);
    });

    it('accepts a browser subscription as PushSubscription.toJSON() gives it', async () => {
      await put({
        provider: 'webpush',
        subscription: {
          endpoint: providers.webpush.subscribe(phone, 'json'),
          expirationTime: null,
          keys: phone.keys,
        },
      }).expect(204);
    });
  });
});

describe('Push settings', () => {
  let service: TestApp;
  let providers: LocalPushProviders;
  beforeAll(async () => {
    providers = await startLocalPushProviders();
    const { PUSH_WEBPUSH_VAPID_PUBLIC_KEY, PUSH_WEBPUSH_VAPID_PRIVATE_KEY, PUSH_WEBPUSH_SUBJECT } =
      providers.env;
    service = await startTestApp({
      env: {
        PUSH_WEBPUSH_VAPID_PUBLIC_KEY,
        PUSH_WEBPUSH_VAPID_PRIVATE_KEY,
        PUSH_WEBPUSH_SUBJECT,
        PUSH_WEBPUSH_ALLOW_PRIVATE_ENDPOINTS: 'false',
      },
    });
  });
  afterAll(async () => {
    await service.close();
    await providers.stop();
  });

  it('refuses a provider the operator has not configured with a 400 naming it', async () => {
    const session = await createSession(service.url, ['jazz']);
    const phone = new TestPhone();
    for (const [provider, address] of [
      ['apns', { device_token: 'ab'.repeat(32) }],
      ['fcm', { registration_token: 'x'.repeat(40) }],
    ] as const) {
      const { body } = await request(service.url)
        .put(`/session/${session.bleToken}/push`)
        .set('Authorization', `Bearer ${session.accessToken}`)
        .send({ provider, ...address, keys: phone.keys })
        .expect(400);
      expect(body.message).toBe(`push provider ${provider} is not configured on this server`);
    }
  });

  it.each([
    ['http:', 'http://push.example.net/s/1', /https:/],
    ['loopback', 'https://127.0.0.1:8443/s/1', /public address/],
    ['a private range', 'https://10.1.2.3/s/1', /public address/],
    ['IPv6 loopback', 'https://[::1]/s/1', /public address/],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/s/1', /public address/],
    ['localhost', 'https://localhost/s/1', /public address/],
    ['credentials', 'https://user:pw@push.example.net/s/1', /credentials/],
  ])(
    'refuses a Web Push endpoint over %s unless private endpoints are allowed',
    async (_, endpoint, message) => {
      const session = await createSession(service.url, ['jazz']);
      const { body } = await request(service.url)
        .put(`/session/${session.bleToken}/push`)
        .set('Authorization', `Bearer ${session.accessToken}`)
        .send({ provider: 'webpush', subscription: { endpoint, keys: new TestPhone().keys } })
        .expect(400);
      expect(body.message).toMatch(message);
    },
  );
});
