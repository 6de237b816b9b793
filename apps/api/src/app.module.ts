import { DynamicModule, Module } from '@nestjs/common';
import { MatchModule } from '@sighej/match';
import { NudgeModule } from '@sighej/nudge';
import { PushModule } from '@sighej/push';
import { SessionModule } from '@sighej/session';
import { Configuration, MetricsModule, SettingsModule } from '@sighej/shared';
import { StatsModule } from '@sighej/stats';
import { LoggerModule } from 'nestjs-pino';
import { DeploymentModule } from './deployment/deployment.module';
import { AdminPageModule } from './admin/admin-page.module';
import { ServerSettings } from './config/server.settings';
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
  static register(configuration: Configuration): DynamicModule {
    const server = configuration.get(ServerSettings);
    const logger = rootLogger(server);
    return {
      module: AppModule,
      imports: [
        SettingsModule.forRoot(configuration),
        LoggerModule.forRoot(loggerOptions(logger)),
        MetricsModule,
        DeploymentModule.forRoot(configuration.core),
        SessionModule,
        StatsModule,
        NudgeModule,
        MatchModule,
        PushModule,
        HealthModule,
        MetricsEndpointModule,
        ...(server.ADMIN_PAGE ? [AdminPageModule] : []),
      ],
      providers: [ShutdownSequence, { provide: RequestLog, useValue: new RequestLog(logger) }],
    };
  }
}
