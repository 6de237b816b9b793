/** At most `limit` calls in flight; the rest wait their turn in order, until the run stops. */
export class CallLimiter {
  private running = 0;
  private stopped = false;
  private readonly queue: ((go: boolean) => void)[] = [];

  constructor(private readonly limit: number) {}

  get inFlight(): number {
    return this.running;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Runs `call` when a slot is free; undefined when the limiter stopped before its turn came. */
  async run<T>(call: () => Promise<T>): Promise<T | undefined> {
    if (this.stopped) return undefined;
    if (this.running >= this.limit) {
      const go = await new Promise<boolean>((resolve) => this.queue.push(resolve));
      if (!go) return undefined;
    }
    this.running++;
    try {
      return await call();
    } finally {
      this.running--;
      this.queue.shift()?.(true);
    }
  }

  /** Waiting calls never run; resolves once the running ones are done. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const resolve of this.queue.splice(0)) resolve(false);
    while (this.running > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
