import { DynamicModule, Module } from '@nestjs/common';
import { MatchModule } from '@sighej/match';
import { NudgeModule } from '@sighej/nudge';
import { PushModule } from '@sighej/push';
import { SessionModule } from '@sighej/session';
import { EnvModule, Env, MetricsModule } from '@sighej/shared';
import { StatsModule } from '@sighej/stats';
import { LoggerModule } from 'nestjs-pino';
import { DeploymentModule } from './deployment/deployment.module';
import { AdminPageModule } from './admin/admin-page.module';
import { HealthModule } from './health/health.module';
import { RequestLog } from './http/request-log';
import { loggerOptions, rootLogger } from './logger.options';
import { MetricsEndpointModule } from './metrics/metrics-endpoint.module';
import { ShutdownSequence } from './shutdown/shutdown-sequence';

/**
 * The service: infrastructure (configuration, logger, metrics registry, and the deployment
 * that binds every storage port), then the feature modules, each importing what it uses.
 */
@Module({})
export class AppModule {
  static register(env: Env): DynamicModule {
    const logger = rootLogger(env);
    return {
      module: AppModule,
      imports: [
        EnvModule.forRoot(env),
        LoggerModule.forRoot(loggerOptions(logger)),
        MetricsModule,
        DeploymentModule.forRoot(env),
        SessionModule,
        StatsModule,
        NudgeModule,
        MatchModule,
        PushModule,
        HealthModule,
        MetricsEndpointModule,
        ...(env.ADMIN_PAGE ? [AdminPageModule] : []),
      ],
      providers: [ShutdownSequence, { provide: RequestLog, useValue: new RequestLog(logger) }],
    };
  }
}
