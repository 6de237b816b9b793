import request from 'supertest';
import { CreatedSession, match } from './sessions';
import { sleep } from './sleep';
import { TestApp } from './test-app';

export const HEAL_WITHIN_MS = 20_000;

interface Answer {
  at: number;
  status: number;
  message?: string;
}

/** Phones keep registering and matching while the primary changes. */
export class Traffic {
  readonly answers: Answer[] = [];
  readonly created: CreatedSession[] = [];
  private running = true;
  private readonly done: Promise<void>;

  constructor(
    private readonly t: TestApp,
    private readonly pair: [CreatedSession, CreatedSession],
  ) {
    this.done = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  okSince(at: number): boolean {
    const after = this.answers.filter((answer) => answer.at >= at);
    return after.length >= 10 && after.slice(-10).every((answer) => answer.status < 300);
  }

  private async loop(): Promise<void> {
    while (this.running) {
      const created = await request(this.t.url)
        .post('/session')
        .send({ interests: ['chess'] });
      this.record(created.status, created.body);
      if (created.status === 201)
        this.created.push({
          bleToken: created.body.ble_token,
          accessToken: created.body.access_token,
          sessionId: created.body.session_id,
        });
      const matched = await match(this.t.url, this.pair[0], this.pair[1].bleToken);
      this.record(matched.status, matched.body);
      await sleep(20);
    }
  }

  private record(status: number, body: { message?: unknown }): void {
    this.answers.push({
      at: Date.now(),
      status,
      ...(status >= 300 ? { message: String(body.message) } : {}),
    });
  }
}

/** What a failover did to the traffic, for the assertions and the report. */
export function summarise(traffic: Traffic, triggeredAt: number): Record<string, number> {
  // Recovery is measured from the last 503: service is full again from there on.
  const unavailable = traffic.answers.filter((answer) => answer.status === 503);
  const firstUnavailable = unavailable[0]?.at;
  const lastUnavailable = unavailable[unavailable.length - 1]?.at;
  const recovered = traffic.answers.find(
    (answer) => answer.at > (lastUnavailable ?? triggeredAt) && answer.status < 300,
  );
  return {
    requests: traffic.answers.length,
    unavailable: unavailable.length,
    firstUnavailableAfterMs: firstUnavailable === undefined ? 0 : firstUnavailable - triggeredAt,
    outageMs: firstUnavailable === undefined ? 0 : (recovered?.at ?? Infinity) - firstUnavailable,
    fullServiceAfterMs: (recovered?.at ?? Infinity) - triggeredAt,
  };
}

export async function until(
  what: string,
  condition: () => Promise<boolean>,
  timeoutMs = HEAL_WITHIN_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
