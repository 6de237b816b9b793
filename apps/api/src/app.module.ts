import { DynamicModule, Module } from '@nestjs/common';
import { DatabaseModule, EnvModule, Env, InterestsModule, RedisModule } from '@sighej/shared';
import { MatchModule } from '@sighej/match';
import { NudgeModule } from '@sighej/nudge';
import { SessionModule } from '@sighej/session';
import { StatsModule } from '@sighej/stats';
import { LoggerModule } from 'nestjs-pino';
import { HealthModule } from './health/health.module';
import { loggerOptions } from './logger.options';

@Module({})
export class AppModule {
  static register(env: Env): DynamicModule {
    return {
      module: AppModule,
      imports: [
        EnvModule.forRoot(env),
        LoggerModule.forRoot(loggerOptions(env)),
        ...(env.REDIS_URL !== undefined ? [RedisModule.forRoot(env.REDIS_URL, env.REDIS_KEY_PREFIX)] : []),
        DatabaseModule.forRoot({ url: env.DATABASE_URL, embeddedDataDir: env.EMBEDDED_DATA_DIR }),
        InterestsModule.forRoot(env.INTEREST_HASH_SECRET),
        StatsModule.register(),
        SessionModule.register(env),
        NudgeModule.register(env),
        MatchModule.register(env),
        HealthModule,
      ],
    };
  }
}
