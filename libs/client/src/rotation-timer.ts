import { SighejHttpError } from './http-error';

/** A random duration in [minMs, maxMs]. */
export interface RotationInterval {
  minMs: number;
  maxMs: number;
}

/** SPEC: rotate every few minutes; a random 10-15 minutes so phones do not rotate in step. */
export const DEFAULT_ROTATION: RotationInterval = { minMs: 10 * 60_000, maxMs: 15 * 60_000 };

/** Silence on the radio between the old token and the new one (see ClientOptions.advertisingPause). */
export const DEFAULT_ADVERTISING_PAUSE: RotationInterval = { minMs: 2_000, maxMs: 20_000 };

export function randomDuration({ minMs, maxMs }: RotationInterval, random: () => number): number {
  return minMs + random() * (maxMs - minMs);
}

/**
 * Calls `rotate` after a random delay in [min, max], again after each call settles. A rotation
 * refused by the service's limit (429) is asked again once its Retry-After has passed.
 */
export class RotationTimer {
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = false;

  constructor(
    private readonly interval: RotationInterval,
    private readonly rotate: () => Promise<unknown>,
    private readonly random: () => number,
  ) {}

  start(delayMs = randomDuration(this.interval, this.random)): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      // A failed rotation keeps the old token for one more interval; the socket is unaffected.
      void this.rotate().then(
        () => this.start(),
        (error: unknown) => this.start(retryAfter(error)),
      );
    }, delayMs);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }
}

function retryAfter(error: unknown): number | undefined {
  if (!(error instanceof SighejHttpError) || error.status !== 429) return undefined;
  return error.retryAfterMs;
}
