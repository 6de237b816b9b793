import { randomUUID } from 'node:crypto';
import type { MeetingStore } from '../src';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What every MeetingStore adapter must do; run against each of them. */
export function meetingStoreContract(name: string, open: () => Promise<MeetingStore>): void {
  describe(`${name} honours MeetingStore`, () => {
    let store: MeetingStore;
    let a: string;
    let b: string;
    beforeEach(async () => {
      store = await open();
      [a, b] = [randomUUID(), randomUUID()];
    });

    it('keeps a one-sided sighting pending, and lets the confirming sighting win the meeting once', async () => {
      expect(await store.sight(a, b, 60, 600)).toBe('pending');
      expect(await store.sight(a, b, 60, 600)).toBe('pending');
      expect(await store.sight(b, a, 60, 600)).toBe('won');
      expect(await store.sight(a, b, 60, 600)).toBe('claimed');
    });

    it('lets exactly one of many concurrent confirming sightings win', async () => {
      await store.sight(a, b, 60, 600);
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.sight(i % 2 ? a : b, i % 2 ? b : a, 60, 600)),
      );
      expect(outcomes.filter((outcome) => outcome === 'won')).toHaveLength(1);
    });

    it('answers the settled outcome afterwards, and a released claim can be won again', async () => {
      await store.sight(a, b, 60, 600);
      expect(await store.sight(b, a, 60, 600)).toBe('won');
      await store.release(a, b);
      expect(await store.sight(a, b, 60, 600)).toBe('won');
      await store.settle(b, a, 'matched', 600);
      expect(await store.sight(b, a, 60, 600)).toBe('matched');
      await store.settle(a, b, 'unmatched', 600);
      expect(await store.sight(a, b, 60, 600)).toBe('unmatched');
    });

    it('forgets a sighting after the mutual window', async () => {
      await store.sight(a, b, 1, 600);
      await sleep(1100);
      expect(await store.sight(b, a, 1, 600)).toBe('pending');
    });

    it('forgets a decision after the cooldown', async () => {
      await store.sight(a, b, 60, 1);
      await store.sight(b, a, 60, 1);
      await store.settle(a, b, 'matched', 1);
      await sleep(1100);
      expect(await store.sight(a, b, 60, 1)).toBe('won');
    });

    it("charges an epoch's budget once per meeting up to its limit, and a refund frees exactly that meeting", async () => {
      const [p1, p2, p3] = [randomUUID(), randomUUID(), randomUUID()];
      expect(await store.charge(a, p1, 2, 60)).toBe(true);
      expect(await store.charge(a, p1, 2, 60)).toBe(true);
      expect(await store.charge(a, p2, 2, 60)).toBe(true);
      expect(await store.charge(a, p3, 2, 60)).toBe(false);
      await store.refund(a, p3);
      expect(await store.charge(a, p3, 2, 60)).toBe(false);
      await store.refund(a, p1);
      await store.refund(a, p1);
      expect(await store.charge(a, p3, 2, 60)).toBe(true);
      expect(await store.charge(a, p1, 2, 60)).toBe(false);
      expect(await store.charge(b, p1, 2, 60)).toBe(true);
    });

    it('slides the budget window: a charge frees a window after it was made, not at a window edge', async () => {
      expect(await store.charge(a, randomUUID(), 2, 2)).toBe(true);
      await sleep(1200);
      expect(await store.charge(a, randomUUID(), 2, 2)).toBe(true);
      expect(await store.charge(a, randomUUID(), 2, 2)).toBe(false);
      await sleep(1000);
      // Only the first charge left the window.
      expect(await store.charge(a, randomUUID(), 2, 2)).toBe(true);
      expect(await store.charge(a, randomUUID(), 2, 2)).toBe(false);
    });

    it('says first once per unordered pair of sessions and day', async () => {
      const [x, y] = [randomUUID(), randomUUID()];
      expect(await store.firstOfDay('2026-12-01', x, y, 'one', 60_000)).toBe(true);
      expect(await store.firstOfDay('2026-12-01', y, x, 'two', 60_000)).toBe(false);
      expect(await store.firstOfDay('2026-12-02', x, y, 'three', 60_000)).toBe(true);
    });

    it('keeps the earliest claim of a pair as its count, and claims a marker found gone', async () => {
      const [x, y] = [randomUUID(), randomUUID()];
      expect(await store.dayMarker('2026-12-01', x, y)).toBeUndefined();
      expect(await store.firstOfDay('2026-12-01', x, y, 'first', 60_000)).toBe(true);
      expect(await store.dayMarker('2026-12-01', y, x)).toBe('first');
      expect(await store.stillFirst('2026-12-01', y, x, 'first', 60_000)).toBe(true);
      expect(await store.stillFirst('2026-12-01', x, y, 'repeated', 60_000)).toBe(false);
      // The marker lost (as in a failover): the claim that checks first holds it again.
      expect(await store.stillFirst('2026-12-09', x, y, 'first', 60_000)).toBe(true);
      expect(await store.firstOfDay('2026-12-09', x, y, 'repeated', 60_000)).toBe(false);
      expect(await store.stillFirst('2026-12-09', x, y, 'repeated', 60_000)).toBe(false);
      // A later claim took the marker (it was lost, the meeting decided again): the earlier takes it back.
      expect(await store.firstOfDay('2026-12-10', x, y, 'later', 60_000)).toBe(true);
      expect(await store.stillFirst('2026-12-10', x, y, 'earlier', 60_000)).toBe(true);
      expect(await store.dayMarker('2026-12-10', x, y)).toBe('earlier');
      expect(await store.stillFirst('2026-12-10', x, y, 'later', 60_000)).toBe(false);
    });
  });
}
