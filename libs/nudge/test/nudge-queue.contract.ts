import { randomUUID } from 'node:crypto';
import { NudgeQueue } from '../src';
import { buildNudge } from '../src/nudge';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** What every NudgeQueue adapter must do; run against each of them. */
export function nudgeQueueContract(name: string, open: () => Promise<NudgeQueue>): void {
  describe(`${name} honours NudgeQueue`, () => {
    let queue: NudgeQueue;
    let session: string;
    const later = () => Date.now() + 60_000;
    beforeEach(async () => {
      queue = await open();
      session = randomUUID();
    });

    it('replays pending nudges oldest first, with their frames intact', async () => {
      const nudges = Array.from({ length: 12 }, (_, n) => buildNudge([`c${n}`]));
      for (const nudge of nudges) await queue.enqueue(session, nudge, later());
      expect(await queue.pending(session)).toEqual(nudges);
    });

    it('keeps the order of concurrent enqueues as they arrived', async () => {
      const nudges = Array.from({ length: 30 }, () => buildNudge(['tech']));
      await Promise.all(nudges.map((nudge) => queue.enqueue(session, nudge, later())));
      expect((await queue.pending(session)).map((nudge) => nudge.id)).toEqual(
        nudges.map((nudge) => nudge.id),
      );
    });

    it('removes an acked nudge once', async () => {
      const [first, second] = [buildNudge(['tech']), buildNudge(['music'])];
      await queue.enqueue(session, first, later());
      await queue.enqueue(session, second, later());
      expect(await queue.ack(session, first.id)).toBe(true);
      expect(await queue.ack(session, first.id)).toBe(false);
      expect(await queue.ack(session, randomUUID())).toBe(false);
      expect(await queue.pending(session)).toEqual([second]);
    });

    it('keeps sessions apart', async () => {
      const other = randomUUID();
      const nudge = buildNudge(['tech']);
      await queue.enqueue(session, nudge, later());
      expect(await queue.pending(other)).toEqual([]);
      expect(await queue.ack(other, nudge.id)).toBe(false);
      expect(await queue.pending(session)).toEqual([nudge]);
    });

    it('forgets everything at the session expiry', async () => {
      await queue.enqueue(session, buildNudge(['tech']), Date.now() + 80);
      await sleep(150);
      expect(await queue.pending(session)).toEqual([]);
    });

    it('drops everything on clear', async () => {
      await queue.enqueue(session, buildNudge(['tech']), later());
      await queue.clear(session);
      expect(await queue.pending(session)).toEqual([]);
      await queue.clear(session);
    });
  });
}
