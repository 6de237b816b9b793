import { Global, Module } from '@nestjs/common';
import { Metrics } from './metrics';

/** Makes the one `Metrics` instance injectable everywhere (by its class). */
@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
