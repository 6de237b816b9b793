import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
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

/**
 * The service's Prometheus metrics, in their own registry (so two instances in one process
 * — the e2e tests — do not share counters). Other modules record through the typed methods
 * below and never touch prom-client. Names and meanings: docs/operating.md.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  private readonly http = new HttpSeriesTable();
  // Registered for the scrape; recording goes through `http` directly.
  private readonly httpRequests = new HttpRequestsCounter(this.http, this.registry);
  private readonly httpDuration = new HttpDurationHistogram(this.http, this.registry);
  private readonly openSockets = new Gauge({
    name: 'sighej_ws_open_sockets',
    help: 'WebSockets open on this instance',
    registers: [this.registry],
  });
  private readonly nudgesSent = new Counter({
    name: 'sighej_nudges_sent_total',
    help: 'Nudges dispatched to a phone (two per match)',
    registers: [this.registry],
  });
  private readonly nudgesReplayed = new Counter({
    name: 'sighej_nudges_replayed_total',
    help: 'Unacknowledged nudges sent again when a phone (re)connected',
    registers: [this.registry],
  });
  private readonly nudgesAcked = new Counter({
    name: 'sighej_nudges_acked_total',
    help: 'Nudges acknowledged by a phone',
    registers: [this.registry],
  });
  private readonly statsFlushLag = new Gauge({
    name: 'sighej_stats_flush_lag_seconds',
    help: 'Age of the oldest count not yet written to Postgres (0 when everything is flushed)',
    registers: [this.registry],
  });
  private readonly statsLostCounts = new Counter({
    name: 'sighej_stats_lost_counts_total',
    help: 'Stats counts that could not be stored and were dropped; must stay 0',
    registers: [this.registry],
  });
  private readonly redisErrors = new Counter({
    name: 'sighej_redis_errors_total',
    help: 'Operations that failed because Redis was unreachable or timed out',
    registers: [this.registry],
  });
  private readonly postgresErrors = new Counter({
    name: 'sighej_postgres_errors_total',
    help: 'Operations that failed because Postgres was unreachable or refused them',
    registers: [this.registry],
  });
  private readonly rateLimitedRequests = new Counter<'limit'>({
    name: 'sighej_rate_limited_total',
    help: 'Requests and upgrades refused with 429, by limit',
    labelNames: ['limit'],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    this.statsFlushLag.set(0);
  }

  /** Records one answered HTTP request; `route` must be a template (bounded), never a raw path. */
  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.http.record(method, route, status, seconds);
  }

  setOpenSockets(count: number): void {
    this.openSockets.set(count);
  }
  socketOpened(): void {
    this.openSockets.inc();
  }
  socketClosed(): void {
    this.openSockets.dec();
  }

  nudgeSent(count = 1): void {
    this.nudgesSent.inc(count);
  }
  nudgeReplayed(count = 1): void {
    this.nudgesReplayed.inc(count);
  }
  nudgeAcked(count = 1): void {
    this.nudgesAcked.inc(count);
  }

  setStatsFlushLag(seconds: number): void {
    this.statsFlushLag.set(seconds);
  }
  statsCountsLost(count = 1): void {
    this.statsLostCounts.inc(count);
  }

  redisError(): void {
    this.redisErrors.inc();
  }
  postgresError(): void {
    this.postgresErrors.inc();
  }

  /** `limit` is one of a few fixed names (sessions, matches, ws_connects, admin_failures). */
  rateLimited(limit: string): void {
    this.rateLimitedRequests.inc({ limit });
  }

  /** The Prometheus text exposition of every metric. */
  async scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  // Pending-nudge bounds and socket resync: the dashboard and alert rules in docs/ops/ use these.
  private readonly nudgesDropped = zeroed(
    new Counter<'reason'>({
      name: 'sighej_nudges_dropped_total',
      help: 'Pending nudges dropped unacknowledged, by reason (cap: pushed out by NUDGE_PENDING_MAX; age: older than NUDGE_MAX_AGE_SECONDS)',
      labelNames: ['reason'],
      registers: [this.registry],
    }),
    NUDGE_DROP_REASONS,
  );
  private readonly wsResyncDuration = new Histogram({
    name: 'sighej_ws_resync_duration_seconds',
    help: 'Time a (re)connected socket took to catch up on its pending nudges',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  nudgeDropped(reason: NudgeDropReason, count = 1): void {
    this.nudgesDropped.inc({ reason }, count);
  }
  observeResync(seconds: number): void {
    this.wsResyncDuration.observe(seconds);
  }
}

export const NUDGE_DROP_REASONS = ['cap', 'age'] as const;
export type NudgeDropReason = (typeof NUDGE_DROP_REASONS)[number];

/** Every reason starts at 0, so `increase()` sees the first drop, not only the second. */
function zeroed(counter: Counter<'reason'>, reasons: readonly string[]): Counter<'reason'> {
  for (const reason of reasons) counter.inc({ reason }, 0);
  return counter;
}
