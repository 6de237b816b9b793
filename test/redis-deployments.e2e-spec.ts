import request from 'supertest';
import WebSocket from 'ws';
import { needsTopology, optionalRedisTarget, RedisTargetUnderTest } from './support/redis-targets';
import { createSession, CreatedSession, match, rotate } from './support/sessions';
import { sleep } from './support/sleep';
import { startTwoInstances, TestApp } from './support/test-app';
import { refusedUpgrade, TestSocket } from './support/ws-client';

jest.setTimeout(60_000);

/** Both phones report each other (through either instance); exactly one call sends the nudges. */
async function meet(first: [TestApp, CreatedSession], second: [TestApp, CreatedSession]): Promise<number> {
  const one = await match(first[0].url, first[1], second[1].bleToken).expect(200);
  const two = await match(second[0].url, second[1], first[1].bleToken).expect(200);
  expect(two.body).toMatchObject({ match: true });
  return [one, two].filter((response) => response.body.nudge_sent === true).length;
}

/**
 * The cross-instance checks of multi-instance.e2e-spec.ts, on Redis Cluster and on a Sentinel
 * group: what REDIS_URL selects must not change what phones see.
 */
function crossInstanceChecks(target: RedisTargetUnderTest): void {
  describe(`two instances on Redis ${target.name}`, () => {
    let a: TestApp;
    let b: TestApp;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ a, b, close } = await startTwoInstances({ redisUrl: target.url }));
    });
    afterAll(() => close());

    it('reports Redis up in /health', async () => {
      const { body } = await request(a.url).get('/health').expect(200);
      expect(body.details.redis).toMatchObject({ status: 'up', mode: target.name });
    });

    it('uses on B a session created on A, and each phone gets its nudge on the other instance', async () => {
      const alice = await createSession(a.url, ['rust', 'techno']);
      const bob = await createSession(b.url, ['rust', 'techno']);
      const aliceOnA = await TestSocket.open(a.url, alice.bleToken, alice.accessToken);
      const bobOnB = await TestSocket.open(b.url, bob.bleToken, bob.accessToken);
      expect(await meet([b, bob], [a, alice])).toBe(1);
      const [toAlice] = await aliceOnA.nudgeCount(1);
      const [toBob] = await bobOnB.nudgeCount(1);
      expect(toAlice.shared_interests).toEqual(['music', 'tech']);
      expect(toBob.nudge_id).not.toBe(toAlice.nudge_id);
      expect((await match(a.url, alice, bob.bleToken).expect(200)).body.nudge_sent).toBe(false);
      await Promise.all([aliceOnA.close(), bobOnB.close()]);
    });

    it('a new socket on B closes the older one on A with 4002', async () => {
      const alice = await createSession(a.url, ['chess']);
      const onA = await TestSocket.open(a.url, alice.bleToken, alice.accessToken);
      const onB = await TestSocket.open(b.url, alice.bleToken, alice.accessToken);
      expect((await onA.closedWithin()).code).toBe(4002);
      await sleep(200);
      expect(onB.ws.readyState).toBe(WebSocket.OPEN);
      await onB.close();
    });

    it('DELETE /session on B ends the socket held by A (session_ended, 4001)', async () => {
      const alice = await createSession(a.url, ['chess']);
      const onA = await TestSocket.open(a.url, alice.bleToken, alice.accessToken);
      await request(b.url)
        .delete(`/session/${alice.bleToken}`)
        .set('Authorization', `Bearer ${alice.accessToken}`)
        .expect(204);
      expect(await onA.next((frame) => frame.type === 'session_ended')).toEqual({
        type: 'session_ended',
        reason: 'deleted',
      });
      expect((await onA.closedWithin()).code).toBe(4001);
    });

    it('rotates on A; B knows only the new token, and the socket on B keeps getting nudges', async () => {
      const alice = await createSession(a.url, ['chess']);
      const bob = await createSession(a.url, ['chess']);
      const onB = await TestSocket.open(b.url, alice.bleToken, alice.accessToken);
      const rotated = await rotate(a.url, alice);
      const refused = await refusedUpgrade(b.url, `/ws/${alice.bleToken}`, {
        Authorization: `Bearer ${alice.accessToken}`,
      });
      expect(refused.status).toBe(401);
      expect((await match(b.url, bob, alice.bleToken).expect(200)).body.match).toBe(false);
      expect(await meet([b, bob], [a, rotated])).toBe(1);
      expect((await onB.nudgeCount(1))[0].shared_interests).toEqual(['games']);
      await onB.close();
    });

    it('replays on B what was sent while the phone was connected to A and then dropped', async () => {
      const alice = await createSession(a.url, ['chess']);
      const bob = await createSession(a.url, ['chess']);
      const onA = await TestSocket.open(a.url, alice.bleToken, alice.accessToken);
      onA.ws.terminate();
      expect(await meet([b, bob], [a, alice])).toBe(1);
      const onB = await TestSocket.open(b.url, alice.bleToken, alice.accessToken);
      await onB.nudgeCount(1);
      await onB.close();
    });
  });
}

for (const name of ['cluster', 'sentinel'] as const) {
  const target = optionalRedisTarget(name);
  if (target === undefined)
    it.skip(`two instances on Redis ${name}: ${needsTopology(`TEST_REDIS_${name.toUpperCase()}_URL`)}`, () =>
      undefined);
  else crossInstanceChecks(target);
}
