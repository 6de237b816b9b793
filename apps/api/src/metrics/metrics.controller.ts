import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Metrics } from '@sighej/shared';
import type { Response } from 'express';
import { MetricsGuard } from './metrics.guard';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @UseGuards(MetricsGuard)
  @ApiBearerAuth('admin')
  @ApiOperation({
    summary: 'Prometheus metrics (text exposition format)',
    description:
      'Bearer METRICS_TOKEN or ADMIN_API_KEY. Request rates and latencies per route, open sockets, ' +
      'nudges sent/replayed/acked, stats flush lag and lost counts, Redis/Postgres errors, process metrics.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format 0.0.4', schema: { type: 'string' } })
  @ApiUnauthorizedResponse({ description: 'Missing or wrong token, or no METRICS_TOKEN/ADMIN_API_KEY set' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts from this IP; see Retry-After' })
  async scrape(@Res({ passthrough: true }) response: Response): Promise<string> {
    response.type(this.metrics.contentType);
    response.setHeader('Cache-Control', 'no-store');
    return this.metrics.scrape();
  }
}
