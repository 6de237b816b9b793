import { appForSuite } from './support/fixtures';
import { createSession, match } from './support/sessions';
import { TestSocket } from './support/ws-client';

jest.setTimeout(30_000);

/** Without REDIS_URL: sessions, pair claims, nudge queues and fan-out run in process. */
describe('matching and nudges without Redis (in-process adapters)', () => {
  const t = appForSuite({ env: { REDIS_URL: '' } });

  it('matches, nudges once, replays until acked and replaces sockets', async () => {
    const a = await createSession(t.url, ['rust', 'techno']);
    const b = await createSession(t.url, ['rust', 'chess']);
    // No meeting yet: one side alone is answered like an absent token.
    await match(t.url, a, b.bleToken).expect(200, { match: false, shared_interests: [], nudge_sent: false });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        n % 2 === 0 ? match(t.url, a, b.bleToken) : match(t.url, b, a.bleToken),
      ),
    );
    const sent = results.filter((response) => response.body.nudge_sent === true);
    expect(sent).toHaveLength(1);
    expect(sent[0].body).toEqual({ match: true, shared_interests: ['tech'], nudge_sent: true });
    await match(t.url, a, b.bleToken).expect(200, {
      match: true,
      shared_interests: ['tech'],
      nudge_sent: false,
    });

    const first = await TestSocket.open(t.url, a.bleToken, a.accessToken);
    const [nudge] = await first.nudgeCount(1);
    expect(nudge).toMatchObject({ token: b.bleToken, shared_interests: ['tech'] });
    const second = await TestSocket.open(t.url, a.bleToken, a.accessToken);
    expect((await first.closedWithin()).code).toBe(4002);
    const [again] = await second.nudgeCount(1);
    expect(again.nudge_id).toBe(nudge.nudge_id);
    second.ack(nudge.nudge_id);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await second.close();
    const third = await TestSocket.open(t.url, a.bleToken, a.accessToken);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(third.nudges()).toEqual([]);
    await third.close();
  });
});
