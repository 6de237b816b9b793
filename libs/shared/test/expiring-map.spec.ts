import { ExpiringMap } from '../src/memory/expiring-map';

describe('ExpiringMap', () => {
  const start = 1_000_000;

  it('forgets an entry once its time is up, on read', () => {
    const map = new ExpiringMap<string>();
    map.set('a', 'one', start + 100, start);
    expect(map.get('a', start + 99)).toBe('one');
    expect(map.get('a', start + 100)).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('sweeps entries nobody reads again on a later write', () => {
    jest.useFakeTimers({ now: start });
    try {
      const map = new ExpiringMap<number>();
      for (let i = 0; i < 10; i += 1) map.set(`k${i}`, i, start + 1000);
      map.set('late', 1, start + 200_000, start + 30_000);
      expect(map.size).toBe(11);
      map.set('later', 2, start + 200_000, start + 61_000);
      expect(map.size).toBe(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it('counts only live entries', () => {
    const map = new ExpiringMap<true>();
    map.set('gone', true, start + 10, start);
    map.set('here', true, start + 1000, start);
    expect(map.countLive(start + 500)).toBe(1);
  });
});
