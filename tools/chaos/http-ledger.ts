/** A 503 slower than this is named on stderr as it happens. */
const SLOW_503_MS = 2000;

/** Every HTTP answer the phones got, for the ledger: statuses, and how long each 503 took. */
export class HttpLedger {
  readonly byStatus = new Map<number, number>();
  slowest503Ms = 0;
  /** Calls refused (no instance listening on the port). */
  refused = 0;
  /** Calls that reached an instance and never got an answer (it was killed or shut down under them). */
  readonly unansweredCalls: { origin: string; path: string; sentAt: number }[] = [];

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
    const sentAt = Date.now();
    try {
      const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
      const tookMs = performance.now() - started;
      this.record(response.status, tookMs);
      if (response.status === 503 && tookMs > SLOW_503_MS)
        process.stderr.write(`chaos: a 503 took ${Math.round(tookMs)} ms: ${init.method} ${url}\n`);
      return response;
    } catch (error) {
      // A refused connection never reached an instance: nothing of it can have happened.
      if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') this.refused++;
      else {
        const { origin, pathname } = new URL(url);
        this.unansweredCalls.push({ origin, path: pathname, sentAt });
      }
      return undefined;
    }
  }
}
