import { Counter } from 'prom-client';
import { Metrics } from '@sighej/shared';
import { metricValue } from '../../../test/support/metric-value';

const value = metricValue;

describe('Metrics', () => {
  it('records the infrastructure metrics through typed methods', async () => {
    const metrics = new Metrics();
    metrics.redisError();
    metrics.postgresError();
    metrics.rateLimited('sessions');
    const text = await metrics.scrape();
    expect(value(text, 'sighej_redis_errors_total')).toBe(1);
    expect(value(text, 'sighej_postgres_errors_total')).toBe(1);
    expect(value(text, 'sighej_rate_limited_total{limit="sessions"}')).toBe(1);
  });

  it('keeps instances apart (two app instances in one process)', async () => {
    const first = new Metrics();
    const second = new Metrics();
    first.redisError();
    expect(value(await second.scrape(), 'sighej_redis_errors_total')).toBe(0);
  });

  it('scrapes what other libs register on its registry', async () => {
    const metrics = new Metrics();
    new Counter({ name: 'sighej_example_total', help: 'example', registers: [metrics.registry] }).inc(3);
    expect(value(await metrics.scrape(), 'sighej_example_total')).toBe(3);
  });
});
