import { SighejClient, SighejHttpError, SighejSession, SessionEndedError } from '../src';
import { FakeFetch, FIRST_TOKEN, created, noMatch, rotations } from './fake-fetch';
import { FakeTransport } from './fake-transport';

/** Lets promise chains that wait on fake timers run to the end. */
async function settle(ms = 0): Promise<void> {
  await jest.advanceTimersByTimeAsync(ms);
}

describe('SighejClient and SighejSession', () => {
  let http: FakeFetch;
  let sockets: FakeTransport;
  let client: SighejClient;

  beforeEach(() => {
    jest.useFakeTimers();
    http = new FakeFetch();
    sockets = new FakeTransport();
    client = new SighejClient({
      url: 'http://sighej.test/',
      fetch: http.fetch,
      transport: sockets.transport,
      backoff: { baseMs: 1000, maxMs: 8000 },
      rotation: { minMs: 600_000, maxMs: 900_000 },
      advertisingPause: { minMs: 1000, maxMs: 3000 },
      random: () => 0.5,
    });
  });
  afterEach(() => jest.useRealTimers());

  async function session(): Promise<SighejSession> {
    http.on('POST', /^\/session$/, created());
    return client.createSession(['devops', 'jazz']);
  }

  it('creates a session under the token the server chose and opens its socket there', async () => {
    const opened = await session();
    expect(http.calls[0].body).toEqual({ interests: ['devops', 'jazz'] });
    expect(opened.bleToken).toBe(FIRST_TOKEN);
    expect(sockets.last.url).toBe(`ws://sighej.test/ws/${FIRST_TOKEN}`);
    expect(sockets.last.accessToken).toBe('secret');
  });

  it('opens no socket for a session created in the background until the app starts it', async () => {
    http.on('POST', /^\/session$/, created());
    const background = await client.createSession(['jazz'], { connect: false });
    expect(sockets.connections).toHaveLength(0);
    background.socket.start();
    expect(sockets.last.url).toBe(`ws://sighej.test/ws/${FIRST_TOKEN}`);
  });

  it('waits Retry-After on 429 and backs off on 503 before asking again', async () => {
    http.on(
      'POST',
      /^\/session$/,
      { status: 429, headers: { 'Retry-After': '7' } },
      { status: 503 },
      created(),
    );
    let done = false;
    void client.createSession(['jazz']).then(() => (done = true));
    await settle(6999);
    expect(http.calls).toHaveLength(1);
    await settle(1);
    await settle(125); // Retry-After plus a quarter of the jitter
    expect(http.calls).toHaveLength(2);
    await settle(1000); // backoff ceiling 2 s for the second attempt, random 0.5
    expect(http.calls).toHaveLength(3);
    expect(done).toBe(true);
  });

  it('gives up after its attempts and says what the service answered', async () => {
    http.on('POST', /^\/session$/, { status: 503, body: { message: 'Redis is unavailable' } });
    const outcome = client.createSession(['jazz']).catch((error: unknown) => error);
    await settle(60_000);
    const error = (await outcome) as SighejHttpError;
    expect(error).toBeInstanceOf(SighejHttpError);
    expect([error.status, error.detail]).toEqual([503, 'Redis is unavailable']);
    expect(http.calls).toHaveLength(5);
  });

  it('reports a sighting as the session’s current token', async () => {
    const opened = await session();
    http.on('POST', /^\/match$/, noMatch);
    await expect(opened.reportSighting('partner-1')).resolves.toEqual(noMatch.body);
    expect(http.calls[1]).toMatchObject({
      headers: { Authorization: 'Bearer secret' },
      body: { own_token: opened.bleToken, detected_token: 'partner-1' },
    });
  });

  it('rotates on its timer, asking the server for the token, without touching the socket', async () => {
    const opened = await session();
    const announced: { bleToken: string; pauseMs: number }[] = [];
    opened.on('rotated', (event) => announced.push(event));
    http.on('POST', /\/rotate$/, rotations());
    await settle(749_999);
    expect(http.calls).toHaveLength(1);
    await settle(1);
    expect(http.calls[1]).toMatchObject({ path: `/session/${FIRST_TOKEN}/rotate`, body: undefined });
    expect(opened.bleToken).toBe('RotatedToken0000000001');
    // The app is told to stay silent a random while between the two tokens.
    expect(announced).toEqual([{ bleToken: 'RotatedToken0000000001', pauseMs: 2000 }]);
    expect(sockets.connections).toHaveLength(1);
    expect(sockets.last.closedByClient).toBeUndefined();
    await settle(750_000);
    expect(http.calls[2].path).toBe('/session/RotatedToken0000000001/rotate');
    expect(opened.bleToken).toBe('RotatedToken0000000002');
  });

  it('keeps its token when a rotation is over the limit (429) and asks again after Retry-After', async () => {
    const opened = await session();
    http
      .on(
        'POST',
        /\/rotate$/,
        { status: 429, headers: { 'Retry-After': '120' }, body: { message: 'Too many rotations' } },
        rotations(),
      )
      .on('POST', /^\/match$/, noMatch);
    await settle(750_000);
    expect(http.calls).toHaveLength(2);
    expect(opened.bleToken).toBe(FIRST_TOKEN);
    await opened.reportSighting('partner-1');
    expect(http.calls[2].body).toEqual({ own_token: FIRST_TOKEN, detected_token: 'partner-1' });
    await settle(119_999);
    expect(http.calls).toHaveLength(3);
    await settle(1);
    expect(http.calls[3].path).toBe(`/session/${FIRST_TOKEN}/rotate`);
    expect(opened.bleToken).toBe('RotatedToken0000000001');
    expect(opened.ended).toBe(false);
  });

  it('rejects a rotation asked for over the limit with Retry-After, keeping the token and the socket', async () => {
    const opened = await session();
    http.on('POST', /\/rotate$/, { status: 429, headers: { 'Retry-After': '30' } });
    await expect(opened.rotate()).rejects.toMatchObject({ status: 429, retryAfterMs: 30_000 });
    expect(http.calls).toHaveLength(2);
    expect([opened.bleToken, opened.ended, sockets.connections.length]).toEqual([FIRST_TOKEN, false, 1]);
  });

  it('reports sightings after a rotation in flight under the new token', async () => {
    const opened = await session();
    http.on('POST', /\/rotate$/, rotations()).on('POST', /^\/match$/, noMatch);
    const rotation = opened.rotate();
    const sighting = opened.reportSighting('partner-1');
    await Promise.all([rotation, sighting]);
    expect(http.calls[2].body).toEqual({ own_token: 'RotatedToken0000000001', detected_token: 'partner-1' });
  });

  it('asks again under the new token when a rotation overtook a sighting (401)', async () => {
    const opened = await session();
    const old = opened.bleToken;
    http
      .on('POST', /\/rotate$/, rotations())
      .on(
        'POST',
        /^\/match$/,
        { status: 401, body: { message: 'Missing or invalid access token' } },
        noMatch,
      );
    const sighting = opened.reportSighting('partner-1');
    // The timer's rotation starts while the sighting is on its way.
    const rotation = opened.rotate();
    await expect(sighting).resolves.toEqual(noMatch.body);
    await rotation;
    const matches = http.calls.filter((call) => call.path === '/match').map((call) => call.body?.own_token);
    expect(matches).toEqual([old, 'RotatedToken0000000001']);
    expect(opened.ended).toBe(false);
  });

  it('ends itself when the service no longer knows the session (401)', async () => {
    const opened = await session();
    const ended: string[] = [];
    opened.socket.on('session_ended', ({ reason }) => ended.push(reason));
    http.on('POST', /^\/match$/, { status: 401, body: { message: 'Missing or invalid access token' } });
    await expect(opened.reportSighting('partner-1')).rejects.toMatchObject({ status: 401 });
    expect(ended).toEqual(['lost']);
    expect(opened.ended).toBe(true);
    await expect(opened.reportSighting('partner-1')).rejects.toBeInstanceOf(SessionEndedError);
    await settle(2_000_000);
    expect(http.calls.filter((call) => call.path.endsWith('/rotate'))).toHaveLength(0);
  });

  it('end() closes the socket, deletes the session and stops rotating', async () => {
    const opened = await session();
    http.on('DELETE', /^\/session\//, { status: 204 });
    await opened.end();
    expect(http.calls[1]).toMatchObject({ method: 'DELETE', path: `/session/${opened.bleToken}` });
    expect(sockets.last.closedByClient).toBe(1000);
    await settle(2_000_000);
    expect(http.calls).toHaveLength(2);
  });

  describe('push channel', () => {
    const keys = {
      p256dh: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM',
      auth: 'tBHItJI5svbpez7KI4CCXg',
    };

    it('registers each provider with the body PUT /session/{ble_token}/push takes, under the Bearer token', async () => {
      const opened = await session();
      http.on('PUT', /\/push$/, { status: 204 });
      await opened.registerPush({
        provider: 'webpush',
        subscription: { endpoint: 'https://push.example.net/wpush/v2/abc', keys },
      });
      await opened.registerPush({ provider: 'apns', deviceToken: 'ab'.repeat(32), keys });
      await opened.registerPush({
        provider: 'fcm',
        registrationToken: 'dQw4w9WgXcQ:APA91bHun4MxP5egoKMw',
        keys,
      });
      const puts = http.calls.filter((call) => call.method === 'PUT');
      expect(puts.map((call) => [call.path, call.headers.Authorization])).toEqual(
        Array(3).fill([`/session/${FIRST_TOKEN}/push`, 'Bearer secret']),
      );
      expect(puts.map((call) => call.body)).toEqual([
        { provider: 'webpush', subscription: { endpoint: 'https://push.example.net/wpush/v2/abc', keys } },
        { provider: 'apns', device_token: 'ab'.repeat(32), keys },
        { provider: 'fcm', registration_token: 'dQw4w9WgXcQ:APA91bHun4MxP5egoKMw', keys },
      ]);
    });

    it('registers under the token a rotation in flight brings, and unregisters with DELETE', async () => {
      const opened = await session();
      http.on('POST', /\/rotate$/, rotations()).on('PUT', /\/push$/, { status: 204 });
      http.on('DELETE', /\/push$/, { status: 204 });
      const rotation = opened.rotate();
      await opened.registerPush({ provider: 'apns', deviceToken: 'cd'.repeat(32), keys });
      await rotation;
      await opened.unregisterPush();
      expect(http.calls.slice(2).map((call) => `${call.method} ${call.path}`)).toEqual([
        'PUT /session/RotatedToken0000000001/push',
        'DELETE /session/RotatedToken0000000001/push',
      ]);
    });

    it("rejects with the service's message for an unconfigured provider, and ends the session on 401", async () => {
      const opened = await session();
      http.on(
        'PUT',
        /\/push$/,
        { status: 400, body: { message: 'push provider fcm is not configured on this server' } },
        { status: 401, body: { message: 'Missing or invalid access token' } },
      );
      const fcm = { provider: 'fcm', registrationToken: 'dQw4w9WgXcQ:APA91bHun4MxP5egoKMw', keys } as const;
      await expect(opened.registerPush(fcm)).rejects.toMatchObject({
        status: 400,
        detail: 'push provider fcm is not configured on this server',
      });
      expect(opened.ended).toBe(false);
      await expect(opened.registerPush(fcm)).rejects.toMatchObject({ status: 401 });
      expect(opened.ended).toBe(true);
      await expect(opened.unregisterPush()).rejects.toBeInstanceOf(SessionEndedError);
    });
  });
});
