import { freePort } from './support/built-app';
import { ClientPhone, eventually, meet } from './support/client-phone';
import { sleep } from './support/sleep';
import { TcpProxy } from './support/tcp-proxy';
import { startTestApp, TestApp } from './support/test-app';
import { TEST_REDIS_URL } from './support/test-services';

/** @sighej/client against the service on real Redis and Postgres. */
describe('@sighej/client on Redis and Postgres', () => {
  const redisUrl = new URL(TEST_REDIS_URL);
  const redisProxy = new TcpProxy(redisUrl.hostname, Number(redisUrl.port || 6379));
  let owner: TestApp;
  let app: TestApp;
  let port: number;
  const phones: ClientPhone[] = [];

  async function phone(interests: string[], options: { dropAcks?: boolean } = {}): Promise<ClientPhone> {
    const opened = await ClientPhone.open(app.url, interests, options);
    phones.push(opened);
    await opened.opened();
    return opened;
  }

  beforeAll(async () => {
    await redisProxy.start();
    // The owner holds the deployment (key prefix, database) so the serving instance can restart.
    owner = await startTestApp({ env: { REDIS_URL: redisProxy.wrap(TEST_REDIS_URL) } });
    port = await freePort();
    app = await startTestApp({ sameDeploymentAs: owner.env, port });
  });
  afterAll(async () => {
    await Promise.all(phones.map((opened) => opened.session.end().catch(() => undefined)));
    await app.close();
    await owner.close();
    await redisProxy.stop();
  });

  it('nudges both phones of a meeting once each, naming the partner, and acks', async () => {
    const [alice, bob] = [await phone(['jazz', 'devops']), await phone(['jazz'])];
    const answers = await meet(alice, bob);
    expect(answers.filter(Boolean)).toHaveLength(1);
    await alice.nudgeCount(1);
    await bob.nudgeCount(1);
    expect(alice.nudges[0]).toMatchObject({ sharedInterests: ['music'], repeat: false });
    // Servers with mutual detection name the partner's token; older ones leave it out.
    if (alice.nudges[0].token !== undefined) expect(alice.nudges[0].token).toBe(bob.session.bleToken);
    await meet(alice, bob);
    await sleep(300);
    expect([alice.nudges.length, bob.nudges.length]).toEqual([1, 1]);
  });

  it('keeps the socket open across a rotation, and the old token stops naming the session', async () => {
    const [alice, bob] = [await phone(['chess']), await phone(['chess'])];
    const old = alice.session.bleToken;
    const rotated = await alice.session.rotate();
    expect(rotated).not.toBe(old);
    await sleep(200);
    expect([alice.connections, alice.open]).toEqual([1, true]);
    await expect(bob.session.reportSighting(old)).resolves.toEqual({
      match: false,
      shared_interests: [],
      nudge_sent: false,
    });
    await meet(alice, bob);
    await alice.nudgeCount(1);
    expect(alice.connections).toBe(1);
  });

  it('ends a session: the socket closes for good and its token answers like an absent one', async () => {
    const [alice, bob] = [await phone(['hiking']), await phone(['hiking'])];
    await alice.session.end();
    expect(alice.states[alice.states.length - 1]).toEqual({ state: 'closed', reason: 'stopped' });
    await expect(bob.session.reportSighting(alice.session.bleToken)).resolves.toMatchObject({ match: false });
    await expect(alice.session.reportSighting(bob.session.bleToken)).rejects.toThrow(/ended/);
  });

  it('waits out a Redis blink: the sightings retry the 503s and each phone is nudged once', async () => {
    const [alice, bob] = [await phone(['poetry']), await phone(['poetry'])];
    redisProxy.cut();
    const meeting = meet(alice, bob);
    await sleep(1000);
    redisProxy.restore();
    expect((await meeting).filter(Boolean)).toHaveLength(1);
    await alice.nudgeCount(1);
    await bob.nudgeCount(1);
    await eventually(() => alice.open && bob.open, 'both sockets open again');
    await sleep(500);
    expect([alice.nudges.length, bob.nudges.length]).toEqual([1, 1]);
  });

  it('survives a server restart: the socket reconnects, the unacked nudge replays, the app sees it once', async () => {
    const [alice, bob] = [await phone(['yoga']), await phone(['yoga'], { dropAcks: true })];
    await meet(alice, bob);
    await alice.nudgeCount(1);
    await bob.nudgeCount(1);
    bob.dropAcks = false;
    await app.close();
    await eventually(() => !bob.open && !alice.open, 'the sockets to see the shutdown');
    expect(bob.states).toContainEqual(expect.objectContaining({ state: 'waiting', after: 1001 }));
    app = await startTestApp({ sameDeploymentAs: owner.env, port });
    await eventually(() => alice.open && bob.open, 'both sockets to reconnect');
    await eventually(() => bob.session.socket.duplicatesDropped === 1, 'the replay of the unacked nudge');
    expect([alice.nudges.length, bob.nudges.length]).toEqual([1, 1]);
    expect(alice.session.socket.duplicatesDropped).toBe(0);
    // Bob acked the replay: a further reconnect replays nothing.
    await app.close();
    app = await startTestApp({ sameDeploymentAs: owner.env, port });
    await eventually(() => bob.open, 'the socket to reconnect again');
    await sleep(300);
    expect(bob.session.socket.duplicatesDropped).toBe(1);
  });
});
