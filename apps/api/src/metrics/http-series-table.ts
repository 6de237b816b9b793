import type { LabelValues } from 'prom-client';

export type HttpLabel = 'method' | 'route' | 'status';

/** Seconds; the low buckets resolve the /match hot path, the high ones the request timeout. */
export const HTTP_BUCKETS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

interface HttpSeries {
  labels: LabelValues<HttpLabel>;
  count: number;
  sum: number;
  /** Observations per bucket, not cumulative (the scrape adds them up). */
  buckets: Float64Array;
}

export interface SampleValue {
  value: number;
  labels: LabelValues<string>;
  metricName?: string;
}

/**
 * HTTP request counts and latencies per method, route template and status, in plain numbers.
 * prom-client's own `labels(...).observe()` hashes the label set on every call (about 1 µs
 * per request for a counter and a histogram); recording here is a few map lookups and
 * additions, and label objects are built once per series. prom-client formats the table at
 * scrape time.
 */
export class HttpSeriesTable {
  // route → method → status → series; nested so recording builds no key strings.
  private readonly byRoute = new Map<string, Map<string, Map<number, HttpSeries>>>();
  private readonly all: HttpSeries[] = [];

  record(method: string, route: string, status: number, seconds: number): void {
    const series = this.seriesFor(method, route, status);
    series.count += 1;
    series.sum += seconds;
    let bucket = 0;
    while (bucket < HTTP_BUCKETS.length && seconds > HTTP_BUCKETS[bucket]) bucket += 1;
    // Past the last bound the observation only counts towards +Inf (the count).
    if (bucket < HTTP_BUCKETS.length) series.buckets[bucket] += 1;
  }

  counts(): SampleValue[] {
    return this.all.map(({ labels, count }) => ({ labels, value: count }));
  }

  /** Cumulative `_bucket` samples (with `+Inf`), `_sum` and `_count`, as Prometheus expects. */
  histogram(name: string): SampleValue[] {
    const values: SampleValue[] = [];
    for (const { labels, count, sum, buckets } of this.all) {
      let cumulative = 0;
      HTTP_BUCKETS.forEach((bound, index) => {
        cumulative += buckets[index];
        values.push({ metricName: `${name}_bucket`, labels: { le: bound, ...labels }, value: cumulative });
      });
      values.push({ metricName: `${name}_bucket`, labels: { le: '+Inf', ...labels }, value: count });
      values.push({ metricName: `${name}_sum`, labels, value: sum });
      values.push({ metricName: `${name}_count`, labels, value: count });
    }
    return values;
  }

  private seriesFor(method: string, route: string, status: number): HttpSeries {
    let byMethod = this.byRoute.get(route);
    if (byMethod === undefined)
      this.byRoute.set(route, (byMethod = new Map<string, Map<number, HttpSeries>>()));
    let byStatus = byMethod.get(method);
    if (byStatus === undefined) byMethod.set(method, (byStatus = new Map<number, HttpSeries>()));
    let series = byStatus.get(status);
    if (series === undefined) {
      series = {
        labels: { method, route, status: String(status) },
        count: 0,
        sum: 0,
        buckets: new Float64Array(HTTP_BUCKETS.length),
      };
      byStatus.set(status, series);
      this.all.push(series);
    }
    return series;
  }
}
