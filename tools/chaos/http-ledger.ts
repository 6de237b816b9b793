/** A 503 slower than this is named on stderr as it happens. */
const SLOW_503_MS = 2000;

/** Every HTTP answer the phones got, for the ledger: statuses, and how long each 503 took. */
export class HttpLedger {
  readonly byStatus = new Map<number, number>();
  slowest503Ms = 0;
  /** Calls that never got an answer (the instance was killed under them). */
  unanswered = 0;

  record(status: number, tookMs: number): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    if (status === 503) this.slowest503Ms = Math.max(this.slowest503Ms, tookMs);
  }

  count(predicate: (status: number) => boolean): number {
    return [...this.byStatus].reduce((sum, [status, n]) => sum + (predicate(status) ? n : 0), 0);
  }

  /** `fetch` that records what it got. */
  async call(url: string, init: RequestInit): Promise<Response | undefined> {
    const started = performance.now();
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
      const tookMs = performance.now() - started;
      this.record(response.status, tookMs);
      if (response.status === 503 && tookMs > SLOW_503_MS)
        process.stderr.write(`chaos: a 503 took ${Math.round(tookMs)} ms: ${init.method} ${url}\n`);
      return response;
    } catch {
      this.unanswered++;
      return undefined;
    }
  }
}
