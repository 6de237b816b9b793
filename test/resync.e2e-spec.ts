import { ChannelSubscriber } from '@sighej/shared';
import { deleteKeysWithPrefix } from './support/redis-cleanup';
import { createSession, meet } from './support/sessions';
import { sleep } from './support/sleep';
import { appForSuite } from './support/fixtures';
import { TestApp } from './support/test-app';
import { TestSocket } from './support/ws-client';

jest.setTimeout(60_000);

/** Drops the app's subscriber connection; ioredis reconnects within ~100 ms (a Redis blink). */
function blink(t: TestApp): void {
  t.app.get(ChannelSubscriber).dropConnections();
}

describe('after a subscriber reconnect', () => {
  const t = appForSuite();

  it('replays unacknowledged nudges without sending one nudge twice on one connection', async () => {
    const [a, b] = await Promise.all([createSession(t.url, ['techno']), createSession(t.url, ['techno'])]);
    const socket = await TestSocket.open(t.url, a.bleToken, a.accessToken);
    await meet(t.url, a, b);
    const [first] = await socket.nudgeCount(1);
    // Not acked: it stays pending, and the resync after the blink reads it again.
    blink(t);
    await sleep(3000);
    expect(socket.nudges().map((frame) => frame.nudge_id)).toEqual([first.nudge_id]);
    await socket.close();
    // A new connection does get it again (the phone never acked it).
    const again = await TestSocket.open(t.url, a.bleToken, a.accessToken);
    expect((await again.nudgeCount(1)).map((frame) => frame.nudge_id)).toEqual([first.nudge_id]);
    await again.close();
  });

  it('tells sockets whose session Redis lost: session_ended lost, then 4001', async () => {
    const a = await createSession(t.url, ['techno']);
    const socket = await TestSocket.open(t.url, a.bleToken, a.accessToken);
    // Redis restarted without its data: every key of this deployment is gone.
    await deleteKeysWithPrefix(t.redis, t.env.REDIS_KEY_PREFIX);
    blink(t);
    const ended = await socket.next((frame) => frame.type === 'session_ended', 10_000);
    expect(ended).toEqual({ type: 'session_ended', reason: 'lost' });
    expect((await socket.closedWithin(5000)).code).toBe(4001);
  });
});
