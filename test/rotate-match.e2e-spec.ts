import { createSession, CreatedSession, match } from './support/sessions';
import { startTwoInstances, TestApp } from './support/test-app';
import { refusedUpgrade, TestSocket } from './support/ws-client';
import request from 'supertest';

/** Rotation seen from matching and the socket, on one instance and across two. */
describe('token rotation with matching and nudges', () => {
  let a: TestApp;
  let b: TestApp;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ a, b, close } = await startTwoInstances());
  });
  afterAll(() => close());

  async function rotate(app: TestApp, session: CreatedSession, to: string): Promise<CreatedSession> {
    await request(app.url)
      .post(`/session/${session.bleToken}/rotate`)
      .set('Authorization', `Bearer ${session.accessToken}`)
      .send({ ble_token: to })
      .expect(200);
    return { ...session, bleToken: to };
  }

  it('matches by the new token; the old one answers like an absent token', async () => {
    let alice = await createSession(a.url, 'rm-alice-0', ['jazz', 'devops']);
    const bob = await createSession(a.url, 'rm-bob-0', ['jazz']);
    alice = await rotate(a, alice, 'rm-alice-1');
    await match(a.url, bob, 'rm-alice-0').expect(200, {
      match: false,
      shared_interests: [],
      nudge_sent: false,
    });
    await match(a.url, { ...alice, bleToken: 'rm-alice-0' }, bob.bleToken).expect(401);
    const { body } = await match(a.url, bob, 'rm-alice-1').expect(200);
    expect(body).toEqual({ match: true, shared_interests: ['music'], nudge_sent: true });
  });

  it('never nudges a pair again after either side rotates, however often, within the cooldown', async () => {
    let carol = await createSession(a.url, 'rm-carol-0', ['chess', 'philosophy']);
    let dave = await createSession(a.url, 'rm-dave-0', ['chess']);
    const carolSocket = await TestSocket.open(a.url, carol.bleToken, carol.accessToken);
    expect((await match(a.url, carol, dave.bleToken).expect(200)).body.nudge_sent).toBe(true);
    for (let i = 1; i <= 3; i += 1) {
      carol = await rotate(i % 2 === 0 ? a : b, carol, `rm-carol-${i}`);
      dave = await rotate(i % 2 === 0 ? b : a, dave, `rm-dave-${i}`);
      const fromCarol = await match(b.url, carol, dave.bleToken).expect(200);
      const fromDave = await match(a.url, dave, carol.bleToken).expect(200);
      expect(fromCarol.body).toMatchObject({ match: true, nudge_sent: false });
      expect(fromDave.body).toMatchObject({ match: true, nudge_sent: false });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(carolSocket.nudges()).toHaveLength(1);
    await carolSocket.close();
  });

  it('keeps the open socket across rotations (on another instance) and it still receives', async () => {
    let erin = await createSession(a.url, 'rm-erin-0', ['football']);
    const frank = await createSession(a.url, 'rm-frank-0', ['football']);
    const socket = await TestSocket.open(a.url, erin.bleToken, erin.accessToken);
    erin = await rotate(b, erin, 'rm-erin-1');
    erin = await rotate(b, erin, 'rm-erin-2');
    await match(b.url, frank, erin.bleToken).expect(200, {
      match: true,
      shared_interests: ['sports'],
      nudge_sent: true,
    });
    const nudge = await socket.next((frame) => frame.type === 'nudge');
    expect(nudge.shared_interests).toEqual(['sports']);
    expect(socket.ws.readyState).toBe(socket.ws.OPEN);
    await socket.close();
  });

  it('refuses a socket upgrade and a delete with the old token (401), on both instances', async () => {
    const gina = await createSession(a.url, 'rm-gina-0', ['jazz']);
    const rotated = await rotate(a, gina, 'rm-gina-1');
    for (const app of [a, b]) {
      const refusal = await refusedUpgrade(app.url, '/ws/rm-gina-0', {
        Authorization: `Bearer ${gina.accessToken}`,
      });
      expect(refusal.status).toBe(401);
      await request(app.url)
        .delete('/session/rm-gina-0')
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
