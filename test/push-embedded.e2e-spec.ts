import request from 'supertest';
import { eventually } from './support/client-phone';
import { LocalPushProviders, startLocalPushProviders } from './support/push-providers/local-push-providers';
import { TestPhone } from './support/push-providers/test-phone';
import { createSession, meet } from './support/sessions';
import { sleep } from './support/sleep';
import { startTestApp, TestApp } from './support/test-app';
import { TestSocket } from './support/ws-client';

/** Without REDIS_URL: channels, the push queue and the last-hour counts run in process. */
describe('Push without Redis (in-process adapters)', () => {
  let providers: LocalPushProviders;
  let service: TestApp;
  beforeAll(async () => {
    providers = await startLocalPushProviders();
    service = await startTestApp({ env: { ...providers.env, REDIS_URL: '', PUSH_AFTER_MS: '500' } });
  });
  afterAll(async () => {
    await service.close();
    await providers.stop();
  });

  it('pushes a nudge to a phone without a socket once, none to one that acks, and ends with the session', async () => {
    const [pocket, awake, ended] = await Promise.all(
      [0, 1, 2].map(() => createSession(service.url, ['jazz'])),
    );
    const phones = [new TestPhone(), new TestPhone(), new TestPhone()];
    const devices = ['pocket', 'awake', 'ended'];
    for (const [index, session] of [pocket, awake, ended].entries())
      await request(service.url)
        .put(`/session/${session.bleToken}/push`)
        .set('Authorization', `Bearer ${session.accessToken}`)
        .send({
          provider: 'webpush',
          subscription: {
            endpoint: providers.webpush.subscribe(phones[index], devices[index]),
            keys: phones[index].keys,
          },
        })
        .expect(204);
    const socket = await TestSocket.open(service.url, awake.bleToken, awake.accessToken);
    const endedSocket = await TestSocket.open(service.url, ended.bleToken, ended.accessToken);
    for (const session of [pocket, awake, ended])
      await meet(service.url, session, await createSession(service.url, ['jazz']));
    const [nudge] = await socket.nudgeCount(1);
    socket.ws.send(JSON.stringify({ type: 'ack', nudge_id: nudge.nudge_id }));
    await endedSocket.nudgeCount(1);
    await request(service.url)
      .delete(`/session/${ended.bleToken}`)
      .set('Authorization', `Bearer ${ended.accessToken}`)
      .expect(204);
    await eventually(() => providers.webpush.script.deliveriesTo('pocket').length === 1, 'the pocket push');
    await sleep(1500);
    socket.ws.close();
    const [pushed] = providers.webpush.script.deliveriesTo('pocket');
    expect(JSON.parse(pushed.plaintext)).toMatchObject({ type: 'nudge', shared_interests: ['music'] });
    expect(providers.webpush.script.requests.map(({ device }) => device)).toEqual(['pocket']);
    const { body } = await request(service.url).get('/health').expect(200);
    expect(body.details.push.message).toBe('1 sent / 0 failed in the last hour');
  });
});
