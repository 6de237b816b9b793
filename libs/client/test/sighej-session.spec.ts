import { SighejClient, SighejHttpError, SighejSession, SessionEndedError } from '../src';
import { FakeFetch, created, noMatch, rotated } from './fake-fetch';
import { FakeTransport } from './fake-transport';

const TOKEN = /^[A-Za-z0-9_-]{22}$/;

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
      random: () => 0.5,
    });
  });
  afterEach(() => jest.useRealTimers());

  async function session(): Promise<SighejSession> {
    http.on('POST', /^\/session$/, created());
    return client.createSession(['devops', 'jazz']);
  }

  it('creates a session with a random token and opens its socket', async () => {
    const opened = await session();
    expect(http.calls[0].body).toEqual({ ble_token: opened.bleToken, interests: ['devops', 'jazz'] });
    expect(opened.bleToken).toMatch(TOKEN);
    expect(sockets.last.url).toBe(`ws://sighej.test/ws/${opened.bleToken}`);
    expect(sockets.last.accessToken).toBe('secret');
  });

  it('picks another token when the first is taken (409)', async () => {
    http.on('POST', /^\/session$/, { status: 409, body: { message: 'taken' } }, created());
    const opened = await client.createSession(['jazz']);
    expect(http.calls).toHaveLength(2);
    expect(http.calls[1].body?.ble_token).not.toBe(http.calls[0].body?.ble_token);
    expect(opened.bleToken).toBe(http.calls[1].body?.ble_token);
  });

  it('does not replace a token the app chose: 409 is the app’s to handle', async () => {
    http.on('POST', /^\/session$/, { status: 409, body: { message: 'taken' } });
    await expect(client.createSession(['jazz'], { bleToken: 'chosen-1' })).rejects.toMatchObject({
      status: 409,
    });
    expect(http.calls).toHaveLength(1);
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

  it('rotates on its timer within the interval without touching the socket', async () => {
    const opened = await session();
    const first = opened.bleToken;
    const announced: string[] = [];
    opened.on('rotated', ({ bleToken }) => announced.push(bleToken));
    http.on('POST', /\/rotate$/, rotated);
    await settle(749_999);
    expect(http.calls).toHaveLength(1);
    await settle(1);
    expect(http.calls[1].path).toBe(`/session/${first}/rotate`);
    expect(opened.bleToken).not.toBe(first);
    expect(opened.bleToken).toMatch(TOKEN);
    expect(announced).toEqual([opened.bleToken]);
    expect(sockets.connections).toHaveLength(1);
    expect(sockets.last.closedByClient).toBeUndefined();
    await settle(750_000);
    expect(http.calls.filter((call) => call.path.endsWith('/rotate'))).toHaveLength(2);
  });

  it('picks another token when the rotation’s token is taken (409)', async () => {
    const opened = await session();
    http.on('POST', /\/rotate$/, { status: 409 }, rotated);
    const token = await opened.rotate();
    expect(http.calls).toHaveLength(3);
    expect(token).toBe(http.calls[2].body?.ble_token);
  });

  it('reports sightings after a rotation in flight under the new token', async () => {
    const opened = await session();
    http.on('POST', /\/rotate$/, rotated).on('POST', /^\/match$/, noMatch);
    const rotation = opened.rotate('token-new');
    const sighting = opened.reportSighting('partner-1');
    await Promise.all([rotation, sighting]);
    expect(http.calls[2].body).toEqual({ own_token: 'token-new', detected_token: 'partner-1' });
  });

  it('asks again under the new token when a rotation overtook a sighting (401)', async () => {
    const opened = await session();
    const old = opened.bleToken;
    http
      .on('POST', /\/rotate$/, rotated)
      .on(
        'POST',
        /^\/match$/,
        { status: 401, body: { message: 'Missing or invalid access token' } },
        noMatch,
      );
    const sighting = opened.reportSighting('partner-1');
    // The timer's rotation starts while the sighting is on its way.
    const rotation = opened.rotate('token-new');
    await expect(sighting).resolves.toEqual(noMatch.body);
    await rotation;
    const matches = http.calls.filter((call) => call.path === '/match').map((call) => call.body?.own_token);
    expect(matches).toEqual([old, 'token-new']);
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
});
