/** One measured load on one target (autocannon or the paced generator). */
export interface LoadResult {
  rps: number;
  /** Server CPU per request (µs): drifts with the neighbours' load far less than throughput. */
  cpuUsPerRequest: number;
  /** The load generator's share of a core (it runs in the bench process). */
  generatorCpuShare: number;
  total: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
  connections: number;
  overallRate?: number;
  seconds: number;
}

/** A request of a load: its JSON text and extra headers. */
export interface LoadRequest {
  body: string;
  headers?: Record<string, string>;
}

export const failures = (r: LoadResult): number => r.non2xx + r.errors + r.timeouts;

/** Runs of the same load merged: requests add up, latency percentiles are weighted means. */
export function merge(a: LoadResult, b: LoadResult): LoadResult {
  const avg = (k: 'p50' | 'p97_5' | 'p99'): number => (a[k] * a.total + b[k] * b.total) / (a.total + b.total);
  return {
    ...a,
    rps: (a.total + b.total) / (a.seconds + b.seconds),
    total: a.total + b.total,
    ok: a.ok + b.ok,
    non2xx: a.non2xx + b.non2xx,
    errors: a.errors + b.errors,
    timeouts: a.timeouts + b.timeouts,
    p50: avg('p50'),
    p97_5: avg('p97_5'),
    p99: avg('p99'),
    max: Math.max(a.max, b.max),
    cpuUsPerRequest: (a.cpuUsPerRequest * a.total + b.cpuUsPerRequest * b.total) / (a.total + b.total),
    generatorCpuShare:
      (a.generatorCpuShare * a.seconds + b.generatorCpuShare * b.seconds) / (a.seconds + b.seconds),
    seconds: a.seconds + b.seconds,
  };
}
