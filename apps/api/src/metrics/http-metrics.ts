import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { performance } from 'node:perf_hooks';
import type { HttpRequestMetrics } from './http-request-metrics';

const STARTED = Symbol('metricsStarted');
type TimedResponse = Response & { [STARTED]: number };
/** Express sets `route` on the request once a route matched; its type there is `any`. */
type RoutedRequest = { method: string; route?: { path?: unknown } };

/**
 * Requests no controller route matched (unknown paths, Swagger's static assets, bodies the
 * parser rejected before routing): one label, so raw paths cannot explode the series.
 */
export const UNMATCHED_ROUTE = '(unmatched)';
// Nest mounts module middleware (request logging) on this catch-all; it is not a route.
const MIDDLEWARE_CATCH_ALL = '/{*path}';

/**
 * Counts every answered request and its latency by route template. Cheap on purpose (the
 * /match hot path is benchmarked): one shared listener, no closure or label string per request.
 */
export function httpMetrics(metrics: HttpRequestMetrics): RequestHandler {
  function finished(this: TimedResponse): void {
    const request = this.req as RoutedRequest;
    const path = request.route?.path;
    const route = typeof path === 'string' && path !== MIDDLEWARE_CATCH_ALL ? path : UNMATCHED_ROUTE;
    metrics.observe(request.method, route, this.statusCode, (performance.now() - this[STARTED]) / 1000);
  }
  return (_request: Request, response: Response, next: NextFunction): void => {
    (response as TimedResponse)[STARTED] = performance.now();
    response.on('finish', finished);
    next();
  };
}
