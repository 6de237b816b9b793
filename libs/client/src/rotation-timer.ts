export interface RotationInterval {
  minMs: number;
  maxMs: number;
}

/** SPEC: rotate every few minutes; a random 10-15 minutes so phones do not rotate in step. */
export const DEFAULT_ROTATION: RotationInterval = { minMs: 10 * 60_000, maxMs: 15 * 60_000 };

/** Calls `rotate` after a random delay in [min, max], again after each call settles. */
export class RotationTimer {
  private timer?: ReturnType<typeof setTimeout>;
  private stopped = false;

  constructor(
    private readonly interval: RotationInterval,
    private readonly rotate: () => Promise<unknown>,
    private readonly random: () => number,
  ) {}

  start(): void {
    if (this.stopped) return;
    const { minMs, maxMs } = this.interval;
    this.timer = setTimeout(
      () => {
        // A failed rotation keeps the old token for one more interval; the socket is unaffected.
        void this.rotate()
          .catch(() => undefined)
          .finally(() => this.start());
      },
      minMs + this.random() * (maxMs - minMs),
    );
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }
}
