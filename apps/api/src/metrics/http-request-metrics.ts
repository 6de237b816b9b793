import { Injectable } from '@nestjs/common';
import { Metrics } from '@sighej/shared';
import { Counter, Histogram, Registry } from 'prom-client';
import { HTTP_BUCKETS, HttpLabel, HttpSeriesTable } from './http-series-table';

/** A counter whose samples come from the HTTP series table at scrape time. */
class HttpRequestsCounter extends Counter<HttpLabel> {
  constructor(
    private readonly table: HttpSeriesTable,
    registry: Registry,
  ) {
    super({
      name: 'sighej_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
  }
  override async get(): ReturnType<Counter<HttpLabel>['get']> {
    return { ...(await super.get()), values: this.table.counts() };
  }
}

const HISTOGRAM_PROTOTYPE = Histogram.prototype as unknown as { getForPromString: () => unknown };

/** A histogram whose samples come from the HTTP series table at scrape time. */
class HttpDurationHistogram extends Histogram<HttpLabel> {
  constructor(
    private readonly table: HttpSeriesTable,
    registry: Registry,
  ) {
    super({
      name: 'sighej_http_request_duration_seconds',
      help: 'Time from receiving a request to the end of its response, by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [...HTTP_BUCKETS],
      registers: [registry],
    });
  }
  override get(): ReturnType<Histogram<HttpLabel>['get']> {
    return this.getForPromString();
  }
  /** prom-client's Registry formats histograms through this method (missing from its typings). */
  async getForPromString(): ReturnType<Histogram<HttpLabel>['get']> {
    const base = await (HISTOGRAM_PROTOTYPE.getForPromString.call(this) as ReturnType<
      Histogram<HttpLabel>['get']
    >);
    return { ...base, values: this.table.histogram('sighej_http_request_duration_seconds') };
  }
}

/** HTTP request counts and latencies per route template, on the service's registry. */
@Injectable()
export class HttpRequestMetrics {
  private readonly table = new HttpSeriesTable();

  constructor(metrics: Metrics) {
    // Both register themselves on the registry; the scrape reads the table through them.
    new HttpRequestsCounter(this.table, metrics.registry);
    new HttpDurationHistogram(this.table, metrics.registry);
  }

  /** Records one answered HTTP request; `route` must be a template (bounded), never a raw path. */
  observe(method: string, route: string, status: number, seconds: number): void {
    this.table.record(method, route, status, seconds);
  }
}
