import { DynamicModule, Module } from '@nestjs/common';
import { MatchModule } from '@sighej/match';
import { NudgeModule } from '@sighej/nudge';
import {
  DatabaseModule,
  EnvModule,
  Env,
  InterestsModule,
  MetricsModule,
  RateLimitModule,
  RedisModule,
} from '@sighej/shared';
import { SessionModule } from '@sighej/session';
import { StatsModule } from '@sighej/stats';
import { LoggerModule } from 'nestjs-pino';
import { AdminPageModule } from './admin/admin-page.module';
import { HealthModule } from './health/health.module';
import { loggerOptions } from './logger.options';
import { MetricsEndpointModule } from './metrics/metrics-endpoint.module';

@Module({})
export class AppModule {
  static register(env: Env): DynamicModule {
    const sessions = SessionModule.register(env);
    return {
      module: AppModule,
      imports: [
        EnvModule.forRoot(env),
        MetricsModule,
        LoggerModule.forRoot(loggerOptions(env)),
        ...(env.REDIS_URL !== undefined ? [RedisModule.forRoot(env.REDIS_URL, env.REDIS_KEY_PREFIX)] : []),
        RateLimitModule.forRoot(env),
        DatabaseModule.forRoot({ url: env.DATABASE_URL, embeddedDataDir: env.EMBEDDED_DATA_DIR }),
        InterestsModule.forRoot(env.INTEREST_HASH_SECRET),
        sessions,
        StatsModule.register(sessions),
        NudgeModule.register(env),
        MatchModule.register(env),
        HealthModule,
        MetricsEndpointModule,
        ...(env.ADMIN_PAGE ? [AdminPageModule] : []),
      ],
    };
  }
}
