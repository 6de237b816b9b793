import { randomUUID } from 'node:crypto';
import { NudgeQueue } from '../src';
import { buildNudge as build, PendingLimits } from '../src/nudge';

const buildNudge = (labels: string[]) => build(labels, 'partner-token', randomUUID());

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What every NudgeQueue adapter must do; run against each of them. */
export function nudgeQueueContract(name: string, open: () => Promise<NudgeQueue>): void {
  describe(`${name} honours NudgeQueue`, () => {
    let queue: NudgeQueue;
    let session: string;
    const later = () => Date.now() + 60_000;
    const roomy: PendingLimits = { max: 1000, maxAgeMs: 600_000 };
    const pendingOf = async (id: string) => (await queue.pending(id, roomy.maxAgeMs)).nudges;
    beforeEach(async () => {
      queue = await open();
      session = randomUUID();
    });

    it('replays pending nudges oldest first, with their frames intact', async () => {
      const nudges = Array.from({ length: 12 }, (_, n) => buildNudge([`c${n}`]));
      for (const nudge of nudges) await queue.enqueue(session, nudge, later(), roomy);
      expect(await pendingOf(session)).toEqual(nudges);
    });

    it('keeps the order of concurrent enqueues as they arrived', async () => {
      const nudges = Array.from({ length: 30 }, () => buildNudge(['tech']));
      await Promise.all(nudges.map((nudge) => queue.enqueue(session, nudge, later(), roomy)));
      expect((await pendingOf(session)).map((nudge) => nudge.id)).toEqual(nudges.map((nudge) => nudge.id));
    });

    it('queues an id already pending only once: same place, same frame, `queued: false`', async () => {
      const [first, second] = [buildNudge(['tech']), buildNudge(['music'])];
      expect((await queue.enqueue(session, first, later(), roomy)).queued).toBe(true);
      await queue.enqueue(session, second, later(), roomy);
      const retried = build(['tech'], 'partner-token', first.id, new Date(Date.now() + 5000));
      expect(await queue.enqueue(session, retried, later(), roomy)).toEqual({
        cap: 0,
        age: 0,
        queued: false,
      });
      expect(await pendingOf(session)).toEqual([first, second]);
      // Acked, the id is gone: a later enqueue of it is a new pending nudge (the app de-duplicates it).
      await queue.ack(session, first.id);
      expect((await queue.enqueue(session, retried, later(), roomy)).queued).toBe(true);
    });

    it('removes an acked nudge once', async () => {
      const [first, second] = [buildNudge(['tech']), buildNudge(['music'])];
      await queue.enqueue(session, first, later(), roomy);
      await queue.enqueue(session, second, later(), roomy);
      expect(await queue.ack(session, first.id)).toBe(true);
      expect(await queue.ack(session, first.id)).toBe(false);
      expect(await queue.ack(session, randomUUID())).toBe(false);
      expect(await pendingOf(session)).toEqual([second]);
    });

    it('keeps sessions apart', async () => {
      const other = randomUUID();
      const nudge = buildNudge(['tech']);
      await queue.enqueue(session, nudge, later(), roomy);
      expect(await pendingOf(other)).toEqual([]);
      expect(await queue.ack(other, nudge.id)).toBe(false);
      expect(await pendingOf(session)).toEqual([nudge]);
    });

    it('forgets everything at the session expiry', async () => {
      await queue.enqueue(session, buildNudge(['tech']), Date.now() + 80, roomy);
      await sleep(150);
      expect(await pendingOf(session)).toEqual([]);
    });

    it('keeps at most `max` pending nudges, dropping the oldest and saying how many', async () => {
      const limits = { max: 3, maxAgeMs: 600_000 };
      const nudges = Array.from({ length: 5 }, (_, n) => buildNudge([`c${n}`]));
      const dropped = [];
      for (const nudge of nudges) dropped.push(await queue.enqueue(session, nudge, later(), limits));
      expect(dropped.map((d) => d.cap)).toEqual([0, 0, 0, 1, 1]);
      expect(await pendingOf(session)).toEqual(nudges.slice(2));
    });

    it('drops nudges older than the maximum age, on enqueue and on read', async () => {
      const limits = { max: 50, maxAgeMs: 10_000 };
      const now = Date.now();
      const [old, older, fresh] = [buildNudge(['a']), buildNudge(['b']), buildNudge(['c'])];
      await queue.enqueue(session, older, later(), limits, now - 20_000);
      // Queued 14 s after `older`, which is then past the 10 s maximum.
      expect(await queue.enqueue(session, old, later(), limits, now - 6_000)).toEqual({
        cap: 0,
        age: 1,
        queued: true,
      });
      expect(await queue.enqueue(session, fresh, later(), limits, now)).toEqual({
        cap: 0,
        age: 0,
        queued: true,
      });
      expect(await queue.pending(session, limits.maxAgeMs, now)).toEqual({
        nudges: [old, fresh],
        expired: 0,
      });
      expect(await queue.pending(session, limits.maxAgeMs, now + 5_000)).toEqual({
        nudges: [fresh],
        expired: 1,
      });
      expect(await queue.ack(session, old.id)).toBe(false);
    });

    it('drops everything on clear', async () => {
      await queue.enqueue(session, buildNudge(['tech']), later(), roomy);
      await queue.clear(session);
      expect(await pendingOf(session)).toEqual([]);
      await queue.clear(session);
    });
  });
}
