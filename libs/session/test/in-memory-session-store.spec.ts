import { InMemorySessionStore } from '../src/store/in-memory-session-store';
import { sessionStoreContract } from './session-store.contract';

sessionStoreContract('InMemorySessionStore', () => Promise.resolve(new InMemorySessionStore()));

describe('InMemorySessionStore memory', () => {
  afterEach(() => jest.useRealTimers());

  it('forgets expired sessions nobody reads again', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const store = new InMemorySessionStore();
    const session = (id: string) => ({
      id,
      accessHash: 'h',
      interests: [],
      expiresAt: Date.now() + 1000,
      epoch: id,
    });
    for (let i = 0; i < 100; i += 1) await store.create(`token-${i}`, session(`s${i}`));
    expect(store.size).toBe(100);
    jest.setSystemTime(Date.now() + 61_000);
    await store.create('token-late', session('late'));
    expect(store.size).toBe(1);
    expect(await store.countLive()).toBe(1);
  });
});
