import request from 'supertest';
import WebSocket from 'ws';
import { twoInstancesForSuite } from './support/fixtures';
import { describeEachRedisTarget } from './support/redis-targets';
import { sleep } from './support/sleep';
import { createSession, CreatedSession, match, meetAcross, rotate } from './support/sessions';
import { TestApp } from './support/test-app';
import { refusedUpgrade, TestSocket } from './support/ws-client';

jest.setTimeout(60_000);

/** What /health reports as the Redis mode of each kind of deployment. */
const HEALTH_MODE = { standalone: 'server', cluster: 'cluster', sentinel: 'sentinel' } as const;

/**
 * `phone`'s socket on `instance` once it has subscribed to the phone's channel and announced
 * itself there (the upgrade's answer comes before both): the nudge of a meeting with `partner`,
 * left waiting before the socket opened, is replayed only after them. From then on what another
 * instance publishes on the channel reaches this socket, and a socket opened later is newer.
 */
async function settledSocket(
  instance: TestApp,
  phone: CreatedSession,
  partner: CreatedSession,
): Promise<TestSocket> {
  await meetAcross(instance.url, partner, instance.url, phone);
  const socket = await TestSocket.open(instance.url, phone.bleToken, phone.accessToken);
  await socket.nudgeCount(1);
  return socket;
}

/**
 * Two instances of the service on one Redis and one database, as behind a load balancer, on
 * each kind of Redis deployment: what REDIS_URL selects must not change what phones see.
 */
describe('two instances on one Redis', () =>
  describeEachRedisTarget((target) => {
    const { a, b } = twoInstancesForSuite({ redisUrl: target.url });

    it('reports Redis up in /health', async () => {
      const { body } = await request(a.url).get('/health').expect(200);
      expect(body.details.redis).toMatchObject({ status: 'up', mode: HEALTH_MODE[target.name] });
    });

    it('matches on B a session created on A, and the nudge reaches the socket held by A', async () => {
      const alice = await createSession(a.url, ['rust', 'techno']);
      const bob = await createSession(b.url, ['rust', 'techno']);
      const aliceOnA = await TestSocket.open(a.url, alice.bleToken, alice.accessToken);
      const bobOnB = await TestSocket.open(b.url, bob.bleToken, bob.accessToken);
      // Alice's sighting goes through A, Bob completes the meeting through B.
      const { body } = await meetAcross(b.url, bob, a.url, alice);
      expect(body).toEqual({ match: true, shared_interests: ['music', 'tech'], nudge_sent: true });
      const [toAlice] = await aliceOnA.nudgeCount(1);
      const [toBob] = await bobOnB.nudgeCount(1);
      expect(toAlice.message).toBe('Someone nearby shares your interest in music and tech.');
      expect(toAlice.token).toBe(bob.bleToken);
      expect(toBob.token).toBe(alice.bleToken);
      expect(toBob.nudge_id).not.toBe(toAlice.nudge_id);
      expect((await match(a.url, alice, bob.bleToken).expect(200)).body.nudge_sent).toBe(false);
      await Promise.all([aliceOnA.close(), bobOnB.close()]);
    });

    it('nudges each phone once when both sides call through both instances at once', async () => {
      const alice = await createSession(a.url, ['chess']);
      const bob = await createSession(b.url, ['chess']);
      const aliceOnB = await TestSocket.open(b.url, alice.bleToken, alice.accessToken);
      const bobOnA = await TestSocket.open(a.url, bob.bleToken, bob.accessToken);
      // No meeting yet: Alice's sighting alone answers like an absent token.
      await match(a.url, alice, bob.bleToken).expect(200, {
        match: false,
        shared_interests: [],
        nudge_sent: false,
      });
      const calls = Array.from({ length: 20 }, (_, n) =>
        n % 2 === 0
          ? match(n % 4 === 0 ? a.url : b.url, alice, bob.bleToken)
          : match(n % 4 === 1 ? a.url : b.url, bob, alice.bleToken),
      );
      const sent = (await Promise.all(calls)).filter((response) => response.body.nudge_sent === true);
      expect(sent).toHaveLength(1);
      expect(sent[0].body).toEqual({ match: true, shared_interests: ['games'], nudge_sent: true });
      await Promise.all([aliceOnB.nudgeCount(1), bobOnA.nudgeCount(1)]);
      await sleep(300);
      expect(aliceOnB.nudges()).toHaveLength(1);
      expect(bobOnA.nudges()).toHaveLength(1);
      expect(aliceOnB.nudges()[0].token).toBe(bob.bleToken);
      expect(bobOnA.nudges()[0].token).toBe(alice.bleToken);
      await Promise.all([aliceOnB.close(), bobOnA.close()]);
    });

    it('a new socket on B closes the older one on A with 4002', async () => {
      const [alice, bob, carol] = await Promise.all([1, 2, 3].map(() => createSession(a.url, ['chess'])));
      const onA = await settledSocket(a, alice, carol);
      const onB = await TestSocket.open(b.url, alice.bleToken, alice.accessToken);
      expect((await onA.closedWithin()).code).toBe(4002);
      await meetAcross(a.url, bob, b.url, alice);
      expect(await onB.next((frame) => frame.token === bob.bleToken)).toMatchObject({ type: 'nudge' });
      await sleep(200);
      expect(onB.ws.readyState).toBe(WebSocket.OPEN);
      expect(onA.nudges().map((frame) => frame.token)).toEqual([carol.bleToken]);
      await onB.close();
    });

    it('leaves one socket open when a phone connects to both instances at once', async () => {
      const alice = await createSession(a.url, ['chess']);
      const sockets = await Promise.all(
        [a, b, a, b].map((instance) => TestSocket.open(instance.url, alice.bleToken, alice.accessToken)),
      );
      await sleep(500);
      expect(sockets.filter((socket) => socket.ws.readyState === WebSocket.OPEN)).toHaveLength(1);
      await Promise.all(sockets.map((socket) => socket.close()));
    });

    it('DELETE /session on B ends the socket held by A (session_ended, 4001)', async () => {
      const [alice, carol] = await Promise.all([1, 2].map(() => createSession(a.url, ['chess'])));
      const onA = await settledSocket(a, alice, carol);
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

    it('replays on B what was sent while the phone was connected to A and then dropped', async () => {
      const alice = await createSession(a.url, ['chess']);
      const bob = await createSession(a.url, ['chess']);
      const onA = await TestSocket.open(a.url, alice.bleToken, alice.accessToken);
      onA.ws.terminate();
      await meetAcross(b.url, bob, a.url, alice);
      const onB = await TestSocket.open(b.url, alice.bleToken, alice.accessToken);
      expect((await onB.nudgeCount(1))[0].token).toBe(bob.bleToken);
      await onB.close();
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
      const { body } = await meetAcross(a.url, rotated, b.url, bob);
      expect(body).toEqual({ match: true, shared_interests: ['games'], nudge_sent: true });
      expect((await onB.nudgeCount(1))[0].shared_interests).toEqual(['games']);
      await onB.close();
    });
  }));
