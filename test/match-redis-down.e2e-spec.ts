import { sleep } from './support/sleep';
import { createSession, match } from './support/sessions';
import { startTestApp } from './support/test-app';
import { TcpProxy } from './support/tcp-proxy';
import { TEST_REDIS_URL } from './support/test-services';
import request from 'supertest';
import { TestSocket } from './support/ws-client';

jest.setTimeout(30_000);

describe('POST /match while Redis is down', () => {
  it('answers 503 naming Redis, then matches and nudges normally once Redis is back', async () => {
    const proxy = await new TcpProxy('127.0.0.1', Number(new URL(TEST_REDIS_URL).port || 6379)).start();
    const t = await startTestApp({ env: { REDIS_URL: proxy.wrap(TEST_REDIS_URL) } });
    try {
      const a = await createSession(t.url, ['rust']);
      const b = await createSession(t.url, ['rust']);
      let socket = await TestSocket.open(t.url, b.bleToken, b.accessToken);
      // b has seen a: a's call completes the meeting, once Redis answers.
      await match(t.url, b, a.bleToken).expect(200, {
        match: false,
        shared_interests: [],
        nudge_sent: false,
      });
      proxy.cut();
      await sleep(100);
      const { body } = await match(t.url, a, b.bleToken).expect(503);
      expect(body).toMatchObject({
        statusCode: 503,
        error: 'Service Unavailable',
        message: expect.stringMatching(/Redis/),
      });
      proxy.restore();
      let answer = await match(t.url, a, b.bleToken);
      for (let tries = 0; tries < 50 && answer.status === 503; tries += 1) {
        await sleep(100);
        answer = await match(t.url, a, b.bleToken);
      }
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ match: true, shared_interests: ['tech'], nudge_sent: true });
      if (socket.ws.readyState !== socket.ws.OPEN) {
        // Closed during the cut with a code the app reconnects on; the nudge waits for it.
        expect([1001, 1011, 1012, 1013]).toContain((await socket.closed).code);
        socket = await TestSocket.open(t.url, b.bleToken, b.accessToken);
      }
      const [nudge] = await socket.nudgeCount(1);
      expect(nudge).toMatchObject({ token: a.bleToken, shared_interests: ['tech'] });
      await socket.close();
    } finally {
      proxy.restore();
      for (let tries = 0; tries < 50 && (await request(t.url).get('/health')).status !== 200; tries += 1)
        await sleep(100);
      await t.close();
      await proxy.stop();
    }
  });
});
