import { ReceivedNudge, SocketState } from '../src';
import { NudgeSocket } from '../src/nudge-socket';
import { FakeTransport } from './fake-transport';

const backoff = { baseMs: 1000, maxMs: 8000 };

function nudge(id: string, token = `partner-${id}`): object {
  return {
    type: 'nudge',
    nudge_id: id,
    token,
    shared_interests: ['tech'],
    message: 'Someone nearby shares your interest in tech.',
    sent_at: '2026-11-25T20:00:00.000Z',
  };
}

describe('NudgeSocket', () => {
  let fake: FakeTransport;
  let token: string;
  let rotating: boolean;
  let random: jest.Mock<number, []>;
  let socket: NudgeSocket;
  let nudges: ReceivedNudge[];
  let states: SocketState[];
  let ended: string[];

  beforeEach(() => {
    jest.useFakeTimers();
    fake = new FakeTransport();
    token = 'token-one';
    rotating = false;
    random = jest.fn(() => 0.5);
    socket = new NudgeSocket({
      wsBaseUrl: 'ws://sighej.test',
      currentToken: () => token,
      rotating: () => rotating,
      accessToken: 'secret',
      transport: fake.transport,
      backoff,
      random,
    });
    nudges = [];
    states = [];
    ended = [];
    socket.on('nudge', (received) => nudges.push(received));
    socket.on('state', (state) => states.push(state));
    socket.on('session_ended', ({ reason }) => ended.push(reason));
    socket.start();
  });
  afterEach(() => jest.useRealTimers());

  it('opens /ws/<current token> with the access token', () => {
    expect(fake.connections).toHaveLength(1);
    expect(fake.last).toMatchObject({ url: 'ws://sighej.test/ws/token-one', accessToken: 'secret' });
    fake.last.handlers.open();
    expect(states).toEqual([{ state: 'connecting' }, { state: 'open' }]);
  });

  it('acks every nudge and hands it to the app', () => {
    fake.last.handlers.open();
    fake.last.frame(nudge('n1', 'partner-1'));
    expect(fake.last.sent).toEqual([{ type: 'ack', nudge_id: 'n1' }]);
    expect(nudges).toEqual([
      {
        nudgeId: 'n1',
        token: 'partner-1',
        repeat: false,
        sharedInterests: ['tech'],
        message: 'Someone nearby shares your interest in tech.',
        sentAt: '2026-11-25T20:00:00.000Z',
      },
    ]);
  });

  it('hands a replayed nudge to the app once, and acks it again', () => {
    fake.last.frame(nudge('n1'));
    fake.last.handlers.close(1006, '');
    jest.advanceTimersByTime(backoff.baseMs);
    fake.last.frame(nudge('n1'));
    fake.last.frame(nudge('n2'));
    expect(nudges.map((received) => received.nudgeId)).toEqual(['n1', 'n2']);
    expect(fake.last.sent).toEqual([
      { type: 'ack', nudge_id: 'n1' },
      { type: 'ack', nudge_id: 'n2' },
    ]);
    expect(socket.duplicatesDropped).toBe(1);
  });

  it('marks a second nudge about the same partner token as a repeat', () => {
    fake.last.frame(nudge('n1', 'partner-1'));
    fake.last.frame(nudge('n2', 'partner-1'));
    fake.last.frame(nudge('n3', 'partner-2'));
    expect(nudges.map((received) => received.repeat)).toEqual([false, true, false]);
  });

  it('ignores a nudge without the partner token (not a frame the channel defines)', () => {
    const tokenless: Record<string, unknown> = { ...nudge('n1') };
    delete tokenless.token;
    fake.last.frame(tokenless);
    expect(nudges).toEqual([]);
    expect(fake.last.sent).toEqual([]);
  });

  it('ignores frames the channel does not define', () => {
    fake.last.handlers.message('not json');
    fake.last.frame({ type: 'nudge', nudge_id: 7 });
    fake.last.frame({ type: 'other' });
    expect(nudges).toEqual([]);
    expect(fake.last.sent).toEqual([]);
  });

  it.each([1001, 1006, 1011, 1013, 1000, 4000])('reconnects after close code %i', (code) => {
    fake.last.handlers.open();
    fake.last.handlers.close(code, '');
    expect(states[states.length - 1]).toEqual({ state: 'waiting', delayMs: 500, after: code });
    jest.advanceTimersByTime(499);
    expect(fake.connections).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(fake.connections).toHaveLength(2);
  });

  it('never reconnects after 4001, and reports the reason of session_ended', () => {
    fake.last.frame({ type: 'session_ended', reason: 'expired' });
    fake.last.handlers.close(4001, '');
    jest.advanceTimersByTime(60_000);
    expect(fake.connections).toHaveLength(1);
    expect(ended).toEqual(['expired']);
    expect(states[states.length - 1]).toEqual({ state: 'closed', reason: 'ended' });
    expect(socket.closed).toBe(true);
  });

  it('reports a 4001 without a session_ended frame as lost', () => {
    fake.last.handlers.close(4001, '');
    expect(ended).toEqual(['lost']);
  });

  it('never reconnects after 4002: a newer socket of the session exists', () => {
    fake.last.handlers.close(4002, '');
    jest.advanceTimersByTime(60_000);
    expect(fake.connections).toHaveLength(1);
    expect(ended).toEqual([]);
    expect(states[states.length - 1]).toEqual({ state: 'closed', reason: 'replaced' });
  });

  it('gives up after 1009: the client itself is at fault', () => {
    fake.last.handlers.close(1009, '');
    jest.advanceTimersByTime(60_000);
    expect(fake.connections).toHaveLength(1);
    expect(states[states.length - 1]).toEqual({ state: 'closed', reason: 'gave_up' });
  });

  it('treats 401 on the upgrade as the session gone', () => {
    fake.last.handlers.refused(401, undefined);
    jest.advanceTimersByTime(60_000);
    expect(fake.connections).toHaveLength(1);
    expect(ended).toEqual(['lost']);
  });

  it('retries at once after a 401 for a token that was rotated meanwhile', () => {
    token = 'token-two';
    fake.last.handlers.refused(401, undefined);
    jest.advanceTimersByTime(0);
    expect(fake.connections).toHaveLength(2);
    expect(fake.last.url).toBe('ws://sighej.test/ws/token-two');
    expect(ended).toEqual([]);
  });

  it('retries after a 401 while a rotation is still on its way', () => {
    rotating = true;
    fake.last.handlers.refused(401, undefined);
    rotating = false;
    token = 'token-two';
    jest.advanceTimersByTime(500);
    expect(fake.connections).toHaveLength(2);
    expect(fake.last.url).toBe('ws://sighej.test/ws/token-two');
    expect(ended).toEqual([]);
  });

  it('waits Retry-After after 429 on the upgrade', () => {
    fake.last.handlers.refused(429, 20_000);
    jest.advanceTimersByTime(19_999);
    expect(fake.connections).toHaveLength(1);
    jest.advanceTimersByTime(200);
    expect(fake.connections).toHaveLength(2);
  });

  it('retries with backoff after 503 on the upgrade, and gives up on 404', () => {
    fake.last.handlers.refused(503, undefined);
    jest.advanceTimersByTime(500);
    expect(fake.connections).toHaveLength(2);
    fake.last.handlers.refused(404, undefined);
    jest.advanceTimersByTime(60_000);
    expect(fake.connections).toHaveLength(2);
    expect(states[states.length - 1]).toEqual({ state: 'closed', reason: 'gave_up' });
  });

  it('doubles the backoff ceiling up to the maximum, with full jitter', () => {
    random.mockReturnValue(0.999);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      fake.last.handlers.close(1006, '');
      const state = states[states.length - 1];
      if (state.state === 'waiting') delays.push(state.delayMs);
      jest.advanceTimersByTime(8000);
    }
    expect(delays).toEqual([999, 1998, 3996, 7992, 7992, 7992]);
    random.mockReturnValue(0);
    fake.last.handlers.close(1006, '');
    expect(states[states.length - 1]).toMatchObject({ delayMs: 0 });
  });

  it('starts the backoff over once a socket stayed open', () => {
    random.mockReturnValue(0.999);
    fake.last.handlers.close(1006, '');
    jest.advanceTimersByTime(8000);
    fake.last.handlers.close(1006, '');
    jest.advanceTimersByTime(8000);
    fake.last.handlers.open();
    jest.advanceTimersByTime(10_000);
    fake.last.handlers.close(1001, '');
    expect(states[states.length - 1]).toMatchObject({ delayMs: 999 });
  });

  it('reads the current token at every reconnect (the socket survives rotation)', () => {
    fake.last.handlers.open();
    token = 'token-two';
    expect(fake.connections).toHaveLength(1);
    fake.last.handlers.close(1006, '');
    jest.advanceTimersByTime(1000);
    expect(fake.last.url).toBe('ws://sighej.test/ws/token-two');
  });

  it('stop() closes the socket and cancels a pending reconnect', () => {
    fake.last.handlers.close(1006, '');
    socket.stop();
    jest.advanceTimersByTime(60_000);
    expect(fake.connections).toHaveLength(1);
    expect(states[states.length - 1]).toEqual({ state: 'closed', reason: 'stopped' });
  });

  it('ignores events of a connection it already left', () => {
    const first = fake.last;
    first.handlers.close(1006, '');
    jest.advanceTimersByTime(1000);
    first.frame(nudge('late'));
    first.handlers.close(4001, '');
    expect(nudges).toEqual([]);
    expect(ended).toEqual([]);
  });

  describe('pause() for an app in the background', () => {
    it('closes the socket without ending it, ignores the closed one, and start() opens it again', async () => {
      fake.last.handlers.open();
      socket.pause();
      expect(fake.last.closedByClient).toBe(1000);
      expect(states[states.length - 1]).toEqual({ state: 'paused' });
      // The closed connection's late events change nothing: no reconnect, no nudge.
      fake.last.frame(nudge('late'));
      fake.last.handlers.close(1006, '');
      await jest.advanceTimersByTimeAsync(60_000);
      expect([fake.connections.length, nudges.length, socket.closed]).toEqual([1, 0, false]);

      socket.start();
      expect(fake.connections).toHaveLength(2);
      fake.last.handlers.open();
      fake.last.frame(nudge('n1'));
      expect(nudges.map((received) => received.nudgeId)).toEqual(['n1']);
      expect(fake.last.sent).toEqual([{ type: 'ack', nudge_id: 'n1' }]);
    });

    it('cancels a reconnect that was waiting, and does nothing once stopped', async () => {
      fake.last.handlers.close(1006, '');
      expect(states[states.length - 1]).toMatchObject({ state: 'waiting' });
      socket.pause();
      await jest.advanceTimersByTimeAsync(60_000);
      expect(fake.connections).toHaveLength(1);
      socket.stop();
      socket.pause();
      socket.start();
      expect([fake.connections.length, states[states.length - 1]]).toEqual([
        1,
        { state: 'closed', reason: 'stopped' },
      ]);
    });
  });
});
