import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { AdminPageFiles, PageAsset } from './admin-page-files';

function send(response: Response, { body, contentType }: PageAsset): void {
  // Revalidate on every load (Express adds an ETag), so a deploy is never hidden by a cache.
  response.setHeader('Cache-Control', 'no-cache');
  response.type(contentType).send(body);
}

/**
 * `GET /admin`: a static page that asks for the admin key and calls /stats, /stats/daily and
 * /health from the browser. Only fixed files are served (no path parameter), and they load
 * under the service's own Content-Security-Policy: same-origin scripts and styles, no inline code.
 */
@ApiExcludeController()
@Controller('admin')
export class AdminPageController {
  constructor(private readonly files: AdminPageFiles) {}

  @Get()
  page(@Res() response: Response): void {
    send(response, this.files.index);
  }

  @Get('admin.js')
  script(@Res() response: Response): void {
    send(response, this.files.script);
  }

  @Get('admin.css')
  styles(@Res() response: Response): void {
    send(response, this.files.styles);
  }

  @Get('chart.umd.min.js')
  chartLibrary(@Res() response: Response): void {
    send(response, this.files.chartLibrary);
  }
}
