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
