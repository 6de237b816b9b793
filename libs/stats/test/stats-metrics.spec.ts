import { Metrics } from '@sighej/shared';
import { StatsMetrics } from '../src/stats-metrics';
import { metricValue } from '../../../test/support/metric-value';

const value = metricValue;

describe('StatsMetrics', () => {
  it('reads the flush lag at scrape time and counts lost counts', async () => {
    const metrics = new Metrics();
    const stats = new StatsMetrics(metrics);
    let lag = 1.5;
    stats.reportFlushLagFrom(() => lag);
    expect(value(await metrics.scrape(), 'sighej_stats_flush_lag_seconds')).toBe(1.5);
    lag = 0;
    stats.countsLost(3);
    stats.postgresError();
    const text = await metrics.scrape();
    expect(value(text, 'sighej_stats_flush_lag_seconds')).toBe(0);
    expect(value(text, 'sighej_stats_lost_counts_total')).toBe(3);
    expect(value(text, 'sighej_postgres_errors_total')).toBe(1);
  });
});
