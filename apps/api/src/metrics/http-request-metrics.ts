import { Injectable } from '@nestjs/common';
import { Metrics } from '@sighej/shared';
import { Counter, Histogram } from 'prom-client';

type HttpLabel = 'method' | 'route' | 'status';

/** Seconds; the low buckets resolve the /match hot path, the high ones the request timeout. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * HTTP request counts and latencies per route template, on the service's registry, with
 * prom-client's own counter and histogram: about 1 µs per request for both (label hashing
 * included; tools/bench/hot-path-costs.ts), a fraction of a per mille of a /match request.
 */
@Injectable()
export class HttpRequestMetrics {
  private readonly requests: Counter<HttpLabel>;
  private readonly duration: Histogram<HttpLabel>;

  constructor(metrics: Metrics) {
    const labelNames: HttpLabel[] = ['method', 'route', 'status'];
    this.requests = new Counter({
      name: 'sighej_http_requests_total',
      help: 'HTTP requests answered, by method, route template and status',
      labelNames,
      registers: [metrics.registry],
    });
    this.duration = new Histogram({
      name: 'sighej_http_request_duration_seconds',
      help: 'Time from receiving a request to the end of its response, by method, route template and status',
      labelNames,
      buckets: HTTP_BUCKETS,
      registers: [metrics.registry],
    });
  }

  /** Records one answered HTTP request; `route` must be a template (bounded), never a raw path. */
  observe(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }
}
