import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { HttpRequestMetrics } from '../metrics/http-request-metrics';
import type { RequestLog } from './request-log';
import type { RequestDeadlines } from './request-timeout';
import { routeTemplate } from './route-template';

const REQUEST_ID = /^[\w.-]{1,64}$/;
const ID = Symbol('requestId');
const STARTED = Symbol('requestStarted');
type HookedResponse = Response & { [ID]: string; [STARTED]: number };

export interface HttpRequestHookParts {
  log: RequestLog;
  metrics: HttpRequestMetrics;
  deadlines: RequestDeadlines;
  /** Set on every response, in this order (precomputed: they do not depend on the request). */
  headers: ReadonlyArray<readonly [string, string]>;
}

/**
 * Everything the service does for every HTTP request, in one middleware with one shared
 * `close` listener: a request id (a well-formed `X-Request-Id` from a proxy, or a new one,
 * echoed back either way), the security headers, the request timeout, and, once the response
 * is done, the HTTP metrics (answered requests) and the request line. One clock reading and
 * one route lookup serve all of them; nothing is allocated per request beyond the id.
 */
export function httpRequestHooks({ log, metrics, deadlines, headers }: HttpRequestHookParts): RequestHandler {
  const logging = log.enabled;
  function closed(this: HookedResponse): void {
    deadlines.release(this);
    const durationMs = performance.now() - this[STARTED];
    const route = routeTemplate(this.req);
    if (this.writableFinished) metrics.observe(this.req.method, route, this.statusCode, durationMs / 1000);
    if (logging) log.closed(this, { id: this[ID], route, durationMs });
  }
  return (request: Request, response: Response, next: NextFunction): void => {
    const hooked = response as HookedResponse;
    const given = request.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    const started = performance.now();
    hooked[ID] = id;
    hooked[STARTED] = started;
    response.setHeader('X-Request-Id', id);
    for (const [name, value] of headers) response.setHeader(name, value);
    deadlines.track(response, started);
    // `on`, not `once` (which wraps the listener in a new closure per request): 'close' fires once.
    response.on('close', closed);
    next();
  };
}
