import { Metrics } from '@sighej/shared';
import { NudgeMetrics } from '../src/nudge-metrics';
import { metricValue } from '../../../test/support/metric-value';

const value = metricValue;

describe('NudgeMetrics', () => {
  it('records on the service registry through typed methods', async () => {
    const metrics = new Metrics();
    const nudges = new NudgeMetrics(metrics);
    nudges.nudgeSent(2);
    nudges.nudgeReplayed();
    nudges.nudgeAcked();
    nudges.setOpenSockets(1);
    const text = await metrics.scrape();
    expect(value(text, 'sighej_nudges_sent_total')).toBe(2);
    expect(value(text, 'sighej_nudges_replayed_total')).toBe(1);
    expect(value(text, 'sighej_nudges_acked_total')).toBe(1);
    expect(value(text, 'sighej_ws_open_sockets')).toBe(1);
  });
});

describe('NudgeMetrics: dropped nudges and socket resyncs', () => {
  it('exposes both drop reasons from the start, so the first drop shows in increase()', async () => {
    const metrics = new Metrics();
    new NudgeMetrics(metrics);
    const text = await metrics.scrape();
    expect(value(text, 'sighej_nudges_dropped_total{reason="cap"}')).toBe(0);
    expect(value(text, 'sighej_nudges_dropped_total{reason="age"}')).toBe(0);
  });

  it('counts drops by reason', async () => {
    const metrics = new Metrics();
    const nudges = new NudgeMetrics(metrics);
    nudges.nudgeDropped('cap', 3);
    nudges.nudgeDropped('age');
    const text = await metrics.scrape();
    expect(value(text, 'sighej_nudges_dropped_total{reason="cap"}')).toBe(3);
    expect(value(text, 'sighej_nudges_dropped_total{reason="age"}')).toBe(1);
  });

  it('observes resync durations in a histogram', async () => {
    const metrics = new Metrics();
    const nudges = new NudgeMetrics(metrics);
    nudges.observeResync(0.02);
    nudges.observeResync(3);
    const text = await metrics.scrape();
    expect(value(text, 'sighej_ws_resync_duration_seconds_count')).toBe(2);
    expect(value(text, 'sighej_ws_resync_duration_seconds_sum')).toBeCloseTo(3.02);
    expect(value(text, 'sighej_ws_resync_duration_seconds_bucket{le="0.025"}')).toBe(1);
    expect(value(text, 'sighej_ws_resync_duration_seconds_bucket{le="+Inf"}')).toBe(2);
  });
});
