import type { PushOutcomeLog } from '../src';

const MINUTE = 60_000;

/** What every PushOutcomeLog adapter must do; run against each of them. */
export function pushOutcomeLogContract(name: string, open: () => Promise<PushOutcomeLog>): void {
  describe(`${name} honours PushOutcomeLog`, () => {
    it('sums the last 60 minutes and forgets older ones', async () => {
      const log = await open();
      const now = Math.floor(Date.now() / MINUTE) * MINUTE;
      await log.record('sent', now - 59 * MINUTE);
      await log.record('sent', now - 60 * MINUTE);
      await log.record('failed', now);
      await log.record('sent', now + 59_999);
      expect(await log.lastHour(now + 1000)).toEqual({ sent: 2, failed: 1 });
      expect(await log.lastHour(now + 60 * MINUTE)).toEqual({ sent: 0, failed: 0 });
    });
  });
}
