import { createSession, match } from './support/sessions';
import { startTestApp, TestApp } from './support/test-app';
import { TestSocket } from './support/ws-client';

describe('the nudge message for free-form interests (category other)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('words `other` as "other interests"', async () => {
    const a = await createSession(t.url, ['underwater basket weaving', 'devops']);
    const b = await createSession(t.url, ['Underwater Basket Weaving', 'devops']);
    const socket = await TestSocket.open(t.url, a.bleToken, a.accessToken);
    // Both phones report each other, as a real meeting does.
    await match(t.url, a, b.bleToken).expect(200);
    await match(t.url, b, a.bleToken).expect(200);
    const nudge = await socket.next((frame) => frame.type === 'nudge');
    expect(nudge.shared_interests).toEqual(expect.arrayContaining(['other', 'tech']));
    expect(nudge.token).toBe(b.bleToken);
    expect(nudge.message).toMatch(
      /^Someone nearby shares your interest in (tech and other interests|other interests and tech)\.$/,
    );
    await socket.close();
  });
});
