import { randomUUID } from 'node:crypto';
import type { PushJob, PushQueue } from '../src';

const job = (attempt = 0): PushJob => ({
  sessionId: randomUUID(),
  nudgeId: randomUUID(),
  queuedAt: 1000,
  attempt,
});
const sessionsOf = (taken: { job: PushJob }[]): string[] => taken.map(({ job: { sessionId } }) => sessionId);

/** What every PushQueue adapter must do; run against each of them. */
export function pushQueueContract(name: string, open: () => Promise<PushQueue>): void {
  describe(`${name} honours PushQueue`, () => {
    let queue: PushQueue;
    beforeEach(async () => {
      queue = await open();
    });

    it('hands out a job once it is due, to one consumer only', async () => {
      const now = Date.now();
      const first = job();
      await queue.schedule(first, now + 5000);
      expect(await queue.take('a', 10, 60_000, now)).toEqual([]);
      const taken = await queue.take('a', 10, 60_000, now + 5000);
      expect(taken.map(({ job: taken }) => taken)).toEqual([first]);
      expect(await queue.take('b', 10, 60_000, now + 5000)).toEqual([]);
    });

    it('keeps one of a job scheduled twice while it waits', async () => {
      const now = Date.now();
      const twice = job();
      await queue.schedule(twice, now);
      await queue.schedule(twice, now);
      expect(await queue.take('a', 10, 60_000, now)).toHaveLength(1);
    });

    it('hands a job held too long (its consumer died) to the next consumer, and a finished one to nobody', async () => {
      const now = Date.now();
      const [held, finished] = [job(), job()];
      await queue.schedule(held, now);
      await queue.schedule(finished, now);
      const taken = await queue.take('dead', 10, 60_000, now);
      await queue.finish(taken.find(({ job: { sessionId } }) => sessionId === finished.sessionId)!);
      await new Promise((resolve) => setTimeout(resolve, 120));
      const reclaimed = await queue.take('alive', 10, 100, Date.now());
      expect(sessionsOf(reclaimed)).toEqual([held.sessionId]);
      await queue.finish(reclaimed[0]);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await queue.take('alive', 10, 100, Date.now())).toEqual([]);
    });

    it('reschedules: the held job is done and the next one waits until it is due', async () => {
      const now = Date.now();
      const first = job();
      await queue.schedule(first, now);
      const [taken] = await queue.take('a', 10, 60_000, now);
      await queue.reschedule(taken, { ...first, attempt: 1 }, now + 2000);
      expect(await queue.take('a', 10, 60_000, now + 1999)).toEqual([]);
      const retried = await queue.take('a', 10, 60_000, now + 2000);
      expect(retried.map(({ job: again }) => again)).toEqual([{ ...first, attempt: 1 }]);
    });

    it('lets one job of a nudge claim its push, with its retries, and no second job of it', async () => {
      const first = job();
      expect(await queue.claim(first, 60_000)).toBe(true);
      expect(await queue.claim({ ...first, attempt: 3 }, 60_000)).toBe(true);
      expect(await queue.claim({ ...first, queuedAt: first.queuedAt + 5 }, 60_000)).toBe(false);
      expect(await queue.claim(job(), 60_000)).toBe(true);
    });

    it('takes at most max jobs at a time, earliest due first', async () => {
      const now = Date.now();
      const jobs = [job(), job(), job()];
      for (const [index, each] of jobs.entries()) await queue.schedule(each, now - 10 + index);
      const taken = await queue.take('a', 2, 60_000, now);
      expect(sessionsOf(taken)).toEqual(jobs.slice(0, 2).map(({ sessionId }) => sessionId));
      expect(sessionsOf(await queue.take('a', 2, 60_000, now))).toEqual([jobs[2].sessionId]);
    });
  });
}
