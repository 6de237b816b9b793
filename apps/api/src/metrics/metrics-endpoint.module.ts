import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { MetricsGuard } from './metrics.guard';

/** `GET /metrics`; the `Metrics` registry itself comes from the global MetricsModule. */
@Module({ controllers: [MetricsController], providers: [MetricsGuard] })
export class MetricsEndpointModule {}
