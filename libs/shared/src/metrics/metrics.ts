import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

/**
 * The service's Prometheus registry (its own, so two instances in one process — the e2e
 * tests — do not share counters) and the infrastructure's own metrics: dependency errors and
 * rate-limit refusals. Each lib registers its metrics on `registry` in a class of its own
 * (`NudgeMetrics`, `StatsMetrics`, the app's HTTP metrics). Names and meanings: docs/operating.md.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

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
}
