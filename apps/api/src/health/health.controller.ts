import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckResult,
  HealthCheckService,
  HealthIndicatorFunction,
} from '@nestjs/terminus';
import { PushHealth } from '@sighej/push';
import { PostgresHealthIndicator } from './postgres.health';
import { Readiness } from './readiness';
import { RedisHealthIndicator } from './redis.health';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly redis: RedisHealthIndicator,
    private readonly postgres: PostgresHealthIndicator,
    private readonly state: Readiness,
    private readonly push: PushHealth,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary: 'Readiness: 200 while phones can be served (Redis reachable); every dependency reported',
    description:
      'Postgres is reported but not required: while it is down, stats counts are buffered and phones keep being served.',
  })
  @ApiServiceUnavailableResponse({
    description:
      'Redis is down (`error.redis` says why), the instance is shutting down (`error.shutdown`), ' +
      "or its LIMIT_KEY_SECRET differs from the other instances' on its Redis (`error.limit_key_secret`)",
  })
  async readiness(): Promise<HealthCheckResult> {
    const notReady = this.state.notReadyBecause;
    if (notReady !== undefined) {
      const reasons = Object.fromEntries(
        [...notReady].map(([name, message]) => [name, { status: 'down' as const, message }]),
      );
      throw new ServiceUnavailableException({
        status: 'error',
        info: {},
        error: reasons,
        details: reasons,
      });
    }
    try {
      return await this.health.check(this.indicators());
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      if (result.details.redis?.status !== 'up') throw error;
      return { ...result, status: 'ok' };
    }
  }

  /** Redis and Postgres; with a push provider configured, the pushes of the last hour (never down). */
  private indicators(): HealthIndicatorFunction[] {
    const checks: HealthIndicatorFunction[] = [() => this.redis.check(), () => this.postgres.check()];
    return this.push.enabled ? [...checks, () => this.push.check()] : checks;
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200 while the process runs' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
