import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
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
      return await this.health.check([() => this.redis.check(), () => this.postgres.check()]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      if (result.details.redis?.status !== 'up') throw error;
      return { ...result, status: 'ok' };
    }
  }

  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200 while the process runs' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  liveness(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
