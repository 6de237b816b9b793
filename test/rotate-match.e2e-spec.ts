import { createSession, CreatedSession, match, meetAcross, rotate as rotateOn } from './support/sessions';
import { twoInstancesForSuite } from './support/fixtures';
import { TestApp } from './support/test-app';
import { refusedUpgrade, TestSocket } from './support/ws-client';
import request from 'supertest';

/** Rotation seen from matching and the socket, on one instance and across two. */
describe('token rotation with matching and nudges', () => {
  const { a, b } = twoInstancesForSuite();

  const NO_MATCH = { match: false, shared_interests: [], nudge_sent: false };

  const rotate = (app: TestApp, session: CreatedSession): Promise<CreatedSession> =>
    rotateOn(app.url, session);

  it('matches by the new token; the old one answers like an absent token', async () => {
    let alice = await createSession(a.url, ['jazz', 'devops']);
    const bob = await createSession(a.url, ['jazz']);
    const old = alice.bleToken;
    alice = await rotate(a, alice);
    await match(a.url, bob, old).expect(200, {
      match: false,
      shared_interests: [],
      nudge_sent: false,
    });
    await match(a.url, { ...alice, bleToken: old }, bob.bleToken).expect(401);
    // Bob's sighting of the new token alone is no meeting; Alice reporting Bob completes it.
    await match(a.url, bob, alice.bleToken).expect(200, NO_MATCH);
    const { body } = await match(a.url, alice, bob.bleToken).expect(200);
    expect(body).toEqual({ match: true, shared_interests: ['music'], nudge_sent: true });
  });

  it('makes the next mutual sighting after either side rotates a new meeting that nudges both again', async () => {
    let carol = await createSession(a.url, ['chess', 'philosophy']);
    let dave = await createSession(a.url, ['chess']);
    const carolSocket = await TestSocket.open(a.url, carol.bleToken, carol.accessToken);
    const daveSocket = await TestSocket.open(b.url, dave.bleToken, dave.accessToken);
    expect((await meetAcross(a.url, carol, b.url, dave)).body.nudge_sent).toBe(true);
    await Promise.all([carolSocket.nudgeCount(1), daveSocket.nudgeCount(1)]);
    // Carol rotates, then Dave, then both, each time within the old meeting's cooldown.
    for (let i = 1; i <= 3; i += 1) {
      if (i !== 2) carol = await rotate(i % 2 === 0 ? a : b, carol);
      if (i !== 1) dave = await rotate(i % 2 === 0 ? b : a, dave);
      // The sightings of the old tokens do not carry over: one side alone is no meeting.
      await match(b.url, carol, dave.bleToken).expect(200, NO_MATCH);
      const fromDave = await match(a.url, dave, carol.bleToken).expect(200);
      expect(fromDave.body).toEqual({ match: true, shared_interests: ['games'], nudge_sent: true });
      const [toCarol, toDave] = await Promise.all([
        carolSocket.nudgeCount(i + 1),
        daveSocket.nudgeCount(i + 1),
      ]);
      expect(toCarol[i]).toMatchObject({ token: dave.bleToken, shared_interests: ['games'] });
      expect(toDave[i]).toMatchObject({ token: carol.bleToken, shared_interests: ['games'] });
      await match(b.url, carol, dave.bleToken).expect(200, { ...fromDave.body, nudge_sent: false });
      await match(a.url, dave, carol.bleToken).expect(200, { ...fromDave.body, nudge_sent: false });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(carolSocket.nudges()).toHaveLength(4);
    expect(daveSocket.nudges()).toHaveLength(4);
    await Promise.all([carolSocket.close(), daveSocket.close()]);
  });

  it('keeps the open socket across rotations (on another instance) and it still receives', async () => {
    let erin = await createSession(a.url, ['football']);
    const frank = await createSession(a.url, ['football']);
    const socket = await TestSocket.open(a.url, erin.bleToken, erin.accessToken);
    erin = await rotate(b, erin);
    erin = await rotate(b, erin);
    const { body } = await meetAcross(b.url, frank, a.url, erin);
    expect(body).toEqual({ match: true, shared_interests: ['sports'], nudge_sent: true });
    const nudge = await socket.next((frame) => frame.type === 'nudge');
    expect(nudge).toMatchObject({ token: frank.bleToken, shared_interests: ['sports'] });
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    await socket.close();
  });

  it('refuses a socket upgrade and a delete with the old token (401), on both instances', async () => {
    const gina = await createSession(a.url, ['jazz']);
    const rotated = await rotate(a, gina);
    for (const app of [a, b]) {
      const refusal = await refusedUpgrade(app.url, `/ws/${gina.bleToken}`, {
        Authorization: `Bearer ${gina.accessToken}`,
      });
      expect(refusal.status).toBe(401);
      await request(app.url)
        .delete(`/session/${gina.bleToken}`)
        .set('Authorization', `Bearer ${gina.accessToken}`)
        .expect(401);
    }
    const socket = await TestSocket.open(b.url, rotated.bleToken, rotated.accessToken);
    await request(a.url)
      .delete(`/session/${rotated.bleToken}`)
      .set('Authorization', `Bearer ${rotated.accessToken}`)
      .expect(204);
    expect((await socket.closedWithin()).code).toBe(4001);
  });
});
