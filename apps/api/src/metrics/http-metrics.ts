import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { performance } from 'node:perf_hooks';
import { routeTemplate } from '../http/route-template';
import type { HttpRequestMetrics } from './http-request-metrics';

const STARTED = Symbol('metricsStarted');
type TimedResponse = Response & { [STARTED]: number };
/**
 * Counts every answered request and its latency by route template. Cheap on purpose (the
 * /match hot path is benchmarked): one shared listener, no closure or label string per request.
 */
export function httpMetrics(metrics: HttpRequestMetrics): RequestHandler {
  function finished(this: TimedResponse): void {
    const request = this.req;
    metrics.observe(
      request.method,
      routeTemplate(request),
      this.statusCode,
      (performance.now() - this[STARTED]) / 1000,
    );
  }
  return (_request: Request, response: Response, next: NextFunction): void => {
    (response as TimedResponse)[STARTED] = performance.now();
    response.on('finish', finished);
    next();
  };
}
