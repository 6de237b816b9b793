import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { PushModule } from '@sighej/push';
import { LimitKeySecretWatch } from './limit-key-secret-watch';
import { HealthController } from './health.controller';
import { PostgresHealthIndicator } from './postgres.health';
import { Readiness } from './readiness';
import { RedisHealthIndicator } from './redis.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), PushModule],
  controllers: [HealthController],
  providers: [RedisHealthIndicator, PostgresHealthIndicator, Readiness, LimitKeySecretWatch],
  // The shutdown sequence switches readiness off.
  exports: [Readiness],
})
export class HealthModule {}
