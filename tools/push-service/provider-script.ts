/** How a local provider answers one request for a device: as the real one would on a good day, or not. */
export type ProviderAnswer =
  | { kind: 'ok' }
  | { kind: 'gone' }
  | { kind: 'throttled'; retryAfterSeconds: number }
  | { kind: 'error' }
  /** A 4xx that says the push itself is wrong: not retried, counted as failed. */
  | { kind: 'refused' }
  | { kind: 'slow'; delayMs: number };

/** One push the provider accepted, decrypted with the phone's key. */
export interface Delivery {
  device: string;
  plaintext: string;
  at: number;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * What each local provider shares: planned answers per device (then "ok"), every request
 * seen, and the deliveries it accepted.
 */
export class ProviderScript {
  readonly deliveries: Delivery[] = [];
  readonly requests: { device: string; at: number; answer: ProviderAnswer['kind'] }[] = [];
  /** Requests refused for breaking the protocol, with why: a test expects none. */
  readonly violations: string[] = [];
  private readonly planned = new Map<string, ProviderAnswer[]>();

  plan(device: string, ...answers: ProviderAnswer[]): void {
    this.planned.set(device, [...(this.planned.get(device) ?? []), ...answers]);
  }

  next(device: string): ProviderAnswer {
    const answer = this.planned.get(device)?.shift() ?? { kind: 'ok' };
    this.requests.push({ device, at: Date.now(), answer: answer.kind });
    return answer;
  }

  deliveriesTo(device: string): Delivery[] {
    return this.deliveries.filter((delivery) => delivery.device === device);
  }

  violated(reason: string): string {
    this.violations.push(reason);
    return reason;
  }
}
