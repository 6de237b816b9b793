import { Metrics } from '@sighej/shared';
import { HttpRequestMetrics } from '../src/metrics/http-request-metrics';
import { metricValue } from '../../../test/support/metric-value';

const value = metricValue;

describe('HttpRequestMetrics', () => {
  it('counts HTTP requests per route template, method and status', async () => {
    const metrics = new Metrics();
    const http = new HttpRequestMetrics(metrics);
    for (let i = 0; i < 3; i++) http.observe('POST', '/match', 200, 0.002);
    http.observe('POST', '/match', 429, 0.0001);
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
