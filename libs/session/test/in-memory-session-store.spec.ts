import { randomBytes, randomUUID } from 'node:crypto';
import { InMemorySessionStore } from '../src/store/in-memory-session-store';
import { sessionStoreContract } from './session-store.contract';

sessionStoreContract('InMemorySessionStore', () => Promise.resolve(new InMemorySessionStore()));

describe('InMemorySessionStore memory', () => {
  afterEach(() => jest.useRealTimers());

  it('forgets expired sessions nobody reads again', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const store = new InMemorySessionStore();
    const session = () => ({
      id: randomUUID(),
      accessHash: randomBytes(32).toString('base64url'),
      categories: 1,
      expiresAt: Date.now() + 1000,
      epoch: randomBytes(16).toString('base64url'),
    });
    for (let i = 0; i < 100; i += 1) await store.create(`token-${i}`, session());
    expect(store.size).toBe(100);
    jest.setSystemTime(Date.now() + 61_000);
    await store.create('token-late', session());
    expect(store.size).toBe(1);
    expect(await store.countLive()).toBe(1);
  });
});
