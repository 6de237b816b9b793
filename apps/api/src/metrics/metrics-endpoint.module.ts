import { Module } from '@nestjs/common';
import { RateLimitModule } from '@sighej/shared';
import { HttpRequestMetrics } from './http-request-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsGuard } from './metrics.guard';

/** `GET /metrics` and the HTTP request metrics; the registry itself comes from the global MetricsModule. */
@Module({
  imports: [RateLimitModule],
  controllers: [MetricsController],
  providers: [MetricsGuard, HttpRequestMetrics],
  exports: [HttpRequestMetrics],
})
export class MetricsEndpointModule {}
