import { Metrics } from '@sighej/shared';

const value = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('Metrics: dropped nudges and socket resyncs', () => {
  it('exposes both drop reasons from the start, so the first drop shows in increase()', async () => {
    const text = await new Metrics().scrape();
    expect(value(text, 'sighej_nudges_dropped_total{reason="cap"}')).toBe(0);
    expect(value(text, 'sighej_nudges_dropped_total{reason="age"}')).toBe(0);
  });

  it('counts drops by reason', async () => {
    const metrics = new Metrics();
    metrics.nudgeDropped('cap', 3);
    metrics.nudgeDropped('age');
    const text = await metrics.scrape();
    expect(value(text, 'sighej_nudges_dropped_total{reason="cap"}')).toBe(3);
    expect(value(text, 'sighej_nudges_dropped_total{reason="age"}')).toBe(1);
  });

  it('observes resync durations in a histogram', async () => {
    const metrics = new Metrics();
    metrics.observeResync(0.02);
    metrics.observeResync(3);
    const text = await metrics.scrape();
    expect(value(text, 'sighej_ws_resync_duration_seconds_count')).toBe(2);
    expect(value(text, 'sighej_ws_resync_duration_seconds_sum')).toBeCloseTo(3.02);
    expect(value(text, 'sighej_ws_resync_duration_seconds_bucket{le="0.025"}')).toBe(1);
    expect(value(text, 'sighej_ws_resync_duration_seconds_bucket{le="+Inf"}')).toBe(2);
  });
});
