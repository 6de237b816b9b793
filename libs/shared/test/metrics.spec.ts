import { Metrics } from '@sighej/shared';

const value = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('Metrics', () => {
  it('records through typed methods', async () => {
    const metrics = new Metrics();
    metrics.nudgeSent(2);
    metrics.nudgeReplayed();
    metrics.nudgeAcked();
    metrics.socketOpened();
    metrics.socketOpened();
    metrics.socketClosed();
    metrics.setStatsFlushLag(1.5);
    metrics.redisError();
    metrics.postgresError();
    metrics.rateLimited('sessions');
    const text = await metrics.scrape();
    expect(value(text, 'sighej_nudges_sent_total')).toBe(2);
    expect(value(text, 'sighej_nudges_replayed_total')).toBe(1);
    expect(value(text, 'sighej_nudges_acked_total')).toBe(1);
    expect(value(text, 'sighej_ws_open_sockets')).toBe(1);
    expect(value(text, 'sighej_stats_flush_lag_seconds')).toBe(1.5);
    expect(value(text, 'sighej_stats_lost_counts_total')).toBe(0);
    expect(value(text, 'sighej_redis_errors_total')).toBe(1);
    expect(value(text, 'sighej_postgres_errors_total')).toBe(1);
    expect(value(text, 'sighej_rate_limited_total{limit="sessions"}')).toBe(1);
  });

  it('keeps instances apart (two app instances in one process)', async () => {
    const first = new Metrics();
    const second = new Metrics();
    first.nudgeSent();
    expect(value(await second.scrape(), 'sighej_nudges_sent_total')).toBe(0);
  });

  it('counts HTTP requests per route template, method and status', async () => {
    const metrics = new Metrics();
    for (let i = 0; i < 3; i++) metrics.observeHttp('POST', '/match', 200, 0.002);
    metrics.observeHttp('POST', '/match', 429, 0.0001);
    const text = await metrics.scrape();
    expect(value(text, 'sighej_http_requests_total{method="POST",route="/match",status="200"}')).toBe(3);
    expect(value(text, 'sighej_http_requests_total{method="POST",route="/match",status="429"}')).toBe(1);
    expect(
      value(
        text,
        'sighej_http_request_duration_seconds_bucket{le="0.0025",method="POST",route="/match",status="200"}',
      ),
    ).toBe(3);
    expect(
      value(
        text,
        'sighej_http_request_duration_seconds_bucket{le="0.001",method="POST",route="/match",status="200"}',
      ),
    ).toBe(0);
  });
});
