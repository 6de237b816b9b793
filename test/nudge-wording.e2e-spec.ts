import { appForSuite } from './support/fixtures';
import { createSession, match } from './support/sessions';
import { TestSocket } from './support/ws-client';

describe('the nudge message', () => {
  const t = appForSuite();

  it('names the shared categories alphabetically and never `other`, even when both share a free-form interest', async () => {
    const a = await createSession(t.url, ['underwater basket weaving', 'devops', 'hardstyle']);
    const b = await createSession(t.url, ['Underwater Basket Weaving', 'kubernetes', 'techno']);
    const socket = await TestSocket.open(t.url, a.bleToken, a.accessToken);
    // Both phones report each other, as a real meeting does.
    await match(t.url, a, b.bleToken).expect(200);
    await match(t.url, b, a.bleToken).expect(200);
    const nudge = await socket.next((frame) => frame.type === 'nudge');
    expect(nudge.shared_interests).toEqual(['music', 'tech']);
    expect(nudge.token).toBe(b.bleToken);
    expect(nudge.message).toBe('Someone nearby shares your interest in music and tech.');
    await socket.close();
  });
});
