import { createSession, match } from './support/sessions';
import { twoInstancesForSuite } from './support/fixtures';
import { TestSocket } from './support/ws-client';

jest.setTimeout(60_000);

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * Measures, does not assert: the time from sending the POST /match that completes a meeting to the nudge arriving on the
 * other phone's socket held by another instance, over 100 fresh pairs. Printed for the
 * README/report; timings on a shared CI machine are not a pass/fail criterion.
 */
describe('nudge latency (measured, not asserted)', () => {
  const { a, b } = twoInstancesForSuite();

  it('delivers 100 nudges across instances and reports p50/p99', async () => {
    const http: number[] = [];
    const delivery: number[] = [];
    for (let n = 0; n < 100; n += 1) {
      const caller = await createSession(a.url, ['rust', 'techno']);
      const detected = await createSession(a.url, ['rust', 'techno']);
      const socket = await TestSocket.open(b.url, detected.bleToken, detected.accessToken);
      // The detected phone reported the caller first: the timed call completes the meeting.
      await match(a.url, detected, caller.bleToken).expect(200);
      const started = performance.now();
      const arrived = socket
        .next((frame) => frame.type === 'nudge')
        .then((frame) => {
          expect(frame.token).toBe(caller.bleToken);
          return performance.now();
        });
      const { body } = await match(a.url, caller, detected.bleToken).expect(200);
      http.push(performance.now() - started);
      expect(body.nudge_sent).toBe(true);
      delivery.push((await arrived) - started);
      await socket.close();
    }
    const report = (name: string, values: number[]): string => {
      const sorted = [...values].sort((x, y) => x - y);
      return `${name}: p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms`;
    };
    process.stdout.write(
      `\nnudge latency over 100 matches (A answers /match, socket on B):\n  ${report('POST /match response', http)}\n  ${report('/match sent -> nudge received', delivery)}\n`,
    );
    expect(delivery).toHaveLength(100);
  });
});
